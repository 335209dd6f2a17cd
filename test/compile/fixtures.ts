// Tables the compile cases start from (taken as declared, as `op.assumeTable` does).
import { buildTable, check, enumType, index, integer, primaryKey, sql, text, timestamp, varchar, type Column, type Table } from '../../src/schema/index.js';

/** `person`: an autoincrement key and a unique email. */
export const person: Table = buildTable('person', {
  id: integer().primaryKey(),
  email: varchar(100).notNull().unique(),
});

/** `task`: an enum with a default, a text default, a foreign key with ON DELETE, an index and a check. */
export const task: Table = buildTable(
  'task',
  {
    id: integer().primaryKey(),
    title: varchar(200).notNull(),
    status: enumType('task_status', ['open', 'done']).notNull().default('open'),
    notes: text().default(''),
    owner_id: integer().references('person.id', { onDelete: 'cascade' }),
  },
  (t) => [index('ix_task_title').on(t.title), check('title_not_empty', sql`title <> ''`)],
);

/** `archive`: a second table whose column uses task's enum type. */
export const archive: Table = buildTable('archive', {
  id: integer().primaryKey(),
  status: enumType('task_status', ['open', 'done']),
});

/** `membership`: a composite primary key and two foreign keys. */
export const membership: Table = buildTable(
  'membership',
  {
    person_id: integer().notNull().references('person.id', { onDelete: 'cascade' }),
    team_id: integer().notNull(),
    joined_at: timestamp().notNull().default(sql`CURRENT_TIMESTAMP`),
  },
  (t) => [primaryKey({ columns: [t.person_id, t.team_id] })],
);

/** `tag`: no primary key. */
export const tag: Table = buildTable('tag', { label: varchar(50).notNull(), weight: integer() });

/** A column as `op.addColumn` passes it (no unique/index/references flags). */
export function column(name: string, type: Column['type'], more: Partial<Omit<Column, 'name' | 'type'>> = {}): Column {
  return { name, type, nullable: true, primaryKey: false, autoincrement: false, ...more };
}
