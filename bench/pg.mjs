// @ts-check
// PostgreSQL for the bench, through the psql shell (synchronous, like the rest of the bench).
// The server: AMBIX_BENCH_PG (default postgres://postgres@127.0.0.1:5432, trust auth); every
// database the bench makes is named ambix_bench_* and dropped when its row is done.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SERVER = (process.env.AMBIX_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const PSQL = process.env.PSQL ?? '/usr/bin/psql';
const NAME = /^ambix_bench_[a-z0-9_]+$/;

function psql(db, sql) {
  const r = spawnSync(PSQL, ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', `${SERVER}/${db}`, '-c', sql], {
    encoding: 'utf8',
    env: { ...process.env, PGCONNECT_TIMEOUT: '5' },
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`psql ${db}: ${(r.stderr || r.stdout).trim().split('\n')[0]} (sql: ${sql.slice(0, 200)})`);
  return r.stdout.trim();
}

function checkName(name) {
  if (!NAME.test(name)) throw new Error(`pg: refusing database name '${name}' (bench databases are ambix_bench_*)`);
}

export const pg = {
  server: SERVER,
  /** Whether psql reaches the server; the reason when not. */
  available() {
    if (!existsSync(PSQL)) return { ok: false, why: `${PSQL} not found (set PSQL)` };
    try {
      const v = psql('postgres', 'SHOW server_version');
      return { ok: true, version: v.split(' ')[0] };
    } catch (error) {
      return { ok: false, why: error instanceof Error ? error.message : String(error) };
    }
  },
  /** libpq / node-postgres URL of a database. */
  url: (db) => `${SERVER}/${db}`,
  /** SQLAlchemy URL (psycopg2). */
  sqlalchemyUrl: (db) => `${SERVER.replace(/^postgres(?:ql)?:/, 'postgresql+psycopg2:')}/${db}`,
  /** Drops (if there) and creates an empty database. */
  create(name) {
    checkName(name);
    psql('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    psql('postgres', `CREATE DATABASE ${name}`);
  },
  drop(name) {
    checkName(name);
    psql('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  },
  /** Runs a query in a database: rows as lines, columns joined by '|'. */
  query: (db, sql) => psql(db, sql),
};
