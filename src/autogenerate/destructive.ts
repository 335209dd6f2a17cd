// Which operations can lose data, and how to say so: the console summary and the comment
// above the generated line use the same words, so what the user is asked about is what the
// file does.
import { enumValuesRemoved, type Operation } from '../ops/operations.js';
import { typeName } from '../schema/column-builder.js';
import type { ColumnType } from '../schema/model.js';

/** Whether a type change may cut or refuse values (a dialect's `isNarrowing`). */
export type NarrowingCheck = (from: ColumnType, to: ColumnType) => boolean;

/**
 * Why an operation may lose data, or undefined when it cannot: dropping a table or a column,
 * narrowing a column's type (or changing it from a type that is not known).
 *
 * @example destructiveReason({ kind: 'dropColumn', table: 'llm_setting', column: 'old_field' }, isNarrowing)
 * // 'drops column llm_setting.old_field and its data'
 */
export function destructiveReason(op: Operation, isNarrowing: NarrowingCheck): string | undefined {
  switch (op.kind) {
    case 'dropTable':
      return `drops table ${op.table} and its data`;
    case 'dropColumn':
      return `drops column ${op.table}.${op.column} and its data`;
    case 'alterColumn': {
      const to = op.changes.type;
      if (to === undefined) return undefined;
      const from = op.prior?.type;
      if (from === undefined) return `changes the type of ${op.table}.${op.column} to ${typeName(to)} from a type that is not known; values that do not fit are cut or refused`;
      return isNarrowing(from, to) ? `narrows column ${op.table}.${op.column} from ${typeName(from)} to ${typeName(to)}; values that do not fit are cut or refused` : undefined;
    }
    case 'alterEnum': {
      const removed = op.prior ? enumValuesRemoved(op.prior, op.values) : [];
      const where = op.columns.map((c) => `${c.table}.${c.column}`).join(', ');
      if (!op.prior) return `sets the values of enum ${op.name} from values that are not known; rows of ${where} holding a value it drops make it fail`;
      if (removed.length === 0) return undefined;
      return `removes ${removed.map((v) => `'${v}'`).join(', ')} from enum ${op.name}; fails while rows of ${where} still hold ${removed.length > 1 ? 'them' : 'it'}`;
    }
    case 'createTable':
    case 'renameTable':
    case 'addColumn':
    case 'createIndex':
    case 'dropIndex':
    case 'createUniqueConstraint':
    case 'createForeignKey':
    case 'createCheckConstraint':
    case 'createPrimaryKey':
    case 'dropConstraint':
    case 'execute':
    case 'bulkInsert':
      return undefined;
  }
}
