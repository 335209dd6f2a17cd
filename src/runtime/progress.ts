import { isTerminal } from '../util/terminal.js';
import { writeFd } from '../util/write-fd.js';

/** Progress of a run on stderr: one line per step (Alembic's "Running upgrade a -> b"); `-q` silences it. */
export interface Progress {
  step(index: number, total: number, direction: 'up' | 'down', from: string, to: string, message: string): void;
  stepDone(ms: number): void;
  info(text: string): void;
  warn(text: string): void;
  /** Collects what is written until the returned function is called (for runs whose steps take no time). */
  hold?(): () => void;
}

export function streamProgress(options: { quiet: boolean; write?: (text: string) => void; tty?: boolean }): Progress {
  const direct = options.write ?? ((t: string) => writeFd(2, t));
  let held: string[] | undefined;
  const write = (t: string) => (held ? void held.push(t) : direct(t));
  // Asked on first use, without building process.stderr (most runs of `current` never write to it).
  let isTty = options.tty;
  const tty = () => (isTty ??= isTerminal(2));
  const started = Date.now();
  let open = false;
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  return {
    step(index, total, direction, from, to, message) {
      if (options.quiet) return;
      const line = `Running ${direction === 'up' ? 'upgrade' : 'downgrade'} ${from} -> ${to}, ${message}`;
      // On a terminal: step N of M and the time so far, finished on the same line.
      if (tty()) {
        write(`[${index}/${total}] ${line} ...`);
        open = true;
      } else write(`${line}\n`);
    },
    stepDone(ms) {
      if (options.quiet || !open) return;
      write(` done (${ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`}, ${elapsed()} total)\n`);
      open = false;
    },
    info(text) {
      if (options.quiet) return;
      if (open) write('\n');
      open = false;
      write(`${text}\n`);
    },
    warn(text) {
      if (open) write('\n');
      open = false;
      write(`${tty() ? '\u001b[33m' : ''}WARNING: ${text}${tty() ? '\u001b[0m' : ''}\n`);
    },
    hold() {
      held ??= [];
      return () => {
        const text = held?.join('') ?? '';
        held = undefined;
        if (text) direct(text);
      };
    },
  };
}
