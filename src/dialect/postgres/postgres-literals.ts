import { UserError } from '../../errors.js';
import type { ColumnDefault, ColumnType } from '../../schema/model.js';
import { isSqlFragment } from '../../schema/model.js';
import { literalWith } from '../literals.js';

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
export const pgLiteral = literalWith({
  string: pgString,
  boolean: (value) => (value ? 'TRUE' : 'FALSE'),
  bytes: (value) => `'\\x${Buffer.from(value).toString('hex')}'::bytea`,
  date: (value) => pgString(value.toISOString()),
  array: (values, literal) => (values.length ? `ARRAY[${values.map(literal).join(', ')}]` : `'{}'`),
  nonFiniteHint: "Use null, or a numeric/real column's 'NaN'/'Infinity' as a string.",
});

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

const CAST = /::(?:"[^"]+"|[a-z_][a-z0-9_]*)(?:\.(?:"[^"]+"|[a-z_][a-z0-9_]*))?(?:\s+(?:varying|precision|with(?:out)?\s+time\s+zone))?(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])*/g;

/**
 * A SQL expression (a `sql` default, a CHECK, an index predicate) in a form that two spellings
 * of the same expression share, for comparing a model's text with what PostgreSQL renders back:
 * casts dropped (`''::text`, `0::numeric`, `'-1000'::integer` → `-1000`), `= ANY (ARRAY[...])`
 * read as `IN (...)`, `!=` as `<>`, the synonyms of the transaction's start time folded into
 * `current_timestamp` (`now()`, `CURRENT_TIMESTAMP`, `transaction_timestamp()`), redundant
 * parentheses around atoms and the whole removed, then case and spaces outside strings ignored.
 * What it cannot fold (PostgreSQL fully parenthesising arithmetic, a date literal completed to a
 * timestamp) still differs: compare such expressions by name, as Alembic does for checks.
 *
 * @example comparablePgSql("a >= '-1000'::integer") === comparablePgSql('a >= -1000') // true
 * @example comparablePgSql('now()') === comparablePgSql('CURRENT_TIMESTAMP') // true
 */
export function comparablePgSql(text: string): string {
  const strings: string[] = [];
  // Strings are set aside so the rewriting below never touches their content.
  let t = text.replace(/'(?:[^']|'')*'/g, (m) => `\u0000${strings.push(m) - 1}\u0000`).toLowerCase();
  t = t.replace(CAST, '');
  t = t.replace(/\u0000(\d+)\u0000/g, (m, i: string) => (/^'-?\d+(?:\.\d+)?'$/.test(strings[Number(i)]!) ? strings[Number(i)]!.slice(1, -1) : m));
  t = t.replace(/=\s*any\s*\(\s*array\s*\[([^\]]*)\]\s*\)/g, ' in ($1)');
  t = t.replace(/!=/g, '<>');
  t = t.replace(/\b(?:now\(\)|transaction_timestamp\(\)|current_timestamp(?:\(\))?)/g, 'current_timestamp');
  // Spaces matter only between two words (`a or b`): kept there as one, dropped elsewhere.
  t = t.replace(/\s+/g, ' ').replace(/ ?([^\w$\u0000 ]) ?/g, '$1').trim();
  for (let prev = ''; prev !== t; ) {
    prev = t;
    t = t.replace(/(^|[^\w$])\((-?[\w.$\u0000]+)\)/g, '$1$2');
  }
  t = stripParens(t);
  return t.replace(/\u0000(\d+)\u0000/g, (_, i: string) => strings[Number(i)]!);
}
