import { existsSync, statSync } from 'node:fs';
import type { DatabaseAdapter } from '../../runtime/adapter.js';
import type { Table } from '../../schema/model.js';
import type { RebuildExtras } from '../dialect.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { newDatabase, openSqlite, sqliteFile, type SqliteConnection } from './sqlite-driver.js';
import { introspectSqlite, tableSurroundings, unsupportedForRebuild } from './sqlite-introspector.js';
import { acquireSqliteLock } from './sqlite-lock.js';

/** SQLite behind the runtime's adapter interface. */
export class SqliteAdapter implements DatabaseAdapter {
  readonly dialect = sqliteDialect;
  readonly file: string | undefined;
  readonly description: string;

  private constructor(
    readonly conn: SqliteConnection,
    private readonly path: string,
    private readonly root: string,
  ) {
    this.file = path === ':memory:' ? undefined : path;
    this.description = path === ':memory:' ? 'sqlite::memory:' : `sqlite:${path}`;
  }

  /** The file did not exist before this run opened it: there is nothing to back up. */
  fresh = false;

  static open(url: string, root: string, options: { busyTimeout: number; readonly?: boolean }): SqliteAdapter {
    const path = sqliteFile(url);
    const fresh = path !== ':memory:' && !existsSync(path);
    const adapter = new SqliteAdapter(openSqlite(url, root, options), path, root);
    adapter.fresh = fresh;
    return adapter;
  }

  get inTransaction(): boolean {
    return this.conn.db.inTransaction;
  }

  async lock(timeoutMs: number, onWait: (message: string) => void): Promise<() => Promise<void>> {
    const release = await acquireSqliteLock((file, options) => newDatabase(this.root, file, options), this.path, timeoutMs, onWait);
    return async () => release();
  }

  async begin(): Promise<void> {
    // IMMEDIATE takes the write lock now, so a reader of the version table sees a settled state.
    this.conn.db.exec('BEGIN IMMEDIATE');
  }

  async commit(): Promise<void> {
    this.conn.db.exec('COMMIT');
  }

  async rollback(): Promise<void> {
    if (this.conn.db.inTransaction) this.conn.db.exec('ROLLBACK');
  }

  introspect(only?: readonly string[]): Promise<Map<string, Table>> {
    return introspectSqlite(this.conn, only);
  }

  surroundings(table: string): Promise<RebuildExtras> {
    return tableSurroundings(this.conn, table);
  }

  async rebuildBlocker(table: string): Promise<string | undefined> {
    const row = this.conn.db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(table) as { sql?: string } | undefined;
    return row?.sql ? unsupportedForRebuild(row.sql) : undefined;
  }

  async foreignKeyViolations(): Promise<string[]> {
    const rows = this.conn.db.prepare('PRAGMA foreign_key_check').all() as { table: string; rowid: number | null; parent: string; fkid: number }[];
    return rows.map((r) => `${r.table} row ${r.rowid ?? '?'} references a missing row of ${r.parent}`);
  }

  /** A file created by this run, or still empty (SQLite writes nothing until the first table), holds nothing to lose. */
  get backupWorthy(): boolean {
    return !this.fresh && statSync(this.path).size > 0;
  }

  async backup(destination: string): Promise<void> {
    await this.conn.db.backup(destination);
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}
