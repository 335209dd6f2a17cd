// A project with its own naming convention: `op` in a hand-written migration names indexes,
// keys and constraints the way the models do, so `ambix check` finds nothing to change.
import { afterEach, describe, expect, it } from 'vitest';
import { configure } from '../helpers/dialects/mysql.js';
import { DIALECTS, serversAvailable, type DialectName, type TestDatabase } from '../helpers/dialects/index.js';
import type { MigrationProject } from '../helpers/migrations.js';
import { MigrationProject as Project } from '../helpers/migrations.js';

const CONVENTION = `namingConvention: { pk: '{table}_pkey', ix: 'idx_{table}_{columns}', uq: '{table}_{columns}_key', fk: '{table}_{columns}_fkey' }`;

/** Where each database keeps the names `op` gave: the primary key is PRIMARY on MySQL whatever it is called. */
const NAMES: Record<DialectName, { index: string; primaryKey: string | null }> = {
  sqlite: { index: "SELECT name AS n FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'task' AND sql IS NOT NULL ORDER BY name", primaryKey: null },
  postgres: { index: "SELECT indexname AS n FROM pg_indexes WHERE tablename = 'task' AND indexname NOT LIKE '%pkey' ORDER BY 1", primaryKey: "SELECT conname AS n FROM pg_constraint WHERE contype = 'p' AND conrelid = 'task'::regclass" },
  mysql: { index: "SELECT DISTINCT INDEX_NAME AS n FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'task' AND INDEX_NAME <> 'PRIMARY' ORDER BY 1", primaryKey: null },
};

// A dialect whose server is missing is skipped locally; under CI=true the file fails.
const up = await serversAvailable(DIALECTS);

for (const dialect of DIALECTS) {
  describe.skipIf(!up.get(dialect.name))(`naming convention on ${dialect.name}`, () => {
    let db: TestDatabase | undefined;
    let p: MigrationProject | undefined;
    afterEach(async () => {
      p?.remove();
      await db?.drop();
    });

    it('op.createTable and op.addColumn name keys and indexes by the config, and check finds no drift', async () => {
      db = await dialect.create();
      p = new Project();
      configure(p, db.url, `${CONVENTION}, schema: './models.ts', backup: false`);
      p.write(
        'models.ts',
        `import { table, integer, varchar, text } from 'ambix/schema';
export const task = table('task', { id: integer().primaryKey(), title: varchar(80).notNull().index(), code: varchar(20).unique(), note: text() });
`,
      );
      p.revision({ id: 'a1', upgrade: `await op.createTable('task', { id: integer().primaryKey(), title: varchar(80).notNull().index() });`, downgrade: `await op.dropTable('task');` });
      p.revision({ id: 'b2', down: 'a1', upgrade: `await op.addColumn('task', 'code', varchar(20).unique());\n    await op.addColumn('task', 'note', text());`, downgrade: `await op.dropColumn('task', 'code');` });
      const upgrade = p.ambix('upgrade', 'head');
      expect(upgrade.code, upgrade.stderr).toBe(0);
      const names = NAMES[dialect.name];
      const indexes = (await db.query<{ n: string }>(names.index)).map((r) => r.n);
      expect(indexes).toEqual(expect.arrayContaining(['idx_task_title']));
      if (names.primaryKey) expect((await db.query<{ n: string }>(names.primaryKey)).map((r) => r.n)).toEqual(['task_pkey']);
      const check = p.ambix('check');
      expect(check.stdout + check.stderr).toContain('No new upgrade operations detected');
      expect(check.code, check.stdout + check.stderr).toBe(0);
    });
  });
}
