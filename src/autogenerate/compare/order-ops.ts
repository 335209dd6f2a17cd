// The changes of a comparison as operations in an order every database accepts. The phases
// are chosen so the reversed list (the downgrade) is just as valid:
//   1. foreign keys dropped (before the tables, columns and keys they point at go)
//   2. tables dropped, referencing tables before the tables they reference, and before the
//      keys of remaining tables they may reference go (so the downgrade recreates those first)
//   3. indexes, unique/check constraints and primary keys dropped (before their columns)
//   4. columns dropped
//   5. enum values added (before the columns and defaults that use them), then columns added
//   6. columns altered, then enum values removed or reordered (after defaults moved off them)
//   7. primary keys and unique constraints created (new tables may reference them)
//   8. tables created, referenced tables first; foreign keys in a cycle are left for phase 10
//   9. indexes and checks created (after the columns they use)
//  10. foreign keys created (after every table and column they join)
import type { Operation } from '../../ops/operations.js';
import type { ForeignKey, Table } from '../../schema/model.js';
import type { SchemaChanges } from './compare-tables.js';
import { enumOps } from './enum-changes.js';

/**
 * Orders a comparison's changes into operations (without `prior`s: those are recorded by
 * replaying the operations on the database's schema).
 *
 * @example orderOps(compareTables(db, models, options), (n) => n)
 */
export function orderOps(changes: SchemaChanges, nameKey: (name: string) => string): Operation[] {
  const created = sortByDependencies(changes.addedTables, nameKey);
  const dropped = sortByDependencies(changes.droppedTables, nameKey);
  const phases: Operation[][] = Array.from({ length: 11 }, () => []);
  const at = (t: Table) => ({ table: t.name, ...(t.schema !== undefined ? { schema: t.schema } : {}) });

  for (const t of dropped.order) for (const fk of dropped.cyclic.get(t) ?? []) phases[1]!.push({ kind: 'dropConstraint', ...at(t), name: fk.name });
  for (const c of changes.changedTables) {
    const t = at(c.db);
    for (const fk of c.dropForeignKeys) phases[1]!.push({ kind: 'dropConstraint', ...t, name: fk.name });
    for (const i of c.dropIndexes) phases[3]!.push({ kind: 'dropIndex', ...t, name: i.name });
    for (const u of c.dropUniques) phases[3]!.push({ kind: 'dropConstraint', ...t, name: u.name });
    for (const k of c.dropChecks) phases[3]!.push({ kind: 'dropConstraint', ...t, name: k.name });
    if (c.dropPrimaryKey) phases[3]!.push({ kind: 'dropConstraint', ...t, name: c.dropPrimaryKey.name });
    for (const col of c.dropColumns) phases[4]!.push({ kind: 'dropColumn', ...t, column: col.name });
    for (const col of c.addColumns) phases[5]!.push({ kind: 'addColumn', ...t, column: col });
    for (const a of c.alterColumns) phases[6]!.push({ kind: 'alterColumn', ...t, column: a.column, changes: a.changes });
    if (c.createPrimaryKey) phases[7]!.push({ kind: 'createPrimaryKey', ...t, constraint: c.createPrimaryKey });
    for (const u of c.createUniques) phases[7]!.push({ kind: 'createUniqueConstraint', ...t, constraint: u });
    for (const i of c.createIndexes) phases[9]!.push({ kind: 'createIndex', ...t, index: i });
    for (const k of c.createChecks) phases[9]!.push({ kind: 'createCheckConstraint', ...t, constraint: k });
    for (const fk of c.createForeignKeys) phases[10]!.push({ kind: 'createForeignKey', ...t, constraint: fk });
  }
  for (const t of [...dropped.order].reverse()) phases[2]!.push({ kind: 'dropTable', ...at(t) });
  for (const t of created.order) {
    const deferred = created.cyclic.get(t) ?? [];
    phases[8]!.push({ kind: 'createTable', table: deferred.length ? Object.freeze({ ...t, foreignKeys: t.foreignKeys.filter((f) => !deferred.includes(f)) }) : t });
    for (const fk of deferred) phases[10]!.push({ kind: 'createForeignKey', ...at(t), constraint: fk });
  }
  const enums = enumOps(changes.enumChanges);
  return [...phases.slice(0, 5), enums.widen, phases[5]!, phases[6]!, enums.narrow, ...phases.slice(7)].flat().map((op) => Object.freeze(op));
}

/**
 * Tables in an order where each comes after the tables it references (ties kept in the
 * given order), and, per table, the foreign keys that close a cycle and so must be
 * created after (or dropped before) the tables themselves. A table referencing itself is no
 * cycle: one CREATE TABLE holds such a key.
 *
 * @example sortByDependencies([child, parent], (n) => n).order // [parent, child]
 */
export function sortByDependencies(tables: readonly Table[], nameKey: (name: string) => string): { order: Table[]; cyclic: Map<Table, ForeignKey[]> } {
  const key = (name: string, schema: string | undefined) => `${schema === undefined ? '' : nameKey(schema)}\u0000${nameKey(name)}`;
  const index = new Map(tables.map((t, i) => [key(t.name, t.schema), i]));
  const targets = (t: Table) => t.foreignKeys.map((fk) => ({ fk, to: index.get(key(fk.refTable, fk.refSchema ?? t.schema)) }));
  const component = stronglyConnected(tables.length, (i) => targets(tables[i]!).flatMap((e) => (e.to === undefined ? [] : [e.to])));

  const cyclic = new Map<Table, ForeignKey[]>();
  const deps: Set<number>[] = tables.map(() => new Set());
  tables.forEach((t, i) => {
    for (const { fk, to } of targets(t)) {
      if (to === undefined || to === i) continue;
      if (component[to] === component[i]) cyclic.set(t, [...(cyclic.get(t) ?? []), fk]);
      else deps[i]!.add(to);
    }
  });
  // Kahn's algorithm, always taking the earliest ready table, so the order is stable.
  const order: Table[] = [];
  const done = new Set<number>();
  while (order.length < tables.length) {
    const next = tables.findIndex((_, i) => !done.has(i) && [...deps[i]!].every((d) => done.has(d)));
    done.add(next);
    order.push(tables[next]!);
  }
  return { order, cyclic };
}

/** Tarjan's algorithm: the strongly connected component of each node. */
function stronglyConnected(n: number, edges: (i: number) => number[]): number[] {
  const component = new Array<number>(n).fill(-1);
  const low: number[] = [];
  const num: number[] = [];
  const stack: number[] = [];
  const onStack = new Set<number>();
  let counter = 0;
  let components = 0;
  const visit = (v: number): void => {
    num[v] = low[v] = counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (num[w] === undefined) {
        visit(w);
        low[v] = Math.min(low[v]!, low[w]!);
      } else if (onStack.has(w)) {
        low[v] = Math.min(low[v]!, num[w]!);
      }
    }
    if (low[v] === num[v]) {
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        onStack.delete(w);
        component[w] = components;
        if (w === v) break;
      }
      components++;
    }
  };
  for (let v = 0; v < n; v++) if (num[v] === undefined) visit(v);
  return component;
}
