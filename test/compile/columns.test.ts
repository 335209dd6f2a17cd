// addColumn, dropColumn, alterColumn compiled on every dialect, as `ambix upgrade --sql` writes
// them (SQLite's table rebuild included where ALTER TABLE cannot make the change).
import { boolean, buildTable, enumType, index, integer, sql, text, varchar } from '../../src/schema/index.js';
import { compileCases, refused, type CompileCase } from './compile-cases.js';
import { column, person, task } from './fixtures.js';

compileCases('columns', {
  'addColumn: nullable': {
    given: [task],
    ops: [{ kind: 'addColumn', table: 'task', column: column('due', { kind: 'date' }) }],
    expected: {
      sqlite: 'ALTER TABLE "task" ADD COLUMN "due" DATE;',
      postgres: 'ALTER TABLE "task" ADD COLUMN "due" DATE;',
      mysql: 'ALTER TABLE `task` ADD COLUMN `due` DATE;',
    },
  },
  'addColumn: NOT NULL with a default': {
    given: [task],
    ops: [{ kind: 'addColumn', table: 'task', column: column('is_active', { kind: 'boolean' }, { nullable: false, default: { kind: 'literal', value: true } }) }],
    expected: {
      sqlite: 'ALTER TABLE "task" ADD COLUMN "is_active" BOOLEAN NOT NULL DEFAULT 1;',
      postgres: 'ALTER TABLE "task" ADD COLUMN "is_active" BOOLEAN NOT NULL DEFAULT TRUE;',
      mysql: 'ALTER TABLE `task` ADD COLUMN `is_active` BOOLEAN NOT NULL DEFAULT TRUE;',
    },
  },
  'addColumn: NOT NULL with a SQL default': {
    given: [task],
    ops: [{ kind: 'addColumn', table: 'task', column: column('created_at', { kind: 'timestamp' }, { nullable: false, default: sql`CURRENT_TIMESTAMP` }) }],
    expected: {
      sqlite: `-- Rebuilding task (addColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done')),
  "notes" TEXT DEFAULT '',
  "owner_id" INTEGER,
  "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: 'ALTER TABLE "task" ADD COLUMN "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP;',
      mysql: 'ALTER TABLE `task` ADD COLUMN `created_at` DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP;',
    },
  },
  'addColumn: NOT NULL without a default': {
    given: [task],
    ops: [{ kind: 'addColumn', table: 'task', column: column('priority', { kind: 'integer' }, { nullable: false }) }],
    expected: {
      sqlite: `-- Rebuilding task (addColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done')),
  "notes" TEXT DEFAULT '',
  "owner_id" INTEGER,
  "priority" INTEGER NOT NULL,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: 'ALTER TABLE "task" ADD COLUMN "priority" INTEGER NOT NULL;',
      mysql: 'ALTER TABLE `task` ADD COLUMN `priority` INT NOT NULL;',
    },
  },
  'addColumn: an enum column with a default, from base': {
    fromBase: true,
    given: [person],
    ops: [{ kind: 'addColumn', table: 'person', column: column('role', { kind: 'enum', name: 'person_role', values: ['admin', 'member'] }, { nullable: false, default: { kind: 'literal', value: 'member' } }) }],
    expected: {
      sqlite: `ALTER TABLE "person" ADD COLUMN "role" VARCHAR(6) NOT NULL DEFAULT 'member' CONSTRAINT "person_role" CHECK ("role" IN ('admin', 'member'));`,
      postgres: `CREATE TYPE "person_role" AS ENUM ('admin', 'member');

ALTER TABLE "person" ADD COLUMN "role" "person_role" NOT NULL DEFAULT 'member';`,
      mysql: "ALTER TABLE `person` ADD COLUMN `role` ENUM('admin', 'member') NOT NULL DEFAULT 'member';",
    },
  },
  'addColumn: with a comment': {
    given: [person],
    ops: [{ kind: 'addColumn', table: 'person', column: column('nickname', { kind: 'varchar', length: 40 }, { comment: 'shown in lists' }) }],
    expected: {
      sqlite: 'ALTER TABLE "person" ADD COLUMN "nickname" VARCHAR(40);',
      postgres: `ALTER TABLE "person" ADD COLUMN "nickname" VARCHAR(40);

COMMENT ON COLUMN "person"."nickname" IS 'shown in lists';`,
      mysql: "ALTER TABLE `person` ADD COLUMN `nickname` VARCHAR(40) COMMENT 'shown in lists';",
    },
  },
  'op.addColumn: .unique() and .references() become a named unique and foreign key': {
    given: [person, task],
    ops: async (op) => {
      await op.addColumn('task', 'reviewer_id', integer().unique().references('person.id', { onDelete: 'set null' }));
    },
    expected: {
      sqlite: `ALTER TABLE "task" ADD COLUMN "reviewer_id" INTEGER;

-- Rebuilding task (createUniqueConstraint, createForeignKey): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done')),
  "notes" TEXT DEFAULT '',
  "owner_id" INTEGER,
  "reviewer_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "uq_task_reviewer_id" UNIQUE ("reviewer_id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "fk_task_reviewer_id_person" FOREIGN KEY ("reviewer_id") REFERENCES "person" ("id") ON DELETE SET NULL,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id", "reviewer_id") SELECT "id", "title", "status", "notes", "owner_id", "reviewer_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: `ALTER TABLE "task" ADD COLUMN "reviewer_id" INTEGER;

ALTER TABLE "task" ADD CONSTRAINT "uq_task_reviewer_id" UNIQUE ("reviewer_id");

ALTER TABLE "task" ADD CONSTRAINT "fk_task_reviewer_id_person" FOREIGN KEY ("reviewer_id") REFERENCES "person" ("id") ON DELETE SET NULL;`,
      mysql: `ALTER TABLE \`task\` ADD COLUMN \`reviewer_id\` INT;

ALTER TABLE \`task\` ADD CONSTRAINT \`uq_task_reviewer_id\` UNIQUE (\`reviewer_id\`);

ALTER TABLE \`task\` ADD CONSTRAINT \`fk_task_reviewer_id_person\` FOREIGN KEY (\`reviewer_id\`) REFERENCES \`person\` (\`id\`) ON DELETE SET NULL;`,
    },
  },
  'op.addColumn in schema audit': {
    ops: async (op) => {
      await op.addColumn('event', 'ok', boolean().notNull().default(false), { schema: 'audit' });
    },
    expected: {
      sqlite: refused("SQLite has no schemas: { schema: 'audit' } cannot be honoured"),
      postgres: 'ALTER TABLE "audit"."event" ADD COLUMN "ok" BOOLEAN NOT NULL DEFAULT FALSE;',
      mysql: refused("MySQL/MariaDB has no schemas: { schema: 'audit' } cannot be honoured"),
    },
  },
  'dropColumn: a plain column': {
    given: [person, task],
    ops: [{ kind: 'dropColumn', table: 'task', column: 'notes' }],
    expected: {
      sqlite: `-- Rebuilding task (dropColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done')),
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "owner_id") SELECT "id", "title", "status", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: 'ALTER TABLE "task" DROP COLUMN "notes";',
      mysql: 'ALTER TABLE `task` DROP COLUMN `notes`;',
    },
  },
  'dropColumn: a column a foreign key uses': {
    given: [person, task],
    ops: [{ kind: 'dropColumn', table: 'task', column: 'owner_id' }],
    expected: {
      sqlite: `-- Rebuilding task (dropColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done')),
  "notes" TEXT DEFAULT '',
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes") SELECT "id", "title", "status", "notes" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: 'ALTER TABLE "task" DROP COLUMN "owner_id";',
      mysql: 'ALTER TABLE `task` DROP FOREIGN KEY `fk_task_owner_id_person`, DROP INDEX `fk_task_owner_id_person`, DROP COLUMN `owner_id`;',
    },
  },
  'dropColumn: a column only the WHERE of a partial index uses': {
    // LOOKS WRONG (reported, encoded as it is today): SQLite refuses this DROP COLUMN ("error in
    // index ix_job_open after drop column"); dropNeedsRebuild looks at index columns, not at `where`.
    given: [buildTable('job', { id: integer().primaryKey(), title: text(), done: boolean() }, (t) => [index('ix_job_open').on(t.title).where(sql`done = 0`)])],
    ops: [{ kind: 'dropColumn', table: 'job', column: 'done' }],
    expected: {
      sqlite: 'ALTER TABLE "job" DROP COLUMN "done";',
      postgres: 'ALTER TABLE "job" DROP COLUMN "done";',
      mysql: 'ALTER TABLE `job` DROP COLUMN `done`;',
    },
  },
  'dropColumn: the last column of an enum type, from base': {
    fromBase: true,
    given: [person, task],
    ops: [{ kind: 'dropColumn', table: 'task', column: 'status' }],
    expected: {
      sqlite: `-- Rebuilding task (dropColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "notes" TEXT DEFAULT '',
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "notes", "owner_id") SELECT "id", "title", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: `ALTER TABLE "task" DROP COLUMN "status";

DROP TYPE "task_status";`,
      mysql: 'ALTER TABLE `task` DROP COLUMN `status`;',
    },
  },
  'op.dropColumn in schema audit': {
    ops: async (op) => {
      await op.dropColumn('event', 'ok', { schema: 'audit' });
    },
    expected: {
      sqlite: refused("SQLite has no schemas: { schema: 'audit' } cannot be honoured"),
      postgres: 'ALTER TABLE "audit"."event" DROP COLUMN "ok";',
      mysql: refused("MySQL/MariaDB has no schemas: { schema: 'audit' } cannot be honoured"),
    },
  },
  'alterColumn: type': {
    given: [person, task],
    ops: [{ kind: 'alterColumn', table: 'task', column: 'title', changes: { type: { kind: 'text' } } }],
    expected: {
      sqlite: `-- Rebuilding task (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" TEXT NOT NULL,
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
      postgres: 'ALTER TABLE "task" ALTER COLUMN "title" TYPE TEXT USING "title"::TEXT;',
      mysql: 'ALTER TABLE `task` MODIFY COLUMN `title` TEXT NOT NULL;',
    },
  },
  'alterColumn: type of a column with a default': {
    given: [person, task],
    ops: [{ kind: 'alterColumn', table: 'task', column: 'notes', changes: { type: { kind: 'varchar', length: 500 } } }],
    expected: {
      sqlite: `-- Rebuilding task (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done')),
  "notes" VARCHAR(500) DEFAULT '',
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: `ALTER TABLE "task" ALTER COLUMN "notes" DROP DEFAULT;

ALTER TABLE "task" ALTER COLUMN "notes" TYPE VARCHAR(500) USING "notes"::VARCHAR(500);

ALTER TABLE "task" ALTER COLUMN "notes" SET DEFAULT '';`,
      mysql: "ALTER TABLE `task` MODIFY COLUMN `notes` VARCHAR(500) DEFAULT '';",
    },
  },
  'alterColumn: nullable': {
    given: [person, task],
    ops: [{ kind: 'alterColumn', table: 'task', column: 'title', changes: { nullable: true } }],
    expected: {
      sqlite: `-- Rebuilding task (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200),
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
      postgres: 'ALTER TABLE "task" ALTER COLUMN "title" DROP NOT NULL;',
      mysql: 'ALTER TABLE `task` MODIFY COLUMN `title` VARCHAR(200);',
    },
  },
  'alterColumn: NOT NULL': {
    given: [person, task],
    ops: [{ kind: 'alterColumn', table: 'task', column: 'notes', changes: { nullable: false } }],
    expected: {
      sqlite: `-- Rebuilding task (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done')),
  "notes" TEXT NOT NULL DEFAULT '',
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: 'ALTER TABLE "task" ALTER COLUMN "notes" SET NOT NULL;',
      mysql: "ALTER TABLE `task` MODIFY COLUMN `notes` TEXT NOT NULL DEFAULT ('');",
    },
  },
  'alterColumn: set a default': {
    given: [person, task],
    ops: [{ kind: 'alterColumn', table: 'task', column: 'title', changes: { default: { kind: 'literal', value: "it's \\ new" } } }],
    expected: {
      sqlite: `-- Rebuilding task (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL DEFAULT 'it''s \\ new',
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
      postgres: "ALTER TABLE \"task\" ALTER COLUMN \"title\" SET DEFAULT 'it''s \\ new';",
      mysql: "ALTER TABLE `task` ALTER COLUMN `title` SET DEFAULT 'it''s \\\\ new';",
    },
  },
  'alterColumn: drop the default': {
    given: [person, task],
    ops: [{ kind: 'alterColumn', table: 'task', column: 'notes', changes: { default: null } }],
    expected: {
      sqlite: `-- Rebuilding task (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done')),
  "notes" TEXT,
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: 'ALTER TABLE "task" ALTER COLUMN "notes" DROP DEFAULT;',
      mysql: 'ALTER TABLE `task` ALTER COLUMN `notes` DROP DEFAULT;',
    },
  },
  'alterColumn: rename': {
    given: [person, task],
    ops: [{ kind: 'alterColumn', table: 'task', column: 'notes', changes: { newName: 'remarks' } }],
    expected: {
      sqlite: 'ALTER TABLE "task" RENAME COLUMN "notes" TO "remarks";',
      postgres: 'ALTER TABLE "task" RENAME COLUMN "notes" TO "remarks";',
      mysql: 'ALTER TABLE `task` RENAME COLUMN `notes` TO `remarks`;',
    },
  },
  'alterColumn: comment': {
    given: [person, task],
    ops: [{ kind: 'alterColumn', table: 'task', column: 'notes', changes: { comment: "owner's notes" } }],
    expected: {
      sqlite: '-- SQLite keeps no column comments; the comment on task.notes is not stored',
      postgres: `COMMENT ON COLUMN "task"."notes" IS 'owner''s notes';`,
      mysql: "ALTER TABLE `task` MODIFY COLUMN `notes` TEXT DEFAULT ('') COMMENT 'owner''s notes';",
    },
  },
  'alterColumn: drop the comment': {
    given: [person, task],
    ops: [{ kind: 'alterColumn', table: 'task', column: 'notes', changes: { comment: null } }],
    expected: {
      sqlite: '-- SQLite keeps no column comments; the comment on task.notes is not stored',
      postgres: 'COMMENT ON COLUMN "task"."notes" IS NULL;',
      mysql: "ALTER TABLE `task` MODIFY COLUMN `notes` TEXT DEFAULT ('');",
    },
  },
  'alterColumn: type, nullable, default, comment and name at once': {
    given: [person, task],
    ops: [{ kind: 'alterColumn', table: 'task', column: 'title', changes: { type: { kind: 'varchar', length: 300 }, nullable: true, default: { kind: 'literal', value: 'untitled' }, comment: 'shown in lists', newName: 'name' } }],
    expected: {
      sqlite: `-- Rebuilding task (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "name" VARCHAR(300) DEFAULT 'untitled',
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done')),
  "notes" TEXT DEFAULT '',
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK ("name" <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "name", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("name");`,
      postgres: `ALTER TABLE "task" ALTER COLUMN "title" TYPE VARCHAR(300) USING "title"::VARCHAR(300);

ALTER TABLE "task" ALTER COLUMN "title" SET DEFAULT 'untitled';

ALTER TABLE "task" ALTER COLUMN "title" DROP NOT NULL;

COMMENT ON COLUMN "task"."title" IS 'shown in lists';

ALTER TABLE "task" RENAME COLUMN "title" TO "name";`,
      mysql: "ALTER TABLE `task` CHANGE COLUMN `title` `name` VARCHAR(300) DEFAULT 'untitled' COMMENT 'shown in lists';",
    },
  },
  'alterColumn: two changes of one table on SQLite share one rebuild': {
    given: [person, task],
    ops: [
      { kind: 'alterColumn', table: 'task', column: 'title', changes: { type: { kind: 'text' } } },
      { kind: 'alterColumn', table: 'task', column: 'notes', changes: { nullable: false } },
    ],
    expected: {
      sqlite: `-- Rebuilding task (alterColumn, alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" TEXT NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done')),
  "notes" TEXT NOT NULL DEFAULT '',
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: `ALTER TABLE "task" ALTER COLUMN "title" TYPE TEXT USING "title"::TEXT;

ALTER TABLE "task" ALTER COLUMN "notes" SET NOT NULL;`,
      mysql: `ALTER TABLE \`task\` MODIFY COLUMN \`title\` TEXT NOT NULL;

ALTER TABLE \`task\` MODIFY COLUMN \`notes\` TEXT NOT NULL DEFAULT ('');`,
    },
  },
  'alterColumn: a table no earlier operation defines (offline)': {
    ops: [{ kind: 'alterColumn', table: 'ghost', column: 'a', changes: { type: { kind: 'text' } } }],
    expected: {
      sqlite: refused('Offline (--sql), ambix cannot rebuild table ghost in revision r1: no earlier operation defines it'),
      postgres: 'ALTER TABLE "ghost" ALTER COLUMN "a" TYPE TEXT USING "a"::TEXT;',
      mysql: refused('ambix needs the definition of table ghost to change column a (MODIFY COLUMN restates the whole column), and it has none'),
    },
  },
  'op.alterColumn: a type given as a column builder': {
    given: [person, task],
    ops: async (op) => {
      await op.alterColumn('task', 'title', { type: varchar(250), nullable: false });
    },
    expected: {
      sqlite: `-- Rebuilding task (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(250) NOT NULL,
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
      postgres: `ALTER TABLE "task" ALTER COLUMN "title" TYPE VARCHAR(250) USING "title"::VARCHAR(250);

ALTER TABLE "task" ALTER COLUMN "title" SET NOT NULL;`,
      mysql: 'ALTER TABLE `task` MODIFY COLUMN `title` VARCHAR(250) NOT NULL;',
    },
  },
  'op.alterColumn: to an enum type': {
    given: [person, task],
    ops: async (op) => {
      await op.alterColumn('task', 'notes', { type: enumType('note_kind', ['short', 'long']), default: null });
    },
    expected: {
      sqlite: `-- Rebuilding task (alterColumn): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done')),
  "notes" VARCHAR(5) CONSTRAINT "note_kind" CHECK ("notes" IN ('short', 'long')),
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: `DO $ambix$
BEGIN
  CREATE TYPE "note_kind" AS ENUM ('short', 'long');
EXCEPTION WHEN duplicate_object THEN NULL;
END $ambix$;

ALTER TABLE "task" ALTER COLUMN "notes" DROP DEFAULT;

ALTER TABLE "task" ALTER COLUMN "notes" TYPE "note_kind" USING "notes"::"note_kind";`,
      mysql: "ALTER TABLE `task` MODIFY COLUMN `notes` ENUM('short', 'long');",
    },
  },
  'op.alterColumn in schema audit': {
    ops: async (op) => {
      await op.alterColumn('event', 'kind', { type: text(), schema: 'audit' });
    },
    expected: {
      sqlite: refused("SQLite has no schemas: { schema: 'audit' } cannot be honoured"),
      postgres: 'ALTER TABLE "audit"."event" ALTER COLUMN "kind" TYPE TEXT USING "kind"::TEXT;',
      mysql: refused("MySQL/MariaDB has no schemas: { schema: 'audit' } cannot be honoured"),
    },
  },
  'op.alterColumn with no change': {
    given: [person, task],
    ops: async (op) => {
      await op.alterColumn('task', 'title', {});
    },
    expected: {
      sqlite: refused("op.alterColumn('task', 'title') changes nothing"),
      postgres: refused("op.alterColumn('task', 'title') changes nothing"),
      mysql: refused("op.alterColumn('task', 'title') changes nothing"),
    },
  },
} satisfies Record<string, CompileCase>);
