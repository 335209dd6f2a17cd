// What MySQL keeps of a model, for whoever compares a model with an introspected database
// (autogenerate's comparison hooks): both sides go through these before they are compared.
import type { ColumnDefault, ColumnType } from '../../schema/model.js';
import { isSqlFragment } from '../../schema/model.js';
import { mysqlTypeSql, parseMysqlColumnType } from './mysql-types.js';

/**
 * The type MySQL stores for a model type, as the introspector reads it back: `uuid` is
 * `char(36)`, a bare `numeric` is `decimal(10,0)`, `char` is `char(1)`; an enum keeps its
 * values (MySQL keeps no enum name). Idempotent, so it can be applied to both sides.
 *
 * @example mysqlStoredType({ kind: 'uuid' }) // { kind: 'char', length: 36 }
 * @example mysqlStoredType({ kind: 'raw', sql: 'INT(11)' }) // { kind: 'integer' }
 */
export function mysqlStoredType(type: ColumnType): ColumnType {
  switch (type.kind) {
    case 'json':
    case 'enum':
    case 'boolean':
      return type;
    case 'uuid':
      return { kind: 'char', length: 36 };
    case 'varchar':
      // A varchar without length cannot be created on MySQL; compare it as given.
      return type.length === undefined ? type : parseMysqlColumnType(mysqlTypeSql(type));
    default:
      return parseMysqlColumnType(mysqlTypeSql(type));
  }
}

/**
 * An expression (CHECK, default, index condition) reduced to what survives the server's
 * rewriting: MySQL re-prints expressions with backticks, lower-case function names, its own
 * spacing and outer parentheses (`n>0` comes back as `` `n` > 0 ``).
 *
 * @example mysqlExpressionKey('(`n` > 0)') === mysqlExpressionKey('n>0') // true
 */
export function mysqlExpressionKey(expr: string): string {
  const parts = expr.split(/('(?:[^'\\]|''|\\.)*')/s);
  let out = parts
    .map((p, i) => (i % 2 === 1 ? p : p.replace(/`((?:[^`]|``)+)`/g, '$1').toLowerCase().replace(/\s+/g, '').replace(/current_timestamp\(\)/g, 'current_timestamp').replace(/now\(\)/g, 'current_timestamp')))
    .join('');
  while (/^\(.*\)$/s.test(out) && wraps(out)) out = out.slice(1, -1);
  return out;
}

function wraps(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return false;
  }
  return true;
}

/**
 * Whether two server defaults mean the same on MySQL: `DEFAULT NULL` is no default, `true`
 * is `1`, a decimal `'1.50'` is `1.5`, expressions compare by {@link mysqlExpressionKey}.
 *
 * @example sameMysqlDefault({ kind: 'literal', value: true }, { kind: 'literal', value: 1 }) // true
 */
export function sameMysqlDefault(a: ColumnDefault | undefined, b: ColumnDefault | undefined): boolean {
  const norm = (d: ColumnDefault | undefined): string | undefined => {
    if (d === undefined) return undefined;
    if (isSqlFragment(d)) {
      const key = mysqlExpressionKey(d.text);
      return key === 'null' ? undefined : key === 'true' ? 'n:1' : key === 'false' ? 'n:0' : `x:${key}`;
    }
    const v = d.value;
    if (v === null) return undefined;
    if (typeof v === 'boolean') return v ? 'n:1' : 'n:0';
    if (typeof v === 'number') return `n:${v}`;
    return /^[-+]?(?:\d+\.?\d*|\.\d+)$/.test(v) ? `n:${Number(v)}` : `s:${v}`;
  };
  return norm(a) === norm(b);
}
