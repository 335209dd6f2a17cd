// The manual's scenarios (常见场景操作) on a real SQLite file: a user's revision and
// command, then what the database holds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationProject } from '../helpers/migrations.js';

let p: MigrationProject;
beforeEach(() => {
  p = new MigrationProject();
});
afterEach(() => p.remove());

const ok = (r: { code: number; stderr: string }) => expect(r.code, r.stderr).toBe(0);

/** The manual's llm_setting table with two rows. */
function llmSetting(id = 'a1') {
  p.revision({
    id,
    message: 'initial migration: create tables',
    upgrade: `await op.createTable('llm_setting', {
      id: integer().primaryKey(),
      provider: varchar(50).notNull().index(),
      model_name: text().notNull(),
      api_key: text().notNull(),
    });
    await op.bulkInsert('llm_setting', [
      { provider: 'openai', model_name: 'gpt', api_key: 'k1' },
      { provider: 'old_name', model_name: 'claude', api_key: 'k2' },
    ]);`,
    downgrade: `await op.dropTable('llm_setting');`,
  });
}

describe('场景1 add a table', () => {
  it('upgrade head creates it with the model types, its index and the version row', () => {
    llmSetting();
    ok(p.ambix('upgrade', 'head'));
    expect(p.columns('llm_setting').map((c) => [c.name, c.type, c.notnull, c.pk])).toEqual([
      ['id', 'INTEGER', 1, 1],
      ['provider', 'VARCHAR(50)', 1, 0],
      ['model_name', 'TEXT', 1, 0],
      ['api_key', 'TEXT', 1, 0],
    ]);
    expect(p.rows(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'llm_setting' AND sql IS NOT NULL`)).toEqual([{ name: 'ix_llm_setting_provider' }]);
    expect(p.versions()).toEqual(['a1']);
    expect(p.rows('SELECT id, provider FROM llm_setting ORDER BY id')).toEqual([
      { id: 1, provider: 'openai' },
      { id: 2, provider: 'old_name' },
    ]);
  });
});

describe('场景2 rename a table', () => {
  it('keeps every row, and downgrade renames it back', () => {
    p.revision({ id: 'a1', upgrade: `await op.execute('CREATE TABLE llmconfig (id INTEGER PRIMARY KEY, name TEXT)'); await op.execute("INSERT INTO llmconfig (name) VALUES ('x'), ('y')");`, downgrade: `await op.dropTable('llmconfig');` });
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.renameTable('llmconfig', 'llm_setting');`, downgrade: `await op.renameTable('llm_setting', 'llmconfig');` });
    ok(p.ambix('upgrade', 'head'));
    expect(p.rows('SELECT name FROM llm_setting ORDER BY id')).toEqual([{ name: 'x' }, { name: 'y' }]);
    ok(p.ambix('downgrade', '-1'));
    expect(p.rows('SELECT count(*) AS n FROM llmconfig')).toEqual([{ n: 2 }]);
    expect(p.versions()).toEqual(['a1']);
  });
});

describe('场景3 add a field', () => {
  it('with a default: existing rows get it, in place (no rebuild)', () => {
    llmSetting();
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.addColumn('llm_setting', 'is_active', boolean().notNull().default(true));`, downgrade: `await op.dropColumn('llm_setting', 'is_active');` });
    ok(p.ambix('upgrade', 'head'));
    expect(p.rows('SELECT is_active FROM llm_setting')).toEqual([{ is_active: 1 }, { is_active: 1 }]);
    expect(p.columns('llm_setting').find((c) => c.name === 'is_active')).toMatchObject({ type: 'BOOLEAN', notnull: 1, dflt_value: '1' });
    ok(p.ambix('downgrade', '-1'));
    expect(p.columns('llm_setting').map((c) => c.name)).not.toContain('is_active');
  });

  it('without a default: nullable, filled by a data migration, then NOT NULL (one rebuild, rows kept)', () => {
    llmSetting();
    p.revision({
      id: 'b2',
      down: 'a1',
      upgrade: `await op.addColumn('llm_setting', 'new_field', varchar(100).nullable());
      await op.execute("UPDATE llm_setting SET new_field = 'default_value'");
      await op.alterColumn('llm_setting', 'new_field', { nullable: false });`,
      downgrade: `await op.dropColumn('llm_setting', 'new_field');`,
    });
    const r = p.ambix('upgrade', 'head');
    ok(r);
    expect(p.columns('llm_setting').find((c) => c.name === 'new_field')).toMatchObject({ type: 'VARCHAR(100)', notnull: 1 });
    expect(p.rows('SELECT new_field FROM llm_setting')).toEqual([{ new_field: 'default_value' }, { new_field: 'default_value' }]);
    // The index on provider survived the rebuild.
    expect(p.rows(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'ix_llm_setting_provider'`)).toHaveLength(1);
  });
});

describe('场景4 drop a field', () => {
  it('drops the column and keeps the rows; downgrade adds it back', () => {
    llmSetting();
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.dropColumn('llm_setting', 'model_name');`, downgrade: `await op.addColumn('llm_setting', 'model_name', text().notNull().default(''));` });
    ok(p.ambix('upgrade', 'head'));
    expect(p.columns('llm_setting').map((c) => c.name)).toEqual(['id', 'provider', 'api_key']);
    expect(p.rows('SELECT count(*) AS n FROM llm_setting')).toEqual([{ n: 2 }]);
    ok(p.ambix('downgrade', 'a1'));
    expect(p.columns('llm_setting').map((c) => c.name)).toContain('model_name');
  });
});

describe('场景5 change a type', () => {
  it('rebuilds the table, keeping every row and index', () => {
    llmSetting();
    p.revision({ id: 'b2', down: 'a1', message: 'change api_key to varchar', upgrade: `await op.alterColumn('llm_setting', 'api_key', { type: varchar(255) });`, downgrade: `await op.alterColumn('llm_setting', 'api_key', { type: text() });` });
    ok(p.ambix('upgrade', 'head'));
    expect(p.columns('llm_setting').find((c) => c.name === 'api_key')).toMatchObject({ type: 'VARCHAR(255)', notnull: 1 });
    expect(p.rows('SELECT api_key FROM llm_setting ORDER BY id')).toEqual([{ api_key: 'k1' }, { api_key: 'k2' }]);
    expect(p.rows(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'ix_llm_setting_provider'`)).toHaveLength(1);
    ok(p.ambix('downgrade', '-1'));
    expect(p.columns('llm_setting').find((c) => c.name === 'api_key')).toMatchObject({ type: 'TEXT' });
  });
});

describe('场景6 add a foreign key', () => {
  it('adds the named constraint by rebuilding; a row that breaks it rolls the migration back', () => {
    llmSetting();
    p.revision({
      id: 'b2',
      down: 'a1',
      upgrade: `await op.createTable('chat_session', { id: integer().primaryKey(), config_id: integer().notNull() });
      await op.bulkInsert('chat_session', [{ config_id: 1 }, { config_id: 2 }]);
      await op.createForeignKey('fk_chat_session_config_id_llm_setting', 'chat_session', 'llm_setting', ['config_id'], ['id'], { onDelete: 'cascade' });`,
      downgrade: `await op.dropTable('chat_session');`,
    });
    ok(p.ambix('upgrade', 'head'));
    expect(p.rows(`SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list('chat_session')`)).toEqual([{ table: 'llm_setting', from: 'config_id', to: 'id', on_delete: 'CASCADE' }]);
    expect(p.tableSql('chat_session')).toContain('CONSTRAINT "fk_chat_session_config_id_llm_setting" FOREIGN KEY');

    p.revision({
      id: 'c3',
      down: 'b2',
      upgrade: `await op.createTable('message', { id: integer().primaryKey(), session_id: integer() });
      await op.bulkInsert('message', [{ session_id: 99 }]);
      await op.createForeignKey('fk_message_session', 'message', 'chat_session', ['session_id'], ['id']);`,
    });
    const r = p.ambix('upgrade', 'head');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Upgrade c3');
    expect(r.stderr).toContain('Foreign keys broken');
    expect(r.stderr).toContain('c3 was rolled back');
    expect(p.versions()).toEqual(['b2']);
    expect(p.rows(`SELECT name FROM sqlite_schema WHERE name = 'message'`)).toEqual([]);
  });
});

describe('场景7 create an index', () => {
  it('creates and drops it by name', () => {
    llmSetting();
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.createIndex('ix_llm_setting_model_name', 'llm_setting', ['model_name'], { unique: true });`, downgrade: `await op.dropIndex('ix_llm_setting_model_name', 'llm_setting');` });
    ok(p.ambix('upgrade', 'head'));
    expect(p.rows(`SELECT "unique" FROM pragma_index_list('llm_setting') WHERE name = 'ix_llm_setting_model_name'`)).toEqual([{ unique: 1 }]);
    ok(p.ambix('downgrade', '-1'));
    expect(p.rows(`SELECT name FROM pragma_index_list('llm_setting') WHERE name = 'ix_llm_setting_model_name'`)).toEqual([]);
  });
});

describe('附录 data and conditional migrations', () => {
  it('getBind() queries and updates with bound parameters', () => {
    llmSetting();
    p.revision({
      id: 'b2',
      down: 'a1',
      upgrade: `const bind = op.getBind();
      const rows = await bind.query<{ n: number }>('SELECT count(*) AS n FROM llm_setting WHERE provider = ?', ['old_name']);
      ctx.log('rows to update: ' + rows[0].n);
      const r = await bind.execute("UPDATE llm_setting SET provider = ? WHERE provider = ?", ["it's openai", 'old_name']);
      if (r.rowsAffected !== 1) throw new Error('expected one row');`,
    });
    const r = p.ambix('upgrade', 'head');
    ok(r);
    expect(r.stderr).toContain('rows to update: 1');
    expect(p.rows(`SELECT provider FROM llm_setting ORDER BY id`)).toEqual([{ provider: 'openai' }, { provider: "it's openai" }]);
  });

  it('inspect() decides what to do: rename only if the old table exists', () => {
    p.revision({ id: 'a1', upgrade: `await op.execute('CREATE TABLE old_table (id INTEGER PRIMARY KEY)');` });
    p.revision({
      id: 'b2',
      down: 'a1',
      upgrade: `const insp = op.inspect();
      if ((await insp.getTableNames()).includes('old_table')) await op.renameTable('old_table', 'new_table');
      if (!(await insp.hasTable('other'))) ctx.log('no table other: skipped');
      const cols = await insp.getColumns('new_table');
      ctx.log('columns: ' + cols.map((c) => c.name).join(','));`,
    });
    const r = p.ambix('upgrade', 'head');
    ok(r);
    expect(r.stderr).toContain('columns: id');
    expect(p.rows(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE '%_table'`)).toEqual([{ name: 'new_table' }]);
  });

  it('-x values reach migrations as ctx.x', () => {
    p.revision({ id: 'a1', upgrade: `await op.execute("CREATE TABLE t (v TEXT)"); await op.bulkInsert('t', [{ v: ctx.x.tenant ?? 'none' }]);` });
    ok(p.ambix('upgrade', 'head', '-x', 'tenant=acme'));
    expect(p.rows('SELECT v FROM t')).toEqual([{ v: 'acme' }]);
  });
});
