import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import type Pg from 'pg';
import { UserError } from '../../errors.js';
import { resolveDriver } from '../driver-package.js';
import { redactUrls } from '../url.js';
import type { Connection } from '../dialect.js';
import { toNumberedPlaceholders } from './postgres-placeholders.js';

type PgModule = typeof Pg;

/** Loads `pg` only when a PostgreSQL URL needs it, from the project first, then from ambix. */
export function loadPg(projectRoot: string): PgModule {
  return createRequire(import.meta.url)(resolveDriver(projectRoot, 'pg', 'PostgreSQL URLs')) as PgModule;
}

/** What `pg_stat_activity` shows for an ambix session: a waiting migrator can name its holder. */
export function ambixApplicationName(): string {
  // PostgreSQL keeps 63 bytes of it.
  return `ambix pid ${process.pid} on ${hostname()}`.slice(0, 63);
}

/** A `pg.Client` behind the common async `Connection` shape. */
export class PostgresConnection implements Connection {
  /** An error the server or socket raised between queries (a terminated backend): reported by the next query. */
  private broken: Error | undefined;

  constructor(
    readonly client: Pg.Client,
    /** The URL with its password masked, for messages. */
    readonly description: string,
  ) {
    client.on('error', (error) => {
      this.broken = error;
    });
  }

  /** 'I' idle, 'T' in a transaction, 'E' in a failed transaction (the server's ReadyForQuery status). */
  get transactionStatus(): string | null {
    return this.client.getTransactionStatus();
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const result = await this.run(sql, params);
    return (Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows) as Record<string, unknown>[];
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    const result = await this.run(sql, params);
    return (Array.isArray(result) ? result.at(-1)?.rowCount : result.rowCount) ?? 0;
  }

  async executeScript(sql: string): Promise<void> {
    // Without parameters pg uses the simple query protocol, which runs several statements.
    await this.run(sql, []);
  }

  /** The last query sent: each waits for it, because pg (from 9.0) refuses overlapping queries on one client. */
  private tail: Promise<unknown> = Promise.resolve();

  private run(sql: string, params: readonly unknown[]): Promise<Pg.QueryResult | Pg.QueryResult[]> {
    const next = this.tail.then(
      () => this.send(sql, params),
      () => this.send(sql, params),
    );
    this.tail = next.catch(() => {});
    return next;
  }

  private async send(sql: string, params: readonly unknown[]): Promise<Pg.QueryResult | Pg.QueryResult[]> {
    if (this.broken) throw new UserError(`The connection to ${this.description} was lost: ${this.broken.message}`, 'Check the server, then run the command again.', { code: 'CONNECTION_FAILED' });
    const text = params.length ? toNumberedPlaceholders(sql) : sql;
    return (await this.client.query(params.length ? { text, values: [...params] } : text)) as Pg.QueryResult | Pg.QueryResult[];
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {});
  }
}

/**
 * Connects to a `postgres://` URL. Failures are one line naming the URL with its password
 * masked and what to check; the password never reaches a message.
 */
export async function openPostgres(url: string, projectRoot: string): Promise<PostgresConnection> {
  const pg = loadPg(projectRoot);
  const description = redactUrls(url);
  // The URL's own application_name, if it has one, wins over this default.
  const client = new pg.Client({ connectionString: url, application_name: ambixApplicationName(), connectionTimeoutMillis: 30_000 });
  const conn = new PostgresConnection(client, description);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw connectError(error, description);
  }
  // PostgreSQL 14+ can notice a vanished client during a long statement; without this, a killed
  // migrator's session (and its advisory lock) lives on until its running statement ends.
  // Older servers do not know the setting, and lose nothing but this.
  await conn.execute(`SET client_connection_check_interval = 1000`).catch(() => {});
  return conn;
}

function connectError(error: unknown, description: string): UserError {
  const e = error as { code?: string; message?: string };
  const why = redactUrls(e.message ?? String(error));
  switch (e.code) {
    case '3D000':
      return new UserError(`Cannot connect to ${description}: ${why}`, 'Create the database first (createdb, or CREATE DATABASE), or fix the database name in the URL.', { code: 'CONNECTION_FAILED' });
    case '28P01':
    case '28000':
      return new UserError(`Cannot connect to ${description}: ${why}`, 'Check the user and password in the URL (or PGPASSWORD) and pg_hba.conf.');
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return new UserError(`Cannot connect to ${description}: ${why || e.code}`, 'Is the PostgreSQL server running and reachable at that host and port?');
    default:
      return new UserError(`Cannot connect to ${description}: ${why || e.code || 'unknown error'}`, 'Check the URL and that the server accepts connections.');
  }
}
