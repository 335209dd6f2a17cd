// How a change of an enum's values becomes steps: what PostgreSQL can add in place, what
// needs the widen-then-narrow pair, and how additions move ahead of the rest of a migration.
import { describe, expect, it } from 'vitest';
import { enumSteps, hoistEnumAdditions } from '../../src/autogenerate/compare/enum-changes.js';
import { addEnumValuesSql } from '../../src/dialect/postgres/postgres-dialect.js';
import { enumOnlyAdds, type Operation } from '../../src/ops/operations.js';

describe('enumSteps', () => {
  it.each([
    [['a', 'c'], ['a', 'b', 'c'], { widen: ['a', 'b', 'c'] }],
    [['a', 'b'], ['a', 'b', 'c'], { widen: ['a', 'b', 'c'] }],
    [['b'], ['a', 'b'], { widen: ['a', 'b'] }],
    [['a', 'b', 'c'], ['a', 'c'], { narrow: ['a', 'c'] }],
    [['a', 'b'], ['b', 'a'], { narrow: ['b', 'a'] }],
    [['a', 'b'], ['a', 'c'], { widen: ['a', 'c', 'b'], narrow: ['a', 'c'] }],
    [['happy', 'sad'], ['happy', 'meh'], { widen: ['happy', 'meh', 'sad'], narrow: ['happy', 'meh'] }],
    [['a', 'b'], ['c', 'b', 'a'], { widen: ['a', 'b', 'c'], narrow: ['c', 'b', 'a'] }],
  ])('%j -> %j', (from, to, steps) => {
    expect(enumSteps(from, to)).toEqual(steps);
    // A widening step keeps the old order, so PostgreSQL can make it with ADD VALUE.
    if ('widen' in steps) expect(enumOnlyAdds(from, steps.widen)).toBe(true);
  });
});

describe('addEnumValuesSql', () => {
  it('places each value with BEFORE/AFTER, or at the end', () => {
    expect(addEnumValuesSql('"mood"', ['a', 'c'], ['x', 'a', 'b', 'c', 'd'])).toEqual([
      `ALTER TYPE "mood" ADD VALUE IF NOT EXISTS 'x' BEFORE 'a'`,
      `ALTER TYPE "mood" ADD VALUE IF NOT EXISTS 'b' AFTER 'a'`,
      `ALTER TYPE "mood" ADD VALUE IF NOT EXISTS 'd'`,
    ]);
  });
  it('escapes quotes in values', () => {
    expect(addEnumValuesSql('"mood"', ['a'], ['a', "it's"])).toEqual([`ALTER TYPE "mood" ADD VALUE IF NOT EXISTS 'it''s'`]);
  });
});

describe('hoistEnumAdditions', () => {
  const add: Operation = { kind: 'alterEnum', name: 'mood', values: ['a', 'b'], prior: ['a'], columns: [{ table: 'task', column: 'feeling' }] };
  it('moves an addition ahead of a rename, naming the column as it was', () => {
    const rename: Operation = { kind: 'alterColumn', table: 'task', column: 'mood', changes: { newName: 'feeling' } };
    const out = hoistEnumAdditions([rename, add]);
    expect(out[0]).toMatchObject({ kind: 'alterEnum', columns: [{ table: 'task', column: 'mood' }] });
    expect(out[1]).toBe(rename);
  });
  it('never moves ahead of raw SQL or of the creation of its table', () => {
    const exec: Operation = { kind: 'execute', sql: 'SELECT 1' };
    expect(hoistEnumAdditions([exec, add])).toEqual([exec, add]);
    const create: Operation = { kind: 'createTable', table: { name: 'task', columns: [], indexes: [], uniques: [], foreignKeys: [], checks: [] } as never };
    expect(hoistEnumAdditions([create, add])).toEqual([create, add]);
  });
  it('leaves removals where they are', () => {
    const narrow: Operation = { ...add, values: ['a'], prior: ['a', 'b'] } as Operation;
    const drop: Operation = { kind: 'dropIndex', name: 'ix', table: 'task' } as Operation;
    expect(hoistEnumAdditions([drop, narrow])).toEqual([drop, narrow]);
  });
});
