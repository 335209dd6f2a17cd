// The column types of `ambix/schema`. Each returns a fresh builder; what a row holds for the
// type (`data`) and what `.default()` accepts (`literal`) are carried in the builder's type.
import { UserError } from '../errors.js';
import { columnBuilder, type ColumnBuilder } from './column-builder.js';
import { describeValue } from './column-defaults.js';
import type { ColumnTypeKind } from './model.js';

/** A new column's type-level description: nullable, no default, no autoincrement. */
export interface BaseConfig<K extends ColumnTypeKind, D, L = D> {
  readonly kind: K;
  readonly data: D;
  readonly literal: L;
  readonly notNull: false;
  readonly hasDefault: false;
  readonly autoincrement: false;
}

/** A 32-bit integer; `integer().primaryKey()` is an autoincrement key. @example id: integer().primaryKey() */
export function integer(): ColumnBuilder<BaseConfig<'integer', number>> {
  return columnBuilder({ kind: 'integer' });
}

/** How a `bigint` column's values are typed in row types; the column is the same. */
export type BigintMode = 'bigint' | 'number' | 'string';

/**
 * A 64-bit integer. Row types use JavaScript's `bigint` (exact) unless `mode` says `'number'`
 * (values past 2^53 lose precision) or `'string'` (what `pg` returns). Only the type changes.
 *
 * @example views: bigint({ mode: 'number' }).notNull().default(0)
 */
export function bigint<const M extends BigintMode = 'bigint'>(options?: {
  readonly mode?: M;
}): ColumnBuilder<BaseConfig<'bigint', M extends 'number' ? number : M extends 'string' ? string : bigint, number | bigint>> {
  const mode = options?.mode;
  if (mode !== undefined && !['bigint', 'number', 'string'].includes(mode)) throw new UserError(`bigint({ mode }) takes 'bigint', 'number' or 'string'; got ${describeValue(mode)}`);
  return columnBuilder({ kind: 'bigint' });
}

/** A 16-bit integer. @example rank: smallint().notNull() */
export function smallint(): ColumnBuilder<BaseConfig<'smallint', number>> {
  return columnBuilder({ kind: 'smallint' });
}

/** A single-precision float. @example score: real() */
export function real(): ColumnBuilder<BaseConfig<'real', number>> {
  return columnBuilder({ kind: 'real' });
}

/** A double-precision float. @example lat: double().notNull() */
export function double(): ColumnBuilder<BaseConfig<'double', number>> {
  return columnBuilder({ kind: 'double' });
}

/**
 * An exact decimal. Row values are strings, as `pg` and `mysql2` return them (a number would
 * round); narrow with `.$type<number>()` if your driver gives numbers.
 *
 * @example price: numeric(10, 2).notNull().default('0.00')
 */
export function numeric(precision?: number, scale?: number): ColumnBuilder<BaseConfig<'numeric', string, number | string>> {
  if (precision !== undefined && (!Number.isInteger(precision) || precision < 1 || precision > 1000)) throw new UserError(`numeric(precision) takes a whole number from 1 to 1000; got ${describeValue(precision)}`);
  if (scale !== undefined) {
    if (precision === undefined) throw new UserError('numeric(precision, scale): a scale needs a precision', 'Write numeric(10, 2).');
    if (!Number.isInteger(scale) || scale < 0 || scale > precision) throw new UserError(`numeric(${precision}, scale) takes a scale from 0 to ${precision}; got ${describeValue(scale)}`);
  }
  return columnBuilder({ kind: 'numeric', ...(precision !== undefined ? { precision } : {}), ...(scale !== undefined ? { scale } : {}) });
}

/** Text of any length. @example body: text().notNull() */
export function text(): ColumnBuilder<BaseConfig<'text', string>> {
  return columnBuilder({ kind: 'text' });
}

/** Text of at most `length` characters (MySQL requires a length). @example provider: varchar(50).notNull() */
export function varchar(length?: number): ColumnBuilder<BaseConfig<'varchar', string>> {
  return columnBuilder({ kind: 'varchar', ...lengthOf('varchar', length) });
}

/** Fixed-length text. @example country: char(2).notNull() */
export function char(length?: number): ColumnBuilder<BaseConfig<'char', string>> {
  return columnBuilder({ kind: 'char', ...lengthOf('char', length) });
}

function lengthOf(fn: string, length: number | undefined): { length?: number } {
  if (length === undefined) return {};
  if (!Number.isInteger(length) || length < 1) throw new UserError(`${fn}(length) takes a positive whole number; got ${describeValue(length)}`);
  return { length };
}

/** True or false (an integer 0/1 on SQLite and MySQL). @example is_active: boolean().notNull().default(true) */
export function boolean(): ColumnBuilder<BaseConfig<'boolean', boolean>> {
  return columnBuilder({ kind: 'boolean' });
}

/** A calendar date; a literal default is `'YYYY-MM-DD'` or a `Date` (its UTC day). @example born: date() */
export function date(): ColumnBuilder<BaseConfig<'date', Date, string | Date>> {
  return columnBuilder({ kind: 'date' });
}

/** A time of day; row values are strings (`'13:45:00'`). @example opens_at: time() */
export function time(): ColumnBuilder<BaseConfig<'time', string>> {
  return columnBuilder({ kind: 'time' });
}

/**
 * A date and time, `withTimezone` for PostgreSQL's `timestamptz`.
 *
 * @example created_at: timestamp().notNull().default(sql`CURRENT_TIMESTAMP`)
 */
export function timestamp(options?: { readonly withTimezone?: boolean }): ColumnBuilder<BaseConfig<'timestamp', Date, string | Date>> {
  const tz = options?.withTimezone;
  if (tz !== undefined && typeof tz !== 'boolean') throw new UserError(`timestamp({ withTimezone }) takes true or false; got ${describeValue(tz)}`);
  return columnBuilder({ kind: 'timestamp', ...(tz ? { withTimezone: true } : {}) });
}

/**
 * JSON. Row values are `unknown` until narrowed with `.$type<T>()`; a default that is not a
 * string is serialised, a string default is taken as JSON text.
 *
 * @example settings: json().$type<{ theme: string }>().notNull().default({ theme: 'dark' })
 */
export function json(): ColumnBuilder<BaseConfig<'json', unknown, unknown>> {
  return columnBuilder({ kind: 'json' });
}

/** A UUID (text on SQLite, `uuid` on PostgreSQL, `char(36)` on MySQL). @example public_id: uuid().notNull().unique() */
export function uuid(): ColumnBuilder<BaseConfig<'uuid', string>> {
  return columnBuilder({ kind: 'uuid' });
}

/** Binary data; its default can only be sql`...`. @example avatar: blob() */
export function blob(): ColumnBuilder<BaseConfig<'blob', Uint8Array, never>> {
  return columnBuilder({ kind: 'blob' });
}

/**
 * One of a fixed list of strings: PostgreSQL's `CREATE TYPE name AS ENUM`, MySQL's `ENUM(...)`,
 * a named CHECK on SQLite. Row values are the union of `values`.
 *
 * @example mood: enumType('mood', ['happy', 'sad']).notNull().default('happy')
 */
export function enumType<const V extends readonly [string, ...string[]]>(name: string, values: V): ColumnBuilder<BaseConfig<'enum', V[number]>> {
  if (typeof name !== 'string' || name === '') throw new UserError(`enumType(name, values) needs a type name; got ${describeValue(name)}`, "Write enumType('mood', ['happy', 'sad']).");
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) {
    throw new UserError(`enumType('${name}', values) needs a non-empty array of strings; got ${describeValue(values)}`);
  }
  const dup = values.find((v, i) => values.indexOf(v) !== i);
  if (dup !== undefined) throw new UserError(`enumType('${name}') lists '${dup}' twice`);
  return columnBuilder({ kind: 'enum', name, values: Object.freeze([...values]) });
}

/**
 * A type ambix has no function for, written as the database's SQL (`tsvector`, `inet`).
 * It is not portable: each database must know the name.
 *
 * @example search: rawType('tsvector')
 */
export function rawType(sql: string): ColumnBuilder<BaseConfig<'raw', unknown, string | number | boolean>> {
  if (typeof sql !== 'string' || sql.trim() === '') throw new UserError(`rawType(sql) needs the type's SQL; got ${describeValue(sql)}`);
  return columnBuilder({ kind: 'raw', sql });
}
