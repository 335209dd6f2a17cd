import { UserError } from '../../errors.js';
import type { DatabaseAdapter } from '../adapter.js';
import type { Table } from '../../schema/model.js';
import type { Dialect } from '../dialect.js';
import { createPostgresDialect } from './postgres-dialect.js';
import type { Connection } from '../dialect.js';
import { liveEnumState } from './postgres-enums.js';
import { introspectPostgres, type PgTableRef } from './postgres-introspector.js';
import { acquirePostgresLock, migrationLockKey } from './postgres-lock.js';

/** A session with a PostgreSQL server (`pg`, or PGlite in-process): the server's own transaction status, and a name for messages. */
export interface PostgresSession extends Connection {
  /** 'I' idle, 'T' in a transaction, 'E' in a failed transaction (the server's ReadyForQuery status). */
  readonly transactionStatus: string | null;
  /** The URL with its password masked. */
  readonly description: string;
}

/** Where the version and log tables live: `versionTableSchema` applies to them only. */
export interface PostgresVersionTables {
  readonly versionTable: string;
  readonly versionTableSchema: string | undefined;
  readonly logTable: string;
}

/**
 * PostgreSQL behind the runtime's adapter interface: transactional DDL, an advisory lock held
 * on the migrating connection, catalog introspection in a constant number of queries.
 *
 * @example const adapter = PostgresAdapter.over(await openPostgres(url, root), { versionTable: 'ambix_version', versionTableSchema: undefined, logTable: 'ambix_version_log' });
 */
export class PostgresAdapter implements DatabaseAdapter {
  readonly dialect: Dialect;
  readonly file = undefined;
  readonly description: string;

  private constructor(
    readonly conn: PostgresSession,
    description: string,
    private readonly versions: PostgresVersionTables,
    private readonly ownLock: DatabaseAdapter['lock'] | undefined,
  ) {
    this.description = description;
    // Online, the compiler asks the catalog which enum types exist, at the moment each operation runs.
    this.dialect = createPostgresDialect({ enums: liveEnumState(conn) });
  }

  /** The adapter over an open session (any driver that speaks to PostgreSQL). */
  static over(conn: PostgresSession, versions: PostgresVersionTables, lock?: DatabaseAdapter['lock']): PostgresAdapter {
    return new PostgresAdapter(conn, conn.description, versions, lock);
  }

  /** The server's own account (ReadyForQuery), so a BEGIN or COMMIT in raw SQL cannot fool it. */
  get inTransaction(): boolean {
    const s = this.conn.transactionStatus;
    return s === 'T' || s === 'E';
  }

  /** The session's advisory lock, or the one the variant brings (PGlite's advisory locks reach no other process). */
  async lock(timeoutMs: number, onWait: (message: string) => void): Promise<() => Promise<void>> {
    if (this.ownLock) return this.ownLock(timeoutMs, onWait);
    const schema = this.versions.versionTableSchema ?? String((await this.conn.query('SELECT current_schema() AS s'))[0]?.s ?? 'public');
    return acquirePostgresLock(this.conn, migrationLockKey(schema, this.versions.versionTable), timeoutMs, onWait, this.description);
  }

  async begin(): Promise<void> {
    await this.conn.execute('BEGIN');
  }

  async commit(): Promise<void> {
    // COMMIT of a failed transaction silently rolls back: say so instead of reporting success.
    if (this.conn.transactionStatus === 'E') {
      await this.conn.execute('ROLLBACK');
      throw new UserError('The transaction was aborted by an earlier error (one a migration caught), so nothing in it was committed', 'Let the error propagate, or run the statement that may fail inside a SAVEPOINT.');
    }
    await this.conn.execute('COMMIT');
  }

  async rollback(): Promise<void> {
    if (this.inTransaction) await this.conn.execute('ROLLBACK');
  }

  /**
   * Tables by the names asked for: a bare name is in the current schema (the version and log
   * tables in `versionTableSchema` when set), `schema.table` names another schema. Without
   * names, every table of the current schema, keyed by bare name.
   */
  async introspect(only?: readonly string[]): Promise<Map<string, Table>> {
    if (!only) {
      const { tables } = await introspectPostgres(this.conn);
      return new Map(tables.map((t) => [t.table.name, t.table]));
    }
    if (only.length === 0) return new Map();
    const refs = only.map((n) => this.resolve(n));
    const { currentSchema, tables } = await introspectPostgres(this.conn, { tables: refs });
    const out = new Map<string, Table>();
    only.forEach((asked, i) => {
      const ref = refs[i]!;
      const hit = tables.find((t) => t.table.name === ref.name && t.schema === (ref.schema ?? currentSchema));
      if (hit) out.set(asked, hit.table);
    });
    return out;
  }

  /** Every table of the given schemas, keyed `schema.table` outside the current schema (for autogenerate's `include` by schema). */
  async introspectSchemas(schemas: readonly string[]): Promise<Map<string, Table>> {
    const { tables } = await introspectPostgres(this.conn, { schemas });
    return new Map(tables.map((t) => [t.table.schema ? `${t.table.schema}.${t.table.name}` : t.table.name, t.table]));
  }

  private resolve(name: string): PgTableRef {
    const v = this.versions;
    if (v.versionTableSchema && (name === v.versionTable || name === v.logTable)) return { schema: v.versionTableSchema, name };
    const dot = name.indexOf('.');
    return dot > 0 ? { schema: name.slice(0, dot), name: name.slice(dot + 1) } : { name };
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}
