import { createRequire } from 'node:module';
import type * as Mysql2 from 'mysql2/promise';
import { UserError } from '../../errors.js';
import { resolveDriver } from '../driver-package.js';
import { redactUrls } from '../url.js';
import type { Connection } from '../dialect.js';
import type { MysqlFlavor } from './mysql-introspector.js';

type Mysql2Module = typeof Mysql2;

/** Loads mysql2 only when a MySQL URL needs it, from the project first, then from ambix. */
export function loadMysql2(projectRoot: string): Mysql2Module {
  return createRequire(import.meta.url)(resolveDriver(projectRoot, 'mysql2/promise', 'MySQL and MariaDB URLs', 'mysql2')) as Mysql2Module;
}

/** Query parameters a `mysql://` URL may carry (anything else is refused, so a typo is not ignored). */
const URL_PARAMS = ['socket', 'socketPath', 'ssl', 'charset', 'connectTimeout'] as const;

/**
 * `mysql://user:password@host:3306/db` (or `mariadb://`) as mysql2 options. The password is
 * percent-decoded here and appears in no message: messages use the redacted URL.
 *
 * @example mysqlOptions('mariadb://app:s%40cret@db.local/shop?ssl=true')
 * // { host: 'db.local', port: 3306, user: 'app', password: 's@cret', database: 'shop', ssl: {} }
 */
export function mysqlOptions(url: string): Mysql2.ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`Cannot read the database URL '${redactUrls(url)}'`, 'Write it as mysql://user:password@host:3306/database.');
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!database) throw new UserError(`The URL '${redactUrls(url)}' names no database`, 'Add it after the host: mysql://user@host:3306/database.');
  const options: Mysql2.ConnectionOptions = {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username) || 'root',
    password: decodeURIComponent(u.password),
    database,
  };
  for (const [key, value] of u.searchParams) {
    switch (key as (typeof URL_PARAMS)[number]) {
      case 'socket':
      case 'socketPath':
        options.socketPath = value;
        break;
      case 'ssl':
        if (value !== 'false' && value !== '0') options.ssl = {};
        break;
      case 'charset':
        options.charset = value;
        break;
      case 'connectTimeout':
        options.connectTimeout = Number(value);
        break;
      default:
        throw new UserError(`Unknown parameter '${key}' in the database URL '${redactUrls(url)}'`, `Accepted: ${URL_PARAMS.join(', ')}.`);
    }
  }
  return options;
}

/** A mysql2 connection behind the common async `Connection` shape. */
export class MysqlConnection implements Connection {
  constructor(
    readonly raw: Mysql2.Connection,
    readonly flavor: MysqlFlavor,
    readonly database: string,
    readonly id: number,
  ) {}

  // mysql2 formats `?` itself when given values, so a statement without any is sent as it is
  // (a `?` inside one of its string literals stays untouched).
  private async send(sql: string, params: readonly unknown[]): Promise<unknown> {
    const [result] = params.length ? await this.raw.query(sql, params as unknown[]) : await this.raw.query(sql);
    return result;
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const result = await this.send(sql, params);
    return Array.isArray(result) ? (result as Record<string, unknown>[]) : [];
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    const result = await this.send(sql, params);
    return Array.isArray(result) ? 0 : Number((result as { affectedRows?: number }).affectedRows ?? 0);
  }

  async executeScript(sql: string): Promise<void> {
    await this.raw.query(sql);
  }

  async close(): Promise<void> {
    try {
      await this.raw.end();
    } catch {
      this.raw.destroy();
    }
  }
}

/**
 * Connects and prepares the session the way ambix's SQL assumes: UTC time zone (dates are
 * bound and written as UTC text), backslash escapes on (as offline literals are written), and
 * explicit TIMESTAMP defaults. Connection failures are one-line user errors without the password.
 */
export async function openMysql(url: string, projectRoot: string): Promise<MysqlConnection> {
  const mysql = loadMysql2(projectRoot);
  const options = mysqlOptions(url);
  const where = redactUrls(url);
  let raw: Mysql2.Connection;
  try {
    raw = await mysql.createConnection({
      ...options,
      multipleStatements: true,
      dateStrings: true,
      supportBigNumbers: true,
      timezone: 'Z',
      ...(options.charset ? {} : { charset: 'utf8mb4' }),
    });
  } catch (error) {
    throw connectError(error, where, options);
  }
  const conn = new MysqlConnection(raw, 'mysql', String(options.database), 0);
  try {
    await conn.execute(`SET time_zone = '+00:00'`);
    await conn.execute(`SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), ',NO_BACKSLASH_ESCAPES,', ','))`);
    // Deprecated on MySQL 8 (where it is already on) and absent on a few servers: best effort.
    await conn.execute('SET SESSION explicit_defaults_for_timestamp = 1').catch(() => 0);
    const [info] = await conn.query('SELECT VERSION() AS version, CONNECTION_ID() AS id');
    const flavor: MysqlFlavor = /mariadb/i.test(String(info?.version)) ? 'mariadb' : 'mysql';
    return new MysqlConnection(raw, flavor, String(options.database), Number(info?.id));
  } catch (error) {
    await conn.close();
    throw new UserError(`Cannot prepare the MySQL session on ${where}: ${(error as Error).message}`, undefined, { code: 'CONNECTION_FAILED' });
  }
}

function connectError(error: unknown, where: string, options: Mysql2.ConnectionOptions): UserError {
  const e = error as { code?: string; message?: string };
  const message = redactUrls(String(e.message ?? error));
  switch (e.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return new UserError(`Cannot connect to MySQL/MariaDB at ${options.socketPath ?? `${options.host}:${options.port}`} (${e.code})`, `Start the server, or check the host and port of ${where}.`, { code: 'CONNECTION_FAILED' });
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
      return new UserError(`MySQL refused the login for ${where}: ${message}`, 'Check the user and password in the URL, and the grants of that user.', { code: 'CONNECTION_FAILED' });
    case 'ER_BAD_DB_ERROR':
      return new UserError(`The database '${options.database}' does not exist on ${where}`, `Create it first (CREATE DATABASE \`${options.database}\`), or fix the database name in the URL.`, { code: 'CONNECTION_FAILED' });
    default:
      return new UserError(`Cannot connect to ${where}: ${message}`, undefined, { code: 'CONNECTION_FAILED' });
  }
}
