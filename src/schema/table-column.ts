import type { BuilderConfig } from './column-builder.js';

// A Symbol.for key, not a class: a project may load two copies of ambix (its own and a
// tool's), and a column of one must be recognised by the other.
export const TABLE_COLUMN: unique symbol = Symbol.for('ambix.tableColumn') as never;

/**
 * A column of a defined table, as `llmSetting.id` exposes it: what `.references(() => ...)`,
 * `index().on(...)` and the other table extras take. Inside sql`...` it stands for its name.
 *
 * @example config_id: integer().references(() => llmSetting.id)
 */
export interface TableColumn<C extends BuilderConfig = BuilderConfig> {
  readonly kind: 'tableColumn';
  readonly table: string;
  /** The database schema of the table (PostgreSQL), when it has one. */
  readonly schema?: string;
  readonly name: string;
  readonly [TABLE_COLUMN]: true;
  /** Type-only: what the column holds, for row types. Absent at run time. */
  readonly $config?: C;
}

/** Makes the frozen reference a table exposes for one of its columns. */
export function tableColumn(table: string, name: string, schema?: string): TableColumn {
  return Object.freeze({
    kind: 'tableColumn' as const,
    table,
    ...(schema !== undefined ? { schema } : {}),
    name,
    [TABLE_COLUMN]: true as const,
    toString: () => name,
  });
}

/**
 * Whether a value is a table's column reference (from any copy of ambix).
 *
 * @example isTableColumn(llmSetting.id) // true
 */
export function isTableColumn(value: unknown): value is TableColumn {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<TableColumn>;
  return v[TABLE_COLUMN] === true && v.kind === 'tableColumn' && typeof v.table === 'string' && typeof v.name === 'string';
}

/** `schema.table.column` or `table.column`, for messages. */
export function qualifiedColumnName(c: { table: string; schema?: string | undefined; name: string }): string {
  return `${c.schema ? `${c.schema}.` : ''}${c.table}.${c.name}`;
}
