import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../../errors.js';
import { resolveDriver } from '../driver-package.js';
import type { Connection } from '../dialect.js';
import { toNumberedPlaceholders } from '../postgres/postgres-placeholders.js';

/*
 * `pglite:` URLs: PostgreSQL in this process, through @electric-sql/pglite (PostgreSQL compiled
 * to WebAssembly, run in single-user mode: one session per database).
 *
 * - `pglite::memory:` is a database in memory; `pglite:./data/pg` (relative to the project root)
 *   or `pglite:/abs/dir` a data directory, made on first use.
 * - The transaction status is the server's own: PostgreSQL's IsTransactionBlock() and
 *   IsAbortedTransactionBlockState(), which PGlite 0.5 exports from its WebAssembly module (they
 *   make up the ReadyForQuery status between statements). Older PGlite does not export them;
 *   there a lone protocol Sync message after each statement returns a ReadyForQuery, whose
 *   status is read instead.
 * - Values are read back as `pg` reads them, so the PostgreSQL adapter, introspector and
 *   migrations see the same rows: bigint (int8) as a string, bytea as a Buffer, a date as
 *   local midnight. Everything else is PGlite's own parsing, which matches pg's for the types
 *   ambix reads (interval differs: a string, where pg gives an object).
 * - A data directory belongs to one process: PGlite takes no lock on it (two processes open it
 *   at once and overwrite each other's writes), and pg_advisory_lock only excludes sessions of
 *   the same instance, of which there is one.
 */

/** The parts of PGlite's `PGlite` used here, as every release from 0.2 has them. */
interface PgliteDatabase {
  readonly waitReady: Promise<void>;
  query(sql: string, params?: unknown[]): Promise<PgliteResult>;
  exec(sql: string): Promise<PgliteResult[]>;
  execProtocol(message: Uint8Array, options?: { syncToFs?: boolean }): Promise<{ messages?: PgliteMessage[] } | PgliteMessage[]>;
  close(): Promise<void>;
  /** A tarball of the data directory (0.2 on). */
  dumpDataDir?(compression?: 'none' | 'gzip' | 'auto'): Promise<Blob | File>;
  /** The Emscripten module: PostgreSQL's exported C functions (some of them, depending on the release). */
  readonly Module?: {
    _IsTransactionBlock?: () => number;
    _IsAbortedTransactionBlockState?: () => number;
  };
}

interface PgliteResult {
  rows: Record<string, unknown>[];
  /** Rows the statement changed or returned (PGlite 0.5 on). */
  rowCount?: number;
  /** Rows changed, summed over the statements of one exec() (all PGlite releases). */
  affectedRows?: number;
}

interface PgliteMessage {
  name: string;
  status?: string;
}

interface PgliteOptions {
  dataDir?: string;
  loadDataDir?: Blob | File;
  parsers?: Record<number, (text: string, typeId?: number) => unknown>;
}

type PgliteClass = new (options?: PgliteOptions) => PgliteDatabase;

/** The server's transaction status: 'I' idle, 'T' in a transaction, 'E' in a failed transaction. */
export type PgTransactionStatus = 'I' | 'T' | 'E';

const BYTEA = 17;
const INT8 = 20;
const DATE = 1082;

/** Values read back as `pg` reads them (see the notes above). */
const PG_COMPATIBLE_PARSERS: Record<number, (text: string) => unknown> = {
  [INT8]: (text) => text,
  [BYTEA]: parseBytea,
  [DATE]: parseDate,
};

/** A date as `pg` reads it: midnight in the local time zone (PGlite's own parser gives midnight UTC). */
function parseDate(text: string): Date | number | string {
  const m = /^(\d{4,})-(\d{2})-(\d{2})( BC)?$/.exec(text);
  if (!m) return text === 'infinity' ? Infinity : text === '-infinity' ? -Infinity : text;
  const year = m[4] ? 1 - Number(m[1]) : Number(m[1]);
  const date = new Date(year, Number(m[2]) - 1, Number(m[3]));
  // new Date() reads years 0 to 99 as 1900 to 1999.
  if (year >= 0 && year < 100) date.setFullYear(year);
  return date;
}

/** bytea's text form, hex (`\x0102`, the default) or escape (`a\001\\`), as a Buffer. */
function parseBytea(text: string): Buffer {
  if (text.startsWith('\\x')) return Buffer.from(text.slice(2), 'hex');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    if (text[i] !== '\\') {
      bytes.push(text.charCodeAt(i++));
    } else if (text[i + 1] === '\\') {
      bytes.push(0x5c);
      i += 2;
    } else {
      bytes.push(parseInt(text.slice(i + 1, i + 4), 8));
      i += 4;
    }
  }
  return Buffer.from(bytes);
}

/** The protocol's Sync message ('S', length 4): the server answers it with a ReadyForQuery. */
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/**
 * Loads @electric-sql/pglite only when a `pglite:` URL needs it, from the project first, then
 * from ambix. It is resolved as `require` would and then imported: its CommonJS build, which
 * Node imports with the same named exports.
 */
export async function loadPglite(projectRoot: string): Promise<PgliteClass> {
  const entry = resolveDriver(projectRoot, '@electric-sql/pglite', 'pglite: URLs');
  const mod = (await import(pathToFileURL(entry).href)) as { PGlite?: PgliteClass; default?: { PGlite?: PgliteClass } };
  const PGlite = mod.PGlite ?? mod.default?.PGlite;
  if (!PGlite) throw new UserError(`The package @electric-sql/pglite found at ${entry} has no PGlite class`, 'Install a release from 0.2 on (`npm install @electric-sql/pglite`).');
  return PGlite;
}

/** Where a `pglite:` URL points. */
export type PgliteTarget = { kind: 'memory'; name?: string } | { kind: 'dir'; path: string };

/**
 * Reads a `pglite:` URL: `pglite::memory:`, or `pglite:<data directory>` (relative to
 * `projectRoot`, or absolute).
 *
 * @example parsePgliteUrl('pglite:./data/pg', '/app') // { kind: 'dir', path: '/app/data/pg' }
 */
export function parsePgliteUrl(url: string, projectRoot: string): PgliteTarget {
  if (!/^pglite:/i.test(url)) throw new UserError(`Not a pglite: URL: ${url}`);
  const rest = url.slice('pglite:'.length);
  if (rest === ':memory:') return { kind: 'memory' };
  // A named database in memory, shared by every connection of this process until it is dropped.
  if (rest.startsWith(':memory:')) return { kind: 'memory', name: rest.slice(':memory:'.length) };
  if (rest === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(rest) || rest.startsWith('//')) {
    throw new UserError(`Cannot read the URL ${url}`, 'Write pglite::memory: for a database in memory, or pglite:path/to/dir for a data directory (relative to the config file).');
  }
  return { kind: 'dir', path: resolve(projectRoot, rest) };
}

/**
 * A PGlite database behind the common async `Connection` shape, with the server's transaction
 * status as `pg`'s `PostgresConnection` has it.
 */
export class PgliteConnection implements Connection {
  private status: PgTransactionStatus = 'I';
  private closed = false;
  /** The last statement sent: each waits for it, one at a time. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: PgliteDatabase,
    /** The URL, for messages. */
    readonly description: string,
    readonly target: PgliteTarget,
    /** Whether closing the connection closes the database (not for a shared named one). */
    private readonly owned = true,
  ) {}

  /**
   * 'I' idle, 'T' in a transaction, 'E' in a failed transaction: the server's status after the
   * last statement (its ReadyForQuery status); null once closed.
   */
  get transactionStatus(): PgTransactionStatus | null {
    return this.closed ? null : this.status;
  }

  /** The data directory (undefined in memory). */
  get dataDir(): string | undefined {
    return this.target.kind === 'dir' ? this.target.path : undefined;
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    return (await this.run(sql, params)).rows;
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    const result = await this.run(sql, params);
    return result.rowCount ?? result.affectedRows ?? 0;
  }

  async executeScript(sql: string): Promise<void> {
    await this.run(sql, []);
  }

  /**
   * Runs one statement with parameters (extended protocol), or, like `pg`, SQL without
   * parameters as a simple query, which may hold several statements: the last one's result.
   */
  private run(sql: string, params: readonly unknown[]): Promise<PgliteResult> {
    if (this.closed) return Promise.reject(new UserError(`The connection to ${this.description} is closed`));
    const next = this.tail.then(() => this.send(sql, params));
    this.tail = next.catch(() => {});
    return next;
  }

  private async send(sql: string, params: readonly unknown[]): Promise<PgliteResult> {
    try {
      if (params.length) return await this.db.query(toNumberedPlaceholders(sql), [...params]);
      const results = await this.db.exec(sql);
      return results.at(-1) ?? { rows: [] };
    } finally {
      await this.readStatus();
    }
  }

  /** The server's transaction status, read after every statement (failed ones too). */
  private async readStatus(): Promise<void> {
    const mod = this.db.Module;
    if (typeof mod?._IsTransactionBlock === 'function' && typeof mod._IsAbortedTransactionBlockState === 'function') {
      this.status = mod._IsTransactionBlock() ? (mod._IsAbortedTransactionBlockState() ? 'E' : 'T') : 'I';
      return;
    }
    try {
      const out = await this.db.execProtocol(SYNC, { syncToFs: false });
      const messages = Array.isArray(out) ? out : (out.messages ?? []);
      const ready = messages.filter((m) => m.name === 'readyForQuery').at(-1);
      if (ready?.status === 'I' || ready?.status === 'T' || ready?.status === 'E') this.status = ready.status;
    } catch {
      // The status stays as it was: the statement's own error is what the caller needs.
    }
  }

  /** Closes the database once the statements already sent have run; later ones are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    if (this.owned) await this.db.close().catch(() => {});
  }
}

/**
 * Opens a `pglite:` URL: the database in memory, or the data directory (made, with its
 * parent folders, when missing). Loads @electric-sql/pglite only now.
 */
export async function openPglite(url: string, projectRoot: string): Promise<PgliteConnection> {
  const target = parsePgliteUrl(url, projectRoot);
  if (target.kind === 'dir') checkDataDir(target.path, url);
  const PGlite = await loadPglite(projectRoot);
  if (target.kind === 'memory' && target.name) {
    let shared = named.get(target.name);
    if (!shared) named.set(target.name, (shared = start(PGlite, url, target, true)));
    return new PgliteConnection(await shared, url, target, false);
  }
  return new PgliteConnection(await start(PGlite, url, target, false), url, target);
}

/** Named databases in memory (`pglite::memory:<name>`), by name, until dropped. */
const named = new Map<string, Promise<PgliteDatabase>>();
/** A new cluster as initdb leaves it, taken once: later named databases start from it in a fraction of initdb's time. */
let template: Promise<Blob | File> | undefined;

async function start(PGlite: PgliteClass, url: string, target: PgliteTarget, fromTemplate: boolean): Promise<PgliteDatabase> {
  let db: PgliteDatabase | undefined;
  try {
    const snapshot = fromTemplate && template ? await template.catch(() => undefined) : undefined;
    db = new PGlite({ ...(target.kind === 'dir' ? { dataDir: target.path } : {}), ...(snapshot ? { loadDataDir: snapshot } : {}), parsers: PG_COMPATIBLE_PARSERS });
    await db.waitReady;
    if (fromTemplate && !template && db.dumpDataDir) template = db.dumpDataDir('none');
    return db;
  } catch (error) {
    await db?.close().catch(() => {});
    throw openError(error, url, target);
  }
}

/** Drops a named database in memory (a scratch database of `ambix test --scratch pglite`). */
export async function dropPgliteMemory(name: string): Promise<void> {
  const db = named.get(name);
  named.delete(name);
  await (await db?.catch(() => undefined))?.close().catch(() => {});
}

/**
 * A data directory is PGlite's when it holds PG_VERSION; PGlite would write a new cluster into
 * any other folder (`pglite:./src` would fill src/), so only a missing or empty one is made.
 */
function checkDataDir(path: string, url: string): void {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    return;
  }
  if (!statSync(path).isDirectory()) {
    throw new UserError(`Cannot open ${url}: ${path} is a file, not a PGlite data directory`, 'Point the pglite: URL at a folder (it is made when missing).');
  }
  if (!existsSync(join(path, 'PG_VERSION')) && readdirSync(path).length > 0) {
    throw new UserError(`Cannot open ${url}: ${path} is not a PGlite data directory (it has no PG_VERSION) and is not empty`, 'Point the pglite: URL at a new or empty folder, or at an existing PGlite data directory.');
  }
}

function openError(error: unknown, url: string, target: PgliteTarget): UserError {
  const why = error instanceof Error ? error.message : String(error);
  let made: string | undefined;
  if (target.kind === 'dir') {
    try {
      made = readFileSync(join(target.path, 'PG_VERSION'), 'utf8').trim();
    } catch {
      // None yet: PGlite failed while making it.
    }
  }
  const hint = made
    ? `The data directory was made by PostgreSQL ${made}; each @electric-sql/pglite release runs one PostgreSQL major version and opens only its own data directories. Use the release that made it, or dump the data and load it into a new directory.`
    : 'Check that the folder is writable and that @electric-sql/pglite is installed completely.';
  return new UserError(`Cannot open ${url}: ${why}`, hint, { code: 'CONNECTION_FAILED', cause: error });
}
