import type { Capabilities, Dialect } from '../dialect.js';
import { createCompiler, requireTable, type CompilerParts } from '../base-compiler.js';
import {
  quoteSqlite,
  sqliteBind,
  sqliteCheckSql,
  sqliteColumnSql,
  sqliteCreateIndexSql,
  sqliteCreateTableSql,
  sqliteForeignKeySql,
  sqliteLiteral,
  sqlitePrimaryKeySql,
  sqliteUniqueSql,
} from './sqlite-ddl.js';
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
  indexNamesPerTable: false,
});

const parts: CompilerParts = {
  name: 'sqlite',
  displayName: 'SQLite',
  capabilities: SQLITE_CAPABILITIES,
  quote: quoteSqlite,
  qualify: (name) => quoteSqlite(name),
  literal: sqliteLiteral,
  typeSql: sqliteTypeSql,
  bindValue: sqliteBind,
  columnSql: (column) => sqliteColumnSql(column),
  createTableSql: sqliteCreateTableSql,
  createIndexSql: (table, index) => sqliteCreateIndexSql(table, index),
  uniqueSql: sqliteUniqueSql,
  foreignKeySql: sqliteForeignKeySql,
  checkSql: sqliteCheckSql,
  primaryKeySql: sqlitePrimaryKeySql,
  // SQLite binds at most 32766 parameters per statement, and has no DEFAULT inside VALUES.
  inserts: { maxParams: 30_000, placeholders: 'question', missing: 'null', defaultValues: true },
};

/**
 * SQLite: what it can ALTER it alters (add a plain column, drop an unused one, rename); the rest
 * (capabilities: no column or constraint changes in place) is a table rebuild, sqlite-rebuild.ts.
 */
export const sqliteDialect: Dialect = createCompiler(
  parts,
  {
    addColumn: (op) => (canAddColumn(op.column) ? [`ALTER TABLE ${quoteSqlite(op.table)} ADD COLUMN ${sqliteColumnSql(op.column)}`] : 'rebuild'),
    dropColumn: async (op, tables) => (dropNeedsRebuild(await requireTable(tables, op.table), op.column) ? 'rebuild' : [`ALTER TABLE ${quoteSqlite(op.table)} DROP COLUMN ${quoteSqlite(op.column)}`]),
  },
  { rebuild: sqliteRebuild, followRawSql: followSqliteSql },
);
