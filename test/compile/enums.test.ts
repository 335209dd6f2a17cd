// alterEnum compiled on every dialect, as `ambix upgrade --sql` writes it: PostgreSQL changes
// the named type (ADD VALUE, or a new type the columns are cast to); MySQL restates each
// column's inline ENUM; SQLite rebuilds each table with the new CHECK.
import { enumType } from '../../src/schema/index.js';
import { compileCases, refused, type CompileCase } from './compile-cases.js';
import { archive, person, task } from './fixtures.js';

const status = (values: readonly string[]) => ({ kind: 'alterEnum' as const, name: 'task_status', values, columns: [{ table: 'task', column: 'status' }] });

compileCases('enums', {
  'alterEnum: add a value at the end': {
    given: [person, task],
    ops: [status(['open', 'done', 'archived'])],
    expected: {
      sqlite: `-- Rebuilding task (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(8) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done', 'archived')),
  "notes" TEXT DEFAULT '',
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: `ALTER TYPE "task_status" ADD VALUE IF NOT EXISTS 'archived';`,
      mysql: "ALTER TABLE `task` MODIFY COLUMN `status` ENUM('open', 'done', 'archived') NOT NULL DEFAULT 'open';",
    },
  },
  'alterEnum: add values first and in the middle': {
    given: [person, task],
    ops: [status(['new', 'open', 'blocked', 'done'])],
    expected: {
      sqlite: `-- Rebuilding task (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(7) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('new', 'open', 'blocked', 'done')),
  "notes" TEXT DEFAULT '',
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: `ALTER TYPE "task_status" ADD VALUE IF NOT EXISTS 'new' BEFORE 'open';

ALTER TYPE "task_status" ADD VALUE IF NOT EXISTS 'blocked' AFTER 'open';`,
      mysql: "ALTER TABLE `task` MODIFY COLUMN `status` ENUM('new', 'open', 'blocked', 'done') NOT NULL DEFAULT 'open';",
    },
  },
  'alterEnum: remove a value': {
    given: [person, task],
    ops: [status(['open'])],
    expected: {
      sqlite: `-- Rebuilding task (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open')),
  "notes" TEXT DEFAULT '',
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: `ALTER TYPE "task_status" RENAME TO "task_status__old";

CREATE TYPE "task_status" AS ENUM ('open');

ALTER TABLE "task" ALTER COLUMN "status" DROP DEFAULT;

ALTER TABLE "task" ALTER COLUMN "status" TYPE "task_status" USING "status"::text::"task_status";

ALTER TABLE "task" ALTER COLUMN "status" SET DEFAULT 'open';

DROP TYPE "task_status__old";`,
      mysql: "ALTER TABLE `task` MODIFY COLUMN `status` ENUM('open') NOT NULL DEFAULT 'open';",
    },
  },
  'alterEnum: reorder the values': {
    given: [person, task],
    ops: [status(['done', 'open'])],
    expected: {
      sqlite: `-- Rebuilding task (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('done', 'open')),
  "notes" TEXT DEFAULT '',
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: `ALTER TYPE "task_status" RENAME TO "task_status__old";

CREATE TYPE "task_status" AS ENUM ('done', 'open');

ALTER TABLE "task" ALTER COLUMN "status" DROP DEFAULT;

ALTER TABLE "task" ALTER COLUMN "status" TYPE "task_status" USING "status"::text::"task_status";

ALTER TABLE "task" ALTER COLUMN "status" SET DEFAULT 'open';

DROP TYPE "task_status__old";`,
      mysql: "ALTER TABLE `task` MODIFY COLUMN `status` ENUM('done', 'open') NOT NULL DEFAULT 'open';",
    },
  },
  'alterEnum: the same values change nothing': {
    // Questionable (reported): PostgreSQL writes nothing, but SQLite still rebuilds the table and
    // MySQL restates the column.
    given: [person, task],
    ops: [status(['open', 'done'])],
    expected: {
      sqlite: `-- Rebuilding task (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done')),
  "notes" TEXT DEFAULT '',
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: '',
      mysql: "ALTER TABLE `task` MODIFY COLUMN `status` ENUM('open', 'done') NOT NULL DEFAULT 'open';",
    },
  },
  'alterEnum: remove a value from two tables': {
    // LOOKS WRONG (reported, encoded as it is today): task.status keeps DEFAULT 'open', a value the enum
    // no longer has: PostgreSQL fails on SET DEFAULT, MySQL on the MODIFY, and SQLite writes a default
    // its own CHECK rejects. Nothing refuses this up front.
    given: [person, task, archive],
    ops: [{ kind: 'alterEnum', name: 'task_status', values: ['done'], columns: [{ table: 'task', column: 'status' }, { table: 'archive', column: 'status' }] }],
    expected: {
      sqlite: `-- Rebuilding task (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('done')),
  "notes" TEXT DEFAULT '',
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");

-- Rebuilding archive (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_archive" (
  "id" INTEGER NOT NULL,
  "status" VARCHAR(4) CONSTRAINT "task_status" CHECK ("status" IN ('done')),
  CONSTRAINT "pk_archive" PRIMARY KEY ("id")
);

INSERT INTO "_ambix_tmp_archive" ("id", "status") SELECT "id", "status" FROM "archive";

DROP TABLE "archive";

ALTER TABLE "_ambix_tmp_archive" RENAME TO "archive";`,
      postgres: `ALTER TYPE "task_status" RENAME TO "task_status__old";

CREATE TYPE "task_status" AS ENUM ('done');

ALTER TABLE "task" ALTER COLUMN "status" DROP DEFAULT;

ALTER TABLE "task" ALTER COLUMN "status" TYPE "task_status" USING "status"::text::"task_status";

ALTER TABLE "task" ALTER COLUMN "status" SET DEFAULT 'open';

ALTER TABLE "archive" ALTER COLUMN "status" TYPE "task_status" USING "status"::text::"task_status";

DROP TYPE "task_status__old";`,
      mysql: `ALTER TABLE \`task\` MODIFY COLUMN \`status\` ENUM('done') NOT NULL DEFAULT 'open';

ALTER TABLE \`archive\` MODIFY COLUMN \`status\` ENUM('done');`,
    },
  },
  'alterEnum: of a type created earlier in the run, from base': {
    fromBase: true,
    given: [person],
    ops: async (op) => {
      await op.createTable('ticket', { id: enumType('prio', ['low', 'high']).primaryKey() });
      await op.alterEnum('prio', ['low', 'mid', 'high'], { columns: { ticket: ['id'] } });
    },
    expected: {
      sqlite: `CREATE TABLE "ticket" (
  "id" VARCHAR(4) NOT NULL CONSTRAINT "prio" CHECK ("id" IN ('low', 'high')),
  CONSTRAINT "pk_ticket" PRIMARY KEY ("id")
);

-- Rebuilding ticket (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_ticket" (
  "id" VARCHAR(4) NOT NULL CONSTRAINT "prio" CHECK ("id" IN ('low', 'mid', 'high')),
  CONSTRAINT "pk_ticket" PRIMARY KEY ("id")
);

INSERT INTO "_ambix_tmp_ticket" ("id") SELECT "id" FROM "ticket";

DROP TABLE "ticket";

ALTER TABLE "_ambix_tmp_ticket" RENAME TO "ticket";`,
      postgres: `CREATE TYPE "prio" AS ENUM ('low', 'high');

CREATE TABLE "ticket" (
  "id" "prio" NOT NULL,
  CONSTRAINT "pk_ticket" PRIMARY KEY ("id")
);

ALTER TYPE "prio" ADD VALUE IF NOT EXISTS 'mid' AFTER 'low';`,
      mysql: `CREATE TABLE \`ticket\` (
  \`id\` ENUM('low', 'high') NOT NULL,
  PRIMARY KEY (\`id\`)
);

ALTER TABLE \`ticket\` MODIFY COLUMN \`id\` ENUM('low', 'mid', 'high') NOT NULL;`,
    },
  },
  'op.alterEnum: with no values': {
    ops: async (op) => {
      await op.alterEnum('task_status', [], { columns: { task: ['status'] } });
    },
    expected: {
      sqlite: refused("op.alterEnum('task_status', values) needs a non-empty array of strings"),
      postgres: refused("op.alterEnum('task_status', values) needs a non-empty array of strings"),
      mysql: refused("op.alterEnum('task_status', values) needs a non-empty array of strings"),
    },
  },
  'op.alterEnum: a value twice': {
    ops: async (op) => {
      await op.alterEnum('task_status', ['a', 'a'], { columns: { task: ['status'] } });
    },
    expected: {
      sqlite: refused("op.alterEnum('task_status') lists 'a' twice"),
      postgres: refused("op.alterEnum('task_status') lists 'a' twice"),
      mysql: refused("op.alterEnum('task_status') lists 'a' twice"),
    },
  },
  'op.alterEnum: no columns': {
    ops: async (op) => {
      await op.alterEnum('task_status', ['a'], { columns: {} });
    },
    expected: {
      sqlite: refused("op.alterEnum('task_status') names no columns"),
      postgres: refused("op.alterEnum('task_status') names no columns"),
      mysql: refused("op.alterEnum('task_status') names no columns"),
    },
  },
  'op.alterEnum in schema audit': {
    ops: async (op) => {
      await op.alterEnum('event_kind', ['a', 'b', 'c'], { schema: 'audit', columns: { event: ['kind'] } });
    },
    expected: {
      sqlite: refused("SQLite has no schemas: { schema: 'audit' } cannot be honoured"),
      postgres: `ALTER TYPE "audit"."event_kind" RENAME TO "event_kind__old";

CREATE TYPE "audit"."event_kind" AS ENUM ('a', 'b', 'c');

ALTER TABLE "audit"."event" ALTER COLUMN "kind" TYPE "audit"."event_kind" USING "kind"::text::"audit"."event_kind";

DROP TYPE "audit"."event_kind__old";`,
      mysql: refused("MySQL/MariaDB has no schemas: { schema: 'audit' } cannot be honoured"),
    },
  },
} satisfies Record<string, CompileCase>);
