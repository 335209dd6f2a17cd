import type { Connection } from '../dialect.js';

/**
 * One connection to a SQLite database, whichever driver holds it (better-sqlite3 for `sqlite:`,
 * libsql for `libsql:`): what the SQLite adapter needs beyond running statements.
 */
export interface SqliteSession extends Connection {
  /** SQLite's own account (its autocommit flag), so a BEGIN or COMMIT in raw SQL cannot fool it. */
  readonly inTransaction: boolean;
  /** The local file, or undefined for memory and servers (no backup, file lock or journal switch there). */
  readonly file: string | undefined;
  /** For messages: the URL without its secrets. */
  readonly description: string;
  /** Copies the database to a new file while it is open. */
  backup(destination: string): Promise<void>;
  /** A second connection, to the companion file the migration lock is held on. */
  openLockFile(path: string): Promise<Connection & { readonly inTransaction: boolean }>;
}
