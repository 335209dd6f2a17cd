import { UserError } from '../../errors.js';
import type { Operation } from '../../ops/operations.js';
import { alterTable, mentions } from '../../ops/table-alterations.js';
import type { Column, ColumnType, ForeignKey, Table } from '../../schema/model.js';
import { createCompiler, type CompilerParts } from '../base-compiler.js';
import type { Capabilities, Dialect, TableSource } from '../dialect.js';
import type { Statement } from '../statement.js';
import { mysqlCheckSql, mysqlColumnSql, mysqlCreateIndexSql, mysqlCreateTableSql, mysqlForeignKeySql, mysqlUniqueSql } from './mysql-ddl.js';
import { mysqlColumnExtras } from './mysql-introspector.js';
import { mysqlDateText, mysqlDefaultSql, mysqlLiteral, quoteMysql } from './mysql-literals.js';
import { mysqlTypeSql } from './mysql-types.js';

export const MYSQL_CAPABILITIES: Capabilities = Object.freeze({
  // MySQL and MariaDB commit every DDL statement implicitly: the runtime logs each step as
  // started before it runs, so a crash mid-way is found and named by the next run.
  transactionalDdl: false,
  alterColumnInPlace: true,
  alterConstraints: true,
  schemas: false,
  columnComments: true,
  namedEnumTypes: false,
  embedded: false,
  indexNamesPerTable: true,
});

const q = quoteMysql;
const list = (names: readonly string[]) => names.map(q).join(', ');

/** Rows per INSERT of a bulk insert: well under the default max_allowed_packet. */
const ROWS_PER_INSERT = 1000;

const parts: CompilerParts = {
  name: 'mysql',
  displayName: 'MySQL/MariaDB',
  capabilities: MYSQL_CAPABILITIES,
  quote: quoteMysql,
  qualify: (name, schema) => (schema ? `${q(schema)}.${q(name)}` : q(name)),
  literal: mysqlLiteral,
  typeSql: mysqlTypeSql,
  bindValue: mysqlBind,
  columnSql: (column) => mysqlColumnSql(column),
  createTableSql: (table: Table, name?: string) => mysqlCreateTableSql(table, name),
  createIndexSql: mysqlCreateIndexSql,
  uniqueSql: mysqlUniqueSql,
  foreignKeySql: mysqlForeignKeySql,
  checkSql: mysqlCheckSql,
  // MySQL names every primary key PRIMARY: the given name is not kept.
  primaryKeySql: (pk) => `PRIMARY KEY (${list(pk.columns)})`,
  // Rows per INSERT well under the default max_allowed_packet; 65,535 placeholders at most.
  inserts: { maxParams: 65_000, maxRows: ROWS_PER_INSERT, placeholders: 'question', missing: 'default', defaultValues: false },
};

/**
 * MySQL / MariaDB (10.5+; MySQL 8.0+): every operation is native ALTER TABLE, never a
 * table rebuild. `MODIFY COLUMN` restates the whole column, so the compiler reads the
 * column's current definition from the `TableSource` (introspection online, the tracked
 * schema offline) and changes only what the operation says.
 *
 * @example
 * await mysqlDialect.compile({ kind: 'renameTable', table: 'llmconfig', newName: 'llm_setting' }, tables);
 * // ['ALTER TABLE `llmconfig` RENAME TO `llm_setting`']
 */
export const mysqlDialect: Dialect = createCompiler(parts, {
  // One statement with its indexes: MySQL commits each DDL statement, so a CREATE TABLE followed
  // by CREATE INDEX could stop half-way.
  createTable: (op) => [mysqlCreateTableSql(op.table, op.table.name, { indexes: true })],
  addColumn: (op) => [`ALTER TABLE ${q(op.table)} ADD COLUMN ${mysqlColumnSql(op.column)}${op.column.primaryKey ? `, ADD PRIMARY KEY (${q(op.column.name)})` : ''}`],
  dropColumn: async (op, tables) => [await dropColumnSql(op.table, op.column, tables)],
  alterColumn: (op, tables) => alterColumnSql(op, tables),
  dropIndex: (op) => [`DROP INDEX ${q(op.name)} ON ${q(op.table)}`],
  dropConstraint: async (op, tables) => [await dropConstraintSql(op.table, op.name, tables)],
});

/** The table's definition, or a clear error: MySQL needs it to restate a column or to tell constraint kinds apart. */
async function requireTable(tables: TableSource, name: string, why: string): Promise<Table> {
  const t = await tables.getTable(name);
  if (!t) {
    throw new UserError(
      `ambix needs the definition of table ${name} to ${why}, and it has none`,
      `Check the table name. Offline (--sql), a table created by raw SQL is unknown: declare it first with op.assumeTable('${name}', { ... }), or write the ALTER TABLE with op.execute.`,
    );
  }
  return t;
}

/** Whether an index, unique key or the primary key starts with these columns (so MySQL added no index of its own for a foreign key). */
function covered(t: Table, columns: readonly string[]): boolean {
  const starts = (cols: readonly string[]) => columns.every((c, i) => cols[i] === c);
  const pk = t.primaryKey?.columns ?? t.columns.filter((c) => c.primaryKey).map((c) => c.name);
  return starts(pk) || t.uniques.some((u) => starts(u.columns)) || t.indexes.some((i) => starts(i.columns));
}

/**
 * Dropping a foreign key: MySQL keeps the index it created for the key (named after it),
 * which would then show up as an index nobody declared; it goes with the key.
 */
function dropForeignKeyClauses(t: Table, fk: ForeignKey): string[] {
  return covered(t, fk.columns) ? [`DROP FOREIGN KEY ${q(fk.name)}`] : [`DROP FOREIGN KEY ${q(fk.name)}`, `DROP INDEX ${q(fk.name)}`];
}

/**
 * DROP COLUMN, with what uses the column dropped in the same statement: MySQL refuses to
 * drop a column a foreign key needs, and would silently narrow a several-column index
 * instead of dropping it (ambix's model drops it, as PostgreSQL does).
 */
async function dropColumnSql(table: string, column: string, tables: TableSource): Promise<string> {
  const t = await tables.getTable(table);
  const clauses: string[] = [];
  if (t) {
    for (const fk of t.foreignKeys) if (fk.columns.includes(column)) clauses.push(...dropForeignKeyClauses(t, fk));
    const dropped = new Set(clauses.map((c) => c));
    for (const ix of [...t.indexes, ...t.uniques]) {
      const clause = `DROP INDEX ${q(ix.name)}`;
      if (ix.columns.includes(column) && ix.columns.length > 1 && !dropped.has(clause)) clauses.push(clause);
    }
    for (const ck of t.checks) if (mentions(ck.expression, column)) clauses.push(`DROP CONSTRAINT ${q(ck.name)}`);
  }
  clauses.push(`DROP COLUMN ${q(column)}`);
  return `ALTER TABLE ${q(table)} ${clauses.join(', ')}`;
}

/**
 * A rename alone is `RENAME COLUMN`, a default alone `ALTER COLUMN ... SET/DROP DEFAULT`
 * (no table copy); anything else restates the column with `MODIFY` (or `CHANGE` when it is
 * renamed too), keeping what the model cannot hold (collation, ON UPDATE).
 */
async function alterColumnSql(op: Extract<Operation, { kind: 'alterColumn' }>, tables: TableSource): Promise<Statement[]> {
  const { newName, default: def, ...rest } = op.changes;
  const restated = Object.values(rest).some((v) => v !== undefined);
  const renamed = newName !== undefined && newName !== op.column;
  const tbl = q(op.table);
  if (!restated) {
    const out: Statement[] = [];
    if (def !== undefined) {
      const t = await tables.getTable(op.table);
      const type: ColumnType = t?.columns.find((c) => c.name === op.column)?.type ?? { kind: 'varchar', length: 255 };
      out.push(`ALTER TABLE ${tbl} ALTER COLUMN ${q(op.column)} ${def === null ? 'DROP DEFAULT' : `SET DEFAULT ${mysqlDefaultSql(def, type)}`}`);
    }
    if (renamed) out.push(`ALTER TABLE ${tbl} RENAME COLUMN ${q(op.column)} TO ${q(newName)}`);
    return out;
  }
  const t = await requireTable(tables, op.table, `change column ${op.column} (MODIFY COLUMN restates the whole column)`);
  const old = t.columns.find((c) => c.name === op.column);
  if (!old) throw new UserError(`Table ${op.table} has no column '${op.column}'`, `Its columns: ${t.columns.map((c) => c.name).join(', ')}.`);
  const next = alterTable(t, op).columns.find((c) => c.name === (newName ?? op.column)) as Column;
  const extras = mysqlColumnExtras(old);
  const keep = extras && rest.type !== undefined && extras.collate && !['text', 'varchar', 'char', 'enum', 'raw'].includes(rest.type.kind) ? { ...extras, collate: undefined } : extras;
  const colSql = mysqlColumnSql(next, keep);
  return [renamed ? `ALTER TABLE ${tbl} CHANGE COLUMN ${q(op.column)} ${colSql}` : `ALTER TABLE ${tbl} MODIFY COLUMN ${colSql}`];
}

/**
 * MySQL drops each kind of constraint with its own words (`DROP FOREIGN KEY`, `DROP INDEX`,
 * `DROP CONSTRAINT` for a CHECK, `DROP PRIMARY KEY`), so the kind is looked up by name.
 * MySQL names every primary key PRIMARY and forgets the given name: `PRIMARY`, the name the
 * model gave, or a conventional one (`pk_<table>`, `<table>_pkey`, `<table>_pkc`) means it.
 * Any other unknown name is an error, never a guess that could drop the key.
 */
async function dropConstraintSql(table: string, name: string, tables: TableSource): Promise<string> {
  const t = await requireTable(tables, table, `tell what kind of constraint ${name} is`);
  const alter = `ALTER TABLE ${q(table)} `;
  const fk = t.foreignKeys.find((f) => f.name === name);
  if (fk) return alter + dropForeignKeyClauses(t, fk).join(', ');
  if (t.uniques.some((u) => u.name === name) || t.indexes.some((i) => i.name === name)) return `${alter}DROP INDEX ${q(name)}`;
  if (t.checks.some((c) => c.name === name)) return `${alter}DROP CONSTRAINT ${q(name)}`;
  const hasPk = !!t.primaryKey || t.columns.some((c) => c.primaryKey);
  const pkNames = ['PRIMARY', t.primaryKey?.name, `pk_${table}`, `${table}_pkey`, `${table}_pkc`];
  if (hasPk && pkNames.includes(name)) {
    // An AUTO_INCREMENT column must be a key: it stops numbering in the same statement.
    const pkCols = t.primaryKey?.columns ?? t.columns.filter((c) => c.primaryKey).map((c) => c.name);
    const unnumber = t.columns.filter((c) => c.autoincrement && pkCols.includes(c.name)).map((c) => `MODIFY COLUMN ${mysqlColumnSql({ ...c, autoincrement: false }, mysqlColumnExtras(c))}`);
    return alter + [...unnumber, 'DROP PRIMARY KEY'].join(', ');
  }
  const known = [...t.foreignKeys, ...t.uniques, ...t.checks].map((k) => k.name);
  throw new UserError(
    `Table ${table} has no constraint '${name}'`,
    `${known.length ? `Its constraints: ${known.join(', ')}.` : 'It has no named constraints.'}${hasPk ? " MySQL keeps no primary key names: drop the primary key as 'PRIMARY'." : ''}`,
  );
}

/**
 * What mysql2 binds as the same value offline SQL writes: booleans 1/0, dates as UTC
 * DATETIME text (the session time zone ambix sets), objects and json values as JSON text.
 */
export function mysqlBind(value: unknown, column?: Column): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return mysqlDateText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (typeof value === 'object') return JSON.stringify(value);
  if (column?.type.kind === 'json' && typeof value !== 'string') return JSON.stringify(value);
  return value;
}
