import { UserError } from '../errors.js';
import { buildTable } from '../schema/table.js';
import { isColumnBuilder, toColumn, type ColumnBuilder } from '../schema/column-builder.js';
import type { Column, ColumnType, ForeignKey, Index, ReferentialAction, SqlFragment, Table } from '../schema/model.js';
import { isSqlFragment } from '../schema/model.js';
import type { NamingConvention } from '../schema/naming.js';
import type { Operation } from './operations.js';

/** A live connection for data migrations (`op.getBind()`): values are bound parameters. */
export interface Bind {
  query<T = Record<string, unknown>>(sql: string | SqlFragment, params?: readonly unknown[]): Promise<T[]>;
  execute(sql: string | SqlFragment, params?: readonly unknown[]): Promise<{ rowsAffected: number }>;
}

/** `op.inspect()`: what the database holds now (online only). */
export interface Inspector {
  hasTable(name: string): Promise<boolean>;
  getTableNames(): Promise<string[]>;
  getColumns(table: string): Promise<Column[]>;
  getIndexes(table: string): Promise<Index[]>;
  getForeignKeys(table: string): Promise<ForeignKey[]>;
}

/** Where the table lives: a PostgreSQL schema other than the connection's own. */
export interface InSchema {
  schema?: string;
}

export interface AlterColumnOptions extends InSchema {
  /** The new type, given as a column builder (`text()`, `varchar(255)`). */
  type?: ColumnBuilder | ColumnType;
  nullable?: boolean;
  /** A literal or sql`...`; null drops the default. */
  default?: string | number | boolean | SqlFragment | null;
  comment?: string | null;
  newName?: string;
}

/**
 * The `op` a migration receives (Alembic's `op`). Online each call executes at once;
 * offline (`--sql`) each call writes SQL. On SQLite, changes ALTER cannot make are done by
 * rebuilding the table, batched so several alterations of one table cost one copy.
 *
 * @example
 * async upgrade(op) {
 *   await op.addColumn('llm_setting', 'timeout', integer().notNull().default(30));
 *   await op.createIndex('ix_llm_setting_provider', 'llm_setting', ['provider']);
 * }
 */
export interface Operations {
  createTable(name: string, columns: Record<string, ColumnBuilder>, extras?: Parameters<typeof buildTable>[2], options?: InSchema & { comment?: string }): Promise<void>;
  dropTable(name: string, options?: InSchema): Promise<void>;
  renameTable(oldName: string, newName: string, options?: InSchema): Promise<void>;
  addColumn(table: string, name: string, column: ColumnBuilder, options?: InSchema): Promise<void>;
  dropColumn(table: string, name: string, options?: InSchema): Promise<void>;
  alterColumn(table: string, name: string, changes: AlterColumnOptions): Promise<void>;
  renameColumn(table: string, oldName: string, newName: string, options?: InSchema): Promise<void>;
  createIndex(name: string, table: string, columns: readonly string[], options?: InSchema & { unique?: boolean; where?: string | SqlFragment }): Promise<void>;
  dropIndex(name: string, table: string, options?: InSchema): Promise<void>;
  createUniqueConstraint(name: string, table: string, columns: readonly string[], options?: InSchema): Promise<void>;
  createForeignKey(
    name: string,
    table: string,
    refTable: string,
    columns: readonly string[],
    refColumns: readonly string[],
    options?: InSchema & { refSchema?: string; onDelete?: ReferentialAction; onUpdate?: ReferentialAction },
  ): Promise<void>;
  createCheckConstraint(name: string, table: string, condition: string | SqlFragment, options?: InSchema): Promise<void>;
  createPrimaryKey(name: string, table: string, columns: readonly string[], options?: InSchema): Promise<void>;
  dropConstraint(name: string, table: string, options?: InSchema): Promise<void>;
  /**
   * Gives enum `name` new values (added, removed or reordered) on the columns that use it,
   * listed by table (`{ task: ['status'] }`; MySQL keeps no enum names, so they are named here).
   *
   * - PostgreSQL: when values are only added, `ALTER TYPE name ADD VALUE IF NOT EXISTS 'v'`
   *   (with BEFORE/AFTER for a value in the middle). PostgreSQL will not let a transaction use a
   *   value it added itself ("unsafe use of new value"): run the call inside
   *   `op.autocommitBlock(...)`, as autogenerate writes it, when the migration goes on to use
   *   it. A removal or a reorder rebuilds the type under its name (old one renamed aside, every
   *   column of it cast through text, old one dropped) in the migration's transaction.
   * - MySQL/MariaDB: `MODIFY COLUMN` with the new inline `ENUM(...)`, per column.
   * - SQLite: the table rebuild with the new CHECK, per table.
   *
   * Removing a value some row still holds fails the migration, naming the value; change those
   * rows first.
   *
   * @example
   * await op.autocommitBlock(async () => {
   *   await op.alterEnum('mood', ['happy', 'ok', 'sad'], { columns: { task: ['mood'] } });
   * });
   */
  alterEnum(name: string, values: readonly string[], options: InSchema & { columns: Readonly<Record<string, readonly string[]>> }): Promise<void>;
  execute(sql: string | SqlFragment): Promise<void>;
  bulkInsert(table: string, rows: readonly Record<string, unknown>[], options?: InSchema): Promise<void>;
  getBind(): Bind;
  inspect(): Inspector;
  /** Runs `fn` outside the migration's transaction (e.g. PostgreSQL `CREATE INDEX CONCURRENTLY`). */
  autocommitBlock(fn: () => Promise<void>): Promise<void>;
  /** Offline only: declares a table's current shape, for a rebuild of a table raw SQL created. */
  assumeTable(name: string, columns: Record<string, ColumnBuilder>, extras?: Parameters<typeof buildTable>[2]): Promise<void>;
}

/**
 * Where `op` sends its operations: the runtime's executor implements it (online it runs them,
 * offline it writes their SQL). Declared here so that `op` knows nothing of the runtime.
 */
export interface OpSink {
  run(op: Operation): Promise<void>;
  /** Carries out what is pending (a batched SQLite rebuild) before something looks at the database. */
  flush(): Promise<void>;
  /** Offline: takes a table's shape as declared. */
  assume(table: Table): void;
  /** Called when the migration uses its live connection: a failure can no longer tell what it left. */
  usedConnection(): void;
}

/** The live database a data migration reads and writes (online only). */
export interface LiveDatabase {
  query(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  execute(sql: string, params: readonly unknown[]): Promise<number>;
  bindValue(value: unknown): unknown;
  introspect(only?: readonly string[]): Promise<Map<string, Table>>;
}

export interface OpEnvironment {
  sink: OpSink;
  /** The database, or undefined when this run writes SQL (`--sql`). */
  live: LiveDatabase | undefined;
  /** For messages: the database's name ('SQLite'). */
  displayName: string;
  /** Whether the dialect has database schemas (`{ schema }` is refused elsewhere). */
  schemas: boolean;
  revision: string;
  /** The config's convention: what `op` names an unnamed index, key or constraint, as the models do. */
  namingConvention: NamingConvention;
  begin(): Promise<void>;
  commit(): Promise<void>;
  inTransaction(): boolean;
}

function sqlText(s: string | SqlFragment): string {
  return typeof s === 'string' ? s : s.text;
}

function asType(t: ColumnBuilder | ColumnType): ColumnType {
  return isColumnBuilder(t) ? toColumn(t, '_').type : t;
}

/** Builds the `op` object for one migration run. */
export function createOpApi(env: OpEnvironment): Operations {
  const executor = env.sink;
  const run = (op: Operation) => executor.run(op);
  /** `{ schema }` as the operation carries it; refused where the dialect has no schemas. */
  const inSchema = (o?: InSchema): { schema?: string } => {
    if (!o?.schema) return {};
    if (!env.schemas) {
      throw new UserError(`${env.displayName} has no schemas: { schema: '${o.schema}' } cannot be honoured`, 'Leave out `schema`, or point the migration at a PostgreSQL database.');
    }
    return { schema: o.schema };
  };
  const online = (what: string) => {
    if (!env.live) {
      throw new UserError(`op.${what}() needs a live database, but this run writes SQL (--sql)`, `Run revision ${env.revision} online, or check ctx.offline and skip the data step when writing SQL.`);
    }
    return env.live;
  };
  /** A table's indexes and constraints a column's flags imply, named by the naming convention. */
  const derived = (table: string, name: string, builder: ColumnBuilder) => buildTable(table, { [name]: builder }, undefined, { namingConvention: env.namingConvention });

  return {
    async createTable(name, columns, extras, options) {
      await run({ kind: 'createTable', table: buildTable(name, columns, extras, { ...inSchema(options), ...(options?.comment ? { comment: options.comment } : {}), namingConvention: env.namingConvention }) });
    },
    async dropTable(name, options) {
      await run({ kind: 'dropTable', table: name, ...inSchema(options) });
    },
    async renameTable(oldName, newName, options) {
      await run({ kind: 'renameTable', table: oldName, newName, ...inSchema(options) });
    },
    async addColumn(table, name, builder, options) {
      const s = inSchema(options);
      const t: Table = derived(table, name, builder);
      const column = t.columns[0]!;
      // The flags became the named index, unique and foreign key below; the column carries none.
      const { references: _r, unique: _u, index: _i, ...plain } = column;
      await run({ kind: 'addColumn', table, column: plain, ...s });
      for (const u of t.uniques) await run({ kind: 'createUniqueConstraint', table, constraint: u, ...s });
      for (const fk of t.foreignKeys) await run({ kind: 'createForeignKey', table, constraint: fk, ...s });
      for (const i of t.indexes) await run({ kind: 'createIndex', table, index: i, ...s });
    },
    async dropColumn(table, name, options) {
      await run({ kind: 'dropColumn', table, column: name, ...inSchema(options) });
    },
    async alterColumn(table, name, ch) {
      const changes = {
        ...(ch.type !== undefined ? { type: asType(ch.type) } : {}),
        ...(ch.nullable !== undefined ? { nullable: ch.nullable } : {}),
        ...(ch.default !== undefined ? { default: ch.default === null ? null : isSqlFragment(ch.default) ? ch.default : { kind: 'literal' as const, value: ch.default } } : {}),
        ...(ch.comment !== undefined ? { comment: ch.comment } : {}),
        ...(ch.newName !== undefined ? { newName: ch.newName } : {}),
      };
      if (Object.keys(changes).length === 0) throw new UserError(`op.alterColumn('${table}', '${name}') changes nothing`, 'Give at least one of type, nullable, default, comment, newName.');
      await run({ kind: 'alterColumn', table, column: name, changes, ...inSchema(ch) });
    },
    async renameColumn(table, oldName, newName, options) {
      await run({ kind: 'alterColumn', table, column: oldName, changes: { newName }, ...inSchema(options) });
    },
    async createIndex(name, table, columns, options = {}) {
      await run({ kind: 'createIndex', table, index: { name, columns: [...columns], unique: !!options.unique, ...(options.where ? { where: sqlText(options.where) } : {}) }, ...inSchema(options) });
    },
    async dropIndex(name, table, options) {
      await run({ kind: 'dropIndex', table, name, ...inSchema(options) });
    },
    async createUniqueConstraint(name, table, columns, options) {
      await run({ kind: 'createUniqueConstraint', table, constraint: { name, columns: [...columns] }, ...inSchema(options) });
    },
    async createForeignKey(name, table, refTable, columns, refColumns, options = {}) {
      const { schema: _s, refSchema, ...actions } = options;
      await run({ kind: 'createForeignKey', table, constraint: { name, columns: [...columns], refTable, refColumns: [...refColumns], ...(refSchema ? { refSchema } : {}), ...actions }, ...inSchema(options) });
    },
    async createCheckConstraint(name, table, condition, options) {
      await run({ kind: 'createCheckConstraint', table, constraint: { name, expression: sqlText(condition) }, ...inSchema(options) });
    },
    async createPrimaryKey(name, table, columns, options) {
      await run({ kind: 'createPrimaryKey', table, constraint: { name, columns: [...columns] }, ...inSchema(options) });
    },
    async dropConstraint(name, table, options) {
      await run({ kind: 'dropConstraint', table, name, ...inSchema(options) });
    },
    async alterEnum(name, values, options) {
      if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'string')) {
        throw new UserError(`op.alterEnum('${name}', values) needs a non-empty array of strings`, "Write op.alterEnum('mood', ['happy', 'sad'], { columns: { task: ['mood'] } }).");
      }
      const dup = values.find((v, i) => values.indexOf(v) !== i);
      if (dup !== undefined) throw new UserError(`op.alterEnum('${name}') lists '${dup}' twice`);
      const columns = Object.entries(options?.columns ?? {}).flatMap(([table, cols]) => cols.map((column) => ({ table, column })));
      if (columns.length === 0) {
        throw new UserError(`op.alterEnum('${name}') names no columns`, "List the columns that use the enum: { columns: { task: ['mood'] } } (MySQL and SQLite change each column; PostgreSQL casts every column of the type).");
      }
      await run({ kind: 'alterEnum', name, values: [...values], columns, ...inSchema(options) });
    },
    async execute(sql) {
      await run({ kind: 'execute', sql: sqlText(sql) });
    },
    async bulkInsert(table, rows, options) {
      await run({ kind: 'bulkInsert', table, rows, ...inSchema(options) });
    },
    getBind() {
      const adapter = online('getBind');
      return {
        async query(sql, params = []) {
          await executor.flush();
          executor.usedConnection();
          return (await adapter.query(sqlText(sql), params.map((p) => adapter.bindValue(p)))) as never[];
        },
        async execute(sql, params = []) {
          await executor.flush();
          executor.usedConnection();
          return { rowsAffected: await adapter.execute(sqlText(sql), params.map((p) => adapter.bindValue(p))) };
        },
      };
    },
    inspect() {
      const adapter = online('inspect');
      const table = async (name: string) => {
        await executor.flush();
        const t = (await adapter.introspect([name])).get(name);
        if (!t) throw new UserError(`No table named '${name}'`, 'Use hasTable() first in a conditional migration.');
        return t;
      };
      return {
        async hasTable(name) {
          await executor.flush();
          return (await adapter.introspect([name])).has(name);
        },
        async getTableNames() {
          await executor.flush();
          return [...(await adapter.introspect()).keys()];
        },
        getColumns: async (name) => [...(await table(name)).columns],
        getIndexes: async (name) => [...(await table(name)).indexes],
        getForeignKeys: async (name) => [...(await table(name)).foreignKeys],
      };
    },
    async autocommitBlock(fn) {
      await executor.flush();
      const wasOpen = env.inTransaction();
      if (wasOpen) await env.commit();
      try {
        await fn();
        await executor.flush();
      } finally {
        if (wasOpen) await env.begin();
      }
    },
    async assumeTable(name, columns, extras) {
      if (env.live) return;
      await run({ kind: 'execute', sql: `-- ambix assumes table ${name} as declared by op.assumeTable` });
      executor.assume(buildTable(name, columns, extras, { namingConvention: env.namingConvention }));
    },
  };
}
