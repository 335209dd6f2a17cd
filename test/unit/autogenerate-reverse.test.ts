import { describe, expect, it } from 'vitest';
import { applyOps, compareSchemas, IrreversibleOperationError, reverseOps } from '../../src/autogenerate/index.js';
import type { Operation } from '../../src/ops/operations.js';
import { boolean, buildTable, check, index, integer, primaryKey, sql, text, timestamp, unique, varchar, type Schema, type Table } from '../../src/schema/index.js';

const schema = (...tables: Table[]): Schema => ({ tables });

const parent = buildTable('parent', { id: integer().primaryKey(), name: text().notNull() });
const before = buildTable(
  'child',
  {
    id: integer().primaryKey(),
    parent_id: integer().references('parent.id'),
    title: text().notNull(),
    legacy: varchar(20).default('x').comment('old'),
    flag: integer(),
  },
  (t) => [index('ix_child_title').on(t.title), unique('uq_child_legacy').on(t.legacy), check('flag_ok', sql`flag IN (0, 1)`)],
);
const after = buildTable(
  'child',
  {
    id: integer().primaryKey(),
    parent_id: integer().references('parent.id', { onDelete: 'cascade' }),
    title: varchar(100).notNull(),
    flag: boolean().notNull().default(false),
    created_at: timestamp().notNull().default(sql`CURRENT_TIMESTAMP`),
  },
  (t) => [index('ix_child_title').on(t.title, t.flag), check('flag_ok', sql`flag IN (0, 1, 2)`)],
);
const gone = buildTable('gone', { id: integer().primaryKey(), parent_id: integer().notNull().references('parent.id') });
const extra = buildTable('extra', { a: integer().notNull(), b: integer().notNull(), note: text() }, (t) => [primaryKey({ columns: [t.a, t.b] })]);

describe('reverseOps', () => {
  it('inverts each kind of operation, last first', () => {
    const column = after.columns[4]!;
    const ops: Operation[] = [
      { kind: 'createTable', table: extra },
      { kind: 'renameTable', table: 'a', newName: 'b' },
      { kind: 'addColumn', table: 'child', column },
      { kind: 'createIndex', table: 'child', index: { name: 'ix', columns: ['flag'], unique: true } },
      { kind: 'createUniqueConstraint', table: 'child', constraint: { name: 'uq', columns: ['flag'] } },
      { kind: 'createForeignKey', table: 'child', constraint: after.foreignKeys[0]! },
      { kind: 'createCheckConstraint', table: 'child', constraint: { name: 'ck', expression: 'flag > 0' } },
      { kind: 'createPrimaryKey', table: 'extra', constraint: { name: 'pk_extra', columns: ['a'] } },
      { kind: 'alterColumn', table: 'child', column: 'title', changes: { type: { kind: 'varchar', length: 100 }, nullable: false, newName: 'heading' }, prior: { type: { kind: 'text' }, nullable: true } },
    ];
    expect(reverseOps(ops)).toEqual([
      { kind: 'alterColumn', table: 'child', column: 'heading', changes: { type: { kind: 'text' }, nullable: true, newName: 'title' }, prior: { type: { kind: 'varchar', length: 100 }, nullable: false } },
      { kind: 'dropConstraint', table: 'extra', name: 'pk_extra', prior: { kind: 'primaryKey', constraint: { name: 'pk_extra', columns: ['a'] } } },
      { kind: 'dropConstraint', table: 'child', name: 'ck', prior: { kind: 'check', constraint: { name: 'ck', expression: 'flag > 0' } } },
      { kind: 'dropConstraint', table: 'child', name: 'fk_child_parent_id_parent', prior: { kind: 'foreignKey', constraint: after.foreignKeys[0] } },
      { kind: 'dropConstraint', table: 'child', name: 'uq', prior: { kind: 'unique', constraint: { name: 'uq', columns: ['flag'] } } },
      { kind: 'dropIndex', table: 'child', name: 'ix', prior: { name: 'ix', columns: ['flag'], unique: true } },
      { kind: 'dropColumn', table: 'child', column: 'created_at', prior: column },
      { kind: 'renameTable', table: 'b', newName: 'a' },
      { kind: 'dropTable', table: 'extra', prior: extra },
    ]);
  });

  it('reversing twice gives the operations back', () => {
    const diff = compareSchemas(schema(parent, before, gone), schema(parent, after, extra));
    expect(diff.ops.length).toBeGreaterThan(10);
    expect(reverseOps(reverseOps(diff.ops))).toEqual(diff.ops);
  });

  it('the downgrade brings the database back to where it was', () => {
    const db = schema(parent, before, gone);
    const models = schema(parent, after, extra);
    const diff = compareSchemas(db, models);
    expect(diff.ops.filter((o) => o.kind === 'dropTable')).toHaveLength(1);
    const upgraded = applyOps(db, diff.ops);
    expect(compareSchemas(upgraded, models).ops).toEqual([]);
    const downgraded = applyOps(upgraded, reverseOps(diff.ops));
    expect(compareSchemas(downgraded, db).ops).toEqual([]);
    // Structurally too, column by column.
    const child = downgraded.tables.find((t) => t.name === 'child')!;
    expect(Object.fromEntries(child.columns.map((c) => [c.name, c]))).toEqual(Object.fromEntries(before.columns.map((c) => [c.name, c])));
    expect(downgraded.tables.find((t) => t.name === 'parent')).toEqual(parent);
  });

  it('refuses what it cannot reverse, with the position, never skipping a step', () => {
    const cases: [Operation, RegExp][] = [
      [{ kind: 'execute', sql: 'UPDATE t SET a = 1' }, /raw SQL has no known inverse/],
      [{ kind: 'bulkInsert', table: 't', rows: [{ a: 1 }] }, /rows inserted into t/],
      [{ kind: 'dropTable', table: 't' }, /definition of table t is not known/],
      [{ kind: 'dropColumn', table: 't', column: 'c' }, /column t\.c is not known/],
      [{ kind: 'dropIndex', table: 't', name: 'ix' }, /index ix is not known/],
      [{ kind: 'dropConstraint', table: 't', name: 'ck' }, /constraint ck on t is not known/],
      [{ kind: 'alterColumn', table: 't', column: 'c', changes: { nullable: false } }, /nullable of t\.c before the change is not known/],
      [{ kind: 'createPrimaryKey', table: 't', constraint: { columns: ['id'] } }, /no name to drop it by/],
    ];
    for (const [op, message] of cases) {
      const ops: Operation[] = [{ kind: 'renameTable', table: 'x', newName: 'y' }, op];
      let error: unknown;
      try {
        reverseOps(ops);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(IrreversibleOperationError);
      const e = error as IrreversibleOperationError;
      expect(e.message).toMatch(message);
      expect(e.message).toMatch(/^Cannot reverse operation #2 /);
      expect(e.position).toBe(1);
      expect(e.op).toBe(op);
      expect(e.hint).toBe('Write this step of the downgrade by hand.');
    }
  });

  it('a pure rename reverses without any prior', () => {
    expect(reverseOps([{ kind: 'alterColumn', table: 't', column: 'a', changes: { newName: 'b' } }])).toEqual([{ kind: 'alterColumn', table: 't', column: 'b', changes: { newName: 'a' } }]);
  });

  it('returns frozen operations', () => {
    const [op] = reverseOps([{ kind: 'renameTable', table: 'a', newName: 'b' }]);
    expect(Object.isFrozen(op)).toBe(true);
  });
});
