import { UserError } from '../../errors.js';
import type { Column, Index, PrimaryKey, Table } from '../../schema/model.js';
import type { MysqlColumnExtras } from './mysql-introspector.js';
import { mysqlDefaultSql, mysqlString, quoteMysql } from './mysql-literals.js';
import { constraintSql } from '../constraint-sql.js';
import { mysqlTypeSql } from './mysql-types.js';

const q = quoteMysql;
const list = (names: readonly string[]) => names.map(q).join(', ');

/**
 * A whole column definition, as CREATE TABLE, ADD COLUMN and MODIFY COLUMN need it:
 * `MODIFY` restates everything, so what the model cannot hold (collation, ON UPDATE, a
 * generated expression) comes in `extras`, read from the live column.
 *
 * @example mysqlColumnSql({ name: 'timeout', type: { kind: 'integer' }, nullable: false, primaryKey: false, autoincrement: false, default: { kind: 'literal', value: 30 } })
 * // '`timeout` INT NOT NULL DEFAULT 30'
 */
export function mysqlColumnSql(col: Column, extras?: MysqlColumnExtras): string {
  let sql = `${q(col.name)} ${mysqlTypeSql(col.type)}`;
  if (extras?.collate) sql += ` COLLATE ${extras.collate}`;
  if (extras?.generated) sql += ` ${extras.generated}`;
  // A nullable TIMESTAMP says NULL: without it, servers with explicit_defaults_for_timestamp
  // off make the column NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP.
  if (!col.nullable) sql += ' NOT NULL';
  else if (col.type.kind === 'timestamp' && col.type.withTimezone) sql += ' NULL';
  if (col.default !== undefined && !extras?.generated) sql += ` DEFAULT ${mysqlDefaultSql(col.default, col.type)}`;
  if (extras?.onUpdate) sql += ` ON UPDATE ${extras.onUpdate}`;
  if (extras?.invisible) sql += ' INVISIBLE';
  if (col.autoincrement) sql += ' AUTO_INCREMENT';
  if (col.comment !== undefined && col.comment !== '') sql += ` COMMENT ${mysqlString(col.comment)}`;
  return sql;
}

export function mysqlPrimaryKeyColumns(table: Table): PrimaryKey | undefined {
  if (table.primaryKey) return table.primaryKey;
  const cols = table.columns.filter((c) => c.primaryKey).map((c) => c.name);
  return cols.length ? { columns: cols } : undefined;
}

const constraints = constraintSql(quoteMysql, (name, schema) => (schema ? `${q(schema)}.${q(name)}` : q(name)));
export const { unique: mysqlUniqueSql, foreignKey: mysqlForeignKeySql, check: mysqlCheckSql } = constraints;

/** MySQL has no partial indexes: a `where` is refused rather than dropped. */
function requireNoWhere(table: string, index: Index): void {
  if (index.where) {
    throw new UserError(`MySQL has no partial indexes: index ${index.name} on ${table} has a WHERE clause`, 'Drop the where option for MySQL, or index a generated column that holds the condition.');
  }
}

/** The index as a clause inside CREATE TABLE (`INDEX \`ix\` (\`c\`)`). */
function inlineIndexSql(table: string, index: Index): string {
  requireNoWhere(table, index);
  return `${index.unique ? 'UNIQUE ' : ''}INDEX ${q(index.name)} (${list(index.columns)})`;
}

/**
 * CREATE TABLE with its keys, constraints and (with `indexes`) its indexes in the one
 * statement: MySQL commits each DDL statement, so one statement is all or nothing where a
 * CREATE TABLE followed by CREATE INDEX could stop half-way.
 *
 * @example mysqlCreateTableSql(table, table.name, { indexes: true })
 */
export function mysqlCreateTableSql(table: Table, name = table.name, options: { indexes?: boolean } = {}): string {
  const parts = table.columns.map((c) => mysqlColumnSql(c));
  const pk = mysqlPrimaryKeyColumns(table);
  if (pk) parts.push(`PRIMARY KEY (${list(pk.columns)})`);
  for (const u of table.uniques) parts.push(mysqlUniqueSql(u));
  if (options.indexes) for (const i of table.indexes) parts.push(inlineIndexSql(name, i));
  for (const fk of table.foreignKeys) parts.push(mysqlForeignKeySql(fk));
  for (const ck of table.checks) parts.push(mysqlCheckSql(ck));
  const tableName = table.schema ? `${q(table.schema)}.${q(name)}` : q(name);
  const comment = table.comment ? ` COMMENT = ${mysqlString(table.comment)}` : '';
  return `CREATE TABLE ${tableName} (\n  ${parts.join(',\n  ')}\n)${comment}`;
}

/** @example mysqlCreateIndexSql('item', { name: 'ix_item_price', columns: ['price'], unique: false }) // 'CREATE INDEX `ix_item_price` ON `item` (`price`)' */
export function mysqlCreateIndexSql(table: string, index: Index, schema?: string): string {
  requireNoWhere(table, index);
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(index.name)} ON ${schema ? `${q(schema)}.` : ''}${q(table)} (${list(index.columns)})`;
}
