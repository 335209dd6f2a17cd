// What a dialect tells the comparison: when a type or a default read back from its database
// means what the models say, and which type changes lose data there. Small overridable hooks
// with neutral defaults, so no `if (dialect === ...)` is spread through the comparison.
import type { Column, ColumnDefault, ColumnType, ReferentialAction } from '../schema/model.js';
import { sqlExpressionsEqual, sqlTokens } from './sql-tokens.js';

/**
 * The per-dialect parts of `compareSchemas`. Start from {@link defaultComparisonHooks} and
 * override what your database reports differently.
 *
 * @example
 * const postgresHooks: ComparisonHooks = {
 *   ...defaultComparisonHooks,
 *   defaultsEqual: (db, model, column) => defaultComparisonHooks.defaultsEqual(stripCast(db), model, column),
 * };
 */
export interface ComparisonHooks {
  /** Whether the type read from the database is the model's type (checked only with `compareType`). */
  typesEqual(dbType: ColumnType, modelType: ColumnType): boolean;
  /** Whether the server default read from the database is the model's (checked only with `compareServerDefault`). */
  defaultsEqual(dbDefault: ColumnDefault | undefined, modelDefault: ColumnDefault | undefined, column: Column): boolean;
  /** Whether changing a column from `from` to `to` may cut or refuse values it holds: marks the change destructive. */
  isNarrowing(from: ColumnType, to: ColumnType): boolean;
  /** Whether a CHECK or a partial index condition read back is the model's. */
  expressionsEqual(dbExpr: string, modelExpr: string): boolean;
  /** The key names are matched by: identity where names are case-sensitive, lower case where they are not. */
  nameKey(name: string): string;
  /** Whether the database keeps column comments; where it does not, comments are not compared. */
  readonly supportsComments: boolean;
  /**
   * Whether an enum read from the database is the models' enum with other values (a change of
   * its values, `alterEnum`) rather than another type (a type change). Default: the same name.
   */
  sameEnum(dbType: Extract<ColumnType, { kind: 'enum' }>, modelType: Extract<ColumnType, { kind: 'enum' }>): boolean;
  /**
   * Whether a value added to an enum cannot be used in the transaction that added it
   * (PostgreSQL): autogenerate then runs additions first, in `op.autocommitBlock`.
   */
  readonly addedEnumValuesNeedCommit: boolean;
  /**
   * What a foreign key's ON DELETE / ON UPDATE action means on this dialect, for comparing: none
   * given is NO ACTION everywhere; MySQL also reads RESTRICT as NO ACTION (InnoDB treats them alike).
   */
  referentialAction(action: ReferentialAction | undefined): string;
}

/**
 * Neutral defaults: types equal when structurally equal (an enum by its values, whatever the
 * name, because SQLite keeps only the values); defaults equal up to SQL spelling, `1`/`true`
 * on booleans and `'10'`/`10` on numbers; names case-sensitive; comments compared.
 *
 * @example compareSchemas(db, models, { dialect: defaultComparisonHooks })
 */
export const defaultComparisonHooks: ComparisonHooks = Object.freeze({
  typesEqual,
  defaultsEqual,
  isNarrowing,
  expressionsEqual: sqlExpressionsEqual,
  nameKey: (name: string) => name,
  supportsComments: true,
  sameEnum: (db: Extract<ColumnType, { kind: 'enum' }>, model: Extract<ColumnType, { kind: 'enum' }>) => db.name === model.name,
  addedEnumValuesNeedCommit: false,
  referentialAction: (action: ReferentialAction | undefined) => action ?? 'no action',
});

function typesEqual(a: ColumnType, b: ColumnType): boolean {
  switch (a.kind) {
    case 'numeric':
      // SQL gives a numeric with a precision and no scale the scale 0: numeric(9) is numeric(9, 0).
      return b.kind === 'numeric' && a.precision === b.precision && (a.precision === undefined ? a.scale === b.scale : (a.scale ?? 0) === (b.scale ?? 0));
    case 'varchar':
    case 'char':
      return b.kind === a.kind && a.length === b.length;
    case 'timestamp':
      return b.kind === 'timestamp' && !!a.withTimezone === !!b.withTimezone;
    case 'enum':
      return b.kind === 'enum' && a.values.length === b.values.length && a.values.every((v, i) => v === b.values[i]);
    case 'raw':
      return b.kind === 'raw' && sqlExpressionsEqual(a.sql, b.sql);
    case 'integer':
    case 'bigint':
    case 'smallint':
    case 'real':
    case 'double':
    case 'text':
    case 'boolean':
    case 'date':
    case 'time':
    case 'json':
    case 'uuid':
    case 'blob':
      return b.kind === a.kind;
  }
}

/** A default reduced to what it means: a value (as text) or an expression (as tokens). */
type Meaning = { readonly kind: 'none' } | { readonly kind: 'value'; readonly value: string } | { readonly kind: 'sql'; readonly tokens: string };

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

function meaning(def: ColumnDefault | undefined, column: Column): Meaning {
  if (def === undefined) return { kind: 'none' };
  if (def.kind === 'literal') return def.value === null ? { kind: 'none' } : { kind: 'value', value: valueText(def.value, column) };
  const tokens = sqlTokens(def.text);
  // A fragment that is only a literal (sql`'x'`, sql`0`, sql`NULL`) means that literal.
  if (tokens.length === 1) {
    const t = tokens[0]!;
    if (t === 'null') return { kind: 'none' };
    if (/^'(?:[^']|'')*'$/.test(t)) return { kind: 'value', value: valueText(t.slice(1, -1).replace(/''/g, "'"), column) };
    if (NUMBER.test(t) || t === 'true' || t === 'false') return { kind: 'value', value: valueText(t, column) };
  }
  if (tokens.length === 2 && tokens[0] === '-' && NUMBER.test(tokens[1]!)) return { kind: 'value', value: valueText(`-${tokens[1]}`, column) };
  return { kind: 'sql', tokens: tokens.join(' ') };
}

/** One spelling per value: booleans as true/false (1/0 on SQLite and MySQL), numbers canonical. */
function valueText(value: string | number | boolean, column: Column): string {
  if (column.type.kind === 'boolean') {
    const v = String(value).toLowerCase();
    if (v === '1' || v === 'true' || v === 't') return 'true';
    if (v === '0' || v === 'false' || v === 'f') return 'false';
  }
  if (typeof value === 'boolean') return String(value);
  const numeric = ['integer', 'bigint', 'smallint', 'real', 'double', 'numeric'].includes(column.type.kind);
  if (numeric && NUMBER.test(String(value).trim())) return String(Number(value));
  return String(value);
}

function defaultsEqual(db: ColumnDefault | undefined, model: ColumnDefault | undefined, column: Column): boolean {
  const a = meaning(db, column);
  const b = meaning(model, column);
  switch (a.kind) {
    case 'none':
      return b.kind === 'none';
    case 'value':
      return b.kind === 'value' && a.value === b.value;
    case 'sql':
      return b.kind === 'sql' && a.tokens === b.tokens;
  }
}

const INTEGER_RANK: Partial<Record<ColumnType['kind'], number>> = { smallint: 1, integer: 2, bigint: 3 };
/** Decimal digits the largest value of an integer type needs. */
const INTEGER_DIGITS: Partial<Record<ColumnType['kind'], number>> = { smallint: 5, integer: 10, bigint: 19 };

/** The longest text a value of the type is written as, for a change to varchar(n) / char(n). */
function textLength(t: ColumnType): number {
  switch (t.kind) {
    case 'varchar':
    case 'char':
      return t.length ?? Infinity;
    case 'enum':
      return Math.max(...t.values.map((v) => v.length));
    case 'uuid':
      return 36;
    case 'boolean':
      return 5;
    case 'smallint':
    case 'integer':
    case 'bigint':
      return INTEGER_DIGITS[t.kind]! + 1;
    case 'date':
      return 10;
    case 'time':
      return 15;
    case 'timestamp':
      return 32;
    case 'numeric':
      return t.precision === undefined ? Infinity : t.precision + 2;
    case 'real':
    case 'double':
    case 'text':
    case 'json':
    case 'blob':
    case 'raw':
      return Infinity;
  }
}

/**
 * Conservative: a change is narrowing unless every value of `from` surely fits `to`. A type
 * ambix cannot reason about (`raw`) counts as narrowing.
 */
function isNarrowing(from: ColumnType, to: ColumnType): boolean {
  if (typesEqual(from, to)) return false;
  if (from.kind === 'raw' || to.kind === 'raw') return true;
  switch (to.kind) {
    case 'text':
      return from.kind === 'blob';
    case 'varchar':
    case 'char':
      return from.kind === 'blob' || (to.length !== undefined && textLength(from) > to.length);
    case 'enum':
      return from.kind !== 'enum' || from.values.some((v) => !to.values.includes(v));
    case 'smallint':
    case 'integer':
    case 'bigint': {
      const rank = INTEGER_RANK[from.kind];
      return from.kind !== 'boolean' && (rank === undefined || rank > INTEGER_RANK[to.kind]!);
    }
    case 'real':
      return !['smallint', 'boolean'].includes(from.kind);
    case 'double':
      return !['smallint', 'integer', 'real', 'boolean'].includes(from.kind);
    case 'numeric': {
      if (from.kind === 'boolean') return false;
      if (to.precision === undefined) return !['numeric', 'smallint', 'integer', 'bigint', 'real', 'double'].includes(from.kind);
      const digits = INTEGER_DIGITS[from.kind];
      if (digits !== undefined) return to.precision - (to.scale ?? 0) < digits;
      if (from.kind !== 'numeric' || from.precision === undefined) return true;
      return to.precision - (to.scale ?? 0) < from.precision - (from.scale ?? 0) || (to.scale ?? 0) < (from.scale ?? 0);
    }
    case 'timestamp':
      // Dropping the time zone loses the offset; a date becomes its midnight.
      return !(from.kind === 'date' || (from.kind === 'timestamp' && (!from.withTimezone || !!to.withTimezone)));
    case 'boolean':
    case 'date':
    case 'time':
    case 'json':
    case 'uuid':
      return true;
    case 'blob':
      return false;
  }
}
