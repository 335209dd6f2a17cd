import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { DriverMissingError, UserError } from '../../errors.js';
import type { SqliteSession } from './sqlite-session.js';

export type SqliteDatabase = BetterSqlite3.Database;

/** Opens a database file with better-sqlite3, loaded only when a SQLite URL needs it (from the project first, then from ambix). */
export function newDatabase(projectRoot: string, file: string, options: BetterSqlite3.Options): SqliteDatabase {
  const { Database, nativeBinding } = loadDriver(projectRoot);
  return new Database(file, nativeBinding ? { ...options, nativeBinding } : options);
}

let loaded: { Database: typeof BetterSqlite3; nativeBinding: string | undefined } | undefined;
function loadDriver(projectRoot: string): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  for (const base of [`${projectRoot}/`, import.meta.url]) {
    try {
      const require = createRequire(base);
      const Database = require('better-sqlite3') as typeof BetterSqlite3;
      // Where a default build put the addon, name it: better-sqlite3 otherwise finds it through
      // the \`bindings\` package, which probes a dozen paths on every start.
      const built = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
      return (loaded = { Database, nativeBinding: existsSync(built) ? built : undefined });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    }
  }
  throw new DriverMissingError('SQLite URLs', 'better-sqlite3');
}

/** The file behind a resolved `sqlite:` URL, or `:memory:`. */
export function sqliteFile(url: string): string {
  const rest = url.slice('sqlite:'.length);
  return rest === '' || rest === ':memory:' ? ':memory:' : rest;
}

/** A better-sqlite3 database behind the common async `Connection` shape, as the SQLite adapter drives it. */
export class SqliteConnection implements SqliteSession {
  constructor(
    readonly db: SqliteDatabase,
    /** The file, or `:memory:`. */
    private readonly path: string,
    private readonly projectRoot: string,
  ) {}

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  get file(): string | undefined {
    return this.path === ':memory:' ? undefined : this.path;
  }

  get description(): string {
    return `sqlite:${this.path}`;
  }

  /** SQLite's online backup API: a consistent copy while the database is open. */
  async backup(destination: string): Promise<void> {
    await this.db.backup(destination);
  }

  async openLockFile(path: string): Promise<SqliteConnection> {
    return new SqliteConnection(newDatabase(this.projectRoot, path, { timeout: 0 }), path, this.projectRoot);
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const stmt = this.db.prepare(sql);
    if (!stmt.reader) {
      stmt.run(...params);
      return [];
    }
    return stmt.all(...params) as Record<string, unknown>[];
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    const stmt = this.db.prepare(sql);
    if (stmt.reader) {
      stmt.all(...params);
      return 0;
    }
    return stmt.run(...params).changes;
  }

  async executeScript(sql: string): Promise<void> {
    this.db.exec(sql);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/**
 * Opens a SQLite database for migrating. Foreign-key enforcement is off, as under
 * Alembic's default: with it on, dropping a parent during a table rebuild would fire
 * ON DELETE CASCADE and empty its children, and it cannot be switched inside a
 * transaction. Integrity is checked with `PRAGMA foreign_key_check` instead.
 */
export function openSqlite(url: string, projectRoot: string, options: { busyTimeout: number; readonly?: boolean }): SqliteConnection {
  const file = sqliteFile(url);
  if (file !== ':memory:' && !options.readonly) mkdirSync(dirname(file), { recursive: true });
  let db: SqliteDatabase;
  try {
    db = newDatabase(projectRoot, file, { timeout: options.busyTimeout, fileMustExist: !!options.readonly });
    // better-sqlite3 reads the header lazily: touch the schema so a non-database fails here.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    db.pragma('foreign_keys = OFF');
  } catch (error) {
    const e = error as { code?: string; message: string };
    if (e.code === 'SQLITE_NOTADB') throw new UserError(`${file} is not a SQLite database`, 'Check the URL; the file exists but holds something else.');
    if (e.code === 'SQLITE_CANTOPEN' && options.readonly) throw new UserError(`No SQLite database at ${file}`, 'Run `ambix upgrade head` to create it, or check the URL.');
    throw new UserError(`Cannot open SQLite database ${file}: ${e.message}`);
  }
  return new SqliteConnection(db, file, projectRoot);
}
