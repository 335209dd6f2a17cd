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
  | { readonly kind: 'execute'; readonly sql: string }
  | { readonly kind: 'bulkInsert'; readonly table: string; readonly rows: readonly Record<string, unknown>[]; readonly schema?: string };

export type OperationKind = Operation['kind'];

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
