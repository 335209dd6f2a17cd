import { describe, expect, it } from 'vitest';
import { applyOps, compareSchemas, defaultComparisonHooks, reverseOps, sortByDependencies, type CompareOptions, type Diff } from '../../src/autogenerate/index.js';
import type { Operation } from '../../src/ops/operations.js';
import {
  bigint, boolean, buildTable, char, check, date, double, enumType, foreignKey, index, integer, json, numeric, primaryKey, real, smallint, sql, text, timestamp, unique, uuid, varchar,
  type Column, type ColumnType, type Schema, type Table,
} from '../../src/schema/index.js';

const schema = (...tables: Table[]): Schema => ({ tables });
const texts = (d: Diff) => d.summary.map((l) => l.text);
const kinds = (d: Diff) => d.ops.map((o) => o.kind);

/** The diff, after checking that its ops turn db into models and its reverse turns them back. */
function diffOf(db: Schema, models: Schema, options: CompareOptions = {}): Diff {
  const diff = compareSchemas(db, models, options);
  const upgraded = applyOps(db, diff.ops);
  expect(compareSchemas(upgraded, models, options).ops).toEqual([]);
  const downgraded = applyOps(upgraded, reverseOps(diff.ops));
  expect(compareSchemas(downgraded, db, options).ops).toEqual([]);
  return diff;
}

// The manual's llm_setting, before and after a day of changes.
const settingV1 = buildTable('llm_setting', {
  id: integer().primaryKey(),
  provider: varchar(50).notNull().index(),
  api_key: text().notNull(),
  old_field: text(),
  timeout: integer().notNull().default(30),
});
const settingV2 = buildTable('llm_setting', {
  id: integer().primaryKey(),
  provider: varchar(50).notNull().index(),
  api_key: varchar(255).notNull(),
  timeout: integer().notNull().default(60),
  is_active: boolean().notNull().default(true),
});
const task = buildTable(
  'task',
  {
    id: integer().primaryKey(),
    setting_id: integer().notNull().references('llm_setting.id', { onDelete: 'cascade' }),
    title: varchar(200).notNull(),
  },
  (t) => [index('ix_task_title').on(t.title)],
);

describe('compareSchemas: what it detects', () => {
  it('reports nothing when the database matches the models', () => {
    const diff = diffOf(schema(settingV2, task), schema(settingV2, task));
    expect(diff.ops).toEqual([]);
    expect(diff.summary).toEqual([]);
    expect(diff.destructive).toBe(false);
  });

  it('the manual\'s day of changes: ops, summary and destructive flags', () => {
    const diff = diffOf(schema(settingV1), schema(settingV2, task));
    expect(diff.summary).toEqual([
      { kind: 'dropColumn', text: '- column llm_setting.old_field (destructive)', destructive: true },
      { kind: 'addColumn', text: '+ column llm_setting.is_active', destructive: false },
      { kind: 'alterColumn', text: '~ column llm_setting.api_key type text -> varchar(255) (narrowing, destructive)', destructive: true },
      { kind: 'alterColumn', text: '~ column llm_setting.timeout default 30 -> 60', destructive: false },
      { kind: 'createTable', text: '+ table task', destructive: false },
    ]);
    expect(diff.destructive).toBe(true);
    expect(diff.ops[0]).toEqual({ kind: 'dropColumn', table: 'llm_setting', column: 'old_field', prior: settingV1.columns[3] });
    expect(diff.ops[2]).toEqual({ kind: 'alterColumn', table: 'llm_setting', column: 'api_key', changes: { type: { kind: 'varchar', length: 255 } }, prior: { type: { kind: 'text' } } });
    expect(diff.ops[3]).toEqual({ kind: 'alterColumn', table: 'llm_setting', column: 'timeout', changes: { default: { kind: 'literal', value: 60 } }, prior: { default: { kind: 'literal', value: 30 } } });
    expect(diff.ops[4]).toEqual({ kind: 'createTable', table: task });
  });

  it('drops a table with its definition, as a destructive change', () => {
    const diff = diffOf(schema(settingV2, task), schema(settingV2));
    expect(diff.ops).toEqual([{ kind: 'dropTable', table: 'task', prior: task }]);
    expect(texts(diff)).toEqual(['- table task (destructive)']);
  });

  it('warns about a NOT NULL column added without a default', () => {
    const a = buildTable('t', { id: integer().primaryKey() });
    const b = buildTable('t', { id: integer().primaryKey(), code: varchar(10).notNull() });
    expect(texts(diffOf(schema(a), schema(b)))).toEqual(['+ column t.code (NOT NULL without a default: fails if t has rows)']);
  });

  it('adds a column flagged as key through createPrimaryKey, after the column exists', () => {
    const a = buildTable('t', { a: integer().notNull() });
    const b = buildTable('t', { a: integer().notNull(), b: integer().notNull() }, (t) => [primaryKey({ columns: [t.a, t.b] })]);
    const diff = diffOf(schema(a), schema(b));
    expect(kinds(diff)).toEqual(['addColumn', 'createPrimaryKey']);
    expect(diff.ops[1]).toEqual({ kind: 'createPrimaryKey', table: 't', constraint: { name: 'pk_t', columns: ['a', 'b'] } });
  });

  it('compares types only with compareType', () => {
    const a = buildTable('t', { id: integer().primaryKey(), n: integer() });
    const b = buildTable('t', { id: integer().primaryKey(), n: bigint() });
    expect(texts(diffOf(schema(a), schema(b)))).toEqual(['~ column t.n type integer -> bigint']);
    expect(diffOf(schema(a), schema(b), { compareType: false }).ops).toEqual([]);
  });

  it('detects nullability both ways', () => {
    const a = buildTable('t', { id: integer().primaryKey(), n: integer(), m: integer().notNull() });
    const b = buildTable('t', { id: integer().primaryKey(), n: integer().notNull(), m: integer() });
    const diff = diffOf(schema(a), schema(b));
    expect(texts(diff)).toEqual(['~ column t.n nullable -> not null', '~ column t.m not null -> nullable']);
    expect(diff.ops[0]).toMatchObject({ changes: { nullable: false }, prior: { nullable: true } });
  });

  it('compares server defaults only with compareServerDefault, and drops one with null', () => {
    const a = buildTable('t', { id: integer().primaryKey(), s: text().default('x'), n: integer() });
    const b = buildTable('t', { id: integer().primaryKey(), s: text(), n: integer().default(1) });
    const diff = diffOf(schema(a), schema(b));
    expect(texts(diff)).toEqual(['~ column t.s default "x" -> none', '~ column t.n default none -> 1']);
    expect(diff.ops[0]).toMatchObject({ changes: { default: null }, prior: { default: { kind: 'literal', value: 'x' } } });
    expect(diffOf(schema(a), schema(b), { compareServerDefault: false }).ops).toEqual([]);
  });

  it('compares comments, unless the database keeps none', () => {
    const a = buildTable('t', { id: integer().primaryKey(), n: integer().comment('old') });
    const b = buildTable('t', { id: integer().primaryKey(), n: integer() });
    const diff = diffOf(schema(a), schema(b));
    expect(texts(diff)).toEqual(['~ column t.n comment "old" -> null']);
    expect(diff.ops[0]).toMatchObject({ changes: { comment: null }, prior: { comment: 'old' } });
    expect(compareSchemas(schema(a), schema(b), { dialect: { ...defaultComparisonHooks, supportsComments: false } }).ops).toEqual([]);
  });

  it('changes a primary key by dropping it by name and creating the new one', () => {
    const a = buildTable('t', { a: integer().notNull(), b: integer().notNull() }, (t) => [primaryKey({ columns: [t.a] })]);
    const b = buildTable('t', { a: integer().notNull(), b: integer().notNull() }, (t) => [primaryKey({ columns: [t.a, t.b] })]);
    const diff = diffOf(schema(a), schema(b));
    expect(diff.ops).toEqual([
      { kind: 'dropConstraint', table: 't', name: 'pk_t', prior: { kind: 'primaryKey', constraint: { name: 'pk_t', columns: ['a'] } } },
      { kind: 'createPrimaryKey', table: 't', constraint: { name: 'pk_t', columns: ['a', 'b'] } },
    ]);
    expect(texts(diff)).toEqual(['- primary key pk_t on t', '+ primary key pk_t on t (a, b)']);
  });

  it('swaps a primary key for a new column: key dropped, old column dropped, new one added, key created', () => {
    const a = buildTable('t', { id: integer().primaryKey(), name: text() });
    const b = buildTable('t', { uid: uuid().primaryKey(), name: text() });
    const diff = diffOf(schema(a), schema(b));
    expect(texts(diff)).toEqual(['- primary key pk_t on t', '- column t.id (destructive)', '+ column t.uid (NOT NULL without a default: fails if t has rows)', '+ primary key pk_t on t (uid)']);
  });

  it('ignores a primary key\'s name, and warns when an unnamed key (SQLite) must change', () => {
    const named = buildTable('t', { id: integer().primaryKey() });
    const unnamed: Table = { ...named, primaryKey: { columns: ['id'] } };
    expect(compareSchemas(schema(unnamed), schema(named)).ops).toEqual([]);
    const b = buildTable('t', { id: integer().notNull(), k: integer().notNull() }, (t) => [primaryKey({ columns: [t.id, t.k] })]);
    const diff = compareSchemas(schema(unnamed), schema(b));
    expect(kinds(diff)).toEqual(['addColumn']);
    expect(diff.warnings).toEqual(["The primary key of t changes from (id) to (id, k), but the database's key has no name to drop it by: change it by hand"]);
    expect(diff.summary.at(-1)).toEqual({ kind: 'warning', text: `! ${diff.warnings[0]}`, destructive: false });
    // A key column the models drop is kept while the key cannot be changed: the operations stay valid.
    const other = buildTable('t', { uid: varchar(36).primaryKey() });
    const blocked = compareSchemas(schema(unnamed), schema(other));
    expect(kinds(blocked)).toEqual(['addColumn']);
    expect(blocked.warnings[0]).toMatch(/change it by hand \(column id is kept until then\)$/);
  });

  it('adds, drops and redefines indexes by name', () => {
    const a = buildTable('t', { id: integer().primaryKey(), a: integer(), b: integer() }, (t) => [index('ix_old').on(t.a), index('ix_same').on(t.a), index('ix_changed').on(t.a)]);
    const b = buildTable('t', { id: integer().primaryKey(), a: integer(), b: integer() }, (t) => [index('ix_same').on(t.a), index('ix_changed').on(t.a, t.b), index('ix_new').on(t.b).where(sql`b > 0`)]);
    const diff = diffOf(schema(a), schema(b));
    expect(texts(diff)).toEqual(['- index ix_old on t', '- index ix_changed on t', '+ index ix_changed on t (a, b)', '+ index ix_new on t (b) where b > 0']);
    expect(diff.ops[0]).toEqual({ kind: 'dropIndex', table: 't', name: 'ix_old', prior: { name: 'ix_old', columns: ['a'], unique: false } });
  });

  it('sees an index turning unique, and ignores spelling of a partial index condition', () => {
    const a = buildTable('t', { id: integer().primaryKey(), a: integer() }, (t) => [index('ix_a').on(t.a).where(sql`("a" > 0)`)]);
    const same = buildTable('t', { id: integer().primaryKey(), a: integer() }, (t) => [index('ix_a').on(t.a).where(sql`A>0`)]);
    expect(compareSchemas(schema(a), schema(same)).ops).toEqual([]);
    const uniq: Table = { ...same, indexes: [{ ...same.indexes[0]!, unique: true }] };
    expect(kinds(diffOf(schema(a), schema(uniq)))).toEqual(['dropIndex', 'createIndex']);
  });

  it('adds and drops unique constraints, foreign keys and checks; a changed one is dropped and created', () => {
    const parent = buildTable('p', { id: integer().primaryKey() });
    const a = buildTable('c', { id: integer().primaryKey(), p_id: integer().references('p.id'), n: integer() }, (t) => [unique('uq_old').on(t.n), check('positive', sql`n > 0`)]);
    const b = buildTable('c', { id: integer().primaryKey(), p_id: integer().references('p.id', { onDelete: 'cascade' }), n: integer() }, (t) => [unique('uq_new').on(t.n, t.p_id), check('positive', sql`n >= 0`)]);
    const diff = diffOf(schema(parent, a), schema(parent, b));
    expect(texts(diff)).toEqual([
      '- foreign key fk_c_p_id_p on c',
      '- unique constraint uq_old on c',
      '- check constraint ck_c_positive on c',
      '+ unique constraint uq_new on c (n, p_id)',
      '+ check constraint ck_c_positive on c (n >= 0)',
      '+ foreign key fk_c_p_id_p on c (p_id) -> p (id)',
    ]);
    expect(diff.ops[0]).toEqual({ kind: 'dropConstraint', table: 'c', name: 'fk_c_p_id_p', prior: { kind: 'foreignKey', constraint: a.foreignKeys[0] } });
  });

  it('treats a check that differs only in spelling as unchanged', () => {
    const a = buildTable('c', { id: integer().primaryKey(), n: integer() }, (t) => [check('positive', sql`("N" > 0)`)]);
    const b = buildTable('c', { id: integer().primaryKey(), n: integer() }, (t) => [check('positive', sql`n>0`)]);
    expect(compareSchemas(schema(a), schema(b)).ops).toEqual([]);
  });

  it('never compares the version tables, and applies include to every object on its side', () => {
    const version = buildTable('ambix_version', { version_num: varchar(32).primaryKey() });
    expect(compareSchemas(schema(version, settingV2), schema(settingV2), { ignoreTables: ['ambix_version'] }).ops).toEqual([]);
    const seen: string[] = [];
    const diff = compareSchemas(schema(settingV1), schema(settingV2, task), {
      include: (o) => {
        seen.push(`${o.side}:${o.type}:${o.name}`);
        return !(o.type === 'column' && o.name === 'old_field') && !(o.type === 'table' && o.name === 'task');
      },
    });
    expect(texts(diff)).toEqual([
      '+ column llm_setting.is_active',
      '~ column llm_setting.api_key type text -> varchar(255) (narrowing, destructive)',
      '~ column llm_setting.timeout default 30 -> 60',
    ]);
    expect(seen).toContain('database:column:old_field');
    expect(seen).toContain('model:table:task');
    expect(seen).toContain('database:index:ix_llm_setting_provider');
  });

  it('leaves the indexes and constraints include refuses out of a new table', () => {
    const diff = compareSchemas(schema(), schema(task), { include: (o) => o.type !== 'index' });
    expect(diff.ops).toEqual([{ kind: 'createTable', table: { ...task, indexes: [] } }]);
  });
});

describe('compareSchemas: order', () => {
  const a = buildTable('a', { id: integer().primaryKey(), b_id: integer().references('b.id') });
  const b = buildTable('b', { id: integer().primaryKey(), c_id: integer().references('c.id') });
  const c = buildTable('c', { id: integer().primaryKey() });

  it('creates referenced tables first and drops them last', () => {
    const diff = diffOf(schema(), schema(a, b, c));
    expect(diff.ops.map((o) => (o.kind === 'createTable' ? o.table.name : ''))).toEqual(['c', 'b', 'a']);
    const drop = diffOf(schema(a, b, c), schema());
    expect(drop.ops.map((o) => (o.kind === 'dropTable' ? o.table : ''))).toEqual(['a', 'b', 'c']);
  });

  it('creates a cycle without its foreign keys, then adds them; drops them before the tables', () => {
    const x = buildTable('x', { id: integer().primaryKey(), y_id: integer().references('y.id') });
    const y = buildTable('y', { id: integer().primaryKey(), x_id: integer().references('x.id'), parent: integer().references('y.id') });
    const diff = diffOf(schema(), schema(x, y));
    expect(texts(diff)).toEqual(['+ table x', '+ table y', '+ foreign key fk_x_y_id_y on x (y_id) -> y (id)', '+ foreign key fk_y_x_id_x on y (x_id) -> x (id)']);
    const created = diff.ops.filter((o): o is Extract<Operation, { kind: 'createTable' }> => o.kind === 'createTable');
    expect(created[0]!.table.foreignKeys).toEqual([]);
    // A self-reference is no cycle: it stays in CREATE TABLE.
    expect(created[1]!.table.foreignKeys.map((f) => f.name)).toEqual(['fk_y_parent_y']);

    const drop = diffOf(schema(x, y), schema());
    expect(texts(drop)).toEqual(['- foreign key fk_x_y_id_y on x', '- foreign key fk_y_x_id_x on y', '- table y (destructive)', '- table x (destructive)']);
    // The drop records each table as it is when dropped, so the downgrade recreates it without the cyclic key.
    const dropY = drop.ops[2] as Extract<Operation, { kind: 'dropTable' }>;
    expect(dropY.prior!.foreignKeys.map((f) => f.name)).toEqual(['fk_y_parent_y']);
  });

  it('drops foreign keys before the table they reference', () => {
    const child = buildTable('child', { id: integer().primaryKey(), p: integer().references('parent.id') });
    const parent = buildTable('parent', { id: integer().primaryKey() });
    const childAfter = buildTable('child', { id: integer().primaryKey(), p: integer() });
    const diff = diffOf(schema(child, parent), schema(childAfter));
    expect(texts(diff)).toEqual(['- foreign key fk_child_p_parent on child', '- table parent (destructive)']);
  });

  it('drops a table before the key of a remaining table it references (and the downgrade recreates the key first)', () => {
    const before = buildTable('p', { id: integer().primaryKey(), code: varchar(5).unique() });
    const after = buildTable('p', { id: integer().primaryKey(), code: varchar(5) });
    const referencing = buildTable('r', { id: integer().primaryKey(), code: varchar(5) }, (t) => [foreignKey({ columns: [t.code], foreignColumns: ['p.code'] })]);
    const diff = diffOf(schema(before, referencing), schema(after));
    expect(kinds(diff)).toEqual(['dropTable', 'dropConstraint']);
    expect(reverseOps(diff.ops).map((o) => o.kind)).toEqual(['createUniqueConstraint', 'createTable']);
  });

  it('adds columns before their indexes and keys, and drops indexes before their columns', () => {
    const before = buildTable('t', { id: integer().primaryKey(), old: integer().index() });
    const after = buildTable('t', { id: integer().primaryKey(), fresh: integer().unique().references('c.id') }, (t) => [index('ix_t_fresh_id').on(t.fresh, t.id)]);
    const diff = diffOf(schema(before, c), schema(after, c));
    expect(kinds(diff)).toEqual(['dropIndex', 'dropColumn', 'addColumn', 'createUniqueConstraint', 'createIndex', 'createForeignKey']);
  });

  it('creates a new table after the new column it references', () => {
    const before = buildTable('p', { id: integer().primaryKey() });
    const after = buildTable('p', { id: integer().primaryKey(), code: varchar(5).notNull().unique() });
    const child = buildTable('ch', { id: integer().primaryKey(), code: varchar(5) }, (t) => [foreignKey({ columns: [t.code], foreignColumns: ['p.code'] })]);
    expect(kinds(diffOf(schema(before), schema(after, child)))).toEqual(['addColumn', 'createUniqueConstraint', 'createTable']);
  });

  it('sorts by dependencies with ties kept in the given order', () => {
    expect(sortByDependencies([a, c, b], (n) => n).order.map((t) => t.name)).toEqual(['c', 'b', 'a']);
    const d = buildTable('d', { id: integer().primaryKey() });
    expect(sortByDependencies([d, c], (n) => n).order.map((t) => t.name)).toEqual(['d', 'c']);
  });
});

describe('defaultComparisonHooks', () => {
  const h = defaultComparisonHooks;
  const col = (type: ColumnType): Column => ({ name: 'c', type, nullable: true, primaryKey: false, autoincrement: false });

  it('types: structural, an enum by its values (SQLite reads its CHECK back under another name)', () => {
    expect(h.typesEqual({ kind: 'varchar', length: 50 }, { kind: 'varchar', length: 50 })).toBe(true);
    expect(h.typesEqual({ kind: 'varchar', length: 50 }, { kind: 'varchar', length: 51 })).toBe(false);
    expect(h.typesEqual({ kind: 'timestamp' }, { kind: 'timestamp', withTimezone: false })).toBe(true);
    expect(h.typesEqual({ kind: 'numeric', precision: 9 }, { kind: 'numeric', precision: 9, scale: 0 })).toBe(true);
    expect(h.typesEqual({ kind: 'numeric', precision: 9 }, { kind: 'numeric', precision: 9, scale: 2 })).toBe(false);
    expect(h.typesEqual({ kind: 'numeric' }, { kind: 'numeric', precision: 9 })).toBe(false);
    expect(h.typesEqual({ kind: 'enum', name: 'status_enum', values: ['a', 'b'] }, { kind: 'enum', name: 'status', values: ['a', 'b'] })).toBe(true);
    expect(h.typesEqual({ kind: 'enum', name: 'status', values: ['a'] }, { kind: 'enum', name: 'status', values: ['a', 'b'] })).toBe(false);
    expect(h.typesEqual({ kind: 'raw', sql: 'TSVECTOR' }, { kind: 'raw', sql: 'tsvector' })).toBe(true);
  });

  it('an enum read back from SQLite matches the model', () => {
    const model = buildTable('t', { id: integer().primaryKey(), mood: enumType('mood', ['happy', 'sad']).notNull() });
    const db: Table = { ...model, columns: model.columns.map((c) => (c.name === 'mood' ? { ...c, type: { kind: 'enum', name: 'mood_enum', values: ['happy', 'sad'] } } : c)) };
    expect(compareSchemas(schema(db), schema(model)).ops).toEqual([]);
  });

  it('defaults: booleans as 1/0, numbers as strings, SQL up to parentheses, spacing and case', () => {
    expect(h.defaultsEqual({ kind: 'literal', value: 1 }, { kind: 'literal', value: true }, col({ kind: 'boolean' }))).toBe(true);
    expect(h.defaultsEqual({ kind: 'sql', text: "'0'" }, { kind: 'literal', value: false }, col({ kind: 'boolean' }))).toBe(true);
    expect(h.defaultsEqual({ kind: 'literal', value: '10' }, { kind: 'literal', value: 10 }, col({ kind: 'integer' }))).toBe(true);
    expect(h.defaultsEqual({ kind: 'literal', value: '0.50' }, { kind: 'literal', value: 0.5 }, col({ kind: 'numeric', precision: 5, scale: 2 }))).toBe(true);
    expect(h.defaultsEqual({ kind: 'literal', value: '10' }, { kind: 'literal', value: 10 }, col({ kind: 'text' }))).toBe(true);
    expect(h.defaultsEqual({ kind: 'sql', text: '(CURRENT_TIMESTAMP)' }, { kind: 'sql', text: 'current_timestamp' }, col({ kind: 'timestamp' }))).toBe(true);
    expect(h.defaultsEqual({ kind: 'sql', text: "( datetime( 'now' ) )" }, { kind: 'sql', text: "datetime('now')" }, col({ kind: 'timestamp' }))).toBe(true);
    expect(h.defaultsEqual({ kind: 'sql', text: "datetime('NOW')" }, { kind: 'sql', text: "datetime('now')" }, col({ kind: 'timestamp' }))).toBe(false);
    expect(h.defaultsEqual(undefined, { kind: 'literal', value: null }, col({ kind: 'text' }))).toBe(true);
    expect(h.defaultsEqual({ kind: 'sql', text: '-1' }, { kind: 'literal', value: -1 }, col({ kind: 'integer' }))).toBe(true);
    expect(h.defaultsEqual(undefined, { kind: 'literal', value: 0 }, col({ kind: 'integer' }))).toBe(false);
    expect(h.defaultsEqual({ kind: 'literal', value: 'a' }, { kind: 'literal', value: 'b' }, col({ kind: 'text' }))).toBe(false);
  });

  it('narrowing: shorter text, fewer digits, smaller integers, text to varchar, lost time zones', () => {
    const cases: [ColumnType, ColumnType, boolean][] = [
      [{ kind: 'varchar', length: 255 }, { kind: 'varchar', length: 50 }, true],
      [{ kind: 'varchar', length: 50 }, { kind: 'varchar', length: 255 }, false],
      [{ kind: 'varchar', length: 50 }, { kind: 'text' }, false],
      [{ kind: 'text' }, { kind: 'varchar', length: 255 }, true],
      [{ kind: 'varchar' }, { kind: 'varchar', length: 10 }, true],
      [{ kind: 'numeric', precision: 10, scale: 2 }, { kind: 'numeric', precision: 8, scale: 2 }, true],
      [{ kind: 'numeric', precision: 10, scale: 2 }, { kind: 'numeric', precision: 12, scale: 2 }, false],
      [{ kind: 'numeric', precision: 10, scale: 4 }, { kind: 'numeric', precision: 10, scale: 2 }, true],
      [{ kind: 'bigint' }, { kind: 'integer' }, true],
      [{ kind: 'smallint' }, { kind: 'bigint' }, false],
      [{ kind: 'integer' }, { kind: 'numeric', precision: 12 }, false],
      [{ kind: 'integer' }, { kind: 'numeric', precision: 5 }, true],
      [{ kind: 'integer' }, { kind: 'double' }, false],
      [{ kind: 'double' }, { kind: 'real' }, true],
      [{ kind: 'integer' }, { kind: 'text' }, false],
      [{ kind: 'integer' }, { kind: 'varchar', length: 5 }, true],
      [{ kind: 'enum', name: 'm', values: ['a', 'b'] }, { kind: 'enum', name: 'm', values: ['a'] }, true],
      [{ kind: 'enum', name: 'm', values: ['a'] }, { kind: 'enum', name: 'm', values: ['a', 'b'] }, false],
      [{ kind: 'text' }, { kind: 'enum', name: 'm', values: ['a'] }, true],
      [{ kind: 'timestamp', withTimezone: true }, { kind: 'timestamp' }, true],
      [{ kind: 'date' }, { kind: 'timestamp' }, false],
      [{ kind: 'timestamp' }, { kind: 'date' }, true],
      [{ kind: 'text' }, { kind: 'json' }, true],
      [{ kind: 'json' }, { kind: 'text' }, false],
      [{ kind: 'uuid' }, { kind: 'char', length: 36 }, false],
      [{ kind: 'raw', sql: 'inet' }, { kind: 'text' }, true],
      [{ kind: 'boolean' }, { kind: 'smallint' }, false],
      [{ kind: 'real' }, { kind: 'numeric' }, false],
      [{ kind: 'real' }, { kind: 'numeric', precision: 10, scale: 2 }, true],
    ];
    for (const [from, to, narrowing] of cases) expect([from, to, h.isNarrowing(from, to)]).toEqual([from, to, narrowing]);
  });

  it('expressions: up to spacing, case, identifier quotes and enclosing parentheses', () => {
    expect(h.expressionsEqual('(("price" > 0) AND [qty] >= 1)', 'price>0 and qty >= 1')).toBe(false);
    expect(h.expressionsEqual('(("price" > 0) AND [qty] >= 1)', '(price>0) and qty >= 1')).toBe(true);
    expect(h.expressionsEqual("status <> 'X'", "status != 'X'")).toBe(true);
    expect(h.expressionsEqual("status = 'x'", "status = 'X'")).toBe(false);
  });

  it('a dialect with case-insensitive names matches Task and task', () => {
    const upper = buildTable('Task', { ID: integer().primaryKey() });
    const lower = buildTable('task', { id: integer().primaryKey() });
    expect(compareSchemas(schema(upper), schema(lower)).ops.length).toBe(2);
    expect(compareSchemas(schema(upper), schema(lower), { dialect: { ...defaultComparisonHooks, nameKey: (n) => n.toLowerCase() } }).ops).toEqual([]);
  });

  it('every column type compares equal to itself', () => {
    const all = buildTable('all_types', {
      a: integer().primaryKey(), b: bigint(), c: smallint(), d: real(), e: double(), f: numeric(10, 2), g: text(), h: varchar(5), i: char(2),
      j: boolean(), k: date(), l: timestamp({ withTimezone: true }), m: json(), n: uuid(), o: enumType('e', ['x']),
    });
    expect(compareSchemas(schema(all), schema(all)).ops).toEqual([]);
  });
});
