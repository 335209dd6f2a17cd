// The manual's scenarios (常见场景操作) on a real MySQL/MariaDB database: a user's revision
// and command, then what the database holds. Each test has its own database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mysqlUnderTest, projectOn } from '../helpers/dialects/mysql.js';
import { serverAvailable } from '../helpers/dialects/server.js';
import type { TestDatabase } from '../helpers/dialects/types.js';
import type { MigrationProject } from '../helpers/migrations.js';

// No server: every describe below is skipped locally, and the run fails under CI=true.
const up = await serverAvailable(mysqlUnderTest);
let db: TestDatabase;
let p: MigrationProject;
beforeEach(async () => {
  db = await mysqlUnderTest.create();
  p = projectOn(db);
});
afterEach(async () => {
  p?.remove();
  await db?.drop();
});

const ok = (r: { code: number; stderr: string }) => expect(r.code, r.stderr).toBe(0);
const indexes = async (table: string) =>
  db.query<{ name: string; non_unique: number; cols: string }>(
    `SELECT INDEX_NAME AS name, MIN(NON_UNIQUE) AS non_unique, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS cols FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? GROUP BY INDEX_NAME ORDER BY INDEX_NAME`,
    [table],
  );

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

describe.skipIf(!up)('场景1 add a table', () => {
  it('upgrade head creates it with AUTO_INCREMENT, its index and the version row, saying once that DDL commits implicitly', async () => {
    llmSetting();
    const r = p.ambix('upgrade', 'head');
    ok(r);
    expect(r.stderr.match(/commits DDL implicitly/g)).toHaveLength(1);
    expect(await db.columns('llm_setting')).toEqual([
      { name: 'id', type: 'int(11)', nullable: false },
      { name: 'provider', type: 'varchar(50)', nullable: false },
      { name: 'model_name', type: 'text', nullable: false },
      { name: 'api_key', type: 'text', nullable: false },
    ]);
    expect(await indexes('llm_setting')).toEqual([
      { name: 'ix_llm_setting_provider', non_unique: 1, cols: 'provider' },
      { name: 'PRIMARY', non_unique: 0, cols: 'id' },
    ]);
    expect(await db.query(`SELECT EXTRA AS extra FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'llm_setting' AND COLUMN_NAME = 'id'`)).toEqual([{ extra: 'auto_increment' }]);
    expect(await db.versions()).toEqual(['a1']);
    expect(await db.query('SELECT id, provider FROM llm_setting ORDER BY id')).toEqual([
      { id: 1, provider: 'openai' },
      { id: 2, provider: 'old_name' },
    ]);
    expect(await db.query(`SELECT revision, status FROM ambix_version_log`)).toEqual([{ revision: 'a1', status: 'done' }]);
  });
});

describe.skipIf(!up)('场景2 rename a table', () => {
  it('keeps every row, and downgrade renames it back', async () => {
    p.revision({ id: 'a1', upgrade: `await op.execute('CREATE TABLE llmconfig (id INT AUTO_INCREMENT PRIMARY KEY, name TEXT)'); await op.execute("INSERT INTO llmconfig (name) VALUES ('x'), ('y')");`, downgrade: `await op.dropTable('llmconfig');` });
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.renameTable('llmconfig', 'llm_setting');`, downgrade: `await op.renameTable('llm_setting', 'llmconfig');` });
    ok(p.ambix('upgrade', 'head'));
    expect(await db.query('SELECT name FROM llm_setting ORDER BY id')).toEqual([{ name: 'x' }, { name: 'y' }]);
    ok(p.ambix('downgrade', '-1'));
    expect(await db.query('SELECT count(*) AS n FROM llmconfig')).toEqual([{ n: 2 }]);
    expect(await db.versions()).toEqual(['a1']);
  });
});

describe.skipIf(!up)('场景3 add a field', () => {
  it('with a default: existing rows get it', async () => {
    llmSetting();
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.addColumn('llm_setting', 'is_active', boolean().notNull().default(true));`, downgrade: `await op.dropColumn('llm_setting', 'is_active');` });
    ok(p.ambix('upgrade', 'head'));
    expect(await db.query('SELECT is_active FROM llm_setting')).toEqual([{ is_active: 1 }, { is_active: 1 }]);
    expect((await db.columns('llm_setting')).find((c) => c.name === 'is_active')).toEqual({ name: 'is_active', type: 'tinyint(1)', nullable: false });
    ok(p.ambix('downgrade', '-1'));
    expect((await db.columns('llm_setting')).map((c) => c.name)).not.toContain('is_active');
  });

  it('without a default: nullable, filled by a data migration, then NOT NULL with MODIFY (rows and index kept)', async () => {
    llmSetting();
    p.revision({
      id: 'b2',
      down: 'a1',
      upgrade: `await op.addColumn('llm_setting', 'new_field', varchar(100).nullable());
      await op.execute("UPDATE llm_setting SET new_field = 'default_value'");
      await op.alterColumn('llm_setting', 'new_field', { nullable: false });`,
      downgrade: `await op.dropColumn('llm_setting', 'new_field');`,
    });
    ok(p.ambix('upgrade', 'head'));
    expect((await db.columns('llm_setting')).find((c) => c.name === 'new_field')).toEqual({ name: 'new_field', type: 'varchar(100)', nullable: false });
    expect(await db.query('SELECT new_field FROM llm_setting')).toEqual([{ new_field: 'default_value' }, { new_field: 'default_value' }]);
    expect((await indexes('llm_setting')).map((i) => i.name)).toContain('ix_llm_setting_provider');
  });
});

describe.skipIf(!up)('场景4 drop a field', () => {
  it('drops the column and keeps the rows; downgrade adds it back', async () => {
    llmSetting();
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.dropColumn('llm_setting', 'model_name');`, downgrade: `await op.addColumn('llm_setting', 'model_name', varchar(50).notNull().default(''));` });
    ok(p.ambix('upgrade', 'head'));
    expect((await db.columns('llm_setting')).map((c) => c.name)).toEqual(['id', 'provider', 'api_key']);
    expect(await db.query('SELECT count(*) AS n FROM llm_setting')).toEqual([{ n: 2 }]);
    ok(p.ambix('downgrade', 'a1'));
    expect((await db.columns('llm_setting')).map((c) => c.name)).toContain('model_name');
  });
});

describe.skipIf(!up)('场景5 change a type', () => {
  it('MODIFY keeps every row and index, both ways', async () => {
    llmSetting();
    p.revision({ id: 'b2', down: 'a1', message: 'change api_key to varchar', upgrade: `await op.alterColumn('llm_setting', 'api_key', { type: varchar(255) });`, downgrade: `await op.alterColumn('llm_setting', 'api_key', { type: text() });` });
    ok(p.ambix('upgrade', 'head'));
    expect((await db.columns('llm_setting')).find((c) => c.name === 'api_key')).toEqual({ name: 'api_key', type: 'varchar(255)', nullable: false });
    expect(await db.query('SELECT api_key FROM llm_setting ORDER BY id')).toEqual([{ api_key: 'k1' }, { api_key: 'k2' }]);
    expect((await indexes('llm_setting')).map((i) => i.name)).toContain('ix_llm_setting_provider');
    ok(p.ambix('downgrade', '-1'));
    expect((await db.columns('llm_setting')).find((c) => c.name === 'api_key')).toMatchObject({ type: 'text', nullable: false });
  });
});

describe.skipIf(!up)('场景6 add a foreign key', () => {
  it('adds the named constraint; dropping it takes the index MySQL made for it', async () => {
    llmSetting();
    p.revision({
      id: 'b2',
      down: 'a1',
      upgrade: `await op.createTable('chat_session', { id: integer().primaryKey(), config_id: integer().notNull() });
      await op.bulkInsert('chat_session', [{ config_id: 1 }, { config_id: 2 }]);
      await op.createForeignKey('fk_chat_session_config_id_llm_setting', 'chat_session', 'llm_setting', ['config_id'], ['id'], { onDelete: 'cascade' });`,
      downgrade: `await op.dropConstraint('fk_chat_session_config_id_llm_setting', 'chat_session'); await op.dropTable('chat_session');`,
    });
    p.revision({
      id: 'c3',
      down: 'b2',
      upgrade: `await op.dropConstraint('fk_chat_session_config_id_llm_setting', 'chat_session');`,
      downgrade: `await op.createForeignKey('fk_chat_session_config_id_llm_setting', 'chat_session', 'llm_setting', ['config_id'], ['id'], { onDelete: 'cascade' });`,
    });
    ok(p.ambix('upgrade', 'b2'));
    expect(await db.query(`SELECT CONSTRAINT_NAME AS name, REFERENCED_TABLE_NAME AS ref, DELETE_RULE AS on_delete FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`)).toEqual([
      { name: 'fk_chat_session_config_id_llm_setting', ref: 'llm_setting', on_delete: 'CASCADE' },
    ]);
    await db.query('DELETE FROM llm_setting WHERE id = 1');
    expect(await db.query('SELECT config_id FROM chat_session')).toEqual([{ config_id: 2 }]);
    ok(p.ambix('upgrade', 'head'));
    expect(await indexes('chat_session')).toEqual([{ name: 'PRIMARY', non_unique: 0, cols: 'id' }]);
    ok(p.ambix('downgrade', 'a1'));
    expect(await db.tableNames()).toEqual(['ambix_version', 'ambix_version_log', 'llm_setting']);
  });
});

describe.skipIf(!up)('场景7 create an index', () => {
  it('creates and drops it by name', async () => {
    llmSetting();
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.createIndex('ix_llm_setting_model', 'llm_setting', ['provider', 'id'], { unique: true });`, downgrade: `await op.dropIndex('ix_llm_setting_model', 'llm_setting');` });
    ok(p.ambix('upgrade', 'head'));
    expect((await indexes('llm_setting')).find((i) => i.name === 'ix_llm_setting_model')).toEqual({ name: 'ix_llm_setting_model', non_unique: 0, cols: 'provider,id' });
    ok(p.ambix('downgrade', '-1'));
    expect((await indexes('llm_setting')).map((i) => i.name)).not.toContain('ix_llm_setting_model');
  });
});

describe.skipIf(!up)('enums, comments, defaults and checks', () => {
  it('an inline ENUM the server enforces; adding a value keeps the rows', async () => {
    p.revision({
      id: 'a1',
      upgrade: `await op.createTable('chat', { id: integer().primaryKey(), mood: enumType('mood', ['happy', 'sad']).notNull().default('happy') });
      await op.bulkInsert('chat', [{ mood: 'sad' }, {}]);`,
      downgrade: `await op.dropTable('chat');`,
    });
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.alterColumn('chat', 'mood', { type: enumType('mood', ['happy', 'sad', "it's ok"]) });`, downgrade: `await op.alterColumn('chat', 'mood', { type: enumType('mood', ['happy', 'sad']) });` });
    ok(p.ambix('upgrade', 'a1'));
    expect((await db.columns('chat'))[1]).toEqual({ name: 'mood', type: "enum('happy','sad')", nullable: false });
    await expect(db.query(`INSERT INTO chat (mood) VALUES ('angry')`)).rejects.toThrow(/Data truncated/);
    ok(p.ambix('upgrade', 'head'));
    expect((await db.columns('chat'))[1]).toEqual({ name: 'mood', type: "enum('happy','sad','it''s ok')", nullable: false });
    await db.query(`INSERT INTO chat (mood) VALUES ('it''s ok')`);
    expect(await db.query('SELECT mood FROM chat ORDER BY id')).toEqual([{ mood: 'sad' }, { mood: 'happy' }, { mood: "it's ok" }]);
  });

  it('column comments are written, changed and dropped; checks are enforced', async () => {
    p.revision({
      id: 'a1',
      upgrade: `await op.createTable('item', { id: integer().primaryKey(), price: numeric(10, 2).notNull().default(0).comment("the item's price"), note: text() }, (t) => [check('ck_item_price', sql\`price >= 0\`)]);`,
    });
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.alterColumn('item', 'note', { comment: 'free text' }); await op.alterColumn('item', 'price', { comment: null });` });
    const comments = async () => db.query(`SELECT COLUMN_NAME AS c, COLUMN_COMMENT AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'item' ORDER BY ORDINAL_POSITION`);
    ok(p.ambix('upgrade', 'a1'));
    expect(await comments()).toEqual([
      { c: 'id', t: '' },
      { c: 'price', t: "the item's price" },
      { c: 'note', t: '' },
    ]);
    await expect(db.query('INSERT INTO item (price) VALUES (-1)')).rejects.toThrow(/ck_item_price/);
    ok(p.ambix('upgrade', 'head'));
    expect(await comments()).toEqual([
      { c: 'id', t: '' },
      { c: 'price', t: '' },
      { c: 'note', t: 'free text' },
    ]);
    expect(await db.query(`SELECT COLUMN_DEFAULT AS d, IS_NULLABLE AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'item' AND COLUMN_NAME = 'price'`)).toEqual([{ d: '0.00', n: 'NO' }]);
  });

  it('json, uuid and timestamps hold what the application writes', async () => {
    p.revision({
      id: 'a1',
      upgrade: `await op.createTable('event', { id: integer().primaryKey(), payload: json().notNull(), uid: uuid().notNull(), at: timestamp().notNull().default(sql\`CURRENT_TIMESTAMP\`), seen: timestamp({ withTimezone: true }) });
      await op.bulkInsert('event', [{ payload: { a: [1, "it's"] }, uid: '0b5a3c1e-8f7d-4c1a-9e2b-3d4f5a6b7c8d', seen: new Date('2024-05-01T10:00:00Z') }]);`,
    });
    ok(p.ambix('upgrade', 'head'));
    const [row] = await db.query<{ payload: unknown; uid: string; seen: string; at: string }>('SELECT payload, uid, seen, at FROM event');
    // mysql2 parses columns the server marks as JSON; MariaDB's LONGTEXT may come back as text.
    expect(typeof row!.payload === 'string' ? JSON.parse(row!.payload) : row!.payload).toEqual({ a: [1, "it's"] });
    expect(row!.uid).toBe('0b5a3c1e-8f7d-4c1a-9e2b-3d4f5a6b7c8d');
    expect(await db.query(`SELECT DATE_FORMAT(CONVERT_TZ(seen, @@session.time_zone, '+00:00'), '%Y-%m-%d %H:%i') AS utc FROM event`)).toEqual([{ utc: '2024-05-01 10:00' }]);
    await expect(db.query(`INSERT INTO event (payload, uid) VALUES ('not json', 'x')`)).rejects.toThrow(/payload/);
  });
});

describe.skipIf(!up)('附录 data and conditional migrations', () => {
  it('getBind() queries and updates with bound parameters; inspect() reads the live schema', async () => {
    llmSetting();
    p.revision({
      id: 'b2',
      down: 'a1',
      upgrade: `const bind = op.getBind();
      const rows = await bind.query<{ n: number }>('SELECT count(*) AS n FROM llm_setting WHERE provider = ?', ['old_name']);
      ctx.log('rows to update: ' + rows[0].n);
      const r = await bind.execute("UPDATE llm_setting SET provider = ? WHERE provider = ?", ["it's \\\\ openai", 'old_name']);
      if (r.rowsAffected !== 1) throw new Error('expected one row');
      const cols = await op.inspect().getColumns('llm_setting');
      ctx.log('columns: ' + cols.map((c) => c.name + ':' + c.type.kind).join(','));`,
    });
    const r = p.ambix('upgrade', 'head');
    ok(r);
    expect(r.stderr).toContain('rows to update: 1');
    expect(r.stderr).toContain('columns: id:integer,provider:varchar,model_name:text,api_key:text');
    expect(await db.query(`SELECT provider FROM llm_setting ORDER BY id`)).toEqual([{ provider: 'openai' }, { provider: "it's \\ openai" }]);
  });
});
