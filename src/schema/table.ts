// `table()` and the function behind it, `buildTable()`: column builders and extras in, the
// neutral `Table` out, every index and constraint named. A defined table keeps its definition
// and builds the `Table` on demand, because `.references(() => other.id)` may point at a
// table defined further down the file, and the naming convention comes from the config.
import { UserError } from '../errors.js';
import { buildColumn, columnState, isColumnBuilder, resolveTarget } from './column-builder.js';
import { describeValue } from './column-defaults.js';
import type { ColumnsShape, ConfigOf, InferInsert, InferSelect } from './infer.js';
import type { CheckConstraint, Column, ColumnReference, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint } from './model.js';
import { checkConstraintName, conventionalName, resolveNamingConvention, type NamingConvention, type NamingConventionInput } from './naming.js';
import { isTableColumn, tableColumn, type TableColumn } from './table-column.js';
import { isTableExtra, type ColumnTarget, type TableExtra } from './table-extras.js';
import { validateTable } from './validate-schema.js';

export const TABLE_DEFINITION: unique symbol = Symbol.for('ambix.table') as never;

/** Where the table lives and what it says about itself. */
export interface TableOptions {
  /** The database schema (PostgreSQL; a database on MySQL). */
  readonly schema?: string;
  readonly comment?: string;
}

/** {@link TableOptions}, and the naming convention for unnamed indexes and constraints. */
export interface BuildTableOptions extends TableOptions {
  readonly namingConvention?: NamingConventionInput;
}

/** The columns of a table as its extras callback and its properties expose them. */
export type TableColumns<T extends ColumnsShape> = { readonly [K in keyof T & string]: TableColumn<ConfigOf<T[K]>> };

/** The third argument of `table()`: the table's multi-column indexes and constraints. */
export type TableExtras<T extends ColumnsShape> = (t: TableColumns<T>) => readonly TableExtra[];

/** What a defined table remembers, as plain data (read by any copy of ambix). */
export interface TableDefinition {
  readonly kind: 'tableDefinition';
  readonly name: string;
  readonly columns: Readonly<ColumnsShape>;
  readonly extras?: (t: any) => readonly unknown[];
  readonly options: TableOptions;
}

/**
 * What `table()` returns: each column as a property (`llmSetting.id`), and, for the compiler
 * only, the row types `$inferSelect` and `$inferInsert`. {@link getTable} gives the neutral `Table`.
 */
export type DefinedTable<T extends ColumnsShape = ColumnsShape> = TableColumns<T> & {
  readonly [TABLE_DEFINITION]: TableDefinition;
  /** Type-only: a selected row. `type Task = typeof task.$inferSelect` */
  readonly $inferSelect: InferSelect<T>;
  /** Type-only: a row to insert. `type NewTask = typeof task.$inferInsert` */
  readonly $inferInsert: InferInsert<T>;
};

/**
 * Defines a table of the models. The key of each column is its column name.
 *
 * @example
 * export const task = table('task', {
 *   id: integer().primaryKey(),
 *   title: varchar(200).notNull(),
 *   owner_id: integer().notNull().references(() => user.id, { onDelete: 'cascade' }),
 * }, (t) => [index().on(t.owner_id, t.title)]);
 */
export function table<T extends ColumnsShape>(name: string, columns: T, extras?: TableExtras<T> | TableOptions, options?: TableOptions): DefinedTable<T> {
  const [fn, opts] = typeof extras === 'function' ? [extras, options] : [undefined, extras ?? options];
  checkTableArguments(name, columns, fn, opts);
  // Fail on the model's own line for what needs no other table: types, defaults, nullability.
  for (const [key, builder] of Object.entries(columns)) buildColumn(builder, key, { table: name }, false);
  const definition: TableDefinition = Object.freeze({
    kind: 'tableDefinition' as const,
    name,
    columns: Object.freeze({ ...columns }),
    ...(fn ? { extras: fn } : {}),
    options: Object.freeze({ ...opts }),
  });
  return Object.freeze({ ...columnRefs(name, columns, opts?.schema), [TABLE_DEFINITION]: definition }) as unknown as DefinedTable<T>;
}

/**
 * Whether a value is a table defined with `table()` (by any copy of ambix).
 *
 * @example Object.values(await import('./models.js')).filter(isTable)
 */
export function isTable(value: unknown): value is DefinedTable {
  if (typeof value !== 'object' || value === null) return false;
  const def = (value as { [TABLE_DEFINITION]?: Partial<TableDefinition> })[TABLE_DEFINITION];
  return typeof def === 'object' && def !== null && def.kind === 'tableDefinition' && typeof def.name === 'string';
}

const built = new WeakMap<TableDefinition, Map<string, Table>>();

/**
 * The neutral {@link Table} of a defined table, every index and constraint named by the
 * convention (the default one unless given). Built once per convention.
 *
 * @example getTable(llmSetting).indexes[0].name // 'ix_llm_setting_provider'
 */
export function getTable(definedTable: DefinedTable<any>, options: { readonly namingConvention?: NamingConventionInput } = {}): Table {
  if (!isTable(definedTable)) throw new UserError(`getTable() expects a table defined with table(); got ${describeValue(definedTable)}`);
  const def = definedTable[TABLE_DEFINITION];
  const convention = resolveNamingConvention(options.namingConvention);
  const key = JSON.stringify(convention);
  let byConvention = built.get(def);
  if (!byConvention) built.set(def, (byConvention = new Map()));
  let result = byConvention.get(key);
  if (!result) {
    result = buildTable(def.name, def.columns, def.extras as TableExtras<ColumnsShape> | undefined, { ...def.options, namingConvention: convention });
    byConvention.set(key, result);
  }
  return result;
}

/**
 * The neutral {@link Table} for a name, column builders and extras: what `table()` describes,
 * and what `op.createTable()` creates. Column-level `.unique()`, `.index()` and `.references()`
 * become the table's named uniques, indexes and foreign keys (the columns lose those flags,
 * so a model's table equals one read back from the database).
 *
 * @example buildTable('task', { id: integer().primaryKey(), title: text() }, (t) => [index().on(t.title)])
 */
export function buildTable<T extends ColumnsShape>(name: string, columns: T, extras?: TableExtras<T>, options: BuildTableOptions = {}): Table {
  checkTableArguments(name, columns, extras, options);
  const conv = resolveNamingConvention(options.namingConvention);
  const cols = Object.entries(columns).map(([key, builder]) => buildColumn(builder, key, { table: name }, true));
  const list = extras ? callExtras(name, extras, columnRefs(name, columns, options.schema)) : [];
  const own = (target: ColumnTarget, what: string) => ownColumn(name, options.schema, cols, target, what);
  const ownList = (targets: readonly ColumnTarget[], what: string): string[] => {
    if (targets.length === 0) throw new UserError(`Table ${name}: ${what} has no columns`, 'List them with .on(t.a, t.b) (or columns: [t.a] for keys).');
    return targets.map((c) => own(c, what));
  };

  const pkColumns = cols.filter((c) => c.primaryKey);
  const pkExtras = list.filter((e) => e.kind === 'primaryKey');
  if (pkColumns.length > 1) {
    throw new UserError(
      `Table ${name} has two primary keys: columns ${pkColumns.map((c) => `'${c.name}'`).join(' and ')} are each .primaryKey()`,
      `For a composite key, drop .primaryKey() from the columns and add primaryKey({ columns: [${pkColumns.map((c) => `t.${c.name}`).join(', ')}] }) to the table's extras.`,
    );
  }
  if (pkExtras.length > 1 || (pkExtras.length === 1 && pkColumns.length === 1)) {
    const declared = pkExtras.length > 1 ? `the extras declare primaryKey() ${pkExtras.length} times` : `column '${pkColumns[0]!.name}' is .primaryKey() and the extras declare primaryKey({ columns })`;
    throw new UserError(`Table ${name} has two primary keys: ${declared}`, 'Declare the key once: .primaryKey() on a single column, or one primaryKey({ columns }) in the extras.');
  }
  let primaryKey: PrimaryKey | undefined;
  let finalColumns: Column[] = cols;
  if (pkExtras.length === 1) {
    const pk = pkExtras[0]!;
    const keyCols = ownList(pk.columns, 'primaryKey()');
    for (const c of keyCols) {
      if (columnState(columns[c]!).nullable === true) throw new UserError(`Column ${name}.${c} is in the primary key and cannot be .nullable()`, 'Remove .nullable(): primary key columns are NOT NULL.');
    }
    primaryKey = { name: pk.name ?? conventionalName(conv, 'pk', { table: name, columns: keyCols }), columns: keyCols };
    finalColumns = cols.map((c) => (keyCols.includes(c.name) ? { ...c, primaryKey: true, nullable: false } : c));
  } else if (pkColumns.length === 1) {
    primaryKey = { name: conventionalName(conv, 'pk', { table: name, columns: [pkColumns[0]!.name] }), columns: [pkColumns[0]!.name] };
  }

  const indexes: Index[] = [];
  const uniques: UniqueConstraint[] = [];
  const foreignKeys: ForeignKey[] = [];
  const checks: CheckConstraint[] = [];
  for (const c of cols) {
    const own = columnConstraints(name, c, conv);
    indexes.push(...own.indexes);
    uniques.push(...own.uniques);
    foreignKeys.push(...own.foreignKeys);
  }
  for (const e of list) {
    switch (e.kind) {
      case 'primaryKey':
        break;
      case 'index': {
        const ixCols = ownList(e.columns, `index${e.name ? ` ${e.name}` : ''}`);
        indexes.push({ name: e.name ?? conventionalName(conv, 'ix', { table: name, columns: ixCols }), columns: ixCols, unique: e.unique, ...(e.condition ? { where: e.condition } : {}) });
        break;
      }
      case 'unique': {
        const uqCols = ownList(e.columns, `unique${e.name ? ` ${e.name}` : ''}`);
        uniques.push({ name: e.name ?? conventionalName(conv, 'uq', { table: name, columns: uqCols }), columns: uqCols });
        break;
      }
      case 'check':
        checks.push({ name: e.exactName ? e.name : checkConstraintName(conv, name, e.name), expression: e.expression });
        break;
      case 'foreignKey':
        foreignKeys.push(foreignKeyOf(name, e, ownList(e.columns, `foreignKey${e.name ? ` ${e.name}` : ''}`), conv));
        break;
    }
  }
  const result: Table = deepFreeze({
    name,
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
    columns: finalColumns.map(({ unique: _u, index: _i, references: _r, ...rest }) => rest),
    ...(primaryKey ? { primaryKey } : {}),
    indexes,
    uniques,
    foreignKeys,
    checks,
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
  });
  validateTable(result, { maxIdentifierLength: conv.maxLength });
  return result;
}

/**
 * The named index, unique constraint and foreign key that a lone column's `.index()`,
 * `.unique()` and `.references()` stand for: what `buildTable()` adds to the table, and what
 * `op.addColumn()` must create beside the column (names by the same convention).
 *
 * @example columnConstraints('task', toColumn(integer().references('user.id'), 'owner_id'))
 * // { indexes: [], uniques: [], foreignKeys: [{ name: 'fk_task_owner_id_user', columns: ['owner_id'], refTable: 'user', refColumns: ['id'] }] }
 */
export function columnConstraints(
  table: string,
  column: Column,
  namingConvention?: NamingConventionInput,
): { indexes: Index[]; uniques: UniqueConstraint[]; foreignKeys: ForeignKey[] } {
  const conv = resolveNamingConvention(namingConvention);
  const c = column;
  const indexes: Index[] = [];
  const uniques: UniqueConstraint[] = [];
  const foreignKeys: ForeignKey[] = [];
  // Like SQLAlchemy's Column(index=True, unique=True): one unique index, not an index and a constraint.
  if (c.index) indexes.push({ name: conventionalName(conv, 'ix', { table, columns: [c.name] }), columns: [c.name], unique: c.unique === true });
  else if (c.unique) uniques.push({ name: conventionalName(conv, 'uq', { table, columns: [c.name] }), columns: [c.name] });
  const r = c.references as (ColumnReference & { readonly schema?: string }) | undefined;
  if (r) {
    foreignKeys.push({
      name: r.name ?? conventionalName(conv, 'fk', { table, columns: [c.name], referredTable: r.table, referredColumns: [r.column] }),
      columns: [c.name],
      refTable: r.table,
      refColumns: [r.column],
      ...(r.schema !== undefined ? { refSchema: r.schema } : {}),
      ...(r.onDelete ? { onDelete: r.onDelete } : {}),
      ...(r.onUpdate ? { onUpdate: r.onUpdate } : {}),
    });
  }
  return { indexes, uniques, foreignKeys };
}

function foreignKeyOf(table: string, e: Extract<TableExtra, { kind: 'foreignKey' }>, columns: string[], conv: NamingConvention): ForeignKey {
  const what = `Table ${table}: foreignKey(${e.name ? `'${e.name}'` : ''})`;
  if (e.foreignColumns.length !== columns.length) {
    throw new UserError(`${what} has ${columns.length} column(s) but ${e.foreignColumns.length} foreign column(s)`, 'Give one foreign column per column, in the same order.');
  }
  const targets = e.foreignColumns.map((f) => resolveTarget(f, `${table}.${columns.join(',')}`));
  const first = targets[0]!;
  if (targets.some((t) => t.table !== first.table || t.schema !== first.schema)) {
    throw new UserError(`${what} points at columns of several tables (${targets.map((t) => `${t.table}.${t.name}`).join(', ')})`, 'A foreign key references one table: use one foreignKey() per referenced table.');
  }
  const refColumns = targets.map((t) => t.name);
  return {
    name: e.name ?? conventionalName(conv, 'fk', { table, columns, referredTable: first.table, referredColumns: refColumns }),
    columns,
    refTable: first.table,
    refColumns,
    ...(first.schema !== undefined ? { refSchema: first.schema } : {}),
    ...(e.onDelete ? { onDelete: e.onDelete } : {}),
    ...(e.onUpdate ? { onUpdate: e.onUpdate } : {}),
  };
}

function checkTableArguments(name: unknown, columns: unknown, extras: unknown, options: unknown): void {
  if (typeof name !== 'string' || name === '') throw new UserError(`A table needs a non-empty name; got ${describeValue(name)}`, "Write table('task', { id: integer().primaryKey() }).");
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
    throw new UserError(`Table ${name}: the columns must be an object of column name → column; got ${describeValue(columns)}`, "Write table('task', { id: integer().primaryKey(), title: text() }).");
  }
  const entries = Object.entries(columns);
  if (entries.length === 0) throw new UserError(`Table ${name} has no columns`, 'A table needs at least one column.');
  for (const [key, value] of entries) {
    if (!isColumnBuilder(value)) throw new UserError(`Table ${name}: column '${key}' is not a column definition; got ${describeValue(value)}`, "Use a column type from 'ambix/schema': integer(), text(), varchar(50), timestamp()...");
  }
  if (extras !== undefined && typeof extras !== 'function') throw new UserError(`Table ${name}: the extras must be a function (t) => [...]; got ${describeValue(extras)}`);
  if (options !== undefined && (typeof options !== 'object' || options === null)) throw new UserError(`Table ${name}: the options must be an object; got ${describeValue(options)}`);
  const o = (options ?? {}) as Record<string, unknown>;
  for (const key of ['schema', 'comment']) {
    if (o[key] !== undefined && typeof o[key] !== 'string') throw new UserError(`Table ${name}: option ${key} must be a string; got ${describeValue(o[key])}`);
  }
}

function columnRefs(table: string, columns: ColumnsShape, schema: string | undefined): Record<string, TableColumn> {
  return Object.fromEntries(Object.keys(columns).map((key) => [key, tableColumn(table, key, schema)]));
}

function callExtras(table: string, extras: (t: any) => readonly unknown[], refs: Record<string, TableColumn>): TableExtra[] {
  let list: unknown;
  try {
    list = extras(Object.freeze(refs));
  } catch (error) {
    if (error instanceof ReferenceError) {
      throw new UserError(`Table ${table}: its extras use a table that is not defined yet (${error.message})`, 'Define that table first, or name its columns as strings.', { cause: error });
    }
    throw error;
  }
  if (!Array.isArray(list)) throw new UserError(`Table ${table}: the extras function must return an array; got ${describeValue(list)}`, 'Write (t) => [index().on(t.a), unique().on(t.b)].');
  list.forEach((e, i) => {
    if (!isTableExtra(e)) {
      throw new UserError(`Table ${table}: extra #${i + 1} is not an index or constraint; got ${describeValue(e)}`, "Return index(), uniqueIndex(), unique(), check(), primaryKey() or foreignKey() from 'ambix/schema'.");
    }
  });
  return list as TableExtra[];
}

function ownColumn(table: string, schema: string | undefined, cols: readonly Column[], target: ColumnTarget, what: string): string {
  if (isTableColumn(target)) {
    if (target.table !== table || target.schema !== schema) {
      throw new UserError(`Table ${table}: ${what} names column ${target.table}.${target.name} of another table`, `Use this table's columns (t.${target.name}), or a foreignKey() to reach another table.`);
    }
  } else if (typeof target !== 'string') {
    throw new UserError(`Table ${table}: ${what} takes columns (t.name or 'name'); got ${describeValue(target)}`);
  }
  const colName = typeof target === 'string' ? target : target.name;
  if (!cols.some((c) => c.name === colName)) {
    throw new UserError(`Table ${table}: ${what} names unknown column '${colName}'`, `Columns of ${table}: ${cols.map((c) => c.name).join(', ')}.`);
  }
  return colName;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    // for...in, not Object.values(): no array per object (a thousand tables are built per upgrade).
    for (const key in value) deepFreeze(value[key]);
    Object.freeze(value);
  }
  return value;
}
