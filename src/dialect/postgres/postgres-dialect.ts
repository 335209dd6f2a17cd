import { UserError } from '../../errors.js';
import { enumOnlyAdds, type AlterEnumOp, type ColumnChanges, type Operation } from '../../ops/operations.js';
import type { Column, ColumnType, Table } from '../../schema/model.js';
import { bulkInsertSql, createCompiler, type CompilerParts } from '../base-compiler.js';
import type { Capabilities, Dialect, TableSource } from '../dialect.js';
import type { Statement } from '../statement.js';
import {
  pgCheckSql,
  pgColumnCommentSql,
  pgColumnSql,
  pgCreateEnumGuardedSql,
  pgCreateEnumSql,
  pgCreateIndexSql,
  pgCreateTableSql,
  pgDropEnumGuardedSql,
  pgEnsureSchemaSql,
  pgForeignKeySql,
  pgPrimaryKeySql,
  pgTableExtrasSql,
  pgUniqueSql,
} from './postgres-ddl.js';
import { enumRef, trackedEnumState, type EnumRef, type EnumState } from './postgres-enums.js';
import { pgDefaultSql, pgLiteral } from './postgres-literals.js';
import { pgTypeSql, qualifiedPg, quotePg } from './postgres-types.js';

export const POSTGRES_CAPABILITIES: Capabilities = Object.freeze({
  transactionalDdl: true,
  alterColumnInPlace: true,
  alterConstraints: true,
  schemas: true,
  columnComments: true,
  namedEnumTypes: true,
  embedded: false,
  indexNamesPerTable: false,
});

/** PostgreSQL binds at most 65535 parameters per statement. */
const MAX_PARAMS = 60_000;

export interface PostgresDialectOptions {
  /** Where the compiler learns which enum types exist: the live catalog online; tracked offline by default. */
  readonly enums?: EnumState;
}

type EnumType = Extract<ColumnType, { kind: 'enum' }>;

/**
 * The PostgreSQL dialect: every operation compiles to native SQL (never a rebuild). A fresh
 * instance per run, because offline it tracks which enum types the rendered SQL has created.
 *
 * @example
 * const dialect = createPostgresDialect();
 * await dialect.compile({ kind: 'renameTable', table: 'a', newName: 'b' }, tables); // ['ALTER TABLE "a" RENAME TO "b"']
 */
export function createPostgresDialect(options: PostgresDialectOptions = {}): Dialect {
  const enums = options.enums ?? trackedEnumState();

  /** The table as it is now; a schema-qualified lookup first (the adapter keys other schemas as `schema.table`). */
  const lookup = async (tables: TableSource, name: string, schema: string | undefined): Promise<Table | undefined> => {
    if (!schema) return tables.getTable(name);
    const t = (await tables.getTable(`${schema}.${name}`, schema)) ?? (await tables.getTable(name, schema));
    return t && t.schema === schema ? t : undefined;
  };

  /** CREATE TYPE for an enum a new column needs, unless it exists already. */
  const ensureEnum = async (type: EnumType, schema: string | undefined, out: Statement[], seen: Set<string>): Promise<void> => {
    const ref = enumRef(type.name, schema);
    const q = qualifiedPg(ref.name, ref.schema);
    if (seen.has(q)) return;
    seen.add(q);
    const exists = await enums.exists(ref);
    if (exists === true) return;
    out.push(exists === false ? pgCreateEnumSql(q, type.values) : pgCreateEnumGuardedSql(q, type.values));
    enums.note({ kind: 'created', type: ref, guarded: exists === undefined });
  };

  /** DROP TYPE for an enum whose last user is going, after the statement that removes it. */
  const releaseEnum = async (ref: EnumRef, except: { schema: string | undefined; table: string; column?: string }, out: Statement[], tables: TableSource): Promise<void> => {
    const used = await enums.usedOutside(ref, except, tables);
    if (used === true) return;
    const q = qualifiedPg(ref.name, ref.schema);
    out.push(used === false ? `DROP TYPE ${q}` : pgDropEnumGuardedSql(q));
    enums.note({ kind: 'dropped', type: ref });
  };

  const enumTypesOf = (columns: readonly Column[]) => {
    const byName = new Map<string, EnumType>();
    for (const c of columns) if (c.type.kind === 'enum' && !byName.has(c.type.name)) byName.set(c.type.name, c.type);
    return [...byName.values()];
  };

  async function alterColumn(op: Extract<Operation, { kind: 'alterColumn' }>, tables: TableSource): Promise<Statement[]> {
    const { schema, column } = op;
    const ch: ColumnChanges = op.changes;
    const q = qualifiedPg(op.table, schema);
    const alter = (action: string) => `ALTER TABLE ${q} ALTER COLUMN ${quotePg(column)} ${action}`;
    const current = (await lookup(tables, op.table, schema))?.columns.find((c) => c.name === column);
    const out: Statement[] = [];
    const after: Statement[] = [];
    let defaultDone = false;
    if (ch.type !== undefined) {
      if (ch.type.kind === 'enum') await ensureEnum(ch.type, schema, out, new Set());
      // A default typed for the old type blocks ALTER TYPE when it cannot be cast the same way
      // (a text default onto an enum): it comes off first and goes back on, typed for the new type.
      const restore = ch.default !== undefined ? ch.default : current?.default;
      if (current?.default !== undefined) out.push(alter('DROP DEFAULT'));
      const typeSql = pgTypeSql(ch.type, schema);
      out.push(alter(`TYPE ${typeSql} USING ${quotePg(column)}::${typeSql}`));
      if (current?.default !== undefined || ch.default !== undefined) {
        if (restore) out.push(alter(`SET DEFAULT ${pgDefaultSql(restore, ch.type)}`));
        defaultDone = true;
      }
      if (current?.type.kind === 'enum' && !(ch.type.kind === 'enum' && enumRef(ch.type.name, schema).name === enumRef(current.type.name, schema).name)) {
        await releaseEnum(enumRef(current.type.name, schema), { schema, table: op.table, column }, after, tables);
      }
    }
    if (ch.nullable !== undefined) out.push(alter(ch.nullable ? 'DROP NOT NULL' : 'SET NOT NULL'));
    if (ch.default !== undefined && !defaultDone) {
      const type = ch.type ?? current?.type ?? { kind: 'text' };
      out.push(alter(ch.default === null ? 'DROP DEFAULT' : `SET DEFAULT ${pgDefaultSql(ch.default, type)}`));
    }
    if (ch.comment !== undefined) out.push(pgColumnCommentSql(q, column, ch.comment));
    out.push(...after);
    if (ch.newName !== undefined && ch.newName !== column) {
      out.push(`ALTER TABLE ${q} RENAME COLUMN ${quotePg(column)} TO ${quotePg(ch.newName)}`);
    }
    return out;
  }

  /**
   * New values for an enum type. Additions only (the old values keep their order) are
   * `ALTER TYPE ... ADD VALUE IF NOT EXISTS`, one per value, placed with BEFORE/AFTER: in place,
   * and safe to run again, because autogenerate puts them in an `op.autocommitBlock` (a value
   * added in a transaction cannot be used in it) that a later failure does not undo.
   * A removal or a reorder, which PostgreSQL cannot make to a type, builds the type again under
   * its own name: the old type is renamed aside, every column of it (every table's: the catalog
   * online, the op's columns and those seen offline) is cast to the new one through text, and
   * the old one is dropped, in the migration's transaction. A value still held by a row fails
   * the cast with the database's own words (`invalid input value for enum mood: "b"`) and the
   * transaction leaves everything as it was. Columns' defaults come off for the cast and go
   * back on after it, as the type of the new enum.
   */
  async function alterEnum(op: AlterEnumOp, tables: TableSource): Promise<Statement[]> {
    const ref = enumRef(op.name, op.schema);
    const q = qualifiedPg(ref.name, ref.schema);
    const current = (await enums.values(ref)) ?? (await enumValuesInTables(op, tables));
    if (current && current.length === op.values.length && current.every((v, i) => v === op.values[i])) return [];
    if (current && enumOnlyAdds(current, op.values)) return addEnumValuesSql(q, current, op.values);

    const type: EnumType = { kind: 'enum', name: op.name, values: op.values };
    const aside = qualifiedPg(asideName(ref.name), ref.schema);
    const users = new Map<string, { schema: string | undefined; table: string; column: string; array?: boolean }>();
    const fromOp = op.columns.map((c) => ({ schema: op.schema, table: c.table, column: c.column }));
    for (const u of [...(await enums.users(ref, tables)), ...fromOp]) {
      const k = `${u.schema ?? ''}\u0000${u.table}\u0000${u.column}`;
      if (!users.has(k)) users.set(k, u);
    }
    const out: Statement[] = [`ALTER TYPE ${q} RENAME TO ${quotePg(asideName(ref.name))}`, pgCreateEnumSql(q, op.values)];
    for (const u of users.values()) {
      const t = qualifiedPg(u.table, u.schema);
      const col = quotePg(u.column);
      const def = (await lookup(tables, u.table, u.schema))?.columns.find((c) => c.name === u.column)?.default;
      if (def !== undefined) out.push(`ALTER TABLE ${t} ALTER COLUMN ${col} DROP DEFAULT`);
      out.push(u.array ? `ALTER TABLE ${t} ALTER COLUMN ${col} TYPE ${q}[] USING ${col}::text[]::${q}[]` : `ALTER TABLE ${t} ALTER COLUMN ${col} TYPE ${q} USING ${col}::text::${q}`);
      if (def !== undefined && !u.array) out.push(`ALTER TABLE ${t} ALTER COLUMN ${col} SET DEFAULT ${pgDefaultSql(def, type)}`);
    }
    out.push(`DROP TYPE ${aside}`);
    return out;
  }

  /** The enum's values as the tables know them (offline: the tracked schema), from the first of its columns found. */
  async function enumValuesInTables(op: AlterEnumOp, tables: TableSource): Promise<readonly string[] | undefined> {
    for (const c of op.columns) {
      const type = (await lookup(tables, c.table, op.schema))?.columns.find((x) => x.name === c.column)?.type;
      if (type?.kind === 'enum') return type.values;
    }
    return undefined;
  }

  /** Offline: raw `CREATE TYPE ... AS ENUM` / `DROP TYPE` in op.execute is followed too. */
  function followRawSql(sql: string): void {
    const name = String.raw`(?:"((?:[^"]|"")+)"|(\w+))(?:\.(?:"((?:[^"]|"")+)"|(\w+)))?`;
    const ref = (m: RegExpExecArray): EnumRef => {
      const first = m[1]?.replace(/""/g, '"') ?? m[2]!.toLowerCase();
      const second = m[3]?.replace(/""/g, '"') ?? m[4]?.toLowerCase();
      return second === undefined ? { schema: undefined, name: first } : { schema: first, name: second };
    };
    for (const m of sql.matchAll(new RegExp(String.raw`\bCREATE\s+TYPE\s+${name}\s+AS\s+ENUM\b`, 'gi'))) enums.note({ kind: 'created', type: ref(m) });
    for (const m of sql.matchAll(new RegExp(String.raw`\bDROP\s+TYPE\s+(?:IF\s+EXISTS\s+)?${name}`, 'gi'))) enums.note({ kind: 'dropped', type: ref(m) });
  }

  const parts: CompilerParts = {
    name: 'postgres',
    displayName: 'PostgreSQL',
    capabilities: POSTGRES_CAPABILITIES,
    quote: quotePg,
    qualify: qualifiedPg,
    literal: pgLiteral,
    typeSql: (type: ColumnType) => pgTypeSql(type),
    bindValue: pgBind,
    columnSql: (column, schema) => pgColumnSql(column, schema, { inlinePrimaryKey: true }),
    /**
     * The version and log tables' DDL (the runtime's only use of it outside createTable). Their
     * schema is created when missing, and creating them from nothing tells the offline enum
     * tracker that the rendered SQL starts on an empty database.
     */
    createTableSql(table: Table, name?: string): string {
      enums.startsEmpty();
      const create = pgCreateTableSql(table, name);
      return table.schema ? `${pgEnsureSchemaSql(table.schema)};\n${create}` : create;
    },
    createIndexSql: pgCreateIndexSql,
    uniqueSql: pgUniqueSql,
    foreignKeySql: pgForeignKeySql,
    checkSql: pgCheckSql,
    primaryKeySql: pgPrimaryKeySql,
    inserts: { maxParams: MAX_PARAMS, placeholders: 'numbered', missing: 'default', defaultValues: true },
  };

  // Where PostgreSQL differs from the shared SQL: enum types created, tracked and released with
  // the columns that use them, and comments, which PostgreSQL keeps in statements of their own.
  return createCompiler(parts, {
    async createTable({ table: t }) {
      const out: Statement[] = [];
      const seen = new Set<string>();
      for (const e of enumTypesOf(t.columns)) await ensureEnum(e, t.schema, out, seen);
      out.push(pgCreateTableSql(t), ...pgTableExtrasSql(t));
      return out;
    },
    async dropTable(op, tables) {
      const t = await lookup(tables, op.table, op.schema);
      const out: Statement[] = [`DROP TABLE ${qualifiedPg(op.table, op.schema)}`];
      for (const e of enumTypesOf(t?.columns ?? [])) await releaseEnum(enumRef(e.name, op.schema), { schema: op.schema, table: op.table }, out, tables);
      return out;
    },
    renameTable(op) {
      return [`ALTER TABLE ${qualifiedPg(op.table, op.schema)} RENAME TO ${quotePg(op.newName)}`];
    },
    async addColumn(op) {
      const out: Statement[] = [];
      const q = qualifiedPg(op.table, op.schema);
      if (op.column.type.kind === 'enum') await ensureEnum(op.column.type, op.schema, out, new Set());
      out.push(`ALTER TABLE ${q} ADD COLUMN ${pgColumnSql(op.column, op.schema, { inlinePrimaryKey: true })}`);
      if (op.column.comment !== undefined) out.push(pgColumnCommentSql(q, op.column.name, op.column.comment));
      return out;
    },
    async dropColumn(op, tables) {
      const col = (await lookup(tables, op.table, op.schema))?.columns.find((c) => c.name === op.column);
      const out: Statement[] = [`ALTER TABLE ${qualifiedPg(op.table, op.schema)} DROP COLUMN ${quotePg(op.column)}`];
      if (col?.type.kind === 'enum') await releaseEnum(enumRef(col.type.name, op.schema), { schema: op.schema, table: op.table, column: op.column }, out, tables);
      return out;
    },
    alterColumn,
    alterEnum,
    createPrimaryKey(op) {
      if (!op.constraint.name) throw new UserError(`op.createPrimaryKey on ${op.table} needs a constraint name`, 'Name it, e.g. pk_<table>, so it can be dropped by name later.');
      return [`ALTER TABLE ${qualifiedPg(op.table, op.schema)} ADD ${pgPrimaryKeySql(op.constraint)}`];
    },
    execute(op) {
      followRawSql(op.sql);
      return [op.sql];
    },
    // The table of another schema is looked up by its qualified name (the adapter keys it so).
    bulkInsert: async (op, tables) => bulkInsertSql(parts, op, await lookup(tables, op.table, op.schema)),
  });
}

/**
 * A value as `pg` should bind it. Dates go as ISO text (UTC), the same instant the offline
 * literal writes, where `pg` itself would send local time. A json column takes any value as
 * JSON (a string is already JSON text, as for a default); elsewhere a plain object is JSON and
 * an array stays an array (`pg` sends it as a PostgreSQL array).
 *
 * @example pgBind({ a: 1 }, jsonColumn) // '{"a":1}'
 */
export function pgBind(value: unknown, column?: Column): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (column?.type.kind === 'json') return typeof value === 'string' ? value : JSON.stringify(value);
  if (typeof value === 'object' && !Array.isArray(value)) return JSON.stringify(value);
  return value;
}

/**
 * `ALTER TYPE ... ADD VALUE` for each value `to` adds to `current` (which it keeps in order):
 * a value goes after the one before it in `to`, or before the first one when it leads.
 *
 * @example addEnumValuesSql('"mood"', ['a', 'c'], ['a', 'b', 'c', 'd'])
 * // ['ALTER TYPE "mood" ADD VALUE IF NOT EXISTS \'b\' AFTER \'a\'', 'ALTER TYPE "mood" ADD VALUE IF NOT EXISTS \'d\'']
 */
export function addEnumValuesSql(qualifiedType: string, current: readonly string[], to: readonly string[]): string[] {
  const present = [...current];
  const out: string[] = [];
  to.forEach((v, j) => {
    if (present.includes(v)) return;
    const add = `ALTER TYPE ${qualifiedType} ADD VALUE IF NOT EXISTS ${pgLiteral(v)}`;
    const prev = j > 0 ? to[j - 1]! : undefined;
    const next = to.slice(j + 1).find((x) => present.includes(x));
    if (prev === undefined && next !== undefined) {
      out.push(`${add} BEFORE ${pgLiteral(next)}`);
      present.splice(present.indexOf(next), 0, v);
    } else if (prev === undefined || prev === present[present.length - 1]) {
      out.push(add);
      present.push(v);
    } else {
      out.push(`${add} AFTER ${pgLiteral(prev)}`);
      present.splice(present.indexOf(prev) + 1, 0, v);
    }
  });
  return out;
}

/** The name an enum type is renamed to while its replacement is built: `<name>__old`, within PostgreSQL's 63 bytes. */
function asideName(name: string): string {
  let base = name;
  while (Buffer.byteLength(base) > 58) base = base.slice(0, -1);
  return `${base}__old`;
}
