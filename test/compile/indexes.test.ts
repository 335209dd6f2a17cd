// createIndex and dropIndex compiled on every dialect, as `ambix upgrade --sql` writes them.
import { sql } from '../../src/schema/index.js';
import { compileCases, refused, type CompileCase } from './compile-cases.js';
import { person, task } from './fixtures.js';

compileCases('indexes', {
  createIndex: {
    given: [person, task],
    ops: [{ kind: 'createIndex', table: 'task', index: { name: 'ix_task_owner_id', columns: ['owner_id'], unique: false } }],
    expected: {
      sqlite: 'CREATE INDEX "ix_task_owner_id" ON "task" ("owner_id");',
      postgres: 'CREATE INDEX "ix_task_owner_id" ON "task" ("owner_id");',
      mysql: 'CREATE INDEX `ix_task_owner_id` ON `task` (`owner_id`);',
    },
  },
  'createIndex: unique over two columns': {
    given: [person, task],
    ops: [{ kind: 'createIndex', table: 'task', index: { name: 'ix_task_owner_id_title', columns: ['owner_id', 'title'], unique: true } }],
    expected: {
      sqlite: 'CREATE UNIQUE INDEX "ix_task_owner_id_title" ON "task" ("owner_id", "title");',
      postgres: 'CREATE UNIQUE INDEX "ix_task_owner_id_title" ON "task" ("owner_id", "title");',
      mysql: 'CREATE UNIQUE INDEX `ix_task_owner_id_title` ON `task` (`owner_id`, `title`);',
    },
  },
  'createIndex: partial (where)': {
    given: [person, task],
    ops: [{ kind: 'createIndex', table: 'task', index: { name: 'ix_task_open', columns: ['title'], unique: true, where: "status = 'open'" } }],
    expected: {
      sqlite: `CREATE UNIQUE INDEX "ix_task_open" ON "task" ("title") WHERE status = 'open';`,
      postgres: `CREATE UNIQUE INDEX "ix_task_open" ON "task" ("title") WHERE status = 'open';`,
      mysql: refused('MySQL has no partial indexes: index ix_task_open on task has a WHERE clause'),
    },
  },
  dropIndex: {
    given: [person, task],
    ops: [{ kind: 'dropIndex', table: 'task', name: 'ix_task_title' }],
    expected: {
      sqlite: 'DROP INDEX "ix_task_title";',
      postgres: 'DROP INDEX "ix_task_title";',
      mysql: 'DROP INDEX `ix_task_title` ON `task`;',
    },
  },
  'op.createIndex: where as a sql fragment': {
    given: [person, task],
    ops: async (op) => {
      await op.createIndex('ix_task_unowned', 'task', ['title'], { where: sql`owner_id IS NULL` });
    },
    expected: {
      sqlite: 'CREATE INDEX "ix_task_unowned" ON "task" ("title") WHERE owner_id IS NULL;',
      postgres: 'CREATE INDEX "ix_task_unowned" ON "task" ("title") WHERE owner_id IS NULL;',
      mysql: refused('MySQL has no partial indexes: index ix_task_unowned on task has a WHERE clause'),
    },
  },
  'op.createIndex and op.dropIndex in schema audit': {
    ops: async (op) => {
      await op.createIndex('ix_event_at', 'event', ['at'], { schema: 'audit' });
      await op.dropIndex('ix_event_at', 'event', { schema: 'audit' });
    },
    expected: {
      sqlite: refused("SQLite has no schemas: { schema: 'audit' } cannot be honoured"),
      postgres: `CREATE INDEX "ix_event_at" ON "audit"."event" ("at");

DROP INDEX "audit"."ix_event_at";`,
      mysql: refused("MySQL/MariaDB has no schemas: { schema: 'audit' } cannot be honoured"),
    },
  },
} satisfies Record<string, CompileCase>);
