import { UserError } from '../errors.js';
import type { Column, Table } from '../schema/model.js';
import type { Operation } from './operations.js';

type TableOp = Exclude<Operation, { kind: 'createTable' | 'dropTable' | 'renameTable' | 'execute' | 'bulkInsert' | 'alterEnum' }>;

/**
 * The table after an operation, as pure data. Dropping a column takes the indexes and
 * constraints that use it along (as PostgreSQL does); a renamed column is renamed in them.
 */
export function alterTable(table: Table, op: TableOp): Table {
  const col = (name: string): Column => {
    const c = table.columns.find((x) => x.name === name);
    if (!c) throw new UserError(`Table ${table.name} has no column '${name}'`, `Its columns: ${table.columns.map((x) => x.name).join(', ')}.`);
    return c;
  };
  switch (op.kind) {
    case 'addColumn':
      if (table.columns.some((c) => c.name === op.column.name)) throw new UserError(`Table ${table.name} already has a column '${op.column.name}'`);
      return freeze({ ...table, columns: [...table.columns, op.column] });
    case 'dropColumn': {
      col(op.column);
      if (table.primaryKey?.columns.includes(op.column)) throw new UserError(`Column ${table.name}.${op.column} is part of the primary key`, 'Change the primary key first (dropConstraint, then createPrimaryKey).');
      const uses = (cols: readonly string[]) => cols.includes(op.column);
      return freeze({
        ...table,
        columns: table.columns.filter((c) => c.name !== op.column),
        indexes: table.indexes.filter((i) => !uses(i.columns)),
        uniques: table.uniques.filter((u) => !uses(u.columns)),
        foreignKeys: table.foreignKeys.filter((f) => !uses(f.columns)),
        checks: table.checks.filter((c) => !mentions(c.expression, op.column)),
      });
    }
    case 'alterColumn': {
      const old = col(op.column);
      const ch = op.changes;
      const next: Column = freeze({
        ...old,
        ...(ch.type !== undefined ? { type: ch.type } : {}),
        ...(ch.nullable !== undefined ? { nullable: ch.nullable } : {}),
        ...(ch.newName !== undefined ? { name: ch.newName } : {}),
      });
      const withDefault = ch.default === undefined ? next : ch.default === null ? omit(next, 'default') : { ...next, default: ch.default };
      const withComment = ch.comment === undefined ? withDefault : ch.comment === null ? omit(withDefault, 'comment') : { ...withDefault, comment: ch.comment };
      if (withComment.primaryKey && withComment.nullable) throw new UserError(`Column ${table.name}.${op.column} is a primary key and cannot be nullable`);
      const renamed = ch.newName && ch.newName !== op.column ? renameColumnRefs(table, op.column, ch.newName) : table;
      return freeze({ ...renamed, columns: renamed.columns.map((c) => (c.name === (ch.newName ?? op.column) || c === old ? freeze(withComment) : c)) });
    }
    case 'createIndex':
      for (const c of op.index.columns) col(c);
      return freeze({ ...table, indexes: [...table.indexes, op.index] });
    case 'dropIndex':
      if (!table.indexes.some((i) => i.name === op.name)) throw new UserError(`Table ${table.name} has no index '${op.name}'`, known(table));
      return freeze({ ...table, indexes: table.indexes.filter((i) => i.name !== op.name) });
    case 'createUniqueConstraint':
      for (const c of op.constraint.columns) col(c);
      return freeze({ ...table, uniques: [...table.uniques, op.constraint] });
    case 'createForeignKey':
      for (const c of op.constraint.columns) col(c);
      return freeze({ ...table, foreignKeys: [...table.foreignKeys, op.constraint] });
    case 'createCheckConstraint':
      return freeze({ ...table, checks: [...table.checks, op.constraint] });
    case 'createPrimaryKey':
      if (table.primaryKey) throw new UserError(`Table ${table.name} already has a primary key${table.primaryKey.name ? ` (${table.primaryKey.name})` : ''}`, 'Drop it first with op.dropConstraint.');
      for (const c of op.constraint.columns) col(c);
      return freeze({
        ...table,
        primaryKey: op.constraint,
        columns: table.columns.map((c) => (op.constraint.columns.includes(c.name) ? freeze({ ...c, nullable: false, primaryKey: true }) : c)),
      });
    case 'dropConstraint': {
      const n = op.name;
      if (table.primaryKey?.name === n) return freeze({ ...omit(table, 'primaryKey'), columns: table.columns.map((c) => (c.primaryKey ? freeze({ ...c, primaryKey: false, autoincrement: false }) : c)) });
      if (table.uniques.some((u) => u.name === n)) return freeze({ ...table, uniques: table.uniques.filter((u) => u.name !== n) });
      if (table.foreignKeys.some((f) => f.name === n)) return freeze({ ...table, foreignKeys: table.foreignKeys.filter((f) => f.name !== n) });
      if (table.checks.some((c) => c.name === n)) return freeze({ ...table, checks: table.checks.filter((c) => c.name !== n) });
      throw new UserError(`Table ${table.name} has no constraint '${n}'`, known(table));
    }
  }
}

function known(t: Table): string {
  const names = [t.primaryKey?.name, ...t.uniques.map((u) => u.name), ...t.foreignKeys.map((f) => f.name), ...t.checks.map((c) => c.name), ...t.indexes.map((i) => i.name)].filter(Boolean);
  return names.length ? `Its indexes and constraints: ${names.join(', ')}.` : 'It has no named indexes or constraints.';
}

function renameColumnRefs(t: Table, from: string, to: string): Table {
  const r = (cols: readonly string[]) => cols.map((c) => (c === from ? to : c));
  return {
    ...t,
    ...(t.primaryKey ? { primaryKey: { ...t.primaryKey, columns: r(t.primaryKey.columns) } } : {}),
    indexes: t.indexes.map((i) => ({ ...i, columns: r(i.columns), ...(i.where ? { where: renameIdentifier(i.where, from, to) } : {}) })),
    uniques: t.uniques.map((u) => ({ ...u, columns: r(u.columns) })),
    foreignKeys: t.foreignKeys.map((f) => ({ ...f, columns: r(f.columns), refColumns: f.refTable === t.name ? r(f.refColumns) : f.refColumns })),
    checks: t.checks.map((c) => ({ ...c, expression: renameIdentifier(c.expression, from, to) })),
  };
}

/** Identifier tokens of a SQL expression, outside string literals. */
function* identifiers(expr: string): Generator<{ start: number; end: number; name: string }> {
  const re = /'(?:[^']|'')*'|"((?:[^"]|"")*)"|`([^`]*)`|\[([^\]]*)\]|([A-Za-z_][A-Za-z0-9_$]*)/g;
  for (let m = re.exec(expr); m; m = re.exec(expr)) {
    const name = m[1]?.replace(/""/g, '"') ?? m[2] ?? m[3] ?? m[4];
    if (name !== undefined) yield { start: m.index, end: m.index + m[0].length, name };
  }
}

/** Whether a SQL expression names a column (case-insensitively, as SQL does). */
export function mentions(expr: string, column: string): boolean {
  for (const id of identifiers(expr)) if (id.name.toLowerCase() === column.toLowerCase()) return true;
  return false;
}

/** Renames a column inside a SQL expression (CHECK, partial index WHERE), leaving strings alone. */
export function renameIdentifier(expr: string, from: string, to: string): string {
  let out = '';
  let last = 0;
  for (const id of identifiers(expr)) {
    if (id.name.toLowerCase() !== from.toLowerCase()) continue;
    out += `${expr.slice(last, id.start)}"${to.replace(/"/g, '""')}"`;
    last = id.end;
  }
  return out + expr.slice(last);
}

function omit<T extends object, K extends keyof T>(o: T, k: K): Omit<T, K> {
  const { [k]: _, ...rest } = o;
  return rest;
}

function freeze<T>(o: T): T {
  return Object.freeze(o);
}
