import type { Connection, Dialect, RebuildExtras } from '../dialect/dialect.js';
import type { Table } from '../schema/model.js';

/** A live database as the runtime drives it: one per dialect (driver, introspection, lock, backup). */
export interface DatabaseAdapter {
  readonly dialect: Dialect;
  readonly conn: Connection;
  /** For messages: the URL without its password. */
  readonly description: string;
  /** SQLite file path (undefined for servers and `:memory:`): backups go beside it. */
  readonly file: string | undefined;
  /** Holds the migration lock for the whole run; resolves to its release. */
  lock(timeoutMs: number, onWait: (message: string) => void): Promise<() => Promise<void>>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  readonly inTransaction: boolean;
  introspect(only?: readonly string[]): Promise<Map<string, Table>>;
  /** Tables of other database schemas, keyed `schema.table` (PostgreSQL). */
  introspectSchemas?(schemas: readonly string[]): Promise<Map<string, Table>>;
  /** Views and triggers to restore around a table rebuild (SQLite). */
  surroundings(table: string): Promise<RebuildExtras>;
  /** Why the table cannot be rebuilt faithfully, if it cannot (SQLite features ambix does not model). */
  rebuildBlocker?(table: string): Promise<string | undefined>;
  /** Foreign-key violations, one line each (SQLite `PRAGMA foreign_key_check`). */
  foreignKeyViolations(): Promise<string[]>;
  /** False when a backup would copy nothing (a file this run created). */
  readonly backupWorthy?: boolean;
  /** Online backup to a file (SQLite). */
  backup?(destination: string): Promise<void>;
  /**
   * Readies the database for a run of many small commits (SQLite: a write-ahead log in place of
   * the rollback journal). Resolves to what puts it back, which resolves to a warning when it could not.
   */
  manyCommits?(): Promise<() => Promise<string | undefined>>;
  close(): Promise<void>;
}
