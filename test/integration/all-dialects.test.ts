// One migration, every dialect: the SQL each one writes for the same operations, stated in
// one typed record per case (a dialect added to DialectName must be given its SQL here),
// then run online on each real database and read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, serversAvailable, type DialectName, type TestDatabase } from '../helpers/dialects/index.js';
import { MigrationProject } from '../helpers/migrations.js';

interface Case {
  name: string;
  /** The bodies of upgrade() and downgrade() in revision b2 (a1 created `item`). */
  upgrade: string;
  downgrade: string;
  sql: Record<DialectName, string[]>;
}

const CASES: Case[] = [
  {
    name: 'add a column with a default',
    upgrade: `await op.addColumn('item', 'qty', integer().notNull().default(0));`,
    downgrade: `await op.dropColumn('item', 'qty');`,
    sql: {
      sqlite: ['ALTER TABLE "item" ADD COLUMN "qty" INTEGER NOT NULL DEFAULT 0;'],
      postgres: ['ALTER TABLE "item" ADD COLUMN "qty" INTEGER NOT NULL DEFAULT 0;'],
      mysql: ['ALTER TABLE `item` ADD COLUMN `qty` INT NOT NULL DEFAULT 0;'],
    },
  },
  {
    name: 'create an index',
    upgrade: `await op.createIndex('ix_item_name', 'item', ['name']);`,
    downgrade: `await op.dropIndex('ix_item_name', 'item');`,
    sql: {
      sqlite: ['CREATE INDEX "ix_item_name" ON "item" ("name");'],
      postgres: ['CREATE INDEX "ix_item_name" ON "item" ("name");'],
      mysql: ['CREATE INDEX `ix_item_name` ON `item` (`name`);'],
    },
  },
  {
    name: 'rename a table',
    upgrade: `await op.renameTable('item', 'product');`,
    downgrade: `await op.renameTable('product', 'item');`,
    sql: {
      sqlite: ['ALTER TABLE "item" RENAME TO "product";'],
      postgres: ['ALTER TABLE "item" RENAME TO "product";'],
      mysql: ['ALTER TABLE `item` RENAME TO `product`;'],
    },
  },
  {
    name: 'insert rows with quotes in them',
    upgrade: `await op.bulkInsert('item', [{ name: "it's" }]);`,
    downgrade: `await op.execute("DELETE FROM item");`,
    sql: {
      sqlite: [`INSERT INTO "item" ("name") VALUES ('it''s');`],
      postgres: [`INSERT INTO "item" ("name") VALUES ('it''s');`],
      mysql: ["INSERT INTO `item` (`name`) VALUES ('it''s');"],
    },
  },
];

// A dialect whose server is missing is skipped locally; under CI=true the file fails.
const up = await serversAvailable(DIALECTS);

for (const dialect of DIALECTS) {
  const name = dialect.name;
  describe.skipIf(!up.get(name))(name, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await dialect.create();
    });
    afterAll(async () => {
      await db?.drop();
    });

    it.each(CASES.map((c) => [c.name, c] as const))('%s: the SQL written offline, then applied online', async (_n, c) => {
      const p = new MigrationProject();
      try {
        p.config(`backup: false`);
        p.revision({ id: 'a1', upgrade: `await op.createTable('item', { id: integer().primaryKey(), name: varchar(40) });`, downgrade: `await op.dropTable('item');` });
        p.revision({ id: 'b2', down: 'a1', upgrade: c.upgrade, downgrade: c.downgrade });
        const offline = p.ambix('upgrade', 'a1:b2', '--sql', '--url', db.url);
        expect(offline.code, offline.stderr).toBe(0);
        for (const line of c.sql[name]) expect(offline.stdout).toContain(line);
        const online = p.ambix('upgrade', 'head', '--url', db.url);
        expect(online.code, online.stderr).toBe(0);
        expect(await db.versions()).toEqual(['b2']);
        const down = p.ambix('downgrade', 'base', '--url', db.url);
        expect(down.code, down.stderr).toBe(0);
        expect((await db.tableNames()).filter((t) => !t.startsWith('ambix_'))).toEqual([]);
      } finally {
        p.remove();
      }
    });
  });
}
