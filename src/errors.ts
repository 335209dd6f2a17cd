/**
 * A problem the user can fix: printed as one line, exit code 1, no stack trace
 * (unless `--debug`). Anything else that escapes a command is an internal error (exit 2).
 *
 * @example throw new UserError(`Can't locate revision identified by 'abc'`, 'Run `ambix heads` to see the known heads.');
 */
export class UserError extends Error {
  /** The class's name for {@link UserError[Symbol.hasInstance]}: every subclass declares its own. */
  static readonly kind: string = 'UserError';
  /** One sentence that says what to do next; printed after the message. */
  readonly hint: string | undefined;
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
    this.hint = hint;
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && 'kind' in c; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c, 'kind')) kinds.push((c as typeof UserError).kind);
    }
    Object.defineProperty(this, KINDS, { value: kinds });
  }

  /**
   * `instanceof` by kind, not by class identity: the CLI's start-up file carries its own copy
   * of these classes (one module to load instead of a dozen), and an error thrown by a command
   * loaded from the shared chunks must still read as a user error there.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const kinds = (value as { [KINDS]?: unknown } | null | undefined)?.[KINDS];
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }
}

const KINDS = Symbol.for('ambix.errorKinds');

/** A revision-graph problem (Alembic's `RevisionError` family): always a user error. */
export class RevisionError extends UserError {
  static override readonly kind: string = 'RevisionError';
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'RevisionError';
  }
}

/** An identifier that names no revision (or several): Alembic's `ResolutionError`. */
export class ResolutionError extends RevisionError {
  static override readonly kind: string = 'ResolutionError';
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
  static override readonly kind: string = 'MultipleHeadsError';
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
  static override readonly kind: string = 'RangeNotAncestorError';
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
