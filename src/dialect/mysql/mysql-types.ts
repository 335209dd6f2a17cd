import { UserError } from '../../errors.js';
import type { ColumnType } from '../../schema/model.js';

/**
 * The declared type of a column on MySQL / MariaDB. The choices, and why:
 * - `boolean` → `BOOLEAN`, which the server stores as `tinyint(1)` (read back as boolean).
 * - `timestamp()` → `DATETIME`: a wall-clock value with MySQL's full range (1000–9999), which
 *   round-trips exactly. `timestamp({ withTimezone: true })` → `TIMESTAMP`: MySQL keeps no zone
 *   either way, but a TIMESTAMP is an instant (stored in UTC, converted through the session's
 *   `time_zone`, which ambix sets to UTC), limited to 1970–2038.
 * - `uuid` → `CHAR(36)`: the same text on MySQL and MariaDB, offline and online. MariaDB's own
 *   `UUID` type (10.7+) is read back as `uuid` too, but not written, since the dialect compiles
 *   without knowing which server it will meet.
 * - `json` → `JSON`: a real type on MySQL; on MariaDB an alias of `LONGTEXT` with a
 *   `CHECK (json_valid(col))`, which the introspector reads back as json.
 * - `enum` → an inline `ENUM('a', 'b')`: MySQL has no named enum types.
 * - `varchar` needs a length on MySQL: without one it is a clear error, not a guess.
 *
 * @example mysqlTypeSql({ kind: 'numeric', precision: 10, scale: 2 }) // 'DECIMAL(10, 2)'
 */
export function mysqlTypeSql(type: ColumnType): string {
  switch (type.kind) {
    case 'integer':
      return 'INT';
    case 'bigint':
      return 'BIGINT';
    case 'smallint':
      return 'SMALLINT';
    case 'real':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'numeric':
      return type.precision !== undefined ? `DECIMAL(${type.precision}, ${type.scale ?? 0})` : 'DECIMAL';
    case 'text':
      return 'TEXT';
    case 'varchar':
      if (type.length === undefined) throw new UserError('MySQL needs a length for varchar columns', 'Write varchar(255) (or another length), or use text().');
      return `VARCHAR(${type.length})`;
    case 'char':
      return type.length !== undefined ? `CHAR(${type.length})` : 'CHAR(1)';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME';
    case 'timestamp':
      return type.withTimezone ? 'TIMESTAMP' : 'DATETIME';
    case 'json':
      return 'JSON';
    case 'uuid':
      return 'CHAR(36)';
    case 'blob':
      return 'BLOB';
    case 'enum':
      return `ENUM(${type.values.map(enumValueLiteral).join(', ')})`;
    case 'raw':
      return type.sql;
  }
}

/** An enum value as MySQL writes it in `COLUMN_TYPE`: quotes doubled, backslashes escaped. */
function enumValueLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Types whose literal defaults MySQL 8 accepts only as a parenthesised expression. */
export function isLobType(type: ColumnType): boolean {
  if (type.kind === 'text' || type.kind === 'blob' || type.kind === 'json') return true;
  return type.kind === 'raw' && /^\s*(?:tiny|medium|long)?(?:text|blob)\b|^\s*json\b/i.test(type.sql);
}

/** Textual types, which carry a collation worth keeping when a column is modified. */
export function isTextType(type: ColumnType): boolean {
  return ['text', 'varchar', 'char', 'enum'].includes(type.kind) || (type.kind === 'raw' && /^\s*(?:tiny|medium|long)?text\b|^\s*(?:var)?char\b|^\s*(?:enum|set)\b/i.test(type.sql));
}

/**
 * Reads a column's `COLUMN_TYPE` (`int(11)`, `tinyint(1)`, `decimal(10,2)`, `enum('a','b')`)
 * back into the model, dropping what the server adds on its own: display widths, and the
 * `tinyint(1)` spelling of boolean. What ambix has no name for stays verbatim as `raw`.
 *
 * @example parseMysqlColumnType('int(11)') // { kind: 'integer' }
 * @example parseMysqlColumnType("enum('a','b')", 'status') // { kind: 'enum', name: 'status', values: ['a', 'b'] }
 */
export function parseMysqlColumnType(columnType: string, column = 'enum'): ColumnType {
  const text = columnType.trim();
  const lower = text.toLowerCase();
  const e = /^enum\s*\(([\s\S]*)\)$/i.exec(text);
  if (e) {
    const values = readQuotedList(e[1]!);
    return values ? { kind: 'enum', name: column, values } : { kind: 'raw', sql: text };
  }
  const m = /^([a-z ]+?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?(\s+unsigned)?(\s+zerofill)?$/.exec(lower);
  if (!m) return { kind: 'raw', sql: lower };
  const name = m[1]!.replace(/\s+/g, ' ');
  const a = m[2] === undefined ? undefined : Number(m[2]);
  const b = m[3] === undefined ? undefined : Number(m[3]);
  // Unsigned and zerofill have no place in the model: keep them, without the display width.
  if (m[4] || m[5]) return { kind: 'raw', sql: `${name}${m[4] ? ' unsigned' : ''}${m[5] ? ' zerofill' : ''}` };
  switch (name) {
    case 'int':
    case 'integer':
      return { kind: 'integer' };
    case 'bigint':
      return { kind: 'bigint' };
    case 'smallint':
      return { kind: 'smallint' };
    case 'tinyint':
    case 'bool':
    case 'boolean':
      return a === 1 || name !== 'tinyint' ? { kind: 'boolean' } : { kind: 'raw', sql: 'tinyint' };
    case 'float':
      return a === undefined ? { kind: 'real' } : { kind: 'raw', sql: lower };
    case 'double':
    case 'double precision':
    case 'real':
      return a === undefined ? { kind: 'double' } : { kind: 'raw', sql: lower };
    case 'decimal':
    case 'numeric':
    case 'dec':
      // A bare DECIMAL is decimal(10,0) on the server: say so, so both sides compare alike.
      return { kind: 'numeric', precision: a ?? 10, scale: b ?? 0 };
    case 'varchar':
    case 'character varying':
      return a === undefined ? { kind: 'raw', sql: lower } : { kind: 'varchar', length: a };
    case 'char':
    case 'character':
      return { kind: 'char', length: a ?? 1 };
    case 'text':
      return a === undefined ? { kind: 'text' } : { kind: 'raw', sql: lower };
    case 'date':
      return { kind: 'date' };
    case 'time':
      return a ? { kind: 'raw', sql: lower } : { kind: 'time' };
    case 'datetime':
      return a ? { kind: 'raw', sql: lower } : { kind: 'timestamp' };
    case 'timestamp':
      return a ? { kind: 'raw', sql: lower } : { kind: 'timestamp', withTimezone: true };
    case 'json':
      return { kind: 'json' };
    case 'uuid':
      return { kind: 'uuid' };
    case 'blob':
      return a === undefined ? { kind: 'blob' } : { kind: 'raw', sql: lower };
    case 'mediumint':
    case 'bit':
    case 'year':
      // Display widths of these carry no meaning either (except bit(n), which is a size).
      return { kind: 'raw', sql: name === 'bit' && a !== undefined ? `bit(${a})` : name };
    default:
      return { kind: 'raw', sql: lower };
  }
}

/** `'a','b''c','d\\e'` → ['a', "b'c", 'd\e'], as MySQL lists ENUM and SET values. */
export function readQuotedList(list: string): string[] | undefined {
  const values: string[] = [];
  const re = /\s*'((?:[^'\\]|''|\\.)*)'\s*(,|$)/gy;
  let pos = 0;
  while (pos < list.length) {
    re.lastIndex = pos;
    const v = re.exec(list);
    if (!v) return undefined;
    values.push(unescapeMysqlString(v[1]!));
    pos = re.lastIndex;
    if (v[2] === '') break;
  }
  return values;
}

const UNESCAPE: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

/** The text inside a MySQL string literal: `''` and backslash escapes resolved. */
export function unescapeMysqlString(body: string): string {
  return body.replace(/''|\\(.)/gs, (m, c: string | undefined) => (m === "''" ? "'" : (UNESCAPE[c!] ?? c!)));
}
