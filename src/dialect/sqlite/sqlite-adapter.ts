import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { DatabaseAdapter } from '../adapter.js';
import type { Table } from '../../schema/model.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { openSqlite, sqliteFile } from './sqlite-driver.js';
import { introspectSqlite } from './sqlite-introspector.js';
import { acquireSqliteLock } from './sqlite-lock.js';
import type { SqliteSession } from './sqlite-session.js';

const ROLLBACK_JOURNALS = new Set(['delete', 'truncate', 'persist']);

/** SQLite behind the runtime's adapter interface, over whichever driver holds the connection. */
export class SqliteAdapter implements DatabaseAdapter {
  readonly dialect = sqliteDialect;

  private constructor(
    readonly conn: SqliteSession,
    /** The file did not exist before this run opened it: there is nothing to back up. */
    private readonly fresh: boolean,
  ) {}

  /** The adapter over an open session; `fresh`: this run created the file. */
  static over(session: SqliteSession, fresh: boolean): SqliteAdapter {
    return new SqliteAdapter(session, fresh);
  }

  /** Opens a `sqlite:` URL with better-sqlite3. */
  static open(url: string, root: string, options: { busyTimeout: number; readonly?: boolean }): SqliteAdapter {
    const path = sqliteFile(url);
    const fresh = path !== ':memory:' && !existsSync(path);
    return new SqliteAdapter(openSqlite(url, root, options), fresh);
  }

  get file(): string | undefined {
    return this.conn.file;
  }

  get description(): string {
    return this.conn.description;
  }

  get inTransaction(): boolean {
    return this.conn.inTransaction;
  }

  lock(timeoutMs: number, onWait: (message: string) => void): Promise<() => Promise<void>> {
    return acquireSqliteLock(this.conn, timeoutMs, onWait);
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
    const file = this.file;
    if (!file) return none;
    const marker = `${file}-ambix-journal`;
    const pragma = async (sql: string) => String((await this.conn.query(`PRAGMA ${sql}`))[0]?.journal_mode ?? '').toLowerCase();
    const current = await pragma('journal_mode');
    const left = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : undefined;
    const original = left && ROLLBACK_JOURNALS.has(left) ? left : current;
    if (!ROLLBACK_JOURNALS.has(original)) return none; // wal by choice, or memory/off: not ours to change
    if (current !== 'wal') {
      writeFileSync(marker, original);
      if ((await pragma('journal_mode = WAL')) !== 'wal') {
        rmSync(marker, { force: true });
        return none;
      }
    }
    await this.conn.execute('PRAGMA synchronous = NORMAL');
    return async () => {
      try {
        await this.conn.execute('PRAGMA synchronous = FULL');
        if ((await pragma(`journal_mode = ${original}`)) === original) {
          rmSync(marker, { force: true });
          return undefined;
        }
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      }
      return `${file} is still in WAL journal mode: another connection holds it open. It is consistent; the next ambix upgrade or downgrade that runs a step puts back journal_mode=${original}.`;
    };
  }

  async begin(): Promise<void> {
    // IMMEDIATE takes the write lock now, so a reader of the version table sees a settled state.
    await this.conn.execute('BEGIN IMMEDIATE');
  }

  async commit(): Promise<void> {
    await this.conn.execute('COMMIT');
  }

  async rollback(): Promise<void> {
    if (this.conn.inTransaction) await this.conn.execute('ROLLBACK');
  }

  introspect(only?: readonly string[]): Promise<Map<string, Table>> {
    return introspectSqlite(this.conn, only);
  }

  /** A file created by this run, or still empty (SQLite writes nothing until the first table), holds nothing to lose. */
  get backupWorthy(): boolean {
    return !this.fresh && this.file !== undefined && statSync(this.file).size > 0;
  }

  async backup(destination: string): Promise<void> {
    await this.conn.backup(destination);
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}
