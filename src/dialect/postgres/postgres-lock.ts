import { createHash } from 'node:crypto';
import { UserError } from '../../errors.js';
import type { Connection } from '../dialect.js';

/**
 * The advisory-lock key of a version table: 64 stable bits of a hash of its schema and name,
 * so every ambix (any version, any machine) migrating the same version table takes the same
 * lock, and two version tables in one database (two apps, two tenants) do not block each other.
 *
 * @example migrationLockKey('public', 'ambix_version') // a fixed signed 64-bit integer, as a bigint
 */
export function migrationLockKey(schema: string, versionTable: string): bigint {
  const digest = createHash('sha256').update(`ambix migration lock\u0000${schema}\u0000${versionTable}`).digest();
  return BigInt.asIntN(64, digest.readBigUInt64BE(0));
}

/** Who holds the lock, as `pg_stat_activity` tells it, for the waiting process's message. */
async function describeHolder(conn: Connection, key: bigint): Promise<string> {
  const unsigned = BigInt.asUintN(64, key);
  // PostgreSQL files a bigint advisory key as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
  const rows = await conn
    .query(
      `SELECT a.pid, a.application_name, a.client_addr::text AS client_addr, a.backend_start
       FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
         AND l.classid::bigint = $1 AND l.objid::bigint = $2 AND l.objsubid = 1`,
      [String(unsigned >> 32n), String(unsigned & 0xffffffffn)],
    )
    .catch(() => []);
  const h = rows[0];
  if (!h) return 'another session';
  const app = h.application_name ? `'${String(h.application_name)}'` : 'no application name';
  const from = h.client_addr ? ` from ${String(h.client_addr)}` : ' over a local socket';
  const since = h.backend_start instanceof Date ? `, connected since ${h.backend_start.toISOString()}` : '';
  return `server process ${String(h.pid)} (${app}${from}${since})`;
}

/**
 * Takes `pg_advisory_lock(key)` on the migrating connection for the whole run. A second
 * migrator polls `pg_try_advisory_lock`, says once who holds it, and gives up after
 * `timeoutMs`. The lock belongs to the session, not a transaction: it survives each
 * migration's COMMIT, and a crashed process releases it when its connection closes.
 *
 * @example const release = await acquirePostgresLock(conn, key, 60_000, console.error, 'postgres://app@db/app');
 */
export async function acquirePostgresLock(conn: Connection, key: bigint, timeoutMs: number, onWait: (message: string) => void, description: string): Promise<() => Promise<void>> {
  const tryLock = async () => (await conn.query('SELECT pg_try_advisory_lock($1::bigint) AS ok', [key.toString()]))[0]?.ok === true;
  const release = async () => {
    await conn.query('SELECT pg_advisory_unlock($1::bigint)', [key.toString()]).catch(() => {});
  };
  if (await tryLock()) return release;
  const holder = await describeHolder(conn, key);
  onWait(`Another migrator holds the ambix lock on ${description}: ${holder}; waiting up to ${Math.round(timeoutMs / 1000)}s for it to finish`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // A little jitter keeps many waiters from polling in step.
    await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 100)));
    if (await tryLock()) return release;
  }
  throw new UserError(
    `${description} is locked by another migrator (waited ${Math.round(timeoutMs / 1000)}s): ${await describeHolder(conn, key)}`,
    'Wait for the other `ambix` process to finish (or end that server process if it is stuck), or raise lockTimeout in the config.',
    { code: 'LOCK_TIMEOUT' },
  );
}
