// The compiler every dialect starts from: one default handler per operation kind, in the SQL
// most databases share. A dialect gives the spelling of its names, values and DDL pieces
// (`CompilerParts`) and overrides only the handlers where it differs, as Kysely's dialect
// compilers do. Adding an operation kind fails to compile here until it has a default.
import { UserError } from '../errors.js';
import type { Operation } from '../ops/operations.js';
import type { CheckConstraint, Column, ColumnType, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint } from '../schema/model.js';
import type { Capabilities, Dialect, DialectName, TableSource } from './dialect.js';
import type { Statement } from './statement.js';

export type OpOf<K extends Operation['kind']> = Extract<Operation, { kind: K }>;
export type Compiled = Statement[] | 'rebuild';
export type Handler<K extends Operation['kind']> = (op: OpOf<K>, tables: TableSource) => Compiled | Promise<Compiled>;
/** A handler for every operation kind: a missing one is a type error. */
export type Handlers = { readonly [K in Operation['kind']]: Handler<K> };

/** How multi-row INSERTs of `bulkInsert` are cut and written. */
export interface InsertRules {
  /** Bound parameters one statement may hold. */
  readonly maxParams: number;
  /** Rows one statement may hold, where the protocol limits its size before the parameters do. */
  readonly maxRows?: number;
  /** `?` (SQLite, MySQL) or `$1` (PostgreSQL). */
  readonly placeholders: 'question' | 'numbered';
  /** A key a row leaves out: the column's `DEFAULT`, or NULL where VALUES has no DEFAULT (SQLite). */
  readonly missing: 'default' | 'null';
  /** Rows without any key: `INSERT ... DEFAULT VALUES` each (else `() VALUES ()`, MySQL's form). */
  readonly defaultValues: boolean;
}

/** What a dialect's compiler is made of: the spelling of its names, values and DDL pieces. */
export interface CompilerParts {
  readonly name: DialectName;
  readonly displayName: string;
  readonly capabilities: Capabilities;
  quote(identifier: string): string;
  /** A table or index name, with its database schema where there is one. */
  qualify(name: string, schema?: string): string;
  literal(value: unknown): string;
  typeSql(type: ColumnType): string;
  bindValue(value: unknown, column?: Column): unknown;
  /** A column as ADD COLUMN writes it. */
  columnSql(column: Column, schema?: string): string;
  createTableSql(table: Table, name?: string): string;
  createIndexSql(table: string, index: Index, schema?: string): string;
  uniqueSql(constraint: UniqueConstraint): string;
  foreignKeySql(constraint: ForeignKey): string;
  checkSql(constraint: CheckConstraint): string;
  primaryKeySql(constraint: PrimaryKey): string;
  readonly inserts: InsertRules;
}

/**
 * The SQL shared by most databases, for each operation kind. Where the dialect's capabilities
 * say it cannot ALTER a column or a constraint in place, the change is `'rebuild'`.
 */
export function defaultHandlers(p: CompilerParts): Handlers {
  const table = (op: { table: string; schema?: string }) => p.qualify(op.table, op.schema);
  const addConstraint = (op: { table: string; schema?: string }, clause: string): Compiled => (p.capabilities.alterConstraints ? [`ALTER TABLE ${table(op)} ADD ${clause}`] : 'rebuild');
  return {
    createTable: ({ table: t }) => [p.createTableSql(t), ...t.indexes.map((i) => p.createIndexSql(t.name, i, t.schema))],
    dropTable: (op) => [`DROP TABLE ${table(op)}`],
    renameTable: (op) => [`ALTER TABLE ${table(op)} RENAME TO ${p.quote(op.newName)}`],
    addColumn: (op) => [`ALTER TABLE ${table(op)} ADD COLUMN ${p.columnSql(op.column, op.schema)}`],
    dropColumn: (op) => [`ALTER TABLE ${table(op)} DROP COLUMN ${p.quote(op.column)}`],
    alterColumn: (op) => alterColumnSql(p, op),
    alterEnum: (op) => {
      // Each column holds its own values: the runtime hands the compiler one alterColumn per column.
      throw new Error(`internal: alterEnum ${op.name} reached the ${p.displayName} compiler instead of being carried out column by column`);
    },
    createIndex: (op) => [p.createIndexSql(op.table, op.index, op.schema)],
    dropIndex: (op) => [`DROP INDEX ${p.qualify(op.name, op.schema)}`],
    createUniqueConstraint: (op) => addConstraint(op, p.uniqueSql(op.constraint)),
    createForeignKey: (op) => addConstraint(op, p.foreignKeySql(op.constraint)),
    createCheckConstraint: (op) => addConstraint(op, p.checkSql(op.constraint)),
    createPrimaryKey: (op) => addConstraint(op, p.primaryKeySql(op.constraint)),
    dropConstraint: (op) => (p.capabilities.alterConstraints ? [`ALTER TABLE ${table(op)} DROP CONSTRAINT ${p.quote(op.name)}`] : 'rebuild'),
    execute: (op) => [op.sql],
    bulkInsert: async (op, tables) => bulkInsertSql(p, op, await tables.getTable(op.table, op.schema)),
  };
}

/**
 * The standard ALTER COLUMN clauses (type, nullability, default, then the rename), or a rebuild
 * where the dialect cannot change a column in place; a comment where the dialect keeps none is
 * said in a SQL comment rather than dropped without a word.
 */
function alterColumnSql(p: CompilerParts, op: OpOf<'alterColumn'>): Compiled {
  const { newName, comment, ...rest } = op.changes;
  const t = p.qualify(op.table, op.schema);
  const out: Statement[] = [];
  const inPlace = Object.values(rest).some((v) => v !== undefined);
  if (inPlace && !p.capabilities.alterColumnInPlace) return 'rebuild';
  const alter = (action: string) => out.push(`ALTER TABLE ${t} ALTER COLUMN ${p.quote(op.column)} ${action}`);
  if (rest.type !== undefined) alter(`TYPE ${p.typeSql(rest.type)}`);
  if (rest.nullable !== undefined) alter(rest.nullable ? 'DROP NOT NULL' : 'SET NOT NULL');
  if (rest.default !== undefined) {
    const def = rest.default;
    const literal = def === null ? undefined : def.kind === 'sql' ? def.text : p.literal(def.value);
    alter(literal === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${literal}`);
  }
  if (newName !== undefined && newName !== op.column) out.push(`ALTER TABLE ${t} RENAME COLUMN ${p.quote(op.column)} TO ${p.quote(newName)}`);
  if (comment !== undefined) {
    if (p.capabilities.columnComments) {
      out.push(`COMMENT ON COLUMN ${t}.${p.quote(newName ?? op.column)} IS ${comment === null ? 'NULL' : p.literal(comment)}`);
    } else {
      // Documented fallback: the database stores no column comments.
      out.push(`-- ${p.displayName} keeps no column comments; the comment on ${op.table}.${newName ?? op.column} is not stored`);
    }
  }
  return out;
}

/**
 * Rows as multi-row INSERTs with bound values, cut to the dialect's limits. Rows may differ in
 * their keys: every key any row has is a column, and a row without it takes the column's
 * DEFAULT (or NULL where the dialect has no DEFAULT in VALUES).
 */
export function bulkInsertSql(p: CompilerParts, op: OpOf<'bulkInsert'>, table: Table | undefined): Statement[] {
  if (op.rows.length === 0) return [];
  const into = p.qualify(op.table, op.schema);
  const cols = [...new Set(op.rows.flatMap((r) => Object.keys(r)))];
  const rules = p.inserts;
  if (cols.length === 0 && rules.defaultValues) return op.rows.map(() => `INSERT INTO ${into} DEFAULT VALUES`);
  const byName = new Map(table?.columns.map((c) => [c.name, c]));
  const head = `INSERT INTO ${into} (${cols.map(p.quote).join(', ')}) VALUES `;
  const perStatement = Math.max(1, Math.min(rules.maxRows ?? Infinity, Math.floor(rules.maxParams / Math.max(1, cols.length))));
  const out: Statement[] = [];
  for (let i = 0; i < op.rows.length; i += perStatement) {
    const params: unknown[] = [];
    const value = (r: Record<string, unknown>, c: string) => {
      const given = Object.hasOwn(r, c) && r[c] !== undefined;
      if (!given && rules.missing === 'default') return 'DEFAULT';
      params.push(p.bindValue(given ? r[c] : null, byName.get(c)));
      return rules.placeholders === 'numbered' ? `$${params.length}` : '?';
    };
    const tuples = op.rows.slice(i, i + perStatement).map((r) => `(${cols.map((c) => value(r, c)).join(', ')})`);
    out.push({ sql: head + tuples.join(', '), params });
  }
  return out;
}

/**
 * A dialect's compiler: the default handlers with the dialect's overrides.
 *
 * @example
 * export const mysqlDialect = createCompiler(parts, { dropIndex: (op) => [`DROP INDEX ${q(op.name)} ON ${q(op.table)}`] });
 */
export function createCompiler(p: CompilerParts, overrides: Partial<Handlers>, extra: Pick<Dialect, 'rebuild' | 'followRawSql'> = {}): Dialect {
  const handlers: Handlers = { ...defaultHandlers(p), ...overrides };
  return Object.freeze({
    name: p.name,
    displayName: p.displayName,
    capabilities: p.capabilities,
    quote: p.quote,
    literal: p.literal,
    typeSql: p.typeSql,
    createTableSql: p.createTableSql,
    createIndexSql: p.createIndexSql,
    bindValue: p.bindValue,
    async compile(op: Operation, tables: TableSource): Promise<Compiled> {
      return (handlers[op.kind] as Handler<Operation['kind']>)(op, tables);
    },
    ...extra,
  });
}

/** The table a change needs the current definition of, or a clear error. */
export async function requireTable(tables: TableSource, name: string, schema?: string): Promise<Table> {
  const t = await tables.getTable(name, schema);
  if (!t) throw new UserError(`No table named '${name}'`, 'Check the name, or create the table first.');
  return t;
}
