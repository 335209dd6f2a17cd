// The downgrade of a list of operations, built when the revision is generated (Alembic's
// `reverse()`): each operation inverted, in reverse order. A drop can be inverted only when it
// carries what it dropped (`prior`), which autogenerate always records.
import type { ColumnChanges, ColumnPrior, Operation } from '../ops/operations.js';
import { IrreversibleOperationError } from './autogenerate-errors.js';

/**
 * The operations that undo `ops`: reverse order, each inverted. A create becomes the drop
 * (carrying what it created, so the result reverses again); a drop with its `prior` becomes
 * the create; a rename swaps; an alter (of a column or an enum's values) swaps its change and
 * `prior`. Raw SQL, inserted rows
 * and a drop without `prior` throw {@link IrreversibleOperationError}: no step is skipped.
 *
 * @example
 * reverseOps([{ kind: 'addColumn', table: 't', column }])
 * // [{ kind: 'dropColumn', table: 't', column: column.name, prior: column }]
 */
export function reverseOps(ops: readonly Operation[]): Operation[] {
  const out: Operation[] = [];
  for (let i = ops.length - 1; i >= 0; i--) out.push(Object.freeze(reverseOp(ops[i]!, i)));
  return out;
}

function reverseOp(op: Operation, position: number): Operation {
  const fail = (reason: string) => new IrreversibleOperationError(op, position, reason);
  const schema = 'schema' in op && op.schema !== undefined ? { schema: op.schema } : {};
  switch (op.kind) {
    case 'createTable':
      return { kind: 'dropTable', table: op.table.name, ...(op.table.schema !== undefined ? { schema: op.table.schema } : {}), prior: op.table };
    case 'dropTable':
      if (!op.prior) throw fail(`the definition of table ${op.table} is not known`);
      return { kind: 'createTable', table: op.prior };
    case 'renameTable':
      return { kind: 'renameTable', table: op.newName, newName: op.table, ...schema };
    case 'addColumn':
      return { kind: 'dropColumn', table: op.table, column: op.column.name, ...schema, prior: op.column };
    case 'dropColumn':
      if (!op.prior) throw fail(`the definition of column ${op.table}.${op.column} is not known`);
      return { kind: 'addColumn', table: op.table, column: op.prior, ...schema };
    case 'alterColumn':
      return reverseAlter(op, fail);
    case 'createIndex':
      return { kind: 'dropIndex', table: op.table, name: op.index.name, ...schema, prior: op.index };
    case 'dropIndex':
      if (!op.prior) throw fail(`the definition of index ${op.name} is not known`);
      return { kind: 'createIndex', table: op.table, index: op.prior, ...schema };
    case 'createUniqueConstraint':
      return { kind: 'dropConstraint', table: op.table, name: op.constraint.name, ...schema, prior: { kind: 'unique', constraint: op.constraint } };
    case 'createForeignKey':
      return { kind: 'dropConstraint', table: op.table, name: op.constraint.name, ...schema, prior: { kind: 'foreignKey', constraint: op.constraint } };
    case 'createCheckConstraint':
      return { kind: 'dropConstraint', table: op.table, name: op.constraint.name, ...schema, prior: { kind: 'check', constraint: op.constraint } };
    case 'createPrimaryKey': {
      const name = op.constraint.name;
      if (name === undefined) throw fail(`the primary key of ${op.table} has no name to drop it by`);
      return { kind: 'dropConstraint', table: op.table, name, ...schema, prior: { kind: 'primaryKey', constraint: op.constraint } };
    }
    case 'dropConstraint':
      if (!op.prior) throw fail(`the definition of constraint ${op.name} on ${op.table} is not known`);
      return recreateConstraint(op, op.prior);
    case 'alterEnum':
      if (!op.prior) throw fail(`the values of enum ${op.name} before the change are not known`);
      return { ...op, values: op.prior, prior: op.values };
    case 'execute':
      throw fail('raw SQL has no known inverse');
    case 'bulkInsert':
      throw fail(`the rows inserted into ${op.table} cannot be told apart from the rows already there`);
  }
}

type DropConstraintOp = Extract<Operation, { kind: 'dropConstraint' }>;

function recreateConstraint(op: DropConstraintOp, p: NonNullable<DropConstraintOp['prior']>): Operation {
  const schema = op.schema !== undefined ? { schema: op.schema } : {};
  switch (p.kind) {
    case 'unique':
      return { kind: 'createUniqueConstraint', table: op.table, constraint: p.constraint, ...schema };
    case 'foreignKey':
      return { kind: 'createForeignKey', table: op.table, constraint: p.constraint, ...schema };
    case 'check':
      return { kind: 'createCheckConstraint', table: op.table, constraint: p.constraint, ...schema };
    case 'primaryKey':
      // The primary key is dropped by the name the drop used, so it comes back under it.
      return { kind: 'createPrimaryKey', table: op.table, constraint: { ...p.constraint, name: p.constraint.name ?? op.name }, ...schema };
  }
}

type AlterOp = Extract<Operation, { kind: 'alterColumn' }>;

/** Swaps what an alter changes with what it replaced; a rename swaps the names. */
function reverseAlter(op: AlterOp, fail: (reason: string) => Error): Operation {
  const ch = op.changes;
  const prior: ColumnPrior = op.prior ?? {};
  const changes: { -readonly [K in keyof ColumnChanges]: ColumnChanges[K] } = {};
  const undone: { -readonly [K in keyof ColumnPrior]: ColumnPrior[K] } = {};
  const keys = ['type', 'nullable', 'default', 'comment'] as const;
  for (const key of keys) {
    if (ch[key] === undefined) continue;
    if (prior[key] === undefined) throw fail(`the ${key} of ${op.table}.${op.column} before the change is not known`);
    (changes as Record<string, unknown>)[key] = prior[key];
    (undone as Record<string, unknown>)[key] = ch[key];
  }
  const renamed = ch.newName !== undefined && ch.newName !== op.column;
  if (renamed) changes.newName = op.column;
  return {
    kind: 'alterColumn',
    table: op.table,
    column: renamed ? ch.newName! : op.column,
    changes,
    ...(op.schema !== undefined ? { schema: op.schema } : {}),
    ...(Object.keys(undone).length ? { prior: undone } : {}),
  };
}
