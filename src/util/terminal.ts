import { fstatSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

let devNull: number | undefined;

/**
 * Whether a descriptor is a terminal, without loading node:tty where the answer is plain: that
 * module loads `net` and the streams, 2 ms of every `upgrade --sql`. A file or a pipe is not a
 * terminal, nor is /dev/null (the character device output is most often sent to); any other
 * character device is asked to node:tty.
 */
export function isTerminal(fd: number): boolean {
  if (process.platform !== 'win32') {
    try {
      const st = fstatSync(fd);
      if (!st.isCharacterDevice()) return false;
      devNull ??= statSync('/dev/null').rdev;
      if (st.rdev === devNull) return false;
    } catch {
      // A closed descriptor is no terminal.
      return false;
    }
  }
  const tty = (process.getBuiltinModule?.('node:tty') ?? createRequire(import.meta.url)('node:tty')) as typeof import('node:tty');
  return tty.isatty(fd);
}
