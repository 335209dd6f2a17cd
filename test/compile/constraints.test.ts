// createUniqueConstraint, createForeignKey, createCheckConstraint, createPrimaryKey and
// dropConstraint (of each kind) compiled on every dialect, as `ambix upgrade --sql` writes them.
import { compileCases, refused, type CompileCase } from './compile-cases.js';
import { membership, person, tag, task } from './fixtures.js';

compileCases('constraints', {
  createUniqueConstraint: {
    given: [person, task],
    ops: [{ kind: 'createUniqueConstraint', table: 'task', constraint: { name: 'uq_task_owner_id_title', columns: ['owner_id', 'title'] } }],
    expected: {
      sqlite: `-- Rebuilding task (createUniqueConstraint): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done')),
  "notes" TEXT DEFAULT '',
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "uq_task_owner_id_title" UNIQUE ("owner_id", "title"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: 'ALTER TABLE "task" ADD CONSTRAINT "uq_task_owner_id_title" UNIQUE ("owner_id", "title");',
      mysql: 'ALTER TABLE `task` ADD CONSTRAINT `uq_task_owner_id_title` UNIQUE (`owner_id`, `title`);',
    },
  },
  'createForeignKey: ON DELETE and ON UPDATE': {
    given: [person, tag],
    ops: [
      { kind: 'addColumn', table: 'tag', column: { name: 'person_id', type: { kind: 'integer' }, nullable: true, primaryKey: false, autoincrement: false } },
      { kind: 'createForeignKey', table: 'tag', constraint: { name: 'fk_tag_person_id_person', columns: ['person_id'], refTable: 'person', refColumns: ['id'], onDelete: 'set null', onUpdate: 'cascade' } },
    ],
    expected: {
      sqlite: `ALTER TABLE "tag" ADD COLUMN "person_id" INTEGER;

-- Rebuilding tag (createForeignKey): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_tag" (
  "label" VARCHAR(50) NOT NULL,
  "weight" INTEGER,
  "person_id" INTEGER,
  CONSTRAINT "fk_tag_person_id_person" FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

INSERT INTO "_ambix_tmp_tag" ("label", "weight", "person_id") SELECT "label", "weight", "person_id" FROM "tag";

DROP TABLE "tag";

ALTER TABLE "_ambix_tmp_tag" RENAME TO "tag";`,
      postgres: `ALTER TABLE "tag" ADD COLUMN "person_id" INTEGER;

ALTER TABLE "tag" ADD CONSTRAINT "fk_tag_person_id_person" FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE SET NULL ON UPDATE CASCADE;`,
      mysql: `ALTER TABLE \`tag\` ADD COLUMN \`person_id\` INT;

ALTER TABLE \`tag\` ADD CONSTRAINT \`fk_tag_person_id_person\` FOREIGN KEY (\`person_id\`) REFERENCES \`person\` (\`id\`) ON DELETE SET NULL ON UPDATE CASCADE;`,
    },
  },
  createCheckConstraint: {
    given: [tag],
    ops: [{ kind: 'createCheckConstraint', table: 'tag', constraint: { name: 'ck_tag_weight', expression: 'weight BETWEEN 0 AND 10' } }],
    expected: {
      sqlite: `-- Rebuilding tag (createCheckConstraint): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_tag" (
  "label" VARCHAR(50) NOT NULL,
  "weight" INTEGER,
  CONSTRAINT "ck_tag_weight" CHECK (weight BETWEEN 0 AND 10)
);

INSERT INTO "_ambix_tmp_tag" ("label", "weight") SELECT "label", "weight" FROM "tag";

DROP TABLE "tag";

ALTER TABLE "_ambix_tmp_tag" RENAME TO "tag";`,
      postgres: 'ALTER TABLE "tag" ADD CONSTRAINT "ck_tag_weight" CHECK (weight BETWEEN 0 AND 10);',
      mysql: 'ALTER TABLE `tag` ADD CONSTRAINT `ck_tag_weight` CHECK (weight BETWEEN 0 AND 10);',
    },
  },
  createPrimaryKey: {
    given: [tag],
    ops: [{ kind: 'createPrimaryKey', table: 'tag', constraint: { name: 'pk_tag', columns: ['label'] } }],
    expected: {
      sqlite: `-- Rebuilding tag (createPrimaryKey): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_tag" (
  "label" VARCHAR(50) NOT NULL,
  "weight" INTEGER,
  CONSTRAINT "pk_tag" PRIMARY KEY ("label")
);

INSERT INTO "_ambix_tmp_tag" ("label", "weight") SELECT "label", "weight" FROM "tag";

DROP TABLE "tag";

ALTER TABLE "_ambix_tmp_tag" RENAME TO "tag";`,
      postgres: 'ALTER TABLE "tag" ADD CONSTRAINT "pk_tag" PRIMARY KEY ("label");',
      mysql: 'ALTER TABLE `tag` ADD PRIMARY KEY (`label`);',
    },
  },
  'dropConstraint: a unique constraint': {
    given: [person],
    ops: [{ kind: 'dropConstraint', table: 'person', name: 'uq_person_email' }],
    expected: {
      sqlite: `-- Rebuilding person (dropConstraint): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_person" (
  "id" INTEGER NOT NULL,
  "email" VARCHAR(100) NOT NULL,
  CONSTRAINT "pk_person" PRIMARY KEY ("id")
);

INSERT INTO "_ambix_tmp_person" ("id", "email") SELECT "id", "email" FROM "person";

DROP TABLE "person";

ALTER TABLE "_ambix_tmp_person" RENAME TO "person";`,
      postgres: 'ALTER TABLE "person" DROP CONSTRAINT "uq_person_email";',
      mysql: 'ALTER TABLE `person` DROP INDEX `uq_person_email`;',
    },
  },
  'dropConstraint: a foreign key': {
    given: [person, task],
    ops: [{ kind: 'dropConstraint', table: 'task', name: 'fk_task_owner_id_person' }],
    expected: {
      sqlite: `-- Rebuilding task (dropConstraint): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done')),
  "notes" TEXT DEFAULT '',
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "ck_task_title_not_empty" CHECK (title <> '')
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: 'ALTER TABLE "task" DROP CONSTRAINT "fk_task_owner_id_person";',
      mysql: 'ALTER TABLE `task` DROP FOREIGN KEY `fk_task_owner_id_person`, DROP INDEX `fk_task_owner_id_person`;',
    },
  },
  'dropConstraint: a check constraint': {
    given: [person, task],
    ops: [{ kind: 'dropConstraint', table: 'task', name: 'ck_task_title_not_empty' }],
    expected: {
      sqlite: `-- Rebuilding task (dropConstraint): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_task" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "status" VARCHAR(4) NOT NULL DEFAULT 'open' CONSTRAINT "task_status" CHECK ("status" IN ('open', 'done')),
  "notes" TEXT DEFAULT '',
  "owner_id" INTEGER,
  CONSTRAINT "pk_task" PRIMARY KEY ("id"),
  CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE
);

INSERT INTO "_ambix_tmp_task" ("id", "title", "status", "notes", "owner_id") SELECT "id", "title", "status", "notes", "owner_id" FROM "task";

DROP TABLE "task";

ALTER TABLE "_ambix_tmp_task" RENAME TO "task";

CREATE INDEX "ix_task_title" ON "task" ("title");`,
      postgres: 'ALTER TABLE "task" DROP CONSTRAINT "ck_task_title_not_empty";',
      mysql: 'ALTER TABLE `task` DROP CONSTRAINT `ck_task_title_not_empty`;',
    },
  },
  'dropConstraint: a composite primary key': {
    given: [person, membership],
    ops: [{ kind: 'dropConstraint', table: 'membership', name: 'pk_membership' }],
    expected: {
      sqlite: `-- Rebuilding membership (dropConstraint): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_membership" (
  "person_id" INTEGER NOT NULL,
  "team_id" INTEGER NOT NULL,
  "joined_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "fk_membership_person_id_person" FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE
);

INSERT INTO "_ambix_tmp_membership" ("person_id", "team_id", "joined_at") SELECT "person_id", "team_id", "joined_at" FROM "membership";

DROP TABLE "membership";

ALTER TABLE "_ambix_tmp_membership" RENAME TO "membership";`,
      postgres: 'ALTER TABLE "membership" DROP CONSTRAINT "pk_membership";',
      mysql: 'ALTER TABLE `membership` DROP PRIMARY KEY;',
    },
  },
  'dropConstraint: an autoincrement primary key': {
    given: [person],
    ops: [{ kind: 'dropConstraint', table: 'person', name: 'pk_person' }],
    expected: {
      sqlite: `-- Rebuilding person (dropConstraint): SQLite cannot ALTER this in place

CREATE TABLE "_ambix_tmp_person" (
  "id" INTEGER NOT NULL,
  "email" VARCHAR(100) NOT NULL,
  CONSTRAINT "uq_person_email" UNIQUE ("email")
);

INSERT INTO "_ambix_tmp_person" ("id", "email") SELECT "id", "email" FROM "person";

DROP TABLE "person";

ALTER TABLE "_ambix_tmp_person" RENAME TO "person";`,
      postgres: 'ALTER TABLE "person" DROP CONSTRAINT "pk_person";',
      mysql: 'ALTER TABLE `person` MODIFY COLUMN `id` INT NOT NULL, DROP PRIMARY KEY;',
    },
  },
  'dropConstraint: a name the table does not have': {
    given: [person],
    ops: [{ kind: 'dropConstraint', table: 'person', name: 'uq_nothing' }],
    expected: {
      sqlite: refused("Table person has no constraint 'uq_nothing'"),
      postgres: refused("Table person has no constraint 'uq_nothing'"),
      mysql: refused("Table person has no constraint 'uq_nothing'"),
    },
  },
  'op.createForeignKey and op.dropConstraint in schema audit': {
    ops: async (op) => {
      await op.createForeignKey('fk_event_person', 'event', 'person', ['person_id'], ['id'], { schema: 'audit', refSchema: 'public', onDelete: 'cascade' });
      await op.createUniqueConstraint('uq_event_kind', 'event', ['kind'], { schema: 'audit' });
      await op.createCheckConstraint('ck_event_kind', 'event', "kind <> ''", { schema: 'audit' });
      await op.dropConstraint('fk_event_person', 'event', { schema: 'audit' });
    },
    expected: {
      sqlite: refused("SQLite has no schemas: { schema: 'audit' } cannot be honoured"),
      postgres: `ALTER TABLE "audit"."event" ADD CONSTRAINT "fk_event_person" FOREIGN KEY ("person_id") REFERENCES "public"."person" ("id") ON DELETE CASCADE;

ALTER TABLE "audit"."event" ADD CONSTRAINT "uq_event_kind" UNIQUE ("kind");

ALTER TABLE "audit"."event" ADD CONSTRAINT "ck_event_kind" CHECK (kind <> '');

ALTER TABLE "audit"."event" DROP CONSTRAINT "fk_event_person";`,
      mysql: refused("MySQL/MariaDB has no schemas: { schema: 'audit' } cannot be honoured"),
    },
  },
} satisfies Record<string, CompileCase>);
