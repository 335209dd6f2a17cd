import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { UserError } from '../../errors.js';

/**
 * One migrator at a time on a PGlite data directory. PGlite is single-user: its advisory locks
 * live in one process, and it takes no lock on the directory, so a second process would open it
 * too. A lock file beside the directory (`<dir>.ambix-lock`, made with O_EXCL, holding the
 * holder's pid) keeps other migrators out; one left by a process that died is taken over.
 */
export async function acquireDirectoryLock(dir: string, timeoutMs: number, onWait: (message: string) => void): Promise<() => Promise<void>> {
  const file = `${dir}.ambix-lock`;
  const release = async () => rmSync(file, { force: true });
  const tryLock = (): boolean => {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!alive(holder(file))) {
      rmSync(file, { force: true });
      return tryLock();
    }
    return false;
  };
  if (tryLock()) return release;
  onWait(`Another ambix process (pid ${holder(file) ?? '?'}) is migrating ${dir}; waiting up to ${Math.round(timeoutMs / 1000)}s for it to finish (lock ${file})`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    if (tryLock()) return release;
  }
  throw new UserError(`${dir} is locked by another migrator (pid ${holder(file) ?? '?'}, waited ${Math.round(timeoutMs / 1000)}s)`, 'Wait for the other `ambix` process to finish, or raise lockTimeout in the config.', { code: 'LOCK_TIMEOUT' });
}

function holder(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process of this machine still runs (a lock file written half-way counts as held). */
function alive(pid: number | undefined): boolean {
  if (pid === undefined) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
