// The scratch databases `ambix test` runs on: a temporary SQLite file by default, or a database
// created on the server a `--url` names. The URL's own database is only connected to (to run
// CREATE/DROP DATABASE); nothing in it is read or changed.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DialectName } from '../../dialect/dialect.js';
import type { Connection } from '../../dialect/dialect.js';
import { redactUrls, UserError } from '../../errors.js';
import { dialectNameOf } from '../../runtime/connect.js';

/** One scratch database: its URL, and a drop that ends its sessions first (safe to call twice). */
export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Where scratch databases are made: a temporary folder, or a server reached through the URL. */
export interface ScratchServer {
  readonly dialect: DialectName;
  /** For messages: "a temporary SQLite file", "PostgreSQL at postgres://u@host:5432". */
  readonly description: string;
  create(): Promise<ScratchDatabase>;
  /** The names of the databases it created (SQLite: file paths), in order. */
  readonly created: readonly string[];
  /** Drops every database it created that is still there, then disconnects (safe to call twice). */
  close(): Promise<void>;
}

/** A scratch database name no one else uses: `ambix_test_<10 hex digits>`. */
export function scratchName(): string {
  return `ambix_test_${randomBytes(5).toString('hex')}`;
}

/** The server behind `url` (a temporary SQLite folder when there is none, or it is a SQLite URL). */
export async function openScratchServer(url: string | undefined, root: string): Promise<ScratchServer> {
  const dialect = url ? dialectNameOf(url) : 'sqlite';
  if (!url || dialect === 'sqlite') return sqliteScratch();
  return dialect === 'postgres' ? postgresScratch(url, root) : mysqlScratch(url, root);
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

function sqliteScratch(): ScratchServer {
  const dir = mkdtempSync(join(tmpdir(), 'ambix-test-'));
  const created: string[] = [];
  return {
    dialect: 'sqlite',
    description: 'a temporary SQLite file',
    created,
    async create() {
      const file = join(dir, `scratch${created.length + 1}.db`);
      created.push(file);
      return {
        name: file,
        url: `sqlite:${file}`,
        drop: once(async () => {
          for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`, `${file}-ambix.lock`]) rmSync(f, { force: true });
        }),
      };
    },
    close: once(async () => rmSync(dir, { recursive: true, force: true })),
  };
}

/** The URL with another database in its path (query parameters kept). */
function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\/+/, ''));
}

function serverOf(url: string): string {
  const u = new URL(url);
  u.pathname = '';
  u.search = '';
  return redactUrls(u.toString()).replace(/\/$/, '');
}

/** Creates and drops databases through one admin connection, kept open so an interrupted run can still drop them. */
function serverScratch(
  dialect: 'postgres' | 'mysql',
  url: string,
  admin: Connection,
  sql: { create(name: string): Promise<void>; drop(name: string): Promise<void> },
): ScratchServer {
  const live = new Set<string>();
  const created: string[] = [];
  const label = dialect === 'postgres' ? 'PostgreSQL' : 'MySQL/MariaDB';
  return {
    dialect,
    description: `${label} at ${serverOf(url)}`,
    created,
    async create() {
      const name = scratchName();
      try {
        await sql.create(name);
      } catch (error) {
        throw new UserError(
          `Cannot create a scratch database on ${serverOf(url)}: ${redactUrls((error as Error).message)}`,
          dialect === 'postgres' ? "The URL's user needs the right to create databases (ALTER ROLE ... CREATEDB)." : "The URL's user needs the CREATE and DROP privileges on ambix_test_% databases.",
        );
      }
      live.add(name);
      created.push(name);
      return {
        name,
        url: withDatabase(url, name),
        drop: once(async () => {
          await sql.drop(name);
          live.delete(name);
        }),
      };
    },
    close: once(async () => {
      try {
        for (const name of [...live]) {
          await sql.drop(name).then(
            () => live.delete(name),
            () => {},
          );
        }
      } finally {
        await admin.close().catch(() => {});
      }
      if (live.size) throw new UserError(`Could not drop the scratch database${live.size > 1 ? 's' : ''} ${[...live].join(', ')} on ${serverOf(url)}`, 'Drop it by hand (DROP DATABASE).');
    }),
  };
}

async function postgresScratch(url: string, root: string): Promise<ScratchServer> {
  const { openPostgres } = await import('../../dialect/postgres/postgres-driver.js');
  // A URL without a database reaches the maintenance database.
  const adminUrl = databaseOf(url) ? url : withDatabase(url, 'postgres');
  const admin = await openPostgres(adminUrl, root);
  const q = (name: string) => `"${name}"`;
  return serverScratch('postgres', adminUrl, admin, {
    create: async (name) => void (await admin.execute(`CREATE DATABASE ${q(name)}`)),
    async drop(name) {
      // Sessions still on it (a migration interrupted mid-statement) are ended first.
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await admin.execute(`DROP DATABASE IF EXISTS ${q(name)}`);
    },
  });
}

const MYSQL_SYSTEM = new Set(['information_schema', 'mysql', 'performance_schema', 'sys']);

async function mysqlScratch(url: string, root: string): Promise<ScratchServer> {
  const { openMysql } = await import('../../dialect/mysql/mysql-driver.js');
  const own = databaseOf(url);
  const adminUrl = own ? url : withDatabase(url, 'information_schema');
  const admin = await openMysql(adminUrl, root);
  // The scratch database gets the character set and collation of the URL's own database, if it is a user's.
  let charset = 'CHARACTER SET utf8mb4';
  if (own && !MYSQL_SYSTEM.has(own.toLowerCase())) {
    const [row] = await admin.query('SELECT DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()');
    if (row?.cs && row.co) charset = `CHARACTER SET ${String(row.cs)} COLLATE ${String(row.co)}`;
  }
  const q = (name: string) => `\`${name}\``;
  return serverScratch('mysql', adminUrl, admin, {
    create: async (name) => void (await admin.execute(`CREATE DATABASE ${q(name)} ${charset}`)),
    async drop(name) {
      const rows = await admin.query('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [name]);
      for (const r of rows) await admin.execute(`KILL ${Number(r.id)}`).catch(() => 0);
      await admin.execute(`DROP DATABASE IF EXISTS ${q(name)}`);
    },
  });
}
