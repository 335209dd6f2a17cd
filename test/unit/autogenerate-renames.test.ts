import { describe, expect, it } from 'vitest';
import { applyOps, compareSchemas, parseRenameArgs, resolveRenames, reverseOps, type Diff, type RenameCandidate } from '../../src/autogenerate/index.js';
import { UserError } from '../../src/errors.js';
import { buildTable, index, integer, text, varchar, type Schema, type Table } from '../../src/schema/index.js';

const schema = (...tables: Table[]): Schema => ({ tables });
const texts = (d: Diff) => d.summary.map((l) => l.text);

function roundTrips(diff: Diff): void {
  const upgraded = applyOps(diff.db, diff.ops);
  expect(compareSchemas(upgraded, diff.models).ops).toEqual([]);
  expect(compareSchemas(applyOps(upgraded, reverseOps(diff.ops)), diff.db).ops).toEqual([]);
}

const userOld = buildTable('user_account', { id: integer().primaryKey(), email: varchar(100).notNull().index(), name: text() });
const userNew = buildTable('app_user', { id: integer().primaryKey(), email: varchar(100).notNull().index(), name: text(), nickname: text() });
const post = (target: string) => buildTable('post', { id: integer().primaryKey(), author_id: integer().notNull().references(`${target}.id`) });

describe('rename candidates', () => {
  it('a table that disappears while a similar one appears is offered, and flagged in the summary', () => {
    const diff = compareSchemas(schema(userOld), schema(userNew));
    expect(diff.renameCandidates).toEqual([{ kind: 'table', from: 'user_account', to: 'app_user' }]);
    expect(texts(diff)).toEqual(['- table user_account (destructive)', '+ table app_user', '? table user_account -> app_user may be a rename: --rename user_account=app_user keeps the data']);
  });

  it('tables with little in common are not offered', () => {
    const other = buildTable('invoice', { id: integer().primaryKey(), total: integer(), due: text(), paid: integer() });
    expect(compareSchemas(schema(userOld), schema(other)).renameCandidates).toEqual([]);
  });

  it('a column is offered only for a column of the same family of types', () => {
    const a = buildTable('t', { id: integer().primaryKey(), title: varchar(50), n: integer() });
    const b = buildTable('t', { id: integer().primaryKey(), heading: text(), count: integer() });
    expect(compareSchemas(schema(a), schema(b)).renameCandidates).toEqual([
      { kind: 'column', table: 't', from: 'title', to: 'heading' },
      { kind: 'column', table: 't', from: 'n', to: 'count' },
    ]);
  });
});

describe('resolveRenames', () => {
  it('a confirmed table rename is a renameTable, never a drop and an add', async () => {
    const asked: RenameCandidate[] = [];
    const diff = await resolveRenames(compareSchemas(schema(userOld, post('user_account')), schema(userNew, post('app_user'))), async (c) => {
      asked.push(c);
      return true;
    });
    expect(asked).toEqual([{ kind: 'table', from: 'user_account', to: 'app_user' }]);
    expect(diff.ops[0]).toEqual({ kind: 'renameTable', table: 'user_account', newName: 'app_user' });
    expect(diff.ops.some((o) => o.kind === 'dropTable' || o.kind === 'createTable')).toBe(false);
    expect(texts(diff)).toContain('~ table user_account -> app_user (renamed)');
    expect(texts(diff)).toContain('+ column app_user.nickname');
    expect(diff.renameCandidates).toEqual([]);
    expect(diff.destructive).toBe(false);
    roundTrips(diff);
  });

  it('a declined rename stays a destructive drop and add, and is not suggested again', async () => {
    const diff = await resolveRenames(compareSchemas(schema(userOld), schema(userNew)), () => false);
    expect(diff.ops.map((o) => o.kind)).toEqual(['dropTable', 'createTable']);
    expect(diff.destructive).toBe(true);
    expect(diff.renameCandidates).toEqual([]);
    expect(texts(diff)).toEqual(['- table user_account (destructive)', '+ table app_user']);
  });

  it('a renamed column keeps its data and carries its other changes in the same alterColumn', async () => {
    const a = buildTable('llm_setting', { id: integer().primaryKey(), key: text() }, (t) => [index('ix_key').on(t.key)]);
    const b = buildTable('llm_setting', { id: integer().primaryKey(), api_key: varchar(255).notNull() }, (t) => [index('ix_key').on(t.api_key)]);
    const diff = await resolveRenames(compareSchemas(schema(a), schema(b)), async (c) => c.kind === 'column' && c.from === 'key' && c.to === 'api_key');
    expect(diff.ops).toEqual([
      {
        kind: 'alterColumn',
        table: 'llm_setting',
        column: 'key',
        changes: { newName: 'api_key', type: { kind: 'varchar', length: 255 }, nullable: false },
        prior: { type: { kind: 'text' }, nullable: true },
      },
    ]);
    expect(texts(diff)).toEqual([
      '~ column llm_setting.key -> llm_setting.api_key (renamed)',
      '~ column llm_setting.api_key type text -> varchar(255) (narrowing, destructive)',
      '~ column llm_setting.api_key nullable -> not null',
    ]);
    expect(reverseOps(diff.ops)).toEqual([
      { kind: 'alterColumn', table: 'llm_setting', column: 'api_key', changes: { newName: 'key', type: { kind: 'text' }, nullable: true }, prior: { type: { kind: 'varchar', length: 255 }, nullable: false } },
    ]);
    roundTrips(diff);
  });

  it('a column inside a renamed table is asked about after the table', async () => {
    const a = buildTable('old_t', { id: integer().primaryKey(), x: integer(), y: integer() });
    const b = buildTable('new_t', { id: integer().primaryKey(), x: integer(), z: integer() });
    const asked: string[] = [];
    const diff = await resolveRenames(compareSchemas(schema(a), schema(b)), (c) => {
      asked.push(`${c.kind}:${c.from}->${c.to}`);
      return true;
    });
    expect(asked).toEqual(['table:old_t->new_t', 'column:y->z']);
    expect(diff.ops).toEqual([
      { kind: 'renameTable', table: 'old_t', newName: 'new_t' },
      { kind: 'alterColumn', table: 'new_t', column: 'y', changes: { newName: 'z' } },
    ]);
    roundTrips(diff);
  });

  it('once a candidate is confirmed, its other pairings are not asked', async () => {
    const a = buildTable('t', { id: integer().primaryKey(), a: integer(), b: integer() });
    const m = buildTable('t', { id: integer().primaryKey(), c: integer(), d: integer() });
    const asked: string[] = [];
    const diff = await resolveRenames(compareSchemas(schema(a), schema(m)), (c) => {
      asked.push(`${c.from}->${c.to}`);
      return c.from === 'a' ? c.to === 'd' : c.to === 'c';
    });
    expect(asked).toEqual(['a->c', 'a->d', 'b->c']);
    expect(diff.ops.map((o) => (o.kind === 'alterColumn' ? `${o.column}->${o.changes.newName}` : o.kind))).toEqual(['a->d', 'b->c']);
  });

  it('takes fixed renames (--rename), whatever the shapes, and asks about the rest', async () => {
    const a = buildTable('t', { id: integer().primaryKey(), code: integer(), title: text() });
    const b = buildTable('t', { id: integer().primaryKey(), label: text(), heading: text() });
    const asked: string[] = [];
    const diff = await resolveRenames(compareSchemas(schema(a), schema(b)), {
      renames: parseRenameArgs(['t.code=t.label']),
      ask: (c) => {
        asked.push(`${c.from}->${c.to}`);
        return true;
      },
    });
    expect(asked).toEqual(['title->heading']);
    expect(diff.ops).toEqual([
      { kind: 'alterColumn', table: 't', column: 'code', changes: { newName: 'label', type: { kind: 'text' } }, prior: { type: { kind: 'integer' } } },
      { kind: 'alterColumn', table: 't', column: 'title', changes: { newName: 'heading' } },
    ]);
    const fixedOnly = await resolveRenames(compareSchemas(schema(a), schema(b)), parseRenameArgs(['t.code=t.label']));
    expect(fixedOnly.ops.map((o) => o.kind)).toEqual(['alterColumn', 'dropColumn', 'addColumn']);
    expect(fixedOnly.renameCandidates).toEqual([{ kind: 'column', table: 't', from: 'title', to: 'heading' }]);
  });

  it('a fixed column rename may name its table by the old name', async () => {
    const a = buildTable('old_t', { id: integer().primaryKey(), y: integer() });
    const b = buildTable('new_t', { id: integer().primaryKey(), z: integer() });
    const diff = await resolveRenames(compareSchemas(schema(a), schema(b)), parseRenameArgs(['old_t=new_t', 'old_t.y=old_t.z']));
    expect(diff.ops.map((o) => o.kind)).toEqual(['renameTable', 'alterColumn']);
  });

  it('refuses a fixed rename that matches no dropped and added pair, saying why', async () => {
    const diff = compareSchemas(schema(userOld), schema(userNew));
    const fails = async (args: string[]) => {
      try {
        await resolveRenames(diff, parseRenameArgs(args));
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        return `${(e as UserError).message} | ${(e as UserError).hint ?? ''}`;
      }
      throw new Error('expected a UserError');
    };
    expect(await fails(['user_acount=app_user'])).toBe("--rename user_acount=app_user: the database has no table 'user_acount' | Did you mean 'user_account'?");
    expect(await fails(['user_account=app_usr'])).toBe("--rename user_account=app_usr: the models have no table 'app_usr' | Did you mean 'app_user'?");
    expect(await fails(['user_account=app_user', 'app_user.name=app_user.nickname'])).toBe('--rename app_user.name=app_user.nickname: column app_user.name is still in the models, so it is not renamed | ');
    expect(await fails(['user_account.x=user_account.y'])).toMatch(/table 'user_account' is not in both the database and the models/);
  });
});

describe('parseRenameArgs', () => {
  it('reads table and column renames', () => {
    expect(parseRenameArgs(['a=b', ' t.c1 = t.c2 '])).toEqual([
      { kind: 'table', from: 'a', to: 'b' },
      { kind: 'column', table: 't', from: 'c1', to: 'c2' },
    ]);
  });

  it('refuses malformed values with a clear message', () => {
    const cases: [string[], string][] = [
      [['ab'], "--rename 'ab' is not old=new"],
      [['a=b=c'], "--rename 'a=b=c' is not old=new"],
      [['=b'], "--rename '=b' needs a name on both sides of '='"],
      [['a='], "--rename 'a=' needs a name on both sides of '='"],
      [['t.a=u.b'], "--rename 't.a=u.b' moves a column from table t to table u"],
      [['t.a=b'], "--rename 't.a=b' renames a table on one side and a column on the other"],
      [['s.t.a=s.t.b'], "--rename 's.t.a=s.t.b' has more than one '.' on a side"],
      [['t.=t.b'], "--rename 't.=t.b': names may not be empty or contain spaces"],
      [['a b=c'], "--rename 'a b=c': names may not be empty or contain spaces"],
      [['a=a'], "--rename 'a=a' renames a to itself"],
      [['a=b', 'a=c'], "--rename 'a=c' conflicts with --rename 'a=b'"],
      [['a=c', 'b=c'], "--rename 'b=c' conflicts with --rename 'a=c'"],
      [['t.a=t.b', 't.a=t.c'], "--rename 't.a=t.c' conflicts with --rename 't.a=t.b'"],
    ];
    for (const [args, message] of cases) {
      expect(() => parseRenameArgs(args)).toThrow(UserError);
      expect(() => parseRenameArgs(args)).toThrow(message);
    }
    // The same column name in two tables is no conflict.
    expect(parseRenameArgs(['t.a=t.b', 'u.a=u.b'])).toHaveLength(2);
  });
});
