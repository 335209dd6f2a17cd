import { UserError } from '../../errors.js';
import type { ColumnDefault, ColumnType } from '../../schema/model.js';
import { isSqlFragment } from '../../schema/model.js';

/**
 * A string as a PostgreSQL literal: `'...'` with quotes doubled. Backslashes are written as
 * they are, which is right because `standard_conforming_strings` is on (the default since
 * PostgreSQL 9.1, and the only setting ambix supports): no `E'...'` escapes are ever needed.
 *
 * @example pgString("it's") // "'it''s'"
 */
export function pgString(text: string): string {
  if (text.includes('\0')) throw new UserError('PostgreSQL text cannot hold a NUL character (\\0)', 'Remove it from the value, or store the data in a bytea column.');
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * A value as a PostgreSQL literal, for offline (`--sql`) output: `NULL`, `TRUE`/`FALSE`,
 * numbers bare, strings quoted, dates as ISO text, bytes as `'\x..'::bytea`, arrays as
 * `ARRAY[...]`, other objects as their JSON text (what online binding sends for a json column).
 *
 * @example pgLiteral(new Uint8Array([1, 255])) // "'\\x01ff'::bytea"
 */
export function pgLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UserError(`Cannot write ${value} as an SQL literal`, "Use null, or a numeric/real column's 'NaN'/'Infinity' as a string.");
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return pgString(value.toISOString());
  if (value instanceof Uint8Array) return `'\\x${Buffer.from(value).toString('hex')}'::bytea`;
  if (Array.isArray(value)) return value.length ? `ARRAY[${value.map(pgLiteral).join(', ')}]` : `'{}'`;
  if (typeof value === 'object') return pgString(JSON.stringify(value));
  return pgString(String(value));
}

const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)$/;
const NUMERIC_KINDS = new Set<ColumnType['kind']>(['integer', 'bigint', 'smallint', 'real', 'double', 'numeric']);

/**
 * A server default as SQL after `DEFAULT`. Literals are typed by the column: booleans are
 * `TRUE`/`FALSE`, a decimal string on a numeric column is written bare (`0.00`), everything
 * else quoted (PostgreSQL casts the quoted text to the column's type, enums included).
 *
 * @example pgDefaultSql({ kind: 'literal', value: true }, { kind: 'boolean' }) // 'TRUE'
 */
export function pgDefaultSql(def: ColumnDefault, type: ColumnType): string {
  if (isSqlFragment(def)) return def.text.trim();
  const v = def.value;
  if (typeof v === 'string' && NUMERIC_KINDS.has(type.kind) && DECIMAL.test(v)) return v;
  if (typeof v === 'string' && type.kind === 'boolean' && /^(?:true|false)$/i.test(v)) return v.toUpperCase();
  return pgLiteral(v);
}

/**
 * What PostgreSQL stores for a default (`pg_get_expr`), read back into the model, so a model
 * that has not changed compares equal:
 * - `'x'::text`, `'x'::character varying`, `'happy'::mood`, `'2024-01-01'::date` → literal `'x'`…
 * - `30`, `'-1'::integer`, `1.5` → numbers (on a numeric column a value whose digits a JS number
 *   would change, `0.00`, stays the string the model gives);
 * - `true` / `false` → booleans; `NULL::text` → null;
 * - JSON text is re-serialised without spaces, as the model serialises a default;
 * - anything else (`now()`, `CURRENT_TIMESTAMP`, `gen_random_uuid()`) is a `sql` fragment as
 *   the server prints it — compare those with {@link comparablePgSql}.
 * `nextval(...)` is not a default but a serial key; the introspector reads it as autoincrement.
 *
 * @example readPgDefault("'openai'::character varying", { kind: 'varchar', length: 50 }) // { kind: 'literal', value: 'openai' }
 */
export function readPgDefault(expr: string, type: ColumnType): ColumnDefault {
  const t = stripParens(expr.trim());
  if (/^null(?:::.+)?$/i.test(t)) return { kind: 'literal', value: null };
  if (/^(?:true|false)$/i.test(t)) return { kind: 'literal', value: t.toLowerCase() === 'true' };
  const quoted = /^(E?)'((?:[^'\\]|''|\\.)*)'(?:::([\w\s."(),[\]]+))?$/s.exec(t);
  if (quoted) {
    const raw = quoted[1] ? quoted[2]!.replace(/\\(.)/gs, '$1').replace(/''/g, "'") : quoted[2]!.replace(/''/g, "'");
    return { kind: 'literal', value: typedText(raw, type) };
  }
  if (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i.test(t)) return { kind: 'literal', value: numberOrDigits(t, type) };
  return { kind: 'sql', text: t };
}

function typedText(raw: string, type: ColumnType): string | number | boolean {
  if (NUMERIC_KINDS.has(type.kind) && DECIMAL.test(raw)) return numberOrDigits(raw, type);
  if (type.kind === 'boolean' && /^(?:t|true|f|false)$/i.test(raw)) return /^t/i.test(raw);
  if (type.kind === 'json') {
    try {
      return JSON.stringify(JSON.parse(raw));
    } catch {
      return raw;
    }
  }
  return raw;
}

/** A number where the digits survive the trip through a JS number; otherwise the digits. */
function numberOrDigits(text: string, type: ColumnType): number | string {
  const n = Number(text);
  if (type.kind === 'numeric' && String(n) !== text.replace(/^\+/, '')) return text;
  return n;
}

/** `((x))` → `x`, only where the outer parentheses enclose the whole text. */
function stripParens(text: string): string {
  let t = text;
  while (t.startsWith('(') && t.endsWith(')') && balanced(t.slice(1, -1))) t = t.slice(1, -1).trim();
  return t;
}

function balanced(text: string): boolean {
  let depth = 0;
  let quote = false;
  for (const ch of text) {
    if (ch === "'") quote = !quote;
    if (quote) continue;
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * A SQL default in a form two spellings of the same expression share: lower case, no spaces
 * or redundant casts, and PostgreSQL's synonyms for the transaction's start time folded into
 * one (`now()`, `CURRENT_TIMESTAMP`, `transaction_timestamp()`). For comparing a model's
 * `sql` default with what introspection reads back.
 *
 * @example comparablePgSql('now()') === comparablePgSql('CURRENT_TIMESTAMP') // true
 */
export function comparablePgSql(text: string): string {
  let t = stripParens(text.trim()).toLowerCase();
  t = t.replace(/::(?:timestamp|time|date|text|character varying|varchar)(?:\s+with(?:out)?\s+time\s+zone)?(?:\(\d+\))?/g, '');
  t = t.replace(/\b(?:now\(\)|transaction_timestamp\(\)|current_timestamp(?:\(\))?)/g, 'current_timestamp');
  return t.replace(/\s+/g, '');
}
