import type { Operation } from '../ops/operations.js';
import type { Column, ColumnType, Index, Table } from '../schema/model.js';
import type { Statement } from './statement.js';

export type DialectName = 'sqlite' | 'postgres' | 'mysql';

/** A live database connection, the same shape for every driver. Values are bound parameters. */
export interface Connection {
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Runs one statement; returns the number of rows it changed. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs several statements separated by `;` (no parameters). */
  executeScript(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** What a dialect can do natively; the runtime asks these instead of testing the dialect's name. */
export interface Capabilities {
  /** DDL rolls back with its transaction (SQLite, PostgreSQL; not MySQL). */
  readonly transactionalDdl: boolean;
  /** ALTER TABLE can change a column's type, nullability and default in place. */
  readonly alterColumnInPlace: boolean;
  /** Constraints can be added to and dropped from an existing table. */
  readonly alterConstraints: boolean;
  readonly schemas: boolean;
  readonly columnComments: boolean;
  /**
   * Enum values belong to a named type that columns share (PostgreSQL), so `alterEnum` compiles
   * as one change of that type. Elsewhere (MySQL's inline ENUM, SQLite's CHECK) each column
   * holds its own values and the runtime carries `alterEnum` out column by column.
   */
  readonly namedEnumTypes: boolean;
}

/** Where the compiler learns a table's current shape: introspection online, tracked state offline. */
export interface TableSource {
  getTable(name: string, schema?: string): Promise<Table | undefined>;
}

/** A dialect compiles operations to SQL, and knows its types, quoting and version-table DDL. */
export interface Dialect {
  readonly name: DialectName;
  readonly capabilities: Capabilities;
  quote(identifier: string): string;
  /** A value as a SQL literal, for offline output. */
  literal(value: unknown): string;
  typeSql(type: ColumnType): string;
  createTableSql(table: Table, name?: string): string;
  createIndexSql(table: string, index: Index, schema?: string): string;
  /**
   * SQL for one operation, or `'rebuild'` when this dialect must recreate the table
   * (the runtime batches rebuilds of one table into one).
   */
  compile(op: Operation, tables: TableSource): Promise<Statement[] | 'rebuild'>;
  /** Statements that turn table `from` into `to` by copying it (SQLite). */
  rebuildSql?(from: Table, to: Table, origins: ReadonlyMap<string, string | null>, extras: RebuildExtras): string[];
  /** Converts a value for binding (booleans, dates, objects). */
  bindValue(value: unknown, column?: Column): unknown;
}

export interface RebuildExtras {
  /** CREATE TRIGGER / CREATE VIEW statements to drop and restore around the copy. */
  triggers: readonly { name: string; sql: string }[];
  views: readonly { name: string; sql: string }[];
}

/** A parsed database URL; the password never leaves this object in a message. */
export interface DatabaseUrl {
  dialect: DialectName;
  /** SQLite: absolute file path or `:memory:`. */
  file?: string;
  raw: string;
}

/** Reads which dialect a URL names; unknown schemes are a user error naming the accepted ones. */
export function parseDialectName(url: string): DialectName | undefined {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (/^postgres(?:ql)?:\/\//.test(url)) return 'postgres';
  if (/^(?:mysql|mariadb):\/\//.test(url)) return 'mysql';
  return undefined;
}
