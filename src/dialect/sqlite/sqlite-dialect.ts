import { UserError } from '../../errors.js';
import type { Operation } from '../../ops/operations.js';
import type { Table } from '../../schema/model.js';
import type { Capabilities, Dialect, TableSource } from '../dialect.js';
import type { Statement } from '../statement.js';
import { quoteSqlite, sqliteBind, sqliteColumnSql, sqliteCreateIndexSql, sqliteCreateTableSql, sqliteLiteral } from './sqlite-ddl.js';
import { followSqliteSql } from './sqlite-follow-sql.js';
import { canAddColumn, dropNeedsRebuild, sqliteRebuild } from './sqlite-rebuild.js';
import { sqliteTypeSql } from './sqlite-types.js';

export const SQLITE_CAPABILITIES: Capabilities = Object.freeze({
  transactionalDdl: true,
  alterColumnInPlace: false,
  alterConstraints: false,
  schemas: false,
  columnComments: false,
  namedEnumTypes: false,
  embedded: true,
});

async function requireTable(tables: TableSource, name: string): Promise<Table> {
  const t = await tables.getTable(name);
  if (!t) throw new UserError(`No table named '${name}'`, 'Check the name, or create the table first.');
  return t;
}

/** SQLite: what it can ALTER it alters; the rest is a table rebuild the runtime batches. */
export const sqliteDialect: Dialect = {
  name: 'sqlite',
  displayName: 'SQLite',
  capabilities: SQLITE_CAPABILITIES,
  quote: quoteSqlite,
  literal: sqliteLiteral,
  typeSql: sqliteTypeSql,
  createTableSql: sqliteCreateTableSql,
  createIndexSql: (table, index) => sqliteCreateIndexSql(table, index),

  async compile(op: Operation, tables: TableSource): Promise<Statement[] | 'rebuild'> {
    switch (op.kind) {
      case 'createTable':
        return [sqliteCreateTableSql(op.table), ...op.table.indexes.map((i) => sqliteCreateIndexSql(op.table.name, i))];
      case 'dropTable':
        return [`DROP TABLE ${quoteSqlite(op.table)}`];
      case 'renameTable':
        return [`ALTER TABLE ${quoteSqlite(op.table)} RENAME TO ${quoteSqlite(op.newName)}`];
      case 'addColumn':
        return canAddColumn(op.column) ? [`ALTER TABLE ${quoteSqlite(op.table)} ADD COLUMN ${sqliteColumnSql(op.column)}`] : 'rebuild';
      case 'dropColumn':
        return dropNeedsRebuild(await requireTable(tables, op.table), op.column) ? 'rebuild' : [`ALTER TABLE ${quoteSqlite(op.table)} DROP COLUMN ${quoteSqlite(op.column)}`];
      case 'alterColumn': {
        const { newName, comment, ...rest } = op.changes;
        const other = Object.values(rest).some((v) => v !== undefined);
        if (other) return 'rebuild';
        const out: Statement[] = [];
        if (newName !== undefined && newName !== op.column) out.push(`ALTER TABLE ${quoteSqlite(op.table)} RENAME COLUMN ${quoteSqlite(op.column)} TO ${quoteSqlite(newName)}`);
        // Documented fallback: SQLite stores no column comments.
        if (comment !== undefined) out.push(`-- SQLite keeps no column comments; the comment on ${op.table}.${newName ?? op.column} is not stored`);
        return out;
      }
      case 'alterEnum':
        // The values are each column's CHECK: the runtime turns this into one alterColumn per
        // column (capabilities.namedEnumTypes is false), which joins that table's rebuild.
        throw new Error(`internal: alterEnum ${op.name} reached the SQLite compiler instead of being carried out column by column`);
      case 'createIndex':
        return [sqliteCreateIndexSql(op.table, op.index)];
      case 'dropIndex':
        return [`DROP INDEX ${quoteSqlite(op.name)}`];
      case 'createUniqueConstraint':
      case 'createForeignKey':
      case 'createCheckConstraint':
      case 'createPrimaryKey':
      case 'dropConstraint':
        return 'rebuild';
      case 'execute':
        return [op.sql];
      case 'bulkInsert': {
        if (op.rows.length === 0) return [];
        const t = await tables.getTable(op.table);
        const cols = [...new Set(op.rows.flatMap((r) => Object.keys(r)))];
        const byName = new Map(t?.columns.map((c) => [c.name, c]));
        const head = `INSERT INTO ${quoteSqlite(op.table)} (${cols.map(quoteSqlite).join(', ')}) VALUES `;
        // SQLite binds at most 32766 parameters per statement.
        const perStatement = Math.max(1, Math.floor(30000 / cols.length));
        const out: Statement[] = [];
        for (let i = 0; i < op.rows.length; i += perStatement) {
          const chunk = op.rows.slice(i, i + perStatement);
          out.push({
            sql: head + chunk.map(() => `(${cols.map(() => '?').join(', ')})`).join(', '),
            params: chunk.flatMap((r) => cols.map((c) => sqliteBind(r[c] ?? null, byName.get(c)))),
          });
        }
        return out;
      }
    }
  },

  rebuild: sqliteRebuild,

  followRawSql: followSqliteSql,

  bindValue: (value, column) => sqliteBind(value, column),
};

