import { createRequire } from 'node:module';
import type { RenameResolver } from '../autogenerate/index.js';
import { streamProgress, type Progress } from '../runtime/progress.js';
import { writeFd } from '../util/write-fd.js';

// node:crypto costs milliseconds to load, and `current` never draws an id.
const require = createRequire(import.meta.url);

/**
 * What a command may do to the world besides its database and files: write data, report
 * progress, ask a question, read the clock, draw an id. The CLI hands its terminal; a script or a
 * test hands what it wants to see or fix, and gets the command's result as data either way.
 *
 * @example await upgrade(config, 'head', { io: { progress: myProgress, stdout: (sql) => chunks.push(sql) } })
 */
export interface CommandIo {
  /** Data as the command produces it (the SQL of `--sql`). Default: standard output. */
  readonly stdout: (text: string) => void;
  /** Steps, status and warnings. Default: warnings only, on standard error. */
  readonly progress: Progress;
  /** Asks whether a table or column that vanished while a similar one appeared was renamed. Default: nobody to ask (drop and add). */
  readonly prompt: RenameResolver | undefined;
  /** The clock (Create Date of a revision, start and end of a step). */
  readonly now: () => Date;
  /** A new revision id: 12 hex digits by default. */
  readonly randomId: () => string;
}

/** The io a command runs with: what the caller gave, defaults for the rest. */
export function commandIo(given: Partial<CommandIo> = {}): CommandIo {
  return {
    stdout: given.stdout ?? ((text) => writeFd(1, text)),
    progress: given.progress ?? streamProgress({ quiet: true }),
    prompt: given.prompt,
    now: given.now ?? (() => new Date()),
    randomId: given.randomId ?? (() => (require('node:crypto') as typeof import('node:crypto')).randomBytes(6).toString('hex')),
  };
}
