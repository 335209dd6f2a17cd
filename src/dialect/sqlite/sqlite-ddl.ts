import { UserError } from '../../errors.js';
import type { Column, ColumnDefault, ColumnType, ForeignKey, Index, Table } from '../../schema/model.js';
import { isSqlFragment } from '../../schema/model.js';
import { sqliteTypeSql } from './sqlite-types.js';

export function quoteSqlite(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A value as an SQLite literal (offline output): strings quoted, booleans 1/0, bytes X'..'. */
export function sqliteLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UserError(`Cannot write ${value} as an SQL literal`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString('hex')}'`;
  if (typeof value === 'object') return `'${JSON.stringify(value).replace(/'/g, "''")}'`;
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** Keywords SQLite accepts bare after DEFAULT; any other expression needs parentheses. */
const BARE_DEFAULTS = /^(?:CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME|NULL|TRUE|FALSE|[-+]?\d+(?:\.\d+)?|'(?:[^']|'')*')$/i;

export function sqliteDefaultSql(def: ColumnDefault): string {
  if (isSqlFragment(def)) return BARE_DEFAULTS.test(def.text.trim()) ? def.text.trim() : `(${def.text})`;
  return sqliteLiteral(def.value);
}

export function sqliteColumnSql(col: Column, enumCheck = true): string {
  let sql = `${quoteSqlite(col.name)} ${sqliteTypeSql(col.type)}`;
  if (!col.nullable) sql += ' NOT NULL';
  if (col.default !== undefined) sql += ` DEFAULT ${sqliteDefaultSql(col.default)}`;
  if (enumCheck && col.type.kind === 'enum') sql += ` ${enumCheckSql(col.name, col.type)}`;
  return sql;
}

/** SQLite has no enum type: the values are a named CHECK on the column, which introspection reads back. */
function enumCheckSql(column: string, type: Extract<ColumnType, { kind: 'enum' }>): string {
  return `CONSTRAINT ${quoteSqlite(type.name)} CHECK (${quoteSqlite(column)} IN (${type.values.map(sqliteLiteral).join(', ')}))`;
}

function fkSql(fk: ForeignKey): string {
  let sql = `CONSTRAINT ${quoteSqlite(fk.name)} FOREIGN KEY (${fk.columns.map(quoteSqlite).join(', ')}) REFERENCES ${quoteSqlite(fk.refTable)} (${fk.refColumns.map(quoteSqlite).join(', ')})`;
  if (fk.onDelete) sql += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
  if (fk.onUpdate) sql += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
  return sql;
}

export function sqliteCreateTableSql(table: Table, name = table.name): string {
  const parts = table.columns.map((c) => sqliteColumnSql(c));
  const pk = table.primaryKey ?? (table.columns.some((c) => c.primaryKey) ? { columns: table.columns.filter((c) => c.primaryKey).map((c) => c.name) } : undefined);
  if (pk) parts.push(`${pk.name ? `CONSTRAINT ${quoteSqlite(pk.name)} ` : ''}PRIMARY KEY (${pk.columns.map(quoteSqlite).join(', ')})`);
  for (const u of table.uniques) parts.push(`CONSTRAINT ${quoteSqlite(u.name)} UNIQUE (${u.columns.map(quoteSqlite).join(', ')})`);
  for (const fk of table.foreignKeys) parts.push(fkSql(fk));
  for (const ck of table.checks) parts.push(`CONSTRAINT ${quoteSqlite(ck.name)} CHECK (${ck.expression})`);
  return `CREATE TABLE ${quoteSqlite(name)} (\n  ${parts.join(',\n  ')}\n)`;
}

export function sqliteCreateIndexSql(table: string, index: Index): string {
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteSqlite(index.name)} ON ${quoteSqlite(table)} (${index.columns.map(quoteSqlite).join(', ')})${index.where ? ` WHERE ${index.where}` : ''}`;
}

/** What better-sqlite3 can bind: booleans as 1/0, dates as ISO text, objects as JSON. */
export function sqliteBind(value: unknown, column?: Column): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  if (column?.type.kind === 'json' && typeof value !== 'string' && value !== null) return JSON.stringify(value);
  return value;
}
