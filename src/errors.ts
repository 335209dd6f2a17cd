/**
 * What a caller can tell errors apart by: every error ambix throws for a problem the user can fix
 * carries one of these in `code`, stable across releases (scripts and the CLI's `--json` read it).
 */
export type ErrorCode =
  | 'USER_ERROR'
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'NO_URL'
  | 'UNKNOWN_URL'
  | 'DRIVER_MISSING'
  | 'CONNECTION_FAILED'
  | 'LOCK_TIMEOUT'
  | 'LOAD_FAILED'
  | 'REVISION_ERROR'
  | 'UNKNOWN_REVISION'
  | 'MULTIPLE_HEADS'
  | 'RANGE_NOT_ANCESTOR'
  | 'NOT_UP_TO_DATE'
  | 'UNFINISHED_MIGRATION'
  | 'MIGRATION_FAILED'
  | 'DRIFT'
  | 'IRREVERSIBLE'
  | 'RENDER_FAILED'
  | 'UNSUPPORTED';

/**
 * A problem the user can fix: printed as one line, exit code 1, no stack trace
 * (unless `--debug`). Anything else that escapes a command is an internal error (exit 2).
 * `code` says which problem it is; subclasses carry what is known about it.
 *
 * @example
 * try { await upgrade(config, 'head') } catch (e) { if (e instanceof UserError && e.code === 'LOCK_TIMEOUT') retryLater() }
 */
export class UserError extends Error {
  /** One sentence that says what to do next; printed after the message. */
  readonly hint: string | undefined;
  readonly code: ErrorCode;
  constructor(message: string, hint?: string, options?: { cause?: unknown; code?: ErrorCode }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'UserError';
    this.hint = hint;
    this.code = options?.code ?? 'USER_ERROR';
  }
}

/** A revision-graph problem (Alembic's `RevisionError` family): always a user error. */
export class RevisionError extends UserError {
  constructor(message: string, hint?: string, code: ErrorCode = 'REVISION_ERROR') {
    super(message, hint, { code });
    this.name = 'RevisionError';
  }
}

/** An identifier that names no revision (or several): Alembic's `ResolutionError`. */
export class ResolutionError extends RevisionError {
  constructor(
    message: string,
    readonly argument: string,
    hint?: string,
  ) {
    super(message, hint, 'UNKNOWN_REVISION');
    this.name = 'ResolutionError';
  }
}

/** `head` (or `branch@head`) named several revisions where one was needed. */
export class MultipleHeadsError extends RevisionError {
  constructor(
    readonly heads: readonly string[],
    readonly argument: string,
    message = `Multiple head revisions are present for given argument '${argument}': ${heads.join(', ')}`,
    hint = `Target one of them ('<branchname>@${argument}' or an id), use 'heads' for all of them, or join them with \`ambix merge heads -m "merge"\`.`,
  ) {
    super(message, hint, 'MULTIPLE_HEADS');
    this.name = 'MultipleHeadsError';
  }
}

/** A range whose lower end is not an ancestor of its upper end. */
export class RangeNotAncestorError extends RevisionError {
  constructor(
    readonly lower: string | null,
    readonly upper: string | null,
    message = `Revision ${lower ?? 'base'} is not an ancestor of revision ${upper ?? 'base'}`,
    hint?: string,
  ) {
    super(message, hint, 'RANGE_NOT_ANCESTOR');
    this.name = 'RangeNotAncestorError';
  }
}

/** One migration this run applied (or reverted), as the result and a {@link MigrationError} list it. */
export interface StepReport {
  revision: string;
  direction: 'up' | 'down';
  message: string;
  ms: number;
}

/**
 * A migration failed: which one, where, and what this run had applied before it (`applied`).
 * `outcome` says what the failed migration left: `rolled back` (nothing of it remains),
 * `untouched` (none of its statements had run), `partial` (a database whose DDL commits as it
 * goes holds part of it) or `offline` (SQL output stopped before it).
 *
 * @example
 * catch (e) { if (e instanceof MigrationError) console.log(e.revision, e.applied.map((s) => s.revision)) }
 */
export class MigrationError extends UserError {
  constructor(
    message: string,
    hint: string,
    readonly revision: string,
    readonly applied: readonly StepReport[],
    cause: unknown,
    readonly outcome: 'rolled back' | 'untouched' | 'partial' | 'offline' = 'rolled back',
  ) {
    super(message, hint, { cause, code: 'MIGRATION_FAILED' });
    this.name = 'MigrationError';
  }
}

/** `ambix check`: the models and the database at head differ (`differences`, one line each). */
export class DriftError extends UserError {
  constructor(readonly differences: readonly string[]) {
    super(
      `The models differ from the database: ${differences.length} change${differences.length === 1 ? '' : 's'} not in any revision`,
      'Run `ambix revision --autogenerate -m "..."` to write them, or fix the models.',
      { code: 'DRIFT' },
    );
    this.name = 'DriftError';
  }
}

/** A URL needs a database driver that is not installed (`packageName`: what to install). */
export class DriverMissingError extends UserError {
  constructor(
    what: string,
    readonly packageName: string,
  ) {
    super(`${what} need the package ${packageName}, which is not installed`, `Run \`npm install ${packageName}\`.`, { code: 'DRIVER_MISSING' });
    this.name = 'DriverMissingError';
  }
}
