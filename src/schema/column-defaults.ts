// A literal server default is checked against its column's type when the model is read,
// so `integer().default('30')` fails on the model's line instead of as a database error
// (or, worse, as a default that autogenerate reports as changed on every run).
import type { ColumnDefault, ColumnType } from './model.js';
import { isSqlFragment } from './model.js';

const INT_RANGE: Partial<Record<ColumnType['kind'], readonly [number, number]>> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};
const INT64: readonly [bigint, bigint] = [-(2n ** 63n), 2n ** 63n - 1n];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)$/;

/** Why a default does not fit (what the type takes), or the default as the model stores it. */
export type DefaultCheck = { readonly ok: true; readonly value: ColumnDefault } | { readonly ok: false; readonly expected: string };

/**
 * Converts what `.default(value)` was given into a {@link ColumnDefault}, or says what the
 * column's type would accept. A `sql` fragment is taken as it is; `null` is `DEFAULT NULL`.
 */
export function normalizeDefault(type: ColumnType, value: unknown): DefaultCheck {
  if (isSqlFragment(value)) return ok({ kind: 'sql', text: value.text });
  if (value === null) return ok(literal(null));
  const fail = (expected: string): DefaultCheck => ({ ok: false, expected });
  switch (type.kind) {
    case 'smallint':
    case 'integer':
    case 'bigint': {
      const [min, max] = INT_RANGE[type.kind]!;
      // A bigint beyond 2^53 cannot be a JS number: it goes into the SQL as digits instead.
      if (type.kind === 'bigint' && typeof value === 'bigint') {
        if (value < INT64[0] || value > INT64[1]) return fail('a whole number within 64 bits');
        return ok(value >= BigInt(min) && value <= BigInt(max) ? literal(Number(value)) : { kind: 'sql', text: value.toString() });
      }
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail(`a whole number${type.kind === 'bigint' ? ' (number or bigint)' : ''}`);
      if (value < min || value > max) return fail(`a whole number from ${min} to ${max}`);
      return ok(literal(value));
    }
    case 'real':
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? ok(literal(value)) : fail('a finite number');
    case 'numeric':
      return numericDefault(type, value) ?? fail(numericExpected(type));
    case 'text':
    case 'varchar':
    case 'char': {
      if (typeof value !== 'string') return fail('a string');
      const length = type.kind === 'text' ? undefined : type.length;
      if (length !== undefined && value.length > length) return fail(`a string of at most ${length} characters`);
      return ok(literal(value));
    }
    case 'boolean':
      return typeof value === 'boolean' ? ok(literal(value)) : fail('true or false');
    case 'date':
      if (value instanceof Date) return validDate(value) ? ok(literal(value.toISOString().slice(0, 10))) : fail('a valid Date');
      return typeof value === 'string' && DATE.test(value) && validDay(value) ? ok(literal(value)) : fail("a date 'YYYY-MM-DD' or a Date");
    case 'time':
      return typeof value === 'string' && TIME.test(value) ? ok(literal(value)) : fail("a time 'HH:MM[:SS]'");
    case 'timestamp': {
      if (value instanceof Date) {
        if (!validDate(value)) return fail('a valid Date');
        const text = value.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '');
        return ok(literal(type.withTimezone ? `${text}+00:00` : text));
      }
      const m = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
      return m && validDay(m[1]!) ? ok(literal(value as string)) : fail("a timestamp 'YYYY-MM-DD HH:MM[:SS]' or a Date");
    }
    case 'json':
      return jsonDefault(value) ?? fail('a JSON value (a string is taken as JSON text and must parse)');
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? ok(literal(value.toLowerCase())) : fail('a UUID string');
    case 'blob':
      return fail("a sql`...` expression (blob columns take no literal; for example sql`x'00'`)");
    case 'enum':
      return typeof value === 'string' && type.values.includes(value) ? ok(literal(value)) : fail(`one of ${type.values.map((v) => `'${v}'`).join(', ')}`);
    case 'raw':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? ok(literal(value)) : fail('a string, number or boolean');
  }
}

function ok(value: ColumnDefault): DefaultCheck {
  return { ok: true, value: Object.freeze(value) };
}

function literal(value: string | number | boolean | null): ColumnDefault {
  return { kind: 'literal', value };
}

function numericExpected(type: Extract<ColumnType, { kind: 'numeric' }>): string {
  const digits = type.precision === undefined ? '' : ` with at most ${type.precision - (type.scale ?? 0)} digits before the point${type.scale ? ` and ${type.scale} after` : ''}`;
  return `a number or a decimal string${digits}`;
}

// Digits are checked against precision and scale: the database would refuse or round them.
function numericDefault(type: Extract<ColumnType, { kind: 'numeric' }>, value: unknown): DefaultCheck | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' && DECIMAL.test(value) ? value : undefined;
  if (text === undefined || /e/i.test(text)) return undefined;
  if (type.precision !== undefined) {
    const [whole = '', fraction = ''] = text.replace(/^[-+]/, '').split('.');
    const scale = type.scale ?? 0;
    if (whole.replace(/^0+/, '').length > type.precision - scale || fraction.replace(/0+$/, '').length > scale) return undefined;
  }
  return ok(literal(value as string | number));
}

function jsonDefault(value: unknown): DefaultCheck | undefined {
  if (typeof value === 'string') {
    try {
      JSON.parse(value);
      return ok(literal(value));
    } catch {
      return undefined;
    }
  }
  try {
    const text = JSON.stringify(value);
    return typeof text === 'string' ? ok(literal(text)) : undefined;
  } catch {
    return undefined;
  }
}

function validDate(d: Date): boolean {
  return !Number.isNaN(d.getTime());
}

function validDay(ymd: string): boolean {
  const d = new Date(`${ymd}T00:00:00Z`);
  return validDate(d) && d.toISOString().startsWith(ymd);
}

/** A value as a message shows it: strings quoted, the rest as written in code. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return `Date(${validDate(value) ? value.toISOString() : 'Invalid'})`;
  if (typeof value === 'function') return 'a function';
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
