import { UserError } from '../errors.js';
import { redactUrls } from '../dialect/url.js';
import { writeFd } from '../util/write-fd.js';

/** Where the CLI writes: data to stdout, everything else to stderr. Injectable for tests. */
export interface Output {
  data(text: string): void;
  status(text: string): void;
  quiet: boolean;
  json: boolean;
}

export function processOutput(flags: { quiet?: boolean; json?: boolean }): Output {
  return {
    data: (text) => writeFd(1, text.endsWith('\n') ? text : `${text}\n`),
    status: (text) => {
      if (!flags.quiet) writeFd(2, `${redactUrls(text)}\n`);
    },
    quiet: !!flags.quiet,
    json: !!flags.json,
  };
}

/**
 * Prints an error and returns the exit code: 1 for what the user can fix (one line:
 * the problem, then what to do), 2 for an internal error. Passwords in URLs are masked.
 */
export function reportError(error: unknown, debug: boolean): number {
  const user = error instanceof UserError || (error as { name?: string })?.name === 'CACError';
  const message = error instanceof Error ? error.message : String(error);
  if (user) {
    const hint = error instanceof UserError && error.hint ? ` ${error.hint}` : (error as { name?: string }).name === 'CACError' ? ' Run `ambix --help` for usage.' : '';
    const sep = /[.!?]$/.test(message) ? '' : '.';
    writeFd(2, `${redactUrls(`FAILED: ${message}${sep}${hint}`)}\n`);
    if (debug && error instanceof Error && error.stack) writeFd(2, `${redactUrls(error.stack)}\n`);
    return 1;
  }
  writeFd(2, `${redactUrls(`ambix: internal error: ${message}`)}\n`);
  if (debug && error instanceof Error && error.stack) writeFd(2, `${redactUrls(error.stack)}\n`);
  else writeFd(2, 'Run again with --debug for the stack trace, and please report it.\n');
  return 2;
}
