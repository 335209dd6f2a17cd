import { UserError } from '../../errors.js';
import type { Operation } from '../../ops/operations.js';
import type { Column, ColumnDefault, ColumnType, ForeignKey, Index, Table } from '../../schema/model.js';
import { isSqlFragment } from '../../schema/model.js';
import type { Capabilities, Dialect, RebuildExtras, TableSource } from '../dialect.js';
import type { Statement } from '../statement.js';
import { sqliteTypeSql } from './sqlite-types.js';

const CAPABILITIES: Capabilities = {
  transactionalDdl: true,
  alterColumnInPlace: false,
  alterConstraints: false,
  schemas: false,
  columnComments: false,
  namedEnumTypes: false,
};

/** Prefix of the table a rebuild copies into; errors mentioning it are rewritten to the real name. */
export const REBUILD_PREFIX = '_ambix_tmp_';

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

function columnSql(col: Column, enumCheck = true): string {
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
  const parts = table.columns.map((c) => columnSql(c));
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

/** Whether SQLite's ALTER TABLE ADD COLUMN can add this column (else the table is rebuilt). */
function canAddColumn(col: Column): boolean {
  if (col.primaryKey || col.unique) return false;
  if (col.default && isSqlFragment(col.default) && !/^(?:NULL|TRUE|FALSE|[-+]?\d+(?:\.\d+)?|'(?:[^']|'')*')$/i.test(col.default.text.trim())) return false;
  if (!col.nullable && (col.default === undefined || (!isSqlFragment(col.default) && col.default.value === null))) return false;
  return true;
}

async function requireTable(tables: TableSource, name: string): Promise<Table> {
  const t = await tables.getTable(name);
  if (!t) throw new UserError(`No table named '${name}'`, 'Check the name, or create the table first.');
  return t;
}

/** SQLite: what it can ALTER it alters; the rest is a table rebuild the runtime batches. */
export const sqliteDialect: Dialect = {
  name: 'sqlite',
  capabilities: CAPABILITIES,
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
        return canAddColumn(op.column) ? [`ALTER TABLE ${quoteSqlite(op.table)} ADD COLUMN ${columnSql(op.column)}`] : 'rebuild';
      case 'dropColumn': {
        const t = await requireTable(tables, op.table);
        const used =
          t.primaryKey?.columns.includes(op.column) ||
          t.indexes.some((i) => i.columns.includes(op.column)) ||
          t.uniques.some((u) => u.columns.includes(op.column)) ||
          t.foreignKeys.some((f) => f.columns.includes(op.column)) ||
          t.checks.length > 0 ||
          t.columns.some((c) => c.name === op.column && c.type.kind === 'enum');
        return used ? 'rebuild' : [`ALTER TABLE ${quoteSqlite(op.table)} DROP COLUMN ${quoteSqlite(op.column)}`];
      }
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

  rebuildSql(from: Table, to: Table, origins: ReadonlyMap<string, string | null>, extras: RebuildExtras): string[] {
    const tmp = `${REBUILD_PREFIX}${to.name}`;
    const copied = to.columns.filter((c) => {
      const o = origins.has(c.name) ? origins.get(c.name) : c.name;
      return o !== null && o !== undefined && from.columns.some((f) => f.name === o);
    });
    const out: string[] = [];
    for (const v of extras.views) out.push(`DROP VIEW ${quoteSqlite(v.name)}`);
    for (const tr of extras.triggers) out.push(`DROP TRIGGER IF EXISTS ${quoteSqlite(tr.name)}`);
    out.push(sqliteCreateTableSql(to, tmp));
    if (copied.length) {
      out.push(
        `INSERT INTO ${quoteSqlite(tmp)} (${copied.map((c) => quoteSqlite(c.name)).join(', ')}) SELECT ${copied
          .map((c) => quoteSqlite((origins.has(c.name) ? origins.get(c.name) : c.name)!))
          .join(', ')} FROM ${quoteSqlite(from.name)}`,
      );
    }
    out.push(`DROP TABLE ${quoteSqlite(from.name)}`);
    out.push(`ALTER TABLE ${quoteSqlite(tmp)} RENAME TO ${quoteSqlite(to.name)}`);
    for (const i of to.indexes) out.push(sqliteCreateIndexSql(to.name, i));
    for (const tr of extras.triggers) out.push(tr.sql);
    for (const v of extras.views) out.push(v.sql);
    return out;
  },

  bindValue: (value, column) => sqliteBind(value, column),
};

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
