// The comparison itself: which tables, columns, keys, indexes and constraints differ between
// the database and the models, as unordered sets of changes. Ordering them into operations
// that a database accepts is order-ops.ts's job.
import type { SchemaObjectRef } from '../../schema/model.js';
import type { ColumnChanges } from '../../ops/operations.js';
import type { CheckConstraint, Column, ColumnType, ForeignKey, Index, PrimaryKey, Schema, Table, UniqueConstraint } from '../../schema/model.js';
import type { ComparisonHooks } from '../../dialect/comparison.js';
import type { EnumChange } from './enum-changes.js';

/** The comparison settings, defaults applied (see `CompareOptions`). */
export interface ResolvedCompareOptions {
  readonly compareType: boolean;
  readonly compareServerDefault: boolean;
  readonly include: (object: SchemaObjectRef) => boolean;
  readonly hooks: ComparisonHooks;
  readonly ignoreTables: readonly string[];
}

/** A column whose type, nullability, default or comment differs. */
export interface ColumnAlteration {
  readonly column: string;
  readonly changes: ColumnChanges;
}

/** Everything that differs in a table present on both sides. */
export interface TableChanges {
  readonly db: Table;
  readonly model: Table;
  readonly addColumns: readonly Column[];
  readonly dropColumns: readonly Column[];
  readonly alterColumns: readonly ColumnAlteration[];
  /** The database's key to drop (by name) and the models' key to create, when they differ. */
  readonly dropPrimaryKey?: PrimaryKey & { readonly name: string };
  readonly createPrimaryKey?: PrimaryKey & { readonly name: string };
  readonly dropIndexes: readonly Index[];
  readonly createIndexes: readonly Index[];
  readonly dropUniques: readonly UniqueConstraint[];
  readonly createUniques: readonly UniqueConstraint[];
  readonly dropForeignKeys: readonly ForeignKey[];
  readonly createForeignKeys: readonly ForeignKey[];
  readonly dropChecks: readonly CheckConstraint[];
  readonly createChecks: readonly CheckConstraint[];
}

/** The differences between two schemas, before they are ordered into operations. */
export interface SchemaChanges {
  readonly addedTables: readonly Table[];
  readonly droppedTables: readonly Table[];
  readonly changedTables: readonly TableChanges[];
  /** Enums whose values changed (added, removed, reordered), each with the columns that use it. */
  readonly enumChanges: readonly EnumChange[];
  /** Differences that no operation can express, reported instead of silently skipped. */
  readonly warnings: readonly string[];
}

/**
 * Compares the database's schema with the models'. Tables are matched by name (and database
 * schema), columns by name, indexes and constraints by name: a changed definition under the
 * same name is a drop and a create. Primary keys are compared by their columns only, because
 * databases such as SQLite do not always keep the key's name.
 *
 * @example compareTables(db, models, resolved).addedTables.map((t) => t.name) // ['task']
 */
export function compareTables(db: Schema, models: Schema, o: ResolvedCompareOptions): SchemaChanges {
  const k = o.hooks.nameKey;
  const tkey = (t: { name: string; schema?: string | undefined }) => `${t.schema === undefined ? '' : k(t.schema)}\u0000${k(t.name)}`;
  // The version tables are named plainly (`ambix_version`) or with their schema (`meta.ambix_version`).
  const ignoredNames = new Set(o.ignoreTables.map(k));
  const isIgnored = (t: Table) => ignoredNames.has(k(t.name)) || (t.schema !== undefined && ignoredNames.has(k(`${t.schema}.${t.name}`)));
  const keep = (t: Table, side: SchemaObjectRef['side']) => o.include(ref('table', t.name, undefined, t.schema, side));
  const dbTables = new Map(db.tables.filter((t) => !isIgnored(t)).map((t) => [tkey(t), t]));
  const modelTables = new Map(models.tables.filter((t) => !isIgnored(t)).map((t) => [tkey(t), t]));

  const addedTables: Table[] = [];
  const droppedTables: Table[] = [];
  const changedTables: TableChanges[] = [];
  const warnings: string[] = [];
  const enums = new Map<string, { -readonly [K in keyof EnumChange]: EnumChange[K] } & { columns: EnumChange['columns'][number][] }>();
  for (const [key, m] of modelTables) {
    const d = dbTables.get(key);
    if (!d) {
      if (keep(m, 'model')) addedTables.push(filterNewTable(m, o));
    } else if (keep(d, 'database') && keep(m, 'model')) {
      const changes = compareTable(d, m, o, warnings, (column, from, to) => {
        // One change per enum (and old value list): PostgreSQL changes the type once for all its columns.
        const ek = [m.schema ?? '', to.name, from.join('\u0000'), to.values.join('\u0000')].join('\u0001');
        const e = enums.get(ek) ?? { name: to.name, ...(m.schema !== undefined ? { schema: m.schema } : {}), from, to: to.values, columns: [] };
        e.columns.push({ table: d.name, column });
        enums.set(ek, e);
      });
      if (changes) changedTables.push(changes);
    }
  }
  for (const [key, d] of dbTables) if (!modelTables.has(key) && keep(d, 'database')) droppedTables.push(d);
  return { addedTables, droppedTables, changedTables, enumChanges: [...enums.values()], warnings };
}

function ref(type: SchemaObjectRef['type'], name: string, table: string | undefined, schema: string | undefined, side: SchemaObjectRef['side']): SchemaObjectRef {
  return { type, name, ...(table !== undefined ? { table } : {}), ...(schema !== undefined ? { schema } : {}), side };
}

/** A new table without the indexes and constraints the `include` filter leaves out. */
function filterNewTable(t: Table, o: ResolvedCompareOptions): Table {
  const ok = (type: SchemaObjectRef['type'], name: string) => o.include(ref(type, name, t.name, t.schema, 'model'));
  return Object.freeze({
    ...t,
    indexes: t.indexes.filter((i) => ok('index', i.name)),
    uniques: t.uniques.filter((u) => ok('unique', u.name)),
    foreignKeys: t.foreignKeys.filter((f) => ok('foreignKey', f.name)),
    checks: t.checks.filter((c) => ok('check', c.name)),
  });
}

/** Reports a column whose enum keeps its name but changes its values: the database column, its values, the models' enum. */
type EnumChangeSink = (column: string, from: readonly string[], to: Extract<ColumnType, { kind: 'enum' }>) => void;

function compareTable(d: Table, m: Table, o: ResolvedCompareOptions, warnings: string[], onEnum: EnumChangeSink): TableChanges | undefined {
  const k = o.hooks.nameKey;
  const ok = (type: SchemaObjectRef['type'], name: string, side: SchemaObjectRef['side']) => o.include(ref(type, name, m.name, m.schema, side));
  const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c, i) => k(c) === k(b[i]!));

  const dbCols = new Map(d.columns.map((c) => [k(c.name), c]));
  const modelCols = new Map(m.columns.map((c) => [k(c.name), c]));
  const addColumns: Column[] = [];
  let dropColumns: Column[] = [];
  let alterColumns: ColumnAlteration[] = [];
  for (const [key, mc] of modelCols) {
    const dc = dbCols.get(key);
    if (!dc) {
      // The key, if any, is created by createPrimaryKey after the column exists.
      if (ok('column', mc.name, 'model')) addColumns.push(Object.freeze({ ...mc, primaryKey: false, autoincrement: false }));
    } else if (ok('column', dc.name, 'database') && ok('column', mc.name, 'model')) {
      const changes = compareColumn(dc, mc, o, onEnum);
      if (changes) alterColumns.push({ column: dc.name, changes });
    }
  }
  for (const [key, dc] of dbCols) if (!modelCols.has(key) && ok('column', dc.name, 'database')) dropColumns.push(dc);

  const dbPk = primaryKeyOf(d);
  const modelPk = primaryKeyOf(m);
  let dropPrimaryKey: TableChanges['dropPrimaryKey'];
  let createPrimaryKey: TableChanges['createPrimaryKey'];
  const pkIncluded = (!dbPk || ok('primaryKey', dbPk.name ?? '', 'database')) && (!modelPk || ok('primaryKey', modelPk.name ?? '', 'model'));
  if (pkIncluded && !sameColumns(dbPk?.columns ?? [], modelPk?.columns ?? [])) {
    if (dbPk && dbPk.name === undefined) {
      // The key stays, so its columns must too: they are kept, and NOT NULL, until it is changed by hand.
      const inKey = (name: string) => dbPk.columns.some((c) => k(c) === k(name));
      const kept = dropColumns.filter((c) => inKey(c.name)).map((c) => c.name);
      dropColumns = dropColumns.filter((c) => !inKey(c.name));
      alterColumns = alterColumns.flatMap((a) => {
        if (!inKey(a.column) || a.changes.nullable === undefined) return [a];
        const { nullable: _, ...rest } = a.changes;
        return Object.keys(rest).length ? [{ ...a, changes: rest }] : [];
      });
      warnings.push(
        `The primary key of ${d.name} changes from (${dbPk.columns.join(', ')}) to (${modelPk?.columns.join(', ') ?? 'none'}), but the database's key has no name to drop it by: change it by hand${kept.length ? ` (${kept.length > 1 ? 'columns' : 'column'} ${kept.join(', ')} ${kept.length > 1 ? 'are' : 'is'} kept until then)` : ''}`,
      );
    } else {
      if (dbPk) dropPrimaryKey = { ...dbPk, name: dbPk.name! };
      if (modelPk) createPrimaryKey = { ...modelPk, name: modelPk.name ?? `pk_${m.name}` };
    }
  }

  const indexes = byName(d.indexes, m.indexes, k, (a, b) => sameColumns(a.columns, b.columns) && a.unique === b.unique && sameWhere(a.where, b.where, o), (i, side) => ok('index', i.name, side));
  const uniques = byName(d.uniques, m.uniques, k, (a, b) => sameColumns(a.columns, b.columns), (u, side) => ok('unique', u.name, side));
  const fks = byName(d.foreignKeys, m.foreignKeys, k, (a, b) => sameForeignKey(a, b, k, o.hooks.referentialAction), (f, side) => ok('foreignKey', f.name, side));
  const checks = byName(d.checks, m.checks, k, (a, b) => o.hooks.expressionsEqual(a.expression, b.expression), (c, side) => ok('check', c.name, side));

  const changes: TableChanges = {
    db: d,
    model: m,
    addColumns,
    dropColumns,
    alterColumns,
    ...(dropPrimaryKey ? { dropPrimaryKey } : {}),
    ...(createPrimaryKey ? { createPrimaryKey } : {}),
    dropIndexes: indexes.drop,
    createIndexes: indexes.create,
    dropUniques: uniques.drop,
    createUniques: uniques.create,
    dropForeignKeys: fks.drop,
    createForeignKeys: fks.create,
    dropChecks: checks.drop,
    createChecks: checks.create,
  };
  const lists = [addColumns, dropColumns, alterColumns, indexes.drop, indexes.create, uniques.drop, uniques.create, fks.drop, fks.create, checks.drop, checks.create];
  return lists.some((l) => l.length > 0) || dropPrimaryKey || createPrimaryKey ? changes : undefined;
}

function compareColumn(d: Column, m: Column, o: ResolvedCompareOptions, onEnum: EnumChangeSink): ColumnChanges | undefined {
  const h = o.hooks;
  const changes: { -readonly [K in keyof ColumnChanges]: ColumnChanges[K] } = {};
  if (o.compareType && !h.typesEqual(d.type, m.type)) {
    // The same enum with other values is a change of the enum (alterEnum), not of the column's type.
    if (d.type.kind === 'enum' && m.type.kind === 'enum' && h.sameEnum(d.type, m.type)) onEnum(d.name, d.type.values, m.type);
    else changes.type = m.type;
  }
  if (d.nullable !== m.nullable) changes.nullable = m.nullable;
  if (o.compareServerDefault && !h.defaultsEqual(d.default, m.default, m)) changes.default = m.default ?? null;
  if (h.supportsComments && (d.comment ?? '') !== (m.comment ?? '')) changes.comment = m.comment ?? null;
  return Object.keys(changes).length ? changes : undefined;
}

/** The table's key: its `primaryKey`, else the columns flagged as key (a hand-built table). */
function primaryKeyOf(t: Table): PrimaryKey | undefined {
  if (t.primaryKey) return t.primaryKey;
  const cols = t.columns.filter((c) => c.primaryKey).map((c) => c.name);
  return cols.length ? { columns: cols } : undefined;
}

function sameWhere(a: string | undefined, b: string | undefined, o: ResolvedCompareOptions): boolean {
  return a === undefined || b === undefined ? a === b : o.hooks.expressionsEqual(a, b);
}

function sameForeignKey(a: ForeignKey, b: ForeignKey, k: (n: string) => string, action: ComparisonHooks['referentialAction']): boolean {
  const cols = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((c, i) => k(c) === k(y[i]!));
  return (
    cols(a.columns, b.columns) &&
    k(a.refTable) === k(b.refTable) &&
    cols(a.refColumns, b.refColumns) &&
    (a.refSchema === undefined ? '' : k(a.refSchema)) === (b.refSchema === undefined ? '' : k(b.refSchema)) &&
    action(a.onDelete) === action(b.onDelete) &&
    action(a.onUpdate) === action(b.onUpdate)
  );
}

/** Objects matched by name: those only in the database are dropped, only in the models created, changed ones both. */
function byName<T extends { readonly name: string }>(
  dbList: readonly T[],
  modelList: readonly T[],
  k: (n: string) => string,
  equal: (db: T, model: T) => boolean,
  included: (x: T, side: SchemaObjectRef['side']) => boolean,
): { drop: T[]; create: T[] } {
  const drop: T[] = [];
  const create: T[] = [];
  const models = new Map(modelList.map((x) => [k(x.name), x]));
  const dbs = new Map(dbList.map((x) => [k(x.name), x]));
  for (const d of dbList) {
    const m = models.get(k(d.name));
    if (!m) {
      if (included(d, 'database')) drop.push(d);
    } else if (included(d, 'database') && included(m, 'model') && !equal(d, m)) {
      drop.push(d);
      create.push(m);
    }
  }
  for (const m of modelList) if (!dbs.has(k(m.name)) && included(m, 'model')) create.push(m);
  return { drop, create };
}
