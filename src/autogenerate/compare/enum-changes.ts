// Enum value changes as operations. A change that both adds and removes values becomes two
// steps, so defaults can move between them in both directions: first the values are widened
// (the old values and the new, nothing removed), then the columns' defaults change, then the
// values are narrowed to the models'. Where an added value cannot be used in the transaction
// that adds it (PostgreSQL), additions move to the front of the migration, ahead of everything
// that the transaction would otherwise commit with them.
import { enumOnlyAdds, type AlterEnumOp, type EnumColumn, type Operation } from '../../ops/operations.js';

/**
 * An enum whose values differ between the database and the models, and the columns of it
 * present on both sides (named as in the database after confirmed renames).
 *
 * @example { name: 'mood', from: ['happy', 'sad'], to: ['happy', 'ok', 'sad'], columns: [{ table: 'task', column: 'mood' }] }
 */
export interface EnumChange {
  /** The models' name of the enum. */
  readonly name: string;
  readonly schema?: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly columns: readonly EnumColumn[];
}

/**
 * The steps from `from` to `to`: `widen` only adds values (keeping the old order), `narrow`
 * removes or reorders. A change with both additions and removals takes both, through the
 * union of the two lists (the models' order where the common values agree, else the
 * additions at the end).
 *
 * @example enumSteps(['a', 'b'], ['a', 'c']) // { widen: ['a', 'c', 'b'], narrow: ['a', 'c'] }
 */
export function enumSteps(from: readonly string[], to: readonly string[]): { widen?: readonly string[]; narrow?: readonly string[] } {
  if (enumOnlyAdds(from, to)) return { widen: to };
  const added = to.filter((v) => !from.includes(v));
  if (added.length === 0) return { narrow: to };
  const common = (list: readonly string[], other: readonly string[]) => list.filter((v) => other.includes(v));
  const a = common(from, to);
  const b = common(to, from);
  const sameOrder = a.every((v, i) => v === b[i]);
  return { widen: sameOrder ? mergeValues(from, to) : [...from, ...added], narrow: to };
}

/** `from` with the values only `to` has, each after the value before it in `to` (or before the first one). */
function mergeValues(from: readonly string[], to: readonly string[]): string[] {
  const mid = [...from];
  to.forEach((v, j) => {
    if (mid.includes(v)) return;
    if (j > 0) {
      mid.splice(mid.indexOf(to[j - 1]!) + 1, 0, v);
      return;
    }
    const next = to.find((x) => mid.includes(x));
    mid.splice(next === undefined ? mid.length : mid.indexOf(next), 0, v);
  });
  return mid;
}

/**
 * The operations of enum changes: widening steps (to run before columns are added and
 * altered, so new defaults can use the values) and narrowing steps (to run after the
 * defaults moved off the values they remove).
 *
 * @example enumOps([{ name: 'mood', from: ['a', 'b'], to: ['a', 'c'], columns }]).widen[0].values // ['a', 'c', 'b']
 */
export function enumOps(changes: readonly EnumChange[]): { widen: AlterEnumOp[]; narrow: AlterEnumOp[] } {
  const widen: AlterEnumOp[] = [];
  const narrow: AlterEnumOp[] = [];
  for (const e of changes) {
    const steps = enumSteps(e.from, e.to);
    const base = { kind: 'alterEnum' as const, name: e.name, columns: e.columns, ...(e.schema !== undefined ? { schema: e.schema } : {}) };
    if (steps.widen) widen.push({ ...base, values: steps.widen });
    if (steps.narrow) narrow.push({ ...base, values: steps.narrow });
  }
  return { widen, narrow };
}

/**
 * Whether an operation only adds enum values (known from its `prior`): on PostgreSQL, what must
 * be committed before the values can be used.
 *
 * @example addsEnumValuesOnly({ kind: 'alterEnum', name: 'mood', values: ['a', 'b'], columns, prior: ['a'] }) // true
 */
export function addsEnumValuesOnly(op: Operation): op is AlterEnumOp & { readonly prior: readonly string[] } {
  return op.kind === 'alterEnum' && op.prior !== undefined && enumOnlyAdds(op.prior, op.values);
}

/**
 * `ops` with every operation that only adds enum values moved as early as it validly can,
 * to the front as a rule: an `op.autocommitBlock` commits whatever the migration did before
 * it, and a later failure could then not roll that back; additions made first (and made with
 * IF NOT EXISTS) leave nothing half-done. An addition moves back over renames (its columns
 * renamed back), never over an operation that creates, drops or retypes one of its columns
 * or tables, raw SQL, or another change of the same enum.
 *
 * @example hoistEnumAdditions([renameColumn, addEnumValue]) // [addEnumValue (old column name), renameColumn]
 */
export function hoistEnumAdditions(ops: readonly Operation[]): Operation[] {
  const out = [...ops];
  for (let i = 0; i < out.length; i++) {
    const op = out[i]!;
    if (!addsEnumValuesOnly(op)) continue;
    let moved: AlterEnumOp = op;
    let j = i;
    for (; j > 0; j--) {
      const before = passBack(moved, out[j - 1]!);
      if (!before) break;
      moved = before;
    }
    if (j === i) continue;
    out.splice(i, 1);
    out.splice(j, 0, Object.freeze(moved));
  }
  return out;
}

/** The enum change as it reads before `prev` ran (columns renamed back), or undefined when it cannot move before it. */
function passBack(op: AlterEnumOp, prev: Operation): AlterEnumOp | undefined {
  if (prev.kind === 'execute') return undefined;
  if (prev.kind === 'alterEnum') return prev.name === op.name && prev.schema === op.schema ? undefined : op;
  const schema = prev.kind === 'createTable' ? prev.table.schema : prev.schema;
  if (schema !== op.schema) return op;
  const table = prev.kind === 'createTable' ? prev.table.name : prev.table;
  const uses = (t: string, c?: string) => op.columns.some((x) => x.table === t && (c === undefined || x.column === c));
  const retarget = (columns: readonly EnumColumn[]) => Object.freeze({ ...op, columns });
  switch (prev.kind) {
    case 'createTable':
    case 'dropTable':
      return uses(table) ? undefined : op;
    case 'renameTable':
      if (uses(prev.table)) return undefined;
      return retarget(op.columns.map((c) => (c.table === prev.newName ? { ...c, table: prev.table } : c)));
    case 'addColumn':
      return uses(table, prev.column.name) ? undefined : op;
    case 'dropColumn':
      return uses(table, prev.column) ? undefined : op;
    case 'alterColumn': {
      const to = prev.changes.newName ?? prev.column;
      if (prev.changes.type !== undefined && (uses(table, to) || uses(table, prev.column))) return undefined;
      if (to === prev.column) return op;
      if (uses(table, prev.column)) return undefined;
      return retarget(op.columns.map((c) => (c.table === table && c.column === to ? { ...c, column: prev.column } : c)));
    }
    case 'bulkInsert':
      return uses(table) ? undefined : op;
    case 'createIndex':
    case 'dropIndex':
    case 'createUniqueConstraint':
    case 'createForeignKey':
    case 'createCheckConstraint':
    case 'createPrimaryKey':
    case 'dropConstraint':
      return op;
  }
}
