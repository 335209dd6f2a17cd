import type { Column, ColumnDefault, ColumnType, Index, Table } from '../../schema/model.js';
import { isSqlFragment } from '../../schema/model.js';
import { constraintSql } from '../constraint-sql.js';
import { literalWith } from '../literals.js';
import { sqliteTypeSql } from './sqlite-types.js';

export function quoteSqlite(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A value as an SQLite literal (offline output): strings quoted, booleans 1/0, bytes X'..'. */
export const sqliteLiteral = literalWith({
  string: (text) => `'${text.replace(/'/g, "''")}'`,
  boolean: (value) => (value ? '1' : '0'),
  bytes: (value) => `X'${Buffer.from(value).toString('hex')}'`,
  date: (value) => `'${value.toISOString()}'`,
});

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

const constraints = constraintSql(quoteSqlite, (name) => quoteSqlite(name));
export const { unique: sqliteUniqueSql, foreignKey: sqliteForeignKeySql, check: sqliteCheckSql, primaryKey: sqlitePrimaryKeySql } = constraints;

export function sqliteCreateTableSql(table: Table, name = table.name): string {
  const parts = table.columns.map((c) => sqliteColumnSql(c));
  const pk = table.primaryKey ?? (table.columns.some((c) => c.primaryKey) ? { columns: table.columns.filter((c) => c.primaryKey).map((c) => c.name) } : undefined);
  if (pk) parts.push(sqlitePrimaryKeySql(pk));
  for (const u of table.uniques) parts.push(sqliteUniqueSql(u));
  for (const fk of table.foreignKeys) parts.push(sqliteForeignKeySql(fk));
  for (const ck of table.checks) parts.push(sqliteCheckSql(ck));
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
