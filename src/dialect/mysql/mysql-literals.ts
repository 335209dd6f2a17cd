import type { ColumnDefault, ColumnType } from '../../schema/model.js';
import { isSqlFragment } from '../../schema/model.js';
import { literalWith } from '../literals.js';
import { isLobType } from './mysql-types.js';

/**
 * An identifier in backticks, which MySQL accepts whatever `sql_mode` says (double quotes
 * mean a string unless `ANSI_QUOTES` is on).
 *
 * @example quoteMysql('order') // '`order`'
 */
export function quoteMysql(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/**
 * A string as a MySQL literal. MySQL reads a backslash as an escape unless the session has
 * `NO_BACKSLASH_ESCAPES` (ambix's own connection turns it off), so backslashes are doubled as
 * well as quotes: `it's C:\dir` → `'it''s C:\\dir'`. NUL and Ctrl-Z are escaped because some
 * clients cut a script at them.
 */
export function mysqlString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\0/g, '\\0').replace(/\x1a/g, '\\Z')}'`;
}

/** A Date as MySQL's DATETIME text, in UTC (the session time zone ambix sets). */
export function mysqlDateText(d: Date): string {
  return d.toISOString().replace('T', ' ').replace(/Z$/, '');
}

/**
 * A value as a MySQL literal, for offline (`--sql`) output.
 *
 * @example mysqlLiteral("it's") // "'it''s'"
 * @example mysqlLiteral(true) // 'TRUE'
 */
export const mysqlLiteral = literalWith({
  string: mysqlString,
  boolean: (value) => (value ? 'TRUE' : 'FALSE'),
  bytes: (value) => `X'${Buffer.from(value).toString('hex')}'`,
  date: (value) => mysqlString(mysqlDateText(value)),
});

/** Defaults MySQL takes without parentheses: literals and the current-time functions. */
const BARE_DEFAULT = /^(?:CURRENT_TIMESTAMP|LOCALTIMESTAMP|LOCALTIME|NOW)(?:\s*\(\s*\d*\s*\))?$|^(?:CURRENT_DATE|CURRENT_TIME)$|^(?:NULL|TRUE|FALSE|[-+]?\d+(?:\.\d+)?)$/i;
const QUOTED = /^'(?:[^'\\]|''|\\.)*'$/s;
const NUMERIC_KINDS = new Set<ColumnType['kind']>(['integer', 'bigint', 'smallint', 'real', 'double', 'numeric']);
const DECIMAL_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)$/;

/**
 * A server default as MySQL's DDL writes it. Expressions go in parentheses (MariaDB 10.2+,
 * MySQL 8.0.13+); on TEXT, BLOB and JSON columns a literal does too, since MySQL 8 takes no
 * plain literal default there. A timestamp literal with a zone is converted to UTC text,
 * which MySQL reads without complaint (it takes no offset in a DATETIME literal).
 *
 * @example mysqlDefaultSql({ kind: 'sql', text: 'CURRENT_TIMESTAMP' }, { kind: 'timestamp' }) // 'CURRENT_TIMESTAMP'
 * @example mysqlDefaultSql({ kind: 'literal', value: '{}' }, { kind: 'json' }) // "('{}')"
 */
export function mysqlDefaultSql(def: ColumnDefault, type: ColumnType): string {
  const lob = isLobType(type);
  if (isSqlFragment(def)) {
    const text = def.text.trim();
    if (BARE_DEFAULT.test(text) || (QUOTED.test(text) && !lob)) return text;
    return /^\(.*\)$/s.test(text) && balanced(text.slice(1, -1)) ? text : `(${text})`;
  }
  const v = def.value;
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return mysqlLiteral(v);
  if (NUMERIC_KINDS.has(type.kind) && DECIMAL_TEXT.test(v)) return v;
  const text = type.kind === 'timestamp' ? utcTimestampText(v) : v;
  return lob ? `(${mysqlString(text)})` : mysqlString(text);
}

/** `2024-05-01 10:00:00+02:00` → `2024-05-01 08:00:00`; text without a zone is kept as given. */
function utcTimestampText(v: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)$/.exec(v);
  if (!m) return v;
  const d = new Date(`${m[1]}T${m[2]}${m[3] === 'Z' ? 'Z' : m[3]!.length === 3 ? `${m[3]}:00` : m[3]!.includes(':') ? m[3] : `${m[3]!.slice(0, 3)}:${m[3]!.slice(3)}`}`);
  if (Number.isNaN(d.getTime())) return v;
  return mysqlDateText(d).replace(/\.000$/, '');
}

/** Whether the parentheses of a text pair up (so `(a) + (b)` is not taken as one group). */
function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text.replace(/'(?:[^'\\]|''|\\.)*'/gs, '')) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}
