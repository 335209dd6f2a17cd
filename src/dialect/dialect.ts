import type { Operation } from '../ops/operations.js';
import type { Column, ColumnType, Index, Schema, Table } from '../schema/model.js';
import type { DatabaseAdapter } from './adapter.js';
import type { ComparisonHooks } from './comparison.js';
import type { ScratchServer } from './scratch.js';
import type { Statement } from './statement.js';

/** The SQL a migration is written for (`ctx.dialect`): a variant such as PGlite speaks one of these. */
export type DialectName = 'sqlite' | 'postgres' | 'mysql';

/** A registered dialect module: a SQL family, or a variant of one with its own driver. */
export type DialectId = DialectName | 'pglite' | 'libsql';

/** A live database connection, the same shape for every driver. Values are bound parameters. */
export interface Connection {
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Runs one statement; returns the number of rows it changed. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs several statements separated by `;` (no parameters). */
  executeScript(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** What a dialect can do natively; the code outside `dialect/` asks these instead of testing a dialect's name. */
export interface Capabilities {
  /** DDL rolls back with its transaction (SQLite, PostgreSQL; not MySQL). */
  readonly transactionalDdl: boolean;
  /** ALTER TABLE can change a column's type, nullability and default in place (else the table is rebuilt). */
  readonly alterColumnInPlace: boolean;
  /** Constraints can be added to and dropped from an existing table (else the table is rebuilt). */
  readonly alterConstraints: boolean;
  /** Tables can live in named database schemas (`{ schema: 'audit' }`). */
  readonly schemas: boolean;
  /** Columns keep comments (compared by autogenerate only where they do). */
  readonly columnComments: boolean;
  /**
   * Enum values belong to a named type that columns share (PostgreSQL), so `alterEnum` compiles
   * as one change of that type. Elsewhere (MySQL's inline ENUM, SQLite's CHECK) each column
   * holds its own values and the runtime carries `alterEnum` out column by column.
   */
  readonly namedEnumTypes: boolean;
  /** The database lives in this process or a local file (`ambix test` needs no server to make a scratch one). */
  readonly embedded: boolean;
  /** Index names are unique per table, not per schema (MySQL): models may use one name in several tables. */
  readonly indexNamesPerTable: boolean;
}

/** Where the compiler learns a table's current shape: introspection online, tracked state offline. */
export interface TableSource {
  getTable(name: string, schema?: string): Promise<Table | undefined>;
  /** Offline: every table the tracked schema holds (who uses an enum type is read from it). */
  all?(): Iterable<Table>;
}

/** A dialect's compiler: operations to SQL, with its types, quoting and literals. Needs no connection. */
export interface Dialect {
  readonly name: DialectName;
  /** For messages: 'SQLite', 'PostgreSQL', 'MySQL/MariaDB'. */
  readonly displayName: string;
  readonly capabilities: Capabilities;
  quote(identifier: string): string;
  /** A value as a SQL literal, for offline output. */
  literal(value: unknown): string;
  typeSql(type: ColumnType): string;
  createTableSql(table: Table, name?: string): string;
  createIndexSql(table: string, index: Index, schema?: string): string;
  /**
   * SQL for one operation, or `'rebuild'` when this dialect must recreate the table to make the
   * change (then {@link Dialect.rebuild} carries it out, batching changes of one table).
   */
  compile(op: Operation, tables: TableSource): Promise<Statement[] | 'rebuild'>;
  /** How this dialect copies a table to change it (SQLite); absent where every change is an ALTER. */
  readonly rebuild?: TableRebuild;
  /** Converts a value for binding (booleans, dates, objects). */
  bindValue(value: unknown, column?: Column): unknown;
  /** Offline: learns what raw SQL (`op.execute`) did to the schema, where this dialect can tell. */
  followRawSql?(sql: string, schema: RawSqlEffects): void;
}

/** What raw SQL may change in the schema an offline run tracks ({@link Dialect.followRawSql}). */
export interface RawSqlEffects {
  /** A table the SQL created, as parsed. */
  created(table: Table): void;
  /** A table the SQL changed in a way the dialect cannot follow: a later rebuild of it must say so. */
  unknown(name: string): void;
}

/** The tables a run can see while a migration changes them: the database, or the schema tracked offline. */
export interface RebuildEnvironment {
  /** The table's definition before this migration's pending changes. */
  table(name: string): Promise<Table>;
  /** The live connection (online), for what the copy must keep around the table. */
  readonly conn: Connection | undefined;
  /** Sends one statement (online: runs it; offline: writes it). */
  send(statement: Statement): Promise<void>;
  /** Offline: a comment in the output. */
  comment(text: string): void;
  /** Offline: the table's new definition, once rebuilt. */
  rebuilt(table: Table): void;
}

/** A dialect that recreates a table to change it: the runtime hands it the changes the compiler marked `'rebuild'`. */
export interface TableRebuild {
  /** One migration's batch of rebuilds. */
  begin(env: RebuildEnvironment): RebuildBatch;
  /** A database error or statement with the rebuild's temporary table names put back to the user's. */
  explain(message: string, statement: string | undefined): { reason: string; statement: string | undefined; copying: string | undefined };
}

export interface RebuildBatch {
  /** The table as the pending changes leave it (undefined when none are pending). */
  pending(table: string): Table | undefined;
  /** The column a pending rebuild copies `column` from (null: a new column; undefined: none pending). */
  source(table: string, column: string): string | null | undefined;
  /** Adds a change to the table's pending rebuild. */
  add(op: Extract<Operation, { table: string }>): Promise<void>;
  /** Carries out pending rebuilds: of one table, or all. */
  flush(table?: string): Promise<void>;
  /** After the migration's last operation: checks what the copies may have broken (foreign keys). */
  verify(): Promise<void>;
}

/** How the runtime opens a database; each dialect takes what it needs. */
export interface OpenOptions {
  /** The folder relative paths resolve against, and drivers are looked up from. */
  readonly root: string;
  /** Milliseconds a busy database is waited for (SQLite's busy timeout). */
  readonly busyTimeout: number;
  /** Where the version and log tables live (PostgreSQL takes its migration lock per schema). */
  readonly versionTable: string;
  readonly versionTableSchema: string | undefined;
  readonly logTable: string;
}

/** The catalog queries `ambix test` snapshots a database with. */
export interface Catalog {
  /** Rows `{ o }`: each object other than tables, as `kind name` (`view active_users`, `type public.mood`). */
  readonly objects: string;
  /** Rows `{ s }`: the schemas whose tables a migration may create (absent: the connection's own only). */
  readonly userSchemas?: string;
}

/**
 * Everything ambix knows about one database: a dialect module is one folder under `src/dialect/`
 * whose `index.ts` exports it, and one line in `registry.ts`.
 *
 * @example const sqlite = await loadDialect('sqlite:./app.db'); const adapter = await sqlite.open(url, options);
 */
export interface DialectModule {
  readonly id: DialectId;
  /** The SQL family its migrations are written for. */
  readonly name: DialectName;
  readonly displayName: string;
  /** URL schemes it accepts (`sqlite` for `sqlite:...`); the registry lists the same. */
  readonly schemes: readonly string[];
  readonly capabilities: Capabilities;
  /** A compiler for offline SQL (a fresh one per run: it may track state such as enum types). */
  compiler(): Dialect;
  /** Connects, loading the driver only now. */
  open(url: string, options: OpenOptions): Promise<DatabaseAdapter>;
  /** How autogenerate and `ambix test` compare what this database reads back with the models. */
  readonly comparison: ComparisonHooks;
  /** The introspected schema with what the database cannot tell apart read as the models say it (MySQL's unique index vs constraint). */
  reconcile?(db: Schema, models: Schema): Schema;
  /** Where `ambix test` makes scratch databases: a server the URL reaches, or (embedded) a temporary place. */
  scratch(url: string | undefined, root: string): Promise<ScratchServer>;
  readonly catalog: Catalog;
  /** Alembic's name for this SQL (`import-alembic` renders bodies with it). */
  alembicName(url: string): string;
}
