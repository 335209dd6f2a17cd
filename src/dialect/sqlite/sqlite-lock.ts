import type BetterSqlite3 from 'better-sqlite3';
import { UserError } from '../../errors.js';

/**
 * One migrator at a time on a SQLite file. An exclusive transaction on a companion file
 * (`<db>-ambix.lock`) is held for the whole run: migrations commit one by one on the real
 * database, and the OS drops the lock if the process dies, so a crash never leaves it stuck.
 */
export async function acquireSqliteLock(
  open: (file: string, options: BetterSqlite3.Options) => BetterSqlite3.Database,
  file: string,
  timeoutMs: number,
  onWait: (message: string) => void,
): Promise<() => void> {
  if (file === ':memory:') return () => {};
  const lockFile = `${file}-ambix.lock`;
  const lock = open(lockFile, { timeout: 0 });
  const release = () => {
    try {
      if (lock.inTransaction) lock.exec('COMMIT');
    } finally {
      lock.close();
    }
  };
  const tryLock = () => {
    try {
      lock.exec('BEGIN EXCLUSIVE');
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
      throw error;
    }
  };
  if (tryLock()) return release;
  onWait(`Another ambix process is migrating ${file}; waiting up to ${Math.round(timeoutMs / 1000)}s for it to finish (lock ${lockFile})`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    if (tryLock()) return release;
  }
  lock.close();
  throw new UserError(`${file} is locked by another migrator (waited ${Math.round(timeoutMs / 1000)}s)`, 'Wait for the other `ambix` process to finish, or raise lockTimeout in the config.', { code: 'LOCK_TIMEOUT' });
}
