// Migrations that work on tables outside the connection's schema: `{ schema }` on op.*.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPgDatabase, PgProject, postgresUnderTest } from '../helpers/dialects/postgres.js';
import { serverAvailable } from '../helpers/dialects/server.js';
import { MigrationProject } from '../helpers/migrations.js';
import type { TestDatabase } from '../helpers/dialects/index.js';

// No server: the tests that need it are skipped locally, and the run fails under CI=true.
const up = await serverAvailable(postgresUnderTest);

let db: TestDatabase;
let p: PgProject;
beforeEach(async () => {
  db = await createPgDatabase();
  p = new PgProject(db);
});
afterEach(async () => {
  p.remove();
  await db.drop();
});
const ok = (r: { code: number; stderr: string }) => expect(r.code, r.stderr).toBe(0);

describe.skipIf(!up)('op.* with { schema } on PostgreSQL', () => {
  it('creates, alters and drops tables in another schema, online and offline', async () => {
    p.revision({
      id: 'a1',
      upgrade: `await op.execute('CREATE SCHEMA audit');
      await op.createTable('event', { id: integer().primaryKey(), kind: varchar(20).notNull() }, undefined, { schema: 'audit' });
      await op.addColumn('event', 'at', timestamp().notNull().default(sql\`CURRENT_TIMESTAMP\`), { schema: 'audit' });
      await op.createIndex('ix_event_kind', 'event', ['kind'], { schema: 'audit' });
      await op.alterColumn('event', 'kind', { type: varchar(40), schema: 'audit' });
      await op.bulkInsert('event', [{ kind: 'login' }], { schema: 'audit' });`,
      downgrade: `await op.dropTable('event', { schema: 'audit' }); await op.execute('DROP SCHEMA audit');`,
    });
    const sql = p.ambix('upgrade', 'head', '--sql');
    ok(sql);
    expect(sql.stdout).toContain('CREATE TABLE "audit"."event"');
    expect(sql.stdout).toContain('ALTER TABLE "audit"."event" ADD COLUMN "at"');
    ok(p.ambix('upgrade', 'head'));
    expect(await p.q(`SELECT table_schema, column_name, data_type, character_maximum_length FROM information_schema.columns WHERE table_name = 'event' ORDER BY ordinal_position`)).toEqual([
      { table_schema: 'audit', column_name: 'id', data_type: 'integer', character_maximum_length: null },
      { table_schema: 'audit', column_name: 'kind', data_type: 'character varying', character_maximum_length: 40 },
      { table_schema: 'audit', column_name: 'at', data_type: 'timestamp without time zone', character_maximum_length: null },
    ]);
    expect(await p.q(`SELECT kind FROM audit.event`)).toEqual([{ kind: 'login' }]);
    expect(await p.q(`SELECT indexname FROM pg_indexes WHERE schemaname = 'audit' AND indexname = 'ix_event_kind'`)).toHaveLength(1);
    ok(p.ambix('downgrade', 'base'));
    expect(await p.q(`SELECT 1 FROM information_schema.schemata WHERE schema_name = 'audit'`)).toEqual([]);
  });
});

describe.skipIf(!up)('{ schema } where the dialect has none', () => {
  it('is refused on SQLite with what to do', () => {
    const s = new MigrationProject();
    try {
      s.revision({ id: 'a1', upgrade: `await op.createTable('event', { id: integer().primaryKey() }, undefined, { schema: 'audit' });` });
      const r = s.ambix('upgrade', 'head');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("SQLite has no schemas: { schema: 'audit' } cannot be honoured");
    } finally {
      s.remove();
    }
  });
});

describe.skipIf(!up)('autogenerate with models in another schema', () => {
  it('writes { schema } operations, upgrades, and then finds nothing to change', async () => {
    p.config(`schema: './models.ts'`);
    await p.q('CREATE SCHEMA audit');
    p.write(
      'models.ts',
      `import { table, integer, varchar, timestamp, sql } from 'ambix/schema';
export const event = table('event', { id: integer().primaryKey(), kind: varchar(20).notNull().index(), at: timestamp().notNull().default(sql\`CURRENT_TIMESTAMP\`) }, undefined, { schema: 'audit' });
export const user = table('app_user', { id: integer().primaryKey(), name: varchar(50) });
`,
    );
    ok(p.ambix('revision', '--autogenerate', '-m', 'audit events'));
    const file = p.ls('migrations/versions').find((f) => f.endsWith('_audit_events.ts'))!;
    expect(p.read(`migrations/versions/${file}`)).toContain("}, undefined, { schema: 'audit' });");
    expect(p.read(`migrations/versions/${file}`)).toContain("await op.dropTable('event', { schema: 'audit' });");
    ok(p.ambix('upgrade', 'head'));
    expect(await p.q(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'event'`)).toEqual([{ table_schema: 'audit' }]);
    const c = p.ambix('check');
    ok(c);
    ok(p.ambix('downgrade', 'base'));
    expect(await p.q(`SELECT 1 FROM information_schema.tables WHERE table_name = 'event'`)).toEqual([]);
  });
});
