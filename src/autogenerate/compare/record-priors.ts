// What each drop and alter removes, read from the schema as it stands just before that
// operation runs (not from the database as it was): a table dropped after its cyclic foreign
// key was dropped is recreated without that key, and the key comes back after it.
import type { ColumnPrior, ConstraintPrior, Operation } from '../../ops/operations.js';
import type { Schema, Table } from '../../schema/model.js';
import { applyTo, tableKey } from '../../ops/schema-state.js';

/**
 * `ops` with the `prior` of every drop and alter filled in, by replaying them on `db`.
 *
 * @example recordPriors(db, [{ kind: 'dropColumn', table: 't', column: 'c' }])[0].prior // the column t.c
 */
export function recordPriors(db: Schema, ops: readonly Operation[]): Operation[] {
  const tables = new Map<string, Table>(db.tables.map((t) => [tableKey(t.name, t.schema), t]));
  return ops.map((op) => {
    const recorded = withPrior(op, tables);
    applyTo(tables, op);
    return Object.freeze(recorded);
  });
}

function withPrior(op: Operation, tables: ReadonlyMap<string, Table>): Operation {
  const table = (name: string, schema: string | undefined) => tables.get(tableKey(name, schema));
  switch (op.kind) {
    case 'dropTable': {
      const prior = table(op.table, op.schema);
      return prior ? { ...op, prior } : op;
    }
    case 'dropColumn': {
      const prior = table(op.table, op.schema)?.columns.find((c) => c.name === op.column);
      return prior ? { ...op, prior } : op;
    }
    case 'alterColumn': {
      const col = table(op.table, op.schema)?.columns.find((c) => c.name === op.column);
      if (!col) return op;
      const ch = op.changes;
      const prior: ColumnPrior = {
        ...(ch.type !== undefined ? { type: col.type } : {}),
        ...(ch.nullable !== undefined ? { nullable: col.nullable } : {}),
        ...(ch.default !== undefined ? { default: col.default ?? null } : {}),
        ...(ch.comment !== undefined ? { comment: col.comment ?? null } : {}),
      };
      return Object.keys(prior).length ? { ...op, prior } : op;
    }
    case 'alterEnum': {
      // The values as the first of its columns holds them (the database's, or an earlier step's).
      for (const c of op.columns) {
        const type = table(c.table, op.schema)?.columns.find((x) => x.name === c.column)?.type;
        if (type?.kind === 'enum') return { ...op, prior: type.values };
      }
      return op;
    }
    case 'dropIndex': {
      const prior = table(op.table, op.schema)?.indexes.find((i) => i.name === op.name);
      return prior ? { ...op, prior } : op;
    }
    case 'dropConstraint': {
      const t = table(op.table, op.schema);
      const prior = t && constraintNamed(t, op.name);
      return prior ? { ...op, prior } : op;
    }
    case 'createTable':
    case 'renameTable':
    case 'addColumn':
    case 'createIndex':
    case 'createUniqueConstraint':
    case 'createForeignKey':
    case 'createCheckConstraint':
    case 'createPrimaryKey':
    case 'execute':
    case 'bulkInsert':
      return op;
  }
}

function constraintNamed(t: Table, name: string): ConstraintPrior | undefined {
  if (t.primaryKey && t.primaryKey.name === name) return { kind: 'primaryKey', constraint: t.primaryKey };
  const unique = t.uniques.find((u) => u.name === name);
  if (unique) return { kind: 'unique', constraint: unique };
  const fk = t.foreignKeys.find((f) => f.name === name);
  if (fk) return { kind: 'foreignKey', constraint: fk };
  const check = t.checks.find((c) => c.name === name);
  return check ? { kind: 'check', constraint: check } : undefined;
}
