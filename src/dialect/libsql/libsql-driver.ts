import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { UserError } from '../../errors.js';
import { resolveDriver } from '../driver-package.js';
import { redactUrls } from '../url.js';
import { parseLibsqlUrl, type LibsqlTarget } from './libsql-url.js';
import type { SqliteSession } from '../sqlite/sqlite-session.js';

/*
 * `libsql:` URLs: the SQLite dialect on libSQL (local files, Turso, sqld).
 *
 * Why not `createClient(...).execute()` from @libsql/client: ambix sends BEGIN, COMMIT, ROLLBACK
 * and PRAGMAs as statements of their own and needs them all on one connection. The client does
 * not give that. From 0.18 its `file:` client is a pool (20 connections by default) that rolls
 * back whatever a call leaves open when the connection goes back, so `execute('BEGIN')` is undone
 * at once and the next statement autocommits; before 0.18 `transaction()` drops its connection and
 * the client opens a new one. Over HTTP every `execute()` is a stream of its own. And libSQL turns
 * foreign keys ON for each new connection, where ambix needs them OFF (a rebuild drops the parent
 * table: with them on, ON DELETE CASCADE would empty its children).
 *
 * So the connection is the `Database` of `libsql`, the native package @libsql/client itself runs
 * local files on (its dependency, found from where @libsql/client is installed): one connection,
 * better-sqlite3's synchronous API, local or remote (`new Database('libsql://…', { authToken })`
 * keeps one Hrana stream). Its quirks, met below:
 * - binding a boolean aborts the process (a Rust panic), and one argument that is an object is
 *   taken as named parameters (a Buffer or null included): values are converted and always
 *   passed as one array;
 * - a prepared statement that fails with SQLITE_BUSY is left in progress until the garbage
 *   collector finalizes it; meanwhile every COMMIT on the connection fails with "cannot commit
 *   transaction - SQL statements in progress", the BEGIN before it keeps the write lock, and a
 *   failed read keeps its shared lock (tursodatabase/libsql-client-ts#352; no SQL resets it).
 *   `exec()` finalizes at once, so statements without parameters that return no rows (BEGIN,
 *   COMMIT, PRAGMA x = y, DDL) go through it; after a busy prepared statement the garbage
 *   collector is run once, which finalizes it ({@link settle});
 * - `close()` closes nothing while a prepared statement object is still alive: the file stays
 *   open until they are collected, so closing a file runs the garbage collector once;
 * - object rows carry an extra `_metadata` key: rows are read raw and keyed here.
 */

/** The parts of libsql's `Database` used here (its own types are better-sqlite3's). */
interface NativeDatabase {
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): NativeStatement;
  exec(sql: string): unknown;
  close(): void;
}

interface NativeStatement {
  readonly reader: boolean;
  raw(toggle?: boolean): NativeStatement;
  safeIntegers(toggle?: boolean): NativeStatement;
  columns(): { name: string }[];
  all(params: unknown[]): unknown[][];
  run(params: unknown[]): { changes: number };
}

type NativeDatabaseClass = new (path: string, options?: { authToken?: string }) => NativeDatabase;

/**
 * Loads libsql's native `Database` only when a `libsql:` URL needs it: from the project's
 * @libsql/client first, then from ambix's own.
 */
export function loadLibsql(projectRoot: string): NativeDatabaseClass {
  const client = resolveDriver(projectRoot, '@libsql/client', 'libsql: URLs');
  try {
    return createRequire(client)('libsql') as NativeDatabaseClass;
  } catch (error) {
    // @libsql/client is there, but not its native part (installed without optional
    // dependencies, or copied from another platform).
    throw new UserError(
      `@libsql/client is installed, but its native part (the package libsql and its @libsql/<platform> binary) cannot be loaded: ${(error as Error).message.split('\n')[0]}`,
      'Reinstall @libsql/client on this machine with optional dependencies (`npm install @libsql/client --include=optional`).',
      { code: 'DRIVER_MISSING', cause: error },
    );
  }
}

/** Statements that never return rows: run at once, unprepared. */
const TRANSACTION_CONTROL = /^\s*(?:BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

/** Statements whose changed rows a remote `execute()` reports. */
const DATA_CHANGE = /^\s*(?:INSERT|UPDATE|DELETE|REPLACE|WITH)\b/i;

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A value as libsql's binding takes it: booleans as 1/0 (a boolean aborts the process), dates as ISO text. */
export function libsqlBind(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

/** A value read back: integers as numbers where that loses nothing (else bigint), BLOBs as Buffer. */
function fromLibsql(value: unknown): unknown {
  if (typeof value === 'bigint') return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  return value;
}

/** libsql's `Database` behind the common async `Connection` shape: one connection for every statement. */
export class LibsqlConnection implements SqliteSession {
  constructor(
    readonly db: NativeDatabase,
    /** The URL with its authToken masked, for messages. */
    readonly description: string,
    readonly target: LibsqlTarget,
  ) {}

  /** The local file (undefined for memory and servers): backups and the lock file go beside it. */
  get file(): string | undefined {
    return this.target.kind === 'file' ? this.target.path : undefined;
  }

  get remote(): boolean {
    return this.target.kind === 'remote';
  }

  /**
   * libsql has no online backup API: `VACUUM INTO` writes a consistent copy (outside a
   * transaction, to a file that does not exist yet), which is what a backup before a run needs.
   */
  async backup(destination: string): Promise<void> {
    await this.execute('VACUUM INTO ?', [destination]);
  }

  /** The migration lock's companion file, through the same driver; busy at once rather than waiting. */
  async openLockFile(path: string): Promise<LibsqlConnection> {
    return openLibsql(`libsql:file:${path}`, dirname(path), { busyTimeout: 0 });
  }

  /**
   * A transaction is open: SQLite's autocommit flag as libsql reports it (locally
   * `sqlite3_get_autocommit`, as better-sqlite3's `inTransaction`), so a BEGIN or COMMIT sent
   * through `execute()`, by ambix or by a migration, counts, and so does a transaction SQLite
   * rolled back by itself.
   */
  get inTransaction(): boolean {
    // libsql aborts the process when asked this of a closed database.
    return this.db.open && this.db.inTransaction;
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    try {
      return this.run(sql, params).rows;
    } catch (error) {
      await settle(error);
      throw error;
    }
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    try {
      return this.run(sql, params).changes;
    } catch (error) {
      await settle(error);
      throw error;
    }
  }

  async executeScript(sql: string): Promise<void> {
    this.checkOpen();
    this.db.exec(this.withForeignKeysOff(sql));
  }

  /**
   * Remotely, libsql ends the server's stream (its connection) whenever a statement leaves no
   * transaction open, and the next statement opens a new one, with foreign keys as the server
   * sets them. `PRAGMA foreign_keys` does nothing inside a transaction, so it goes in front of
   * what starts one (and of DDL outside one), in the same request. Locally the connection keeps it.
   */
  private withForeignKeysOff(sql: string): string {
    return this.remote && !this.inTransaction ? `PRAGMA foreign_keys = OFF; ${sql}` : sql;
  }

  /** Closes the connection; a file is closed on return (libsql keeps it open for its live statements until they are collected). */
  async close(): Promise<void> {
    if (!this.db.open) return;
    this.db.close();
    if (this.target.kind === 'file') await collect();
  }

  private run(sql: string, params: readonly unknown[]): { rows: Record<string, unknown>[]; changes: number } {
    this.checkOpen();
    if (params.length === 0 && TRANSACTION_CONTROL.test(sql)) {
      this.db.exec(this.withForeignKeysOff(sql));
      return { rows: [], changes: 0 };
    }
    const stmt = this.db.prepare(sql);
    if (!stmt.reader && params.length === 0) {
      if (this.remote) {
        // Each statement outside a transaction is a stream of its own: DDL gets foreign keys off
        // in front of it; the server counts the rows of INSERT, UPDATE and DELETE.
        if (!this.inTransaction && !DATA_CHANGE.test(sql)) {
          this.db.exec(this.withForeignKeysOff(sql));
          return { rows: [], changes: 0 };
        }
        return { rows: [], changes: stmt.run([]).changes };
      }
      // exec() finalizes its statement even when it fails (a prepared one failing SQLITE_BUSY would wedge the connection).
      const before = this.totalChanges();
      this.db.exec(sql);
      return { rows: [], changes: this.totalChanges() === before ? 0 : this.lastChanges() };
    }
    if (statementCount(sql) > 1) throw new RangeError('The supplied SQL string contains more than one statement');
    const bound = params.map(libsqlBind);
    if (!stmt.reader) return { rows: [], changes: stmt.run(bound).changes };
    stmt.raw(true).safeIntegers(true);
    const names = stmt.columns().map((c) => c.name);
    const rows = stmt.all(bound).map((raw) => {
      const row: Record<string, unknown> = {};
      // As better-sqlite3: of two columns with one name, the last wins.
      for (let i = 0; i < names.length; i++) row[names[i]!] = fromLibsql(raw[i]);
      return row;
    });
    return { rows, changes: 0 };
  }

  private totalChanges(): number {
    return Number(this.db.prepare('SELECT total_changes()').raw(true).all([])[0]![0]);
  }

  private lastChanges(): number {
    return Number(this.db.prepare('SELECT changes()').raw(true).all([])[0]![0]);
  }

  private checkOpen(): void {
    if (!this.db.open) throw new Error(`The connection to ${this.description} is closed`);
  }
}

let collectGarbage: (() => void) | null | undefined;

/**
 * Runs the garbage collector once and waits for the finalizers it queued (the next turn of the
 * event loop): libsql finalizes a statement, and closes a connection that `close()` left to its
 * statements, only in those. About 10 ms; a no-op where `gc` cannot be had.
 */
async function collect(): Promise<void> {
  if (collectGarbage === undefined) {
    try {
      // Only makes `gc` a global of the new context that asks for it; nothing else changes.
      setFlagsFromString('--expose-gc');
      collectGarbage = runInNewContext('gc') as () => void;
    } catch {
      collectGarbage = null;
    }
  }
  if (!collectGarbage) return;
  collectGarbage();
  await new Promise((r) => setImmediate(r));
}

/**
 * After SQLITE_BUSY (or SQLITE_LOCKED) from a prepared statement, which libsql leaves in progress
 * with its locks: has it finalized. The frame that held it is gone by now, and formatting the
 * error's stack drops the last reference (an unformatted trace holds each frame's `this`).
 */
async function settle(error: unknown): Promise<void> {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^SQLITE_(?:BUSY|LOCKED)/.test(code)) return;
  void (error as Error).stack;
  await collect();
}

/**
 * How many statements a SQL text holds, counting `;` outside quotes and comments. Used only where
 * libsql would silently run the first (a statement with parameters, or one returning rows), so
 * trigger bodies, whose `;` this would miscount, never reach it.
 */
function statementCount(sql: string): number {
  let count = 0;
  let pending = false;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 1;
    } else if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (sql[j] !== close) continue;
        if (close !== ']' && sql[j + 1] === close) j++;
        else break;
      }
      i = j;
      pending = true;
    } else if (ch === ';') {
      if (pending) count++;
      pending = false;
    } else if (!/\s/.test(ch)) {
      pending = true;
    }
  }
  return count + (pending ? 1 : 0);
}

/**
 * Opens a `libsql:` URL on one connection. As for `sqlite:` URLs, foreign-key enforcement is
 * turned off (libSQL turns it on for every connection): a table rebuild drops the parent, and
 * with it on ON DELETE CASCADE would empty the children. Integrity is checked with
 * `PRAGMA foreign_key_check` instead. A relative file resolves against `projectRoot`, and its
 * folder is created.
 */
export async function openLibsql(url: string, projectRoot: string, options: { busyTimeout?: number } = {}): Promise<LibsqlConnection> {
  const target = parseLibsqlUrl(url, projectRoot);
  const Database = loadLibsql(projectRoot);
  const description = redactUrls(url);
  let db: NativeDatabase;
  try {
    if (target.kind === 'file') mkdirSync(dirname(target.path), { recursive: true });
    db =
      target.kind === 'remote'
        ? new Database(target.url, target.authToken === undefined ? {} : { authToken: target.authToken })
        : new Database(target.kind === 'memory' ? ':memory:' : target.path);
  } catch (error) {
    throw openError(error, target, description);
  }
  const conn = new LibsqlConnection(db, description, target);
  try {
    // A remote database is reached, and a file's header read, only by a first statement.
    await conn.query('SELECT count(*) FROM sqlite_schema');
    if (target.kind !== 'remote') {
      await conn.execute(`PRAGMA busy_timeout = ${Math.max(0, Math.round(options.busyTimeout ?? 5000))}`);
      // Remotely it goes in front of each transaction instead (withForeignKeysOff).
      await conn.execute('PRAGMA foreign_keys = OFF');
    }
  } catch (error) {
    await conn.close().catch(() => {});
    throw openError(error, target, description);
  }
  return conn;
}

function openError(error: unknown, target: LibsqlTarget, description: string): UserError {
  const e = error as { code?: string; message?: string };
  const why = redactUrls(String(e.message ?? error));
  if (target.kind === 'remote') {
    return new UserError(`Cannot connect to ${description}: ${why}`, 'Check the URL, that the server is reachable, and the authToken (libsql://host?authToken=...).', { code: 'CONNECTION_FAILED', cause: error });
  }
  const where = target.kind === 'file' ? target.path : ':memory:';
  if (e.code === 'SQLITE_NOTADB') return new UserError(`${where} is not a SQLite database`, 'Check the URL; the file exists but holds something else.', { cause: error });
  return new UserError(`Cannot open libsql database ${where}: ${why}`, undefined, { cause: error });
}
