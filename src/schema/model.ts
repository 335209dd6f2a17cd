// The neutral schema model: plain frozen data that every dialect compiles, every
// introspector produces, and autogenerate compares. Nothing here knows SQL.

/** A column type, independent of any dialect. */
export type ColumnType =
  | { readonly kind: 'integer' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'smallint' }
  | { readonly kind: 'real' }
  | { readonly kind: 'double' }
  | { readonly kind: 'numeric'; readonly precision?: number; readonly scale?: number }
  | { readonly kind: 'text' }
  | { readonly kind: 'varchar'; readonly length?: number }
  | { readonly kind: 'char'; readonly length?: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'date' }
  | { readonly kind: 'time' }
  | { readonly kind: 'timestamp'; readonly withTimezone?: boolean }
  | { readonly kind: 'json' }
  | { readonly kind: 'uuid' }
  | { readonly kind: 'blob' }
  | { readonly kind: 'enum'; readonly name: string; readonly values: readonly string[] }
  /** A type ambix has no name for (found by introspection, or given by hand): kept verbatim. */
  | { readonly kind: 'raw'; readonly sql: string };

export type ColumnTypeKind = ColumnType['kind'];

/** A raw SQL fragment (`sql\`CURRENT_TIMESTAMP\``): passed through, never quoted as a value. */
export interface SqlFragment {
  readonly kind: 'sql';
  readonly text: string;
}

/** A server default: a literal value (quoted by the dialect) or a SQL expression. */
export type ColumnDefault =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | SqlFragment;

export type ReferentialAction = 'cascade' | 'restrict' | 'no action' | 'set null' | 'set default';

/** What a column's `.references()` points at, before the table's foreign keys are built. */
export interface ColumnReference {
  readonly table: string;
  readonly column: string;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /** Constraint name; the naming convention fills it when absent. */
  readonly name?: string;
}

/** A column as a table holds it. */
export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  /** Part of the primary key (a single-column key: `integer().primaryKey()`). */
  readonly primaryKey: boolean;
  /** An integer primary key the database numbers itself (SQLite rowid alias, identity, AUTO_INCREMENT). */
  readonly autoincrement: boolean;
  readonly default?: ColumnDefault;
  readonly comment?: string;
  /** `.unique()` on the column: becomes a named unique constraint of the table. */
  readonly unique?: boolean;
  /** `.index()` on the column: becomes a named index of the table. */
  readonly index?: boolean;
  readonly references?: ColumnReference;
}

export interface PrimaryKey {
  readonly name?: string;
  readonly columns: readonly string[];
}

export interface Index {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** Partial index condition (SQLite, PostgreSQL). */
  readonly where?: string;
}

export interface UniqueConstraint {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly refSchema?: string;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
}

export interface CheckConstraint {
  readonly name: string;
  readonly expression: string;
}

/** A table: the unit every dialect creates, introspects and (on SQLite) rebuilds. */
export interface Table {
  readonly name: string;
  readonly schema?: string;
  readonly columns: readonly Column[];
  readonly primaryKey?: PrimaryKey;
  readonly indexes: readonly Index[];
  readonly uniques: readonly UniqueConstraint[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly checks: readonly CheckConstraint[];
  readonly comment?: string;
}

/** A whole database schema as ambix sees it: tables by name (and views, which it only keeps). */
export interface Schema {
  readonly tables: readonly Table[];
}

/** Whether a value is a `sql` fragment rather than a literal. */
export function isSqlFragment(value: unknown): value is SqlFragment {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'sql' && typeof (value as { text?: unknown }).text === 'string';
}

/** A database object offered to the `include` filter of autogenerate. */
export interface SchemaObjectRef {
  type: 'table' | 'column' | 'index' | 'unique' | 'foreignKey' | 'check' | 'primaryKey';
  name: string;
  /** The table that holds a column, index or constraint. */
  table?: string;
  /** The database schema (PostgreSQL), when not the default one. */
  schema?: string;
  /** Whether the object is in the models (`'model'`) or only in the database (`'database'`). */
  side: 'model' | 'database';
}
