import type { Connection, Dialect } from './dialect.js';
import type { Table } from '../schema/model.js';

/** A live database as the runtime drives it: one per dialect module (driver, introspection, lock, backup). */
export interface DatabaseAdapter {
  /** The compiler online: it may ask this connection (PostgreSQL's enum types). */
  readonly dialect: Dialect;
  readonly conn: Connection;
  /** For messages: the URL without its password. */
  readonly description: string;
  /** A local file (undefined for servers and memory): backups go beside it. */
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
  /** False when a backup would copy nothing (a file this run created). */
  readonly backupWorthy?: boolean;
  /** Copies the database to a file before it is migrated (SQLite's online backup). */
  backup?(destination: string): Promise<void>;
  /**
   * Readies the database for a run of many small commits (SQLite: a write-ahead log in place of
   * the rollback journal). Resolves to what puts it back, which resolves to a warning when it could not.
   */
  manyCommits?(): Promise<() => Promise<string | undefined>>;
  close(): Promise<void>;
}
