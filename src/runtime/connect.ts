import { existsSync } from 'node:fs';
import type { ResolvedConfig } from '../config/load-config.js';
import { parseDialectName, type Dialect, type DialectName } from '../dialect/dialect.js';
import { redactUrls, UserError } from '../errors.js';
import type { DatabaseAdapter } from './adapter.js';

/** The configured URL, or a clear refusal that says where to set one. */
export function requireUrl(config: ResolvedConfig): string {
  if (!config.url) throw new UserError('No database URL', 'Set `url` in ambix.config.ts, export DATABASE_URL, or pass --url.');
  return config.url;
}

export function dialectNameOf(url: string): DialectName {
  const name = parseDialectName(url);
  if (!name) throw new UserError(`Unknown database URL '${redactUrls(url)}'`, 'Use sqlite:path/to/file.db, postgres://user@host/db or mysql://user@host/db.');
  return name;
}

/** The dialect of a URL without connecting (offline SQL needs no database). */
export async function dialectFor(url: string): Promise<Dialect> {
  const name = dialectNameOf(url);
  if (name === 'sqlite') return (await import('../dialect/sqlite/sqlite-dialect.js')).sqliteDialect;
  // A fresh PostgreSQL dialect per run: offline it tracks the enum types its SQL creates.
  if (name === 'postgres') return (await import('../dialect/postgres/postgres-dialect.js')).createPostgresDialect();
  if (name === 'mysql') return (await import('../dialect/mysql/mysql-dialect.js')).mysqlDialect;
  throw unhandled(name);
}

/** A dialect name none of the branches above handles: a compile error when a dialect is added and forgotten here. */
function unhandled(name: never): Error {
  return new Error(`internal: no dialect module for ${String(name)}`);
}

/** Whether a SQLite URL names a file that does not exist yet (commands that only read skip it). */
export function missingSqliteFile(url: string): string | undefined {
  if (!url.startsWith('sqlite:')) return undefined;
  const file = url.slice('sqlite:'.length);
  return file && file !== ':memory:' && !existsSync(file) ? file : undefined;
}

/** Connects, loading only the driver the URL needs. */
export async function openAdapter(config: ResolvedConfig): Promise<DatabaseAdapter> {
  const url = requireUrl(config);
  const name = dialectNameOf(url);
  if (name === 'sqlite') {
    const { SqliteAdapter } = await import('../dialect/sqlite/sqlite-adapter.js');
    return SqliteAdapter.open(url, config.root, { busyTimeout: config.lockTimeout });
  }
  if (name === 'postgres') {
    const { PostgresAdapter } = await import('../dialect/postgres/postgres-adapter.js');
    return PostgresAdapter.open(url, config.root, { versionTable: config.versionTable, versionTableSchema: config.versionTableSchema, logTable: config.logTable });
  }
  if (name === 'mysql') {
    const { MysqlAdapter } = await import('../dialect/mysql/mysql-adapter.js');
    return MysqlAdapter.open(url, config.root);
  }
  throw unhandled(name);
}
