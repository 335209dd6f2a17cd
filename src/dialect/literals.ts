// Values as SQL literals for offline output, with the rules all three databases agree on in
// one place (NULL, numbers, bigints, JSON for objects, a refused NaN or Infinity); each dialect
// says only how it spells strings, booleans, bytes and dates.
import { UserError } from '../errors.js';

export interface LiteralSpelling {
  string(text: string): string;
  boolean(value: boolean): string;
  bytes(value: Uint8Array): string;
  date(value: Date): string;
  /** Arrays where the database has them (PostgreSQL); elsewhere an array is JSON text. */
  array?(values: readonly unknown[], literal: (value: unknown) => string): string;
  /** What to do about a NaN or an Infinity, after the refusal. */
  readonly nonFiniteHint?: string;
}

/**
 * The literal function of a dialect.
 *
 * @example const sqliteLiteral = literalWith({ string: (s) => `'${s.replace(/'/g, "''")}'`, boolean: (b) => (b ? '1' : '0'), ... })
 */
export function literalWith(spell: LiteralSpelling): (value: unknown) => string {
  const literal = (value: unknown): string => {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new UserError(`Cannot write ${value} as an SQL literal`, spell.nonFiniteHint);
      return String(value);
    }
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'boolean') return spell.boolean(value);
    if (value instanceof Date) return spell.date(value);
    if (value instanceof Uint8Array) return spell.bytes(value);
    if (Array.isArray(value) && spell.array) return spell.array(value, literal);
    if (typeof value === 'object') return spell.string(JSON.stringify(value));
    return spell.string(String(value));
  };
  return literal;
}
