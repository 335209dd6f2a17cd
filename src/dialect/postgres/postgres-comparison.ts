import { comparablePgSql } from './postgres-literals.js';
import type { ColumnDefault, ColumnType } from '../../schema/model.js';
import { defaultComparisonHooks, type ComparisonHooks } from '../comparison.js';
import { POSTGRES_CAPABILITIES } from './postgres-dialect.js';

/** `numeric(9)` is `numeric(9, 0)` on PostgreSQL. */
function pgType(t: ColumnType): ColumnType {
  if (t.kind === 'numeric' && t.precision !== undefined && t.scale === undefined) return { kind: 'numeric', precision: t.precision, scale: 0 };
  return t;
}

/** An expression as PostgreSQL re-prints it, reduced to compare (casts, brackets, `now()`). */
export function pgExpressionKey(expr: string): string {
  return comparablePgSql(expr.replace(/^\s*CHECK\s*/i, ''));
}

/**
 * PostgreSQL spells back what it was given its own way: scale-less numerics, CHECKs
 * wrapped in parentheses with casts. Both sides are reduced the same way before comparing.
 */
export const postgresComparisonHooks: ComparisonHooks = Object.freeze({
  ...defaultComparisonHooks,
  typesEqual: (db: ColumnType, model: ColumnType) => defaultComparisonHooks.typesEqual(pgType(db), pgType(model)),
  defaultsEqual: (db: ColumnDefault | undefined, model: ColumnDefault | undefined, column: Parameters<ComparisonHooks['defaultsEqual']>[2]) =>
    defaultComparisonHooks.defaultsEqual(db, model, column) ||
    (db?.kind === 'sql' && model?.kind === 'sql' && pgExpressionKey(db.text) === pgExpressionKey(model.text)),
  expressionsEqual: (db: string, model: string) => pgExpressionKey(db) === pgExpressionKey(model),
  supportsComments: POSTGRES_CAPABILITIES.columnComments,
  // "unsafe use of new enum value": ADD VALUE must commit before the value is used.
  addedEnumValuesNeedCommit: true,
});
