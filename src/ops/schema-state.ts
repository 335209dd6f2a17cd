// The schema after operations, as pure data: what the database will hold once they have run.
// One function for every caller: autogenerate records what each drop removes (the `prior` the
// downgrade needs), offline SQL tracks the tables a SQLite rebuild or a MySQL MODIFY needs, and
// tests prove that a diff's operations turn one schema into the other.
import { UserError } from '../errors.js';
import { alterEnumColumns, type Operation } from '../ops/operations.js';
import { alterTable } from '../ops/table-alterations.js';
import type { Schema, Table } from '../schema/model.js';

/**
 * Where a table is found among a schema's tables: its name and its database schema.
 *
 * @example new Map(schema.tables.map((t) => [tableKey(t.name, t.schema), t]))
 */
export function tableKey(name: string, schema?: string): string {
  return `${schema ?? ''}\u0000${name}`;
}

/**
 * The schema after `ops`, in order. A renamed table or column is renamed in the foreign keys
 * of other tables too, as the databases do. Raw SQL (`execute`) cannot be followed and is a
 * {@link UserError}; inserted rows change no schema.
 *
 * @example applyOps({ tables: [] }, [{ kind: 'createTable', table }]).tables // [table]
 */
export function applyOps(schema: Schema, ops: readonly Operation[]): Schema {
  const tables = new Map<string, Table>(schema.tables.map((t) => [tableKey(t.name, t.schema), t]));
  for (const op of ops) applyTo(tables, op);
  return Object.freeze({ tables: Object.freeze([...tables.values()]) });
}

/**
 * Applies one operation to a map of tables keyed by {@link tableKey}, in place.
 *
 * @example applyTo(tables, { kind: 'dropTable', table: 'old' })
 */
export function applyTo(tables: Map<string, Table>, op: Operation, options: ApplyOptions = {}): void {
  const get = (name: string, schema?: string): Table => {
    const t = tables.get(tableKey(name, schema));
    if (!t) throw new MissingTable(`${op.kind}: no table named '${name}'`, `Known tables: ${[...tables.values()].map((x) => x.name).join(', ') || 'none'}.`);
    return t;
  };
  try {
    applyOne(tables, op, get, options);
  } catch (error) {
    if (!(options.partial && error instanceof MissingTable)) throw error;
  }
}

/** How {@link applyTo} treats a schema that may not hold every table (offline SQL knows only what it saw). */
export interface ApplyOptions {
  /** A change to a table the schema does not hold leaves it as it is; a created table replaces one of the same name. */
  partial?: boolean;
}

class MissingTable extends UserError {}

function applyOne(tables: Map<string, Table>, op: Operation, get: (name: string, schema?: string) => Table, options: ApplyOptions): void {
  switch (op.kind) {
    case 'createTable': {
      const key = tableKey(op.table.name, op.table.schema);
      if (tables.has(key) && !options.partial) throw new UserError(`createTable: table '${op.table.name}' already exists`);
      tables.set(key, op.table);
      return;
    }
    case 'dropTable':
      get(op.table, op.schema);
      tables.delete(tableKey(op.table, op.schema));
      return;
    case 'renameTable': {
      const t = get(op.table, op.schema);
      const to = tableKey(op.newName, op.schema);
      if (tables.has(to) && !options.partial) throw new UserError(`renameTable: table '${op.newName}' already exists`);
      tables.delete(tableKey(op.table, op.schema));
      tables.set(to, Object.freeze({ ...t, name: op.newName }));
      // Every foreign key to the table follows it, its own self-references included.
      retargetForeignKeys(tables, op.schema, op.table, (fk) => ({ ...fk, refTable: op.newName }));
      return;
    }
    case 'execute':
      throw new UserError('Raw SQL (op.execute) cannot be applied to a schema model', 'Compare against a database instead of the models here.');
    case 'alterEnum':
      for (const a of alterEnumColumns(op)) applyOne(tables, a, get, options);
      return;
    case 'bulkInsert':
      get(op.table, op.schema);
      return;
    case 'alterColumn': {
      const key = tableKey(op.table, op.schema);
      tables.set(key, alterTable(get(op.table, op.schema), op));
      const to = op.changes.newName;
      if (to !== undefined && to !== op.column) {
        // alterTable renames the table's own references; the other tables' keys follow here.
        retargetForeignKeys(tables, op.schema, op.table, (fk) => ({ ...fk, refColumns: fk.refColumns.map((c) => (c === op.column ? to : c)) }), key);
      }
      return;
    }
    case 'addColumn':
    case 'dropColumn':
    case 'createIndex':
    case 'dropIndex':
    case 'createUniqueConstraint':
    case 'createForeignKey':
    case 'createCheckConstraint':
    case 'createPrimaryKey':
    case 'dropConstraint':
      tables.set(tableKey(op.table, op.schema), alterTable(get(op.table, op.schema), op));
      return;
  }
}

/** Rewrites every foreign key that points at `table`, in every table but `skip`. */
function retargetForeignKeys(
  tables: Map<string, Table>,
  schema: string | undefined,
  table: string,
  change: (fk: Table['foreignKeys'][number]) => Table['foreignKeys'][number],
  skip?: string,
): void {
  for (const [key, t] of tables) {
    if (key === skip) continue;
    const hits = (fk: Table['foreignKeys'][number]) => fk.refTable === table && (fk.refSchema ?? t.schema) === schema;
    if (!t.foreignKeys.some(hits)) continue;
    tables.set(key, Object.freeze({ ...t, foreignKeys: t.foreignKeys.map((fk) => (hits(fk) ? Object.freeze(change(fk)) : fk)) }));
  }
}
