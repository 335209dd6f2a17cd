// What the third argument of `table()` returns: indexes and constraints over one or more
// columns. Each is frozen data with a `kind`, branded with a Symbol.for key so another copy
// of ambix recognises it; the table turns them into the neutral model's named objects.
import { UserError } from '../errors.js';
import { checkReferenceOptions, type ReferenceOptions } from './column-builder.js';
import { describeValue } from './column-defaults.js';
import { isSqlFragment, type SqlFragment } from './model.js';
import type { TableColumn } from './table-column.js';

export const TABLE_EXTRA: unique symbol = Symbol.for('ambix.tableExtra') as never;

/** A column of the table being defined (`t.title`), or its name. */
export type ColumnTarget = TableColumn<any> | string;

interface Branded {
  readonly [TABLE_EXTRA]: true;
}

/** `index(name?).on(...columns)`, optionally `.where(sql\`...\`)` (a partial index). */
export interface IndexDefinition extends Branded {
  readonly kind: 'index';
  readonly name?: string;
  readonly columns: readonly ColumnTarget[];
  readonly unique: boolean;
  /** The partial index condition. */
  readonly condition?: string;
  on(...columns: ColumnTarget[]): IndexDefinition;
  where(condition: SqlFragment | string): IndexDefinition;
}

/** `unique(name?).on(...columns)`: a unique constraint. */
export interface UniqueDefinition extends Branded {
  readonly kind: 'unique';
  readonly name?: string;
  readonly columns: readonly ColumnTarget[];
  on(...columns: ColumnTarget[]): UniqueDefinition;
}

/** `check(name, sql\`...\`)`. */
export interface CheckDefinition extends Branded {
  readonly kind: 'check';
  readonly name: string;
  readonly expression: string;
  /** Use `name` as it is instead of through the `ck` naming convention. */
  readonly exactName: boolean;
}

/** `primaryKey({ columns })`: a composite (or explicitly named) primary key. */
export interface PrimaryKeyDefinition extends Branded {
  readonly kind: 'primaryKey';
  readonly name?: string;
  readonly columns: readonly ColumnTarget[];
}

/** `foreignKey({ columns, foreignColumns })`: a (composite) foreign key. */
export interface ForeignKeyDefinition extends Branded, ReferenceOptions {
  readonly kind: 'foreignKey';
  readonly columns: readonly ColumnTarget[];
  /** Columns of the referenced table: `other.id`, or `'other.id'`. */
  readonly foreignColumns: readonly ColumnTarget[];
}

/** Anything the extras callback of `table()` may return. */
export type TableExtra = IndexDefinition | UniqueDefinition | CheckDefinition | PrimaryKeyDefinition | ForeignKeyDefinition;

/**
 * Whether a value is a table extra (from any copy of ambix).
 *
 * @example isTableExtra(index().on('a')) // true
 */
export function isTableExtra(value: unknown): value is TableExtra {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<TableExtra>;
  return v[TABLE_EXTRA] === true && ['index', 'unique', 'check', 'primaryKey', 'foreignKey'].includes(v.kind as string);
}

function optionalName(fn: string, name: unknown): { name?: string } {
  if (name === undefined) return {};
  if (typeof name !== 'string' || name === '') throw new UserError(`${fn}(name) takes a non-empty string; got ${describeValue(name)}`);
  return { name };
}

function makeIndex(data: Omit<IndexDefinition, 'on' | 'where' | typeof TABLE_EXTRA>): IndexDefinition {
  const self: IndexDefinition = Object.freeze({
    ...data,
    [TABLE_EXTRA]: true as const,
    on: (...columns: ColumnTarget[]) => makeIndex({ ...data, columns: Object.freeze(columns) }),
    where: (condition: SqlFragment | string) => makeIndex({ ...data, condition: sqlText('index().where()', condition) }),
  });
  return self;
}

/**
 * An index over columns of the table, named by the `ix` convention when `name` is absent.
 *
 * @example (t) => [index('ix_task_title').on(t.title), index().on(t.owner_id, t.created_at)]
 */
export function index(name?: string): IndexDefinition {
  return makeIndex({ kind: 'index', ...optionalName('index', name), columns: [], unique: false });
}

/** A unique index (named by the `ix` convention). @example (t) => [uniqueIndex().on(t.email)] */
export function uniqueIndex(name?: string): IndexDefinition {
  return makeIndex({ kind: 'index', ...optionalName('uniqueIndex', name), columns: [], unique: true });
}

function makeUnique(data: Omit<UniqueDefinition, 'on' | typeof TABLE_EXTRA>): UniqueDefinition {
  return Object.freeze({
    ...data,
    [TABLE_EXTRA]: true as const,
    on: (...columns: ColumnTarget[]) => makeUnique({ ...data, columns: Object.freeze(columns) }),
  });
}

/**
 * A unique constraint over columns of the table, named by the `uq` convention when `name` is absent.
 *
 * @example (t) => [unique().on(t.config_id, t.created_at)]
 */
export function unique(name?: string): UniqueDefinition {
  return makeUnique({ kind: 'unique', ...optionalName('unique', name), columns: [] });
}

/**
 * A CHECK constraint. Its name goes through the `ck` convention (`ck_{table}_{name}`: so
 * `check('price_positive', ...)` on `product` is `ck_product_price_positive`); a name that
 * already has the convention's shape is kept, and `{ exactName: true }` keeps any name.
 *
 * @example (t) => [check('price_positive', sql`${t.price} > 0`)]
 */
export function check(name: string, expression: SqlFragment | string, options?: { readonly exactName?: boolean }): CheckDefinition {
  if (typeof name !== 'string' || name === '') throw new UserError(`check(name, expression) needs a name; got ${describeValue(name)}`, "Write check('price_positive', sql`price > 0`).");
  return Object.freeze({ kind: 'check' as const, name, expression: sqlText(`check('${name}')`, expression), exactName: options?.exactName === true, [TABLE_EXTRA]: true as const });
}

/**
 * The table's primary key over several columns (then no column says `.primaryKey()`).
 *
 * @example (t) => [primaryKey({ columns: [t.user_id, t.group_id] })]
 */
export function primaryKey(options: { readonly columns: readonly ColumnTarget[]; readonly name?: string }): PrimaryKeyDefinition {
  if (typeof options !== 'object' || options === null || !Array.isArray(options.columns)) {
    throw new UserError(`primaryKey() takes { columns: [...] }; got ${describeValue(options)}`, 'Write primaryKey({ columns: [t.a, t.b] }).');
  }
  return Object.freeze({ kind: 'primaryKey' as const, ...optionalName('primaryKey', options.name), columns: Object.freeze([...options.columns]), [TABLE_EXTRA]: true as const });
}

/**
 * A foreign key over several columns, named by the `fk` convention when `name` is absent.
 *
 * @example (t) => [foreignKey({ columns: [t.order_id, t.line], foreignColumns: [orderLine.order_id, orderLine.line], onDelete: 'cascade' })]
 */
export function foreignKey(
  options: { readonly columns: readonly ColumnTarget[]; readonly foreignColumns: readonly ColumnTarget[] } & ReferenceOptions,
): ForeignKeyDefinition {
  if (typeof options !== 'object' || options === null || !Array.isArray(options.columns) || !Array.isArray(options.foreignColumns)) {
    throw new UserError(`foreignKey() takes { columns: [...], foreignColumns: [...] }; got ${describeValue(options)}`);
  }
  const { columns, foreignColumns, onDelete, onUpdate, name } = options;
  checkReferenceOptions(options, 'foreignKey()');
  return Object.freeze({
    kind: 'foreignKey' as const,
    ...optionalName('foreignKey', name),
    columns: Object.freeze([...columns]),
    foreignColumns: Object.freeze([...foreignColumns]),
    ...(onDelete !== undefined ? { onDelete } : {}),
    ...(onUpdate !== undefined ? { onUpdate } : {}),
    [TABLE_EXTRA]: true as const,
  });
}

function sqlText(where: string, value: SqlFragment | string): string {
  const text = isSqlFragment(value) ? value.text : value;
  if (typeof text !== 'string' || text.trim() === '') throw new UserError(`${where} needs a SQL expression (sql\`...\` or a string); got ${describeValue(value)}`);
  return text;
}
