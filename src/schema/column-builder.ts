// The chainable column DSL. A builder is immutable: every modifier returns a new frozen
// builder, so `const id = integer(); a: id.notNull(), b: id` leaves `b` nullable.
// Its state is plain data under a Symbol.for key, so a builder made by one copy of ambix
// is read by another (a project's models and a tool's ambix need not be the same copy).
import { UserError } from '../errors.js';
import { describeValue, normalizeDefault } from './column-defaults.js';
import type { Column, ColumnDefault, ColumnReference, ColumnType, ColumnTypeKind, ReferentialAction, SqlFragment } from './model.js';
import { isTableColumn, type TableColumn } from './table-column.js';

export const COLUMN_STATE: unique symbol = Symbol.for('ambix.columnBuilder') as never;

/**
 * What a builder's type knows about its column, for row types: the TypeScript type of a value
 * (`data`), what `.default()` takes (`literal`), and what makes it required or optional.
 */
export interface BuilderConfig {
  readonly kind: ColumnTypeKind;
  readonly data: unknown;
  readonly literal: unknown;
  readonly notNull: boolean;
  readonly hasDefault: boolean;
  readonly autoincrement: boolean;
}

/** `config` with some of its fields replaced. */
export type With<C extends BuilderConfig, O extends Partial<BuilderConfig>> = {
  readonly [K in keyof BuilderConfig]: K extends keyof O ? O[K] : C[K];
};

/** How `.references()` reacts to changes of the referenced row, and the constraint's name. */
export interface ReferenceOptions {
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /** The foreign key's name; the naming convention (`fk`) gives one when absent. */
  readonly name?: string;
}

/** `'table.column'` (or `'schema.table.column'`), or a thunk returning a table's column. */
export type ReferenceTarget = string | (() => TableColumn<any>);

export interface PrimaryKeyOptions {
  /**
   * Whether the database numbers the key itself. Default: true for `integer()`, false for
   * every other type (a `bigint` key is not a SQLite rowid alias, so it is opt-in).
   */
  readonly autoincrement?: boolean;
}

/** The plain data a builder holds. */
export interface ColumnState {
  readonly kind: 'columnBuilder';
  readonly type: ColumnType;
  readonly primaryKey: boolean;
  /** Set only by `.primaryKey({ autoincrement })`. */
  readonly autoincrement?: boolean;
  /** Set by `.nullable()` / `.notNull()`; absent means "nullable unless a primary key". */
  readonly nullable?: boolean;
  readonly hasDefault: boolean;
  /** The value given to `.default()`, checked against the type by {@link toColumn}. */
  readonly default?: unknown;
  readonly unique: boolean;
  readonly index: boolean;
  readonly references?: { readonly target: ReferenceTarget; readonly options: ReferenceOptions };
  readonly comment?: string;
}

/**
 * A column definition being built: `varchar(50).notNull().index()`. Pass it to `table()` or to
 * `op.addColumn()`; {@link toColumn} turns it into the neutral {@link Column}.
 *
 * @example timeout: integer().notNull().default(30)
 */
export interface ColumnBuilder<C extends BuilderConfig = BuilderConfig> {
  readonly [COLUMN_STATE]: ColumnState;
  /** Type-only: what the column holds, for row types. Absent at run time. */
  readonly $config?: C;
  /** Makes the column the table's primary key (NOT NULL; an `integer` key autoincrements). */
  primaryKey<const O extends PrimaryKeyOptions = {}>(
    options?: O,
  ): ColumnBuilder<With<C, { notNull: true; autoincrement: O extends { autoincrement: infer A extends boolean } ? A : C['kind'] extends 'integer' ? true : false }>>;
  /** NOT NULL. */
  notNull(): ColumnBuilder<With<C, { notNull: true }>>;
  /** Nullable (the default for a column that is not a primary key). */
  nullable(): ColumnBuilder<With<C, { notNull: false }>>;
  /** A server default: a literal of the column's type, `null`, or sql`...`. */
  default(value: C['literal'] | SqlFragment | null): ColumnBuilder<With<C, { hasDefault: true }>>;
  /** A unique constraint on this column alone, named by the `uq` convention. */
  unique(): ColumnBuilder<C>;
  /** An index on this column alone, named by the `ix` convention (unique with `.unique()`). */
  index(): ColumnBuilder<C>;
  /**
   * A foreign key to another column, named by the `fk` convention unless `options.name`.
   * A table that references itself through a thunk needs the thunk's type written out,
   * or TypeScript reports a circular type: `.references((): TableColumn => category.id)`.
   */
  references(target: ReferenceTarget, options?: ReferenceOptions): ColumnBuilder<C>;
  /** A column comment (ignored where the database keeps none). */
  comment(text: string): ColumnBuilder<C>;
  /** Narrows the TypeScript type of the column's values (row types only), e.g. `json().$type<Settings>()`. */
  $type<T>(): ColumnBuilder<With<C, { data: T }>>;
}

/** The referential actions a foreign key may take, as the model spells them. */
export const REFERENTIAL_ACTIONS: readonly ReferentialAction[] = Object.freeze(['cascade', 'restrict', 'no action', 'set null', 'set default']);

/** Refuses an `onDelete` / `onUpdate` that is not a {@link ReferentialAction} (a JavaScript model has no compiler to catch it). */
export function checkReferenceOptions(options: ReferenceOptions, where: string): void {
  for (const key of ['onDelete', 'onUpdate'] as const) {
    const v = options[key];
    if (v !== undefined && !REFERENTIAL_ACTIONS.includes(v)) {
      throw new UserError(`${where}: ${key} must be one of ${REFERENTIAL_ACTIONS.map((a) => `'${a}'`).join(', ')}; got ${describeValue(v)}`);
    }
  }
  if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) throw new UserError(`${where}: name must be a non-empty string; got ${describeValue(options.name)}`);
}

class Builder {
  readonly [COLUMN_STATE]: ColumnState;
  constructor(state: ColumnState) {
    this[COLUMN_STATE] = Object.freeze(state);
    Object.freeze(this);
  }
  private with(patch: Partial<ColumnState>): Builder {
    return new Builder({ ...this[COLUMN_STATE], ...patch });
  }
  primaryKey(options?: PrimaryKeyOptions): Builder {
    if (options !== undefined && (typeof options !== 'object' || options === null)) throw new UserError(`.primaryKey() takes { autoincrement?: boolean }; got ${describeValue(options)}`);
    const auto = options?.autoincrement;
    if (auto !== undefined && typeof auto !== 'boolean') throw new UserError(`.primaryKey({ autoincrement }) takes true or false; got ${describeValue(auto)}`);
    return this.with({ primaryKey: true, ...(auto !== undefined ? { autoincrement: auto } : {}) });
  }
  notNull(): Builder {
    return this.with({ nullable: false });
  }
  nullable(): Builder {
    return this.with({ nullable: true });
  }
  default(value: unknown): Builder {
    return this.with({ hasDefault: true, default: value });
  }
  unique(): Builder {
    return this.with({ unique: true });
  }
  index(): Builder {
    return this.with({ index: true });
  }
  references(target: ReferenceTarget, options: ReferenceOptions = {}): Builder {
    if (typeof target !== 'string' && typeof target !== 'function') {
      throw new UserError(`.references() takes 'table.column' or () => table.column; got ${describeValue(target)}`);
    }
    if (typeof options !== 'object' || options === null) throw new UserError(`.references() options must be an object; got ${describeValue(options)}`);
    checkReferenceOptions(options, '.references()');
    return this.with({ references: Object.freeze({ target, options: Object.freeze({ ...options }) }) });
  }
  comment(text: string): Builder {
    if (typeof text !== 'string') throw new UserError(`.comment() takes a string; got ${describeValue(text)}`);
    return this.with({ comment: text });
  }
  $type(): Builder {
    return this;
  }
}

/** A fresh builder for a column type: what `integer()`, `varchar(50)`... return. */
export function columnBuilder<C extends BuilderConfig>(type: ColumnType): ColumnBuilder<C> {
  return new Builder({ kind: 'columnBuilder', type: Object.freeze(type), primaryKey: false, hasDefault: false, unique: false, index: false }) as unknown as ColumnBuilder<C>;
}

/**
 * Whether a value is a column builder (from any copy of ambix).
 *
 * @example isColumnBuilder(integer().notNull()) // true
 */
export function isColumnBuilder(value: unknown): value is ColumnBuilder {
  if (typeof value !== 'object' || value === null) return false;
  const state = (value as { [COLUMN_STATE]?: Partial<ColumnState> })[COLUMN_STATE];
  return typeof state === 'object' && state !== null && state.kind === 'columnBuilder' && typeof state.type === 'object';
}

/** The plain state of a builder. */
export function columnState(builder: ColumnBuilder): ColumnState {
  return builder[COLUMN_STATE];
}

/** Where a column is, for messages: `llm_setting.timeout`. */
export interface ColumnContext {
  readonly table?: string;
}

/**
 * The neutral {@link Column} a builder describes, with `name` as its column name. A wrong
 * default, a nullable primary key or a reference that cannot be resolved is a {@link UserError}.
 * The column keeps `unique`, `index` and `references` as flags; `buildTable()` turns them into
 * the table's named indexes and constraints instead.
 *
 * @example toColumn(integer().notNull().default(30), 'timeout')
 * // { name: 'timeout', type: { kind: 'integer' }, nullable: false, primaryKey: false, autoincrement: false, default: { kind: 'literal', value: 30 } }
 */
export function toColumn(builder: ColumnBuilder, name: string, context: ColumnContext = {}): Column {
  return buildColumn(builder, name, context, true);
}

/** {@link toColumn}, optionally leaving `.references()` unresolved (a table's thunks may point at tables not defined yet). */
export function buildColumn(builder: ColumnBuilder, name: string, context: ColumnContext, resolveReference: boolean): Column {
  const where = context.table !== undefined ? `${context.table}.${name}` : name;
  if (typeof name !== 'string' || name === '') throw new UserError(`A column needs a non-empty name${context.table !== undefined ? ` (table ${context.table})` : ''}`);
  if (!isColumnBuilder(builder)) {
    throw new UserError(`Column ${where} is not a column definition; got ${describeValue(builder)}`, "Use a column type from 'ambix/schema': integer(), text(), varchar(50), timestamp()...");
  }
  const s = columnState(builder);
  const type = s.type;
  if (s.primaryKey && s.nullable === true) throw new UserError(`Column ${where} is a primary key and cannot be .nullable()`, 'Remove .nullable(): primary key columns are NOT NULL.');
  const nullable = s.primaryKey ? false : (s.nullable ?? true);
  const autoincrement = s.primaryKey && (s.autoincrement ?? type.kind === 'integer');
  if (autoincrement && !['integer', 'bigint', 'smallint'].includes(type.kind)) {
    throw new UserError(`Column ${where} cannot autoincrement: it is ${typeName(type)}`, 'Only integer, bigint and smallint keys are numbered by the database.');
  }
  let def: ColumnDefault | undefined;
  if (s.hasDefault) {
    const checked = normalizeDefault(type, s.default);
    if (!checked.ok) {
      throw new UserError(`Column ${where}: default ${describeValue(s.default)} does not fit ${typeName(type)}, which takes ${checked.expected}`, 'Fix the value, or give a SQL expression with sql`...`.');
    }
    def = checked.value;
    if (def.kind === 'literal' && def.value === null && !nullable) throw new UserError(`Column ${where} is NOT NULL but defaults to NULL`, 'Give a non-null default, or make the column .nullable().');
    if (autoincrement) throw new UserError(`Column ${where} is an autoincrement key and cannot have a default`, 'Remove .default(), or use .primaryKey({ autoincrement: false }).');
  }
  const references = s.references && resolveReference ? resolveColumnReference(s.references, where) : undefined;
  return Object.freeze({
    name,
    type,
    nullable,
    primaryKey: s.primaryKey,
    autoincrement,
    ...(def !== undefined ? { default: def } : {}),
    ...(s.comment !== undefined ? { comment: s.comment } : {}),
    ...(s.unique ? { unique: true } : {}),
    ...(s.index ? { index: true } : {}),
    ...(references ? { references } : {}),
  });
}

/** Turns a `.references()` target into the table and column it names. */
export function resolveColumnReference(ref: NonNullable<ColumnState['references']>, where: string): ColumnReference & { readonly schema?: string } {
  const target = resolveTarget(ref.target, where);
  const { onDelete, onUpdate, name } = ref.options;
  return Object.freeze({
    table: target.table,
    column: target.name,
    ...(target.schema !== undefined ? { schema: target.schema } : {}),
    ...(onDelete !== undefined ? { onDelete } : {}),
    ...(onUpdate !== undefined ? { onUpdate } : {}),
    ...(name !== undefined ? { name } : {}),
  });
}

/** `'table.column'`, `'schema.table.column'` or a thunk, as `{ table, name, schema? }`. */
export function resolveTarget(target: ReferenceTarget | TableColumn, where: string): { table: string; name: string; schema?: string } {
  if (isTableColumn(target)) return target;
  if (typeof target === 'string') {
    const parts = target.split('.');
    if ((parts.length !== 2 && parts.length !== 3) || parts.some((p) => p === '')) {
      throw new UserError(`Column ${where} references '${target}', which is not 'table.column'`, "Write .references('other_table.id') or .references(() => otherTable.id).");
    }
    const [a, b, c] = parts as [string, string, string?];
    return c === undefined ? { table: a, name: b } : { schema: a, table: b, name: c };
  }
  let value: unknown;
  try {
    value = target();
  } catch (error) {
    if (error instanceof ReferenceError) {
      throw new UserError(`Column ${where}: its .references(() => ...) target is not defined yet (${error.message})`, 'Define the referenced table first, or reference it by name: .references(\'table.column\').', { cause: error });
    }
    throw error;
  }
  if (!isTableColumn(value)) {
    throw new UserError(`Column ${where}: .references(() => ...) returned ${describeValue(value)}, not a table's column`, 'Return a column of a table(), e.g. .references(() => llmSetting.id).');
  }
  return value;
}

/** A type as SQL-ish text, for messages: `varchar(50)`, `enum mood`. */
export function typeName(type: ColumnType): string {
  switch (type.kind) {
    case 'numeric':
      return type.precision === undefined ? 'numeric' : `numeric(${type.precision}${type.scale !== undefined ? `, ${type.scale}` : ''})`;
    case 'varchar':
    case 'char':
      return type.length === undefined ? type.kind : `${type.kind}(${type.length})`;
    case 'timestamp':
      return type.withTimezone ? 'timestamp with time zone' : 'timestamp';
    case 'enum':
      return `enum ${type.name}`;
    case 'raw':
      return type.sql;
    default:
      return type.kind;
  }
}
