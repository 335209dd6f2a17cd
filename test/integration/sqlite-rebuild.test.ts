// What SQLite cannot ALTER, ambix does by rebuilding the table: every row, index, trigger,
// view and foreign key kept, child rows never cascaded away, one copy per table per migration.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationProject } from '../helpers/migrations.js';

let p: MigrationProject;
beforeEach(() => {
  p = new MigrationProject();
});
afterEach(() => p.remove());
const ok = (r: { code: number; stderr: string }) => expect(r.code, r.stderr).toBe(0);

function parentAndChildren() {
  p.revision({
    id: 'a1',
    upgrade: `await op.createTable('parent', { id: integer().primaryKey(), name: varchar(20).notNull(), score: integer() }, (t) => [index('ix_parent_name').on(t.name), unique('uq_parent_score').on(t.score)]);
    await op.createTable('child', { id: integer().primaryKey(), parent_id: integer().notNull().references('parent.id', { onDelete: 'cascade' }) });
    await op.execute('CREATE TABLE audit (what TEXT)');
    await op.execute("CREATE TRIGGER parent_ins AFTER INSERT ON parent BEGIN INSERT INTO audit VALUES ('insert ' || NEW.name); END");
    await op.execute('CREATE VIEW parent_names AS SELECT id, name FROM parent');
    await op.bulkInsert('parent', [{ name: 'p1', score: 1 }, { name: 'p2', score: 2 }, { name: 'p3', score: 3 }]);
    await op.bulkInsert('child', [{ parent_id: 1 }, { parent_id: 1 }, { parent_id: 2 }, { parent_id: 3 }]);`,
  });
}

describe('rebuilding a parent table whose children cascade', () => {
  it('keeps every child row, and the parent keeps its rows, indexes, unique, trigger and view', () => {
    parentAndChildren();
    p.revision({
      id: 'b2',
      down: 'a1',
      upgrade: `await op.alterColumn('parent', 'name', { type: text() });
      await op.alterColumn('parent', 'score', { nullable: false, default: 0 });
      await op.createCheckConstraint('ck_parent_score', 'parent', 'score >= 0');`,
      downgrade: `await op.dropConstraint('ck_parent_score', 'parent'); await op.alterColumn('parent', 'name', { type: varchar(20) });`,
    });
    ok(p.ambix('upgrade', 'head'));
    expect(p.rows('SELECT count(*) AS n FROM child')).toEqual([{ n: 4 }]);
    expect(p.rows('SELECT id, name, score FROM parent ORDER BY id')).toEqual([
      { id: 1, name: 'p1', score: 1 },
      { id: 2, name: 'p2', score: 2 },
      { id: 3, name: 'p3', score: 3 },
    ]);
    expect(p.columns('parent').find((c) => c.name === 'name')?.type).toBe('TEXT');
    expect(p.columns('parent').find((c) => c.name === 'score')).toMatchObject({ notnull: 1, dflt_value: '0' });
    const sql = p.tableSql('parent')!;
    expect(sql).toContain('CONSTRAINT "uq_parent_score" UNIQUE ("score")');
    expect(sql).toContain('CONSTRAINT "ck_parent_score" CHECK (score >= 0)');
    expect(p.rows(`SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger', 'view') AND sql IS NOT NULL ORDER BY name`)).toEqual([
      { name: 'ix_parent_name' },
      { name: 'parent_ins' },
      { name: 'parent_names' },
    ]);
    expect(p.rows('SELECT count(*) AS n FROM parent_names')).toEqual([{ n: 3 }]);
    expect(p.rows(`SELECT "table", on_delete FROM pragma_foreign_key_list('child')`)).toEqual([{ table: 'parent', on_delete: 'CASCADE' }]);
    expect(p.rows(`SELECT * FROM pragma_foreign_key_check`)).toEqual([]);
    ok(p.ambix('downgrade', '-1'));
    expect(p.rows('SELECT count(*) AS n FROM child')).toEqual([{ n: 4 }]);
    expect(p.tableSql('parent')).not.toContain('ck_parent_score');
  });

  it('three alterations of one table in one migration cost one rebuild', () => {
    parentAndChildren();
    p.revision({
      id: 'b2',
      down: 'a1',
      upgrade: `await op.alterColumn('parent', 'name', { type: text() });
      await op.renameColumn('parent', 'score', 'points');
      await op.alterColumn('parent', 'points', { nullable: false, default: 0 });
      await op.dropColumn('parent', 'points');
      await op.addColumn('parent', 'note', text().notNull().default(sql\`'n/a'\`));`,
    });
    const r = p.ambix('upgrade', 'a1:b2', '--sql');
    ok(r);
    expect(r.stdout.match(/CREATE TABLE "_ambix_tmp_parent"/g)).toHaveLength(1);
    ok(p.ambix('upgrade', 'head'));
    expect(p.columns('parent').map((c) => c.name)).toEqual(['id', 'name', 'note']);
    expect(p.rows('SELECT name, note FROM parent ORDER BY id')).toEqual([
      { name: 'p1', note: 'n/a' },
      { name: 'p2', note: 'n/a' },
      { name: 'p3', note: 'n/a' },
    ]);
  });

  it('a NOT NULL that existing rows break fails cleanly and changes nothing', () => {
    parentAndChildren();
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.addColumn('parent', 'email', text()); await op.alterColumn('parent', 'email', { nullable: false });` });
    const r = p.ambix('upgrade', 'head');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('NOT NULL constraint failed: parent.email');
    expect(r.stderr).not.toContain('_ambix_tmp_');
    expect(r.stderr).toContain('while copying the rows of parent into its rebuilt definition');
    expect(p.columns('parent').map((c) => c.name)).toEqual(['id', 'name', 'score']);
    expect(p.versions()).toEqual(['a1']);
  });

  it('refuses to rebuild a table with features ambix does not model, saying how to proceed', () => {
    p.revision({ id: 'a1', upgrade: `await op.execute('CREATE TABLE w (id INTEGER PRIMARY KEY, name TEXT COLLATE NOCASE) ');` });
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.alterColumn('w', 'name', { nullable: false });` });
    const r = p.ambix('upgrade', 'head');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ambix cannot rebuild table w faithfully: column name has COLLATE NOCASE');
  });
});
