import { createHash } from 'node:crypto';
import { UserError } from '../../errors.js';
import type { MysqlConnection } from './mysql-driver.js';

/** Seconds one `GET_LOCK` waits before ambix looks again (and can say who holds the lock). */
const POLL_SECONDS = 1;

/** MySQL 8 refuses lock names over 64 characters: a long database name is hashed. */
export function mysqlLockName(database: string): string {
  const name = `ambix:${database}`;
  return name.length <= 64 ? name : `ambix:${createHash('sha1').update(database).digest('hex')}`;
}

/** Who holds a named lock, from its connection id: `connection 42 (app@10.0.0.5:51234, busy 3s)`. */
async function holderOf(conn: MysqlConnection, name: string): Promise<string> {
  const [used] = await conn.query('SELECT IS_USED_LOCK(?) AS id', [name]);
  const id = used?.id;
  if (id === null || id === undefined) return 'nobody any more';
  // PROCESSLIST shows other users' sessions only with the PROCESS privilege: then the id alone.
  const rows = await conn.query('SELECT USER AS user, HOST AS host, TIME AS time FROM information_schema.PROCESSLIST WHERE ID = ?', [id]).catch(() => []);
  const p = rows[0];
  return p ? `connection ${id} (${String(p.user)}@${String(p.host)}, connected for ${Number(p.time)}s)` : `connection ${id}`;
}

/**
 * One migrator at a time on a MySQL database: `GET_LOCK` on the migrating connection, held
 * for the whole run. The server releases it with the session, so a crashed process never
 * leaves it stuck. A second process polls in short `GET_LOCK` waits and says who holds it.
 *
 * @example const release = await acquireMysqlLock(conn, 60_000, (m) => progress.info(m)); try { ... } finally { await release(); }
 */
export async function acquireMysqlLock(conn: MysqlConnection, timeoutMs: number, onWait: (message: string) => void): Promise<() => Promise<void>> {
  const name = mysqlLockName(conn.database);
  const release = async () => {
    await conn.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => undefined);
  };
  const tryLock = async (seconds: number) => {
    const [row] = await conn.query('SELECT GET_LOCK(?, ?) AS got', [name, seconds]);
    return Number(row?.got) === 1;
  };
  if (await tryLock(0)) return release;
  const wait = Math.round(timeoutMs / 1000);
  onWait(`Another ambix process is migrating ${conn.database}: ${await holderOf(conn, name)} holds lock '${name}'; waiting up to ${wait}s for it to finish`);
  const deadline = Date.now() + timeoutMs;
  for (let left = timeoutMs; left > 0; left = deadline - Date.now()) {
    if (await tryLock(Math.min(POLL_SECONDS, left / 1000))) return release;
  }
  const holder = await holderOf(conn, name);
  throw new UserError(
    `${conn.database} is locked by another migrator (waited ${wait}s): ${holder} holds lock '${name}'`,
    'Wait for the other `ambix` process to finish, or raise lockTimeout in the config. A crashed migrator releases the lock with its session.',
    { code: 'LOCK_TIMEOUT' },
  );
}
