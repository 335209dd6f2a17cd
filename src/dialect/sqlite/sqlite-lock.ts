import { UserError } from '../../errors.js';
import type { SqliteSession } from './sqlite-session.js';

/**
 * One migrator at a time on a SQLite file. An exclusive transaction on a companion file
 * (`<db>-ambix.lock`) is held for the whole run: migrations commit one by one on the real
 * database, and the OS drops the lock if the process dies, so a crash never leaves it stuck.
 */
export async function acquireSqliteLock(session: SqliteSession, timeoutMs: number, onWait: (message: string) => void): Promise<() => Promise<void>> {
  const file = session.file;
  if (!file) return async () => {};
  const lockFile = `${file}-ambix.lock`;
  const lock = await session.openLockFile(lockFile);
  const release = async () => {
    try {
      if (lock.inTransaction) await lock.execute('COMMIT');
    } finally {
      await lock.close();
    }
  };
  const tryLock = async () => {
    try {
      await lock.execute('BEGIN EXCLUSIVE');
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
      throw error;
    }
  };
  if (await tryLock()) return release;
  onWait(`Another ambix process is migrating ${file}; waiting up to ${Math.round(timeoutMs / 1000)}s for it to finish (lock ${lockFile})`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    if (await tryLock()) return release;
  }
  await lock.close();
  throw new UserError(`${file} is locked by another migrator (waited ${Math.round(timeoutMs / 1000)}s)`, 'Wait for the other `ambix` process to finish, or raise lockTimeout in the config.', { code: 'LOCK_TIMEOUT' });
}
