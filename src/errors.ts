/**
 * A problem the user can fix: printed as one line, exit code 1, no stack trace
 * (unless `--debug`). Anything else that escapes a command is an internal error (exit 2).
 *
 * @example throw new UserError(`Can't locate revision identified by 'abc'`, 'Run `ambix heads` to see the known heads.');
 */
export class UserError extends Error {
  /** One sentence that says what to do next; printed after the message. */
  readonly hint: string | undefined;
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
    this.hint = hint;
  }
}

/** A revision-graph problem (Alembic's `RevisionError` family): always a user error. */
export class RevisionError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, hint);
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
    super(message, hint);
    this.name = 'ResolutionError';
  }
}

/** `head` (or `branch@head`) named several revisions where one was needed. */
export class MultipleHeadsError extends RevisionError {
  constructor(
    readonly heads: readonly string[],
    readonly argument: string,
  ) {
    super(
      `Multiple head revisions are present for given argument '${argument}': ${heads.join(', ')}`,
      `Target one of them ('<branchname>@${argument}' or an id), use 'heads' for all of them, or join them with \`ambix merge heads -m "merge"\`.`,
    );
    this.name = 'MultipleHeadsError';
  }
}

/** A range whose lower end is not an ancestor of its upper end. */
export class RangeNotAncestorError extends RevisionError {
  constructor(
    readonly lower: string | null,
    readonly upper: string | null,
  ) {
    super(`Revision ${lower ?? 'base'} is not an ancestor of revision ${upper ?? 'base'}`);
    this.name = 'RangeNotAncestorError';
  }
}

/** Strips the password of every URL in a text, so no message can leak one. */
export function redactUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s]*)@/gi, '$1***@');
}
