import { redactUrls } from '../url.js';
import type { DatabaseAdapter } from '../adapter.js';
import type { Table } from '../../schema/model.js';
import { mysqlDialect } from './mysql-dialect.js';
import { openMysql, type MysqlConnection } from './mysql-driver.js';
import { introspectMysql } from './mysql-introspector.js';
import { acquireMysqlLock } from './mysql-lock.js';

/**
 * MySQL / MariaDB behind the runtime's adapter interface. DDL commits implicitly there, so
 * the runtime opens no transaction around a migration (the dialect says
 * `transactionalDdl: false`); `begin`/`commit` still serve data-only work such as `stamp`.
 *
 * @example const adapter = await MysqlAdapter.open('mysql://root@127.0.0.1:3306/app', process.cwd());
 */
export class MysqlAdapter implements DatabaseAdapter {
  readonly dialect = mysqlDialect;
  readonly file = undefined;
  readonly description: string;
  private open = false;

  private constructor(
    readonly conn: MysqlConnection,
    url: string,
  ) {
    this.description = redactUrls(url);
  }

  static async open(url: string, root: string): Promise<MysqlAdapter> {
    return new MysqlAdapter(await openMysql(url, root), url);
  }

  get inTransaction(): boolean {
    return this.open;
  }

  lock(timeoutMs: number, onWait: (message: string) => void): Promise<() => Promise<void>> {
    return acquireMysqlLock(this.conn, timeoutMs, onWait);
  }

  async begin(): Promise<void> {
    await this.conn.execute('START TRANSACTION');
    this.open = true;
  }

  async commit(): Promise<void> {
    this.open = false;
    await this.conn.execute('COMMIT');
  }

  async rollback(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.conn.execute('ROLLBACK');
  }

  introspect(only?: readonly string[]): Promise<Map<string, Table>> {
    return introspectMysql(this.conn, this.conn.flavor, only);
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}
