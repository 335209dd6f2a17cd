// Renames inside the comparison: a confirmed rename turns a drop and an add into one
// renameTable / alterColumn { newName }, which keeps the data. Which renames are confirmed
// (a prompt, --rename) is decided in ../renames.ts; here they are checked and applied.
import { UserError } from '../../errors.js';
import type { ColumnChanges, Operation } from '../../ops/operations.js';
import type { ColumnType, Schema, Table } from '../../schema/model.js';
import { nearestName } from '../../util/nearest-name.js';
import { applyOps } from '../../ops/schema-state.js';
import type { SchemaChanges, TableChanges } from './compare-tables.js';

/**
 * A table or column rename, as the user confirms it and as autogenerate suggests it. A
 * column's `table` is the table's name in the models.
 *
 * @example { kind: 'column', table: 'llm_setting', from: 'key', to: 'api_key' }
 */
export type Rename = { readonly kind: 'table'; readonly from: string; readonly to: string } | { readonly kind: 'column'; readonly table: string; readonly from: string; readonly to: string };

/**
 * How a rename is written on the command line.
 *
 * @example renameText({ kind: 'column', table: 't', from: 'a', to: 'b' }) // 't.a=t.b'
 */
export function renameText(r: Rename): string {
  return r.kind === 'table' ? `${r.from}=${r.to}` : `${r.table}.${r.from}=${r.table}.${r.to}`;
}

/**
 * Checks renames against both schemas and turns them into operations (tables first, then
 * columns), with the database's schema as it is after them. A rename that names no dropped
 * and added pair is a {@link UserError} naming the candidates.
 *
 * @example applyRenames(db, models, [{ kind: 'table', from: 'user_old', to: 'app_user' }], (n) => n).ops
 * // [{ kind: 'renameTable', table: 'user_old', newName: 'app_user' }]
 */
export function applyRenames(db: Schema, models: Schema, renames: readonly Rename[], nameKey: (n: string) => string): { ops: Operation[]; db: Schema } {
  const find = (s: Schema, name: string) => s.tables.find((t) => nameKey(t.name) === nameKey(name));
  const tableOps: Operation[] = [];
  for (const r of renames) {
    if (r.kind !== 'table') continue;
    const what = `--rename ${renameText(r)}`;
    const from = find(db, r.from);
    if (!from) throw new UserError(`${what}: the database has no table '${r.from}'`, hintFor(r.from, db.tables.map((t) => t.name)));
    if (find(models, r.from)) throw new UserError(`${what}: table '${r.from}' is still in the models, so it is not renamed`);
    const to = find(models, r.to);
    if (!to) throw new UserError(`${what}: the models have no table '${r.to}'`, hintFor(r.to, models.tables.map((t) => t.name)));
    if (find(db, r.to)) throw new UserError(`${what}: table '${r.to}' already exists in the database`);
    tableOps.push({ kind: 'renameTable', table: from.name, newName: to.name, ...(from.schema !== undefined ? { schema: from.schema } : {}) });
  }
  const afterTables = applyOps(db, tableOps);
  const columnOps: Operation[] = [];
  for (const r of renames) {
    if (r.kind !== 'column') continue;
    const what = `--rename ${renameText(r)}`;
    // The table may be named as it was: follow its own rename.
    const renamedTo = renames.find((t) => t.kind === 'table' && nameKey(t.from) === nameKey(r.table))?.to ?? r.table;
    const dt = find(afterTables, renamedTo);
    const mt = find(models, renamedTo);
    if (!dt || !mt) throw new UserError(`${what}: table '${r.table}' is not in both the database and the models`, 'A column is renamed within a table that exists on both sides (rename the table too with --rename old=new).');
    const col = (t: Table, name: string) => t.columns.find((c) => nameKey(c.name) === nameKey(name));
    const from = col(dt, r.from);
    if (!from) throw new UserError(`${what}: table ${dt.name} in the database has no column '${r.from}'`, hintFor(r.from, dt.columns.map((c) => c.name)));
    if (col(mt, r.from)) throw new UserError(`${what}: column ${mt.name}.${r.from} is still in the models, so it is not renamed`);
    const to = col(mt, r.to);
    if (!to) throw new UserError(`${what}: table ${mt.name} in the models has no column '${r.to}'`, hintFor(r.to, mt.columns.map((c) => c.name)));
    if (col(dt, r.to)) throw new UserError(`${what}: column ${dt.name}.${r.to} already exists in the database`);
    columnOps.push({ kind: 'alterColumn', table: dt.name, column: from.name, changes: { newName: to.name }, ...(dt.schema !== undefined ? { schema: dt.schema } : {}) });
  }
  const ops = [...tableOps, ...columnOps];
  return { ops, db: applyOps(db, ops) };
}

function hintFor(name: string, known: readonly string[]): string {
  const near = nearestName(name, known);
  return near ? `Did you mean '${near}'?` : `Known: ${known.join(', ') || 'none'}.`;
}

/**
 * Folds what else changed about a renamed column (type, nullability, default, comment) into
 * its rename, so one alterColumn says it all. Left apart only when the column becomes
 * nullable while still in the primary key: the key must be dropped first.
 *
 * @example foldIntoRenames(renamed.ops, compareTables(renamed.db, models, o), (n) => n)
 */
export function foldIntoRenames(renameOps: readonly Operation[], changes: SchemaChanges, nameKey: (n: string) => string): { ops: Operation[]; changes: SchemaChanges } {
  let tables: readonly TableChanges[] = changes.changedTables;
  const ops = renameOps.map((op) => {
    if (op.kind !== 'alterColumn' || op.changes.newName === undefined) return op;
    const newName = op.changes.newName;
    const tc = tables.find((t) => nameKey(t.db.name) === nameKey(op.table));
    const alter = tc?.alterColumns.find((a) => nameKey(a.column) === nameKey(newName));
    if (!tc || !alter) return op;
    if (alter.changes.nullable === true && tc.db.primaryKey?.columns.some((c) => nameKey(c) === nameKey(newName))) return op;
    tables = tables.map((t) => (t === tc ? { ...t, alterColumns: t.alterColumns.filter((a) => a !== alter) } : t));
    const merged: ColumnChanges = { ...alter.changes, newName };
    return { ...op, changes: merged };
  });
  return { ops, changes: { ...changes, changedTables: tables } };
}

type Family = 'integer' | 'decimal' | 'text' | 'temporal' | 'boolean' | 'json' | 'blob' | 'raw';

const FAMILY: Record<ColumnType['kind'], Family> = {
  smallint: 'integer',
  integer: 'integer',
  bigint: 'integer',
  real: 'decimal',
  double: 'decimal',
  numeric: 'decimal',
  text: 'text',
  varchar: 'text',
  char: 'text',
  enum: 'text',
  uuid: 'text',
  date: 'temporal',
  time: 'temporal',
  timestamp: 'temporal',
  boolean: 'boolean',
  json: 'json',
  blob: 'blob',
  raw: 'raw',
};

/**
 * Likely renames: a dropped and an added table sharing at least half of each one's column
 * names; within a table, a dropped and an added column of the same family of types (whole
 * numbers, decimals, text, dates and times...). Only suggestions: the resolver decides.
 *
 * @example renameCandidates(compareTables(db, models, o), (n) => n) // [{ kind: 'column', table: 't', from: 'title', to: 'heading' }]
 */
export function renameCandidates(changes: SchemaChanges, nameKey: (n: string) => string): Rename[] {
  const out: Rename[] = [];
  for (const d of changes.droppedTables) {
    for (const m of changes.addedTables) {
      const names = new Set(d.columns.map((c) => nameKey(c.name)));
      const shared = m.columns.filter((c) => names.has(nameKey(c.name))).length;
      if (shared * 2 >= d.columns.length && shared * 2 >= m.columns.length) out.push({ kind: 'table', from: d.name, to: m.name });
    }
  }
  for (const t of changes.changedTables) {
    for (const d of t.dropColumns) {
      for (const a of t.addColumns) {
        const same = FAMILY[d.type.kind] === FAMILY[a.type.kind] && (d.type.kind !== 'raw' || (a.type.kind === 'raw' && d.type.sql === a.type.sql));
        if (same) out.push({ kind: 'column', table: t.model.name, from: d.name, to: a.name });
      }
    }
  }
  return out;
}
