import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { DatabaseAdapter } from '../adapter.js';
import type { Table } from '../../schema/model.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { newDatabase, openSqlite, sqliteFile, type SqliteConnection } from './sqlite-driver.js';
import { introspectSqlite } from './sqlite-introspector.js';
import { acquireSqliteLock } from './sqlite-lock.js';

const ROLLBACK_JOURNALS = new Set(['delete', 'truncate', 'persist']);

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

  /**
   * A commit in rollback-journal mode syncs the journal, then the database, then deletes the
   * journal: about 2 ms each on a common disk, most of a thousand-revision upgrade. With a
   * write-ahead log and synchronous=NORMAL a commit is an append, synced at checkpoints and when
   * the original mode comes back at the end of the run (which writes the log into the file and
   * syncs it). Each migration stays atomic: a process killed at any moment leaves a database
   * whose version row matches its schema; a power cut during the run may take the last few
   * migrations back with it, never half of one. The original mode's name waits in
   * `<db>-ambix-journal`, so a run cut short is put right by the next one.
   */
  async manyCommits(): Promise<() => Promise<string | undefined>> {
    const none = async () => undefined;
    if (!this.file) return none;
    const db = this.conn.db;
    const marker = `${this.path}-ambix-journal`;
    const current = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
    const left = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : undefined;
    const original = left && ROLLBACK_JOURNALS.has(left) ? left : current;
    if (!ROLLBACK_JOURNALS.has(original)) return none; // wal by choice, or memory/off: not ours to change
    if (current !== 'wal') {
      writeFileSync(marker, original);
      if (String(db.pragma('journal_mode = WAL', { simple: true })).toLowerCase() !== 'wal') {
        rmSync(marker, { force: true });
        return none;
      }
    }
    db.pragma('synchronous = NORMAL');
    return async () => {
      try {
        db.pragma('synchronous = FULL');
        if (String(db.pragma(`journal_mode = ${original}`, { simple: true })).toLowerCase() === original) {
          rmSync(marker, { force: true });
          return undefined;
        }
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      }
      return `${this.path} is still in WAL journal mode: another connection holds it open. It is consistent; the next ambix upgrade or downgrade that runs a step puts back journal_mode=${original}.`;
    };
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
