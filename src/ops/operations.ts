import type { CheckConstraint, Column, ColumnDefault, ColumnType, ForeignKey, Index, PrimaryKey, SqlFragment, Table, UniqueConstraint } from '../schema/model.js';

/**
 * Every schema operation as frozen data. The dialect compiles it, the offline writer prints
 * it, autogenerate renders and reverses it. Dispatch over `kind` is exhaustive.
 * The optional `prior` of a drop or an alter is what it removes or replaces, recorded by
 * autogenerate so the downgrade can restore it (Alembic's reversible ops); execution ignores it.
 */
export type Operation =
  | { readonly kind: 'createTable'; readonly table: Table }
  | { readonly kind: 'dropTable'; readonly table: string; readonly schema?: string; readonly prior?: Table }
  | { readonly kind: 'renameTable'; readonly table: string; readonly newName: string; readonly schema?: string }
  | { readonly kind: 'addColumn'; readonly table: string; readonly column: Column; readonly schema?: string }
  | { readonly kind: 'dropColumn'; readonly table: string; readonly column: string; readonly schema?: string; readonly prior?: Column }
  | { readonly kind: 'alterColumn'; readonly table: string; readonly column: string; readonly changes: ColumnChanges; readonly schema?: string; readonly prior?: ColumnPrior }
  | { readonly kind: 'createIndex'; readonly table: string; readonly index: Index; readonly schema?: string }
  | { readonly kind: 'dropIndex'; readonly table: string; readonly name: string; readonly schema?: string; readonly prior?: Index }
  | { readonly kind: 'createUniqueConstraint'; readonly table: string; readonly constraint: UniqueConstraint; readonly schema?: string }
  | { readonly kind: 'createForeignKey'; readonly table: string; readonly constraint: ForeignKey; readonly schema?: string }
  | { readonly kind: 'createCheckConstraint'; readonly table: string; readonly constraint: CheckConstraint; readonly schema?: string }
  | { readonly kind: 'createPrimaryKey'; readonly table: string; readonly constraint: PrimaryKey; readonly schema?: string }
  | { readonly kind: 'dropConstraint'; readonly table: string; readonly name: string; readonly schema?: string; readonly prior?: ConstraintPrior }
  | AlterEnumOp
  | { readonly kind: 'execute'; readonly sql: string }
  | { readonly kind: 'bulkInsert'; readonly table: string; readonly rows: readonly Record<string, unknown>[]; readonly schema?: string };

export type OperationKind = Operation['kind'];

/**
 * New values for an enum type (added, removed or reordered), on the columns that use it.
 *
 * Its own operation rather than an `alterColumn` type change, because on PostgreSQL the values
 * belong to a named type that several columns of several tables share: one change of the type
 * is one statement sequence (`ALTER TYPE ... ADD VALUE`, or a new type every column is cast to),
 * which a per-column alter would have to do on the first column and silently skip on the
 * others, with priors that lie about the columns it touched. As one operation it reverses as
 * one (`prior` ⇄ `values`), is marked destructive when it removes values, and is what
 * autogenerate puts in `op.autocommitBlock` when it only adds (a value PostgreSQL adds cannot be
 * used in the transaction that added it). Where enum values are each column's own (MySQL's
 * inline `ENUM`, SQLite's CHECK) it is carried out as an `alterColumn` type change per column
 * ({@link alterEnumColumns}); that is why it names its columns: MySQL keeps no enum names.
 *
 * @example { kind: 'alterEnum', name: 'mood', values: ['happy', 'ok', 'sad'], columns: [{ table: 'task', column: 'mood' }], prior: ['happy', 'sad'] }
 */
export interface AlterEnumOp {
  readonly kind: 'alterEnum';
  /** The enum's name (`enumType(name, ...)`); on PostgreSQL its type, in `schema` unless qualified. */
  readonly name: string;
  /** The values after the change, in order. */
  readonly values: readonly string[];
  /** The columns that use the enum (tables in `schema`). */
  readonly columns: readonly EnumColumn[];
  readonly schema?: string;
  /** The values before, recorded by autogenerate for the downgrade; execution ignores it. */
  readonly prior?: readonly string[];
}

/** A column of an enum type, named by its table and column. */
export interface EnumColumn {
  readonly table: string;
  readonly column: string;
}

/**
 * An `alterEnum` as the per-column type changes it makes: how dialects without named enum
 * types carry it out, and how a schema model follows it.
 *
 * @example alterEnumColumns({ kind: 'alterEnum', name: 'mood', values: ['a'], columns: [{ table: 't', column: 'c' }] })
 * // [{ kind: 'alterColumn', table: 't', column: 'c', changes: { type: { kind: 'enum', name: 'mood', values: ['a'] } } }]
 */
export function alterEnumColumns(op: AlterEnumOp): Extract<Operation, { kind: 'alterColumn' }>[] {
  const type: ColumnType = Object.freeze({ kind: 'enum', name: op.name, values: op.values });
  return op.columns.map((c) => ({ kind: 'alterColumn', table: c.table, column: c.column, changes: { type }, ...(op.schema !== undefined ? { schema: op.schema } : {}) }));
}

/**
 * Values a change of an enum's values removes (in `from`, not in `to`).
 *
 * @example enumValuesRemoved(['a', 'b'], ['a', 'c']) // ['b']
 */
export function enumValuesRemoved(from: readonly string[], to: readonly string[]): string[] {
  return from.filter((v) => !to.includes(v));
}

/**
 * Whether `to` only adds values to `from`, keeping its order (`from` is a subsequence of
 * `to`): what PostgreSQL's `ALTER TYPE ... ADD VALUE [BEFORE | AFTER]` can do in place.
 *
 * @example enumOnlyAdds(['a', 'c'], ['a', 'b', 'c']) // true; enumOnlyAdds(['a', 'b'], ['b', 'a']) // false
 */
export function enumOnlyAdds(from: readonly string[], to: readonly string[]): boolean {
  let i = 0;
  for (const v of to) if (i < from.length && v === from[i]) i++;
  return i === from.length && to.length > from.length;
}

/**
 * What an `alterColumn` changed, as it was before: autogenerate records it so the downgrade
 * can restore it. Execution ignores it. Keys mirror {@link ColumnChanges}; `null` means
 * "there was none" (no default, no comment).
 *
 * @example { kind: 'alterColumn', table: 't', column: 'c', changes: { nullable: false }, prior: { nullable: true } }
 */
export interface ColumnPrior {
  readonly type?: ColumnType;
  readonly nullable?: boolean;
  readonly default?: ColumnDefault | null;
  readonly comment?: string | null;
}

/**
 * The constraint a `dropConstraint` removes, recorded by autogenerate so the downgrade can
 * create it again. Execution ignores it (it drops by name).
 *
 * @example { kind: 'dropConstraint', table: 't', name: 'uq_t_a', prior: { kind: 'unique', constraint: { name: 'uq_t_a', columns: ['a'] } } }
 */
export type ConstraintPrior =
  | { readonly kind: 'unique'; readonly constraint: UniqueConstraint }
  | { readonly kind: 'foreignKey'; readonly constraint: ForeignKey }
  | { readonly kind: 'check'; readonly constraint: CheckConstraint }
  | { readonly kind: 'primaryKey'; readonly constraint: PrimaryKey };

/** What `alterColumn` may change; absent keys stay as they are. */
export interface ColumnChanges {
  readonly type?: ColumnType;
  readonly nullable?: boolean;
  /** `null` drops the default. */
  readonly default?: ColumnDefault | null;
  /** `null` drops the comment. */
  readonly comment?: string | null;
  readonly newName?: string;
}

export type { SqlFragment };

/** The tables an operation reads or changes: used to flush pending SQLite rebuilds in order. */
export function tablesTouched(op: Operation): string[] {
  switch (op.kind) {
    case 'createTable':
      return [op.table.name, ...op.table.foreignKeys.map((f) => f.refTable)];
    case 'renameTable':
      return [op.table, op.newName];
    case 'execute':
      return [];
    case 'alterEnum':
      return [...new Set(op.columns.map((c) => c.table))];
    case 'createForeignKey':
      return [op.table, op.constraint.refTable];
    case 'dropTable':
    case 'addColumn':
    case 'dropColumn':
    case 'alterColumn':
    case 'createIndex':
    case 'dropIndex':
    case 'createUniqueConstraint':
    case 'createCheckConstraint':
    case 'createPrimaryKey':
    case 'dropConstraint':
    case 'bulkInsert':
      return [op.table];
  }
}
