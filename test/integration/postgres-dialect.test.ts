// The PostgreSQL dialect piece by piece: the SQL each operation compiles to (one typed record
// per case), literals and defaults, placeholders, and introspection against the real server —
// an unchanged model reads back equal, in a constant number of catalog queries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, TableSource } from '../../src/dialect/dialect.js';
import type { DatabaseAdapter } from '../../src/dialect/adapter.js';
import { postgresModule } from '../../src/dialect/postgres/index.js';
import { createPostgresDialect } from '../../src/dialect/postgres/postgres-dialect.js';
import { introspectPostgres, PG_INTROSPECTION_QUERIES } from '../../src/dialect/postgres/postgres-introspector.js';
import { comparablePgSql, pgLiteral, readPgDefault } from '../../src/dialect/postgres/postgres-literals.js';
import { toNumberedPlaceholders } from '../../src/dialect/postgres/postgres-placeholders.js';
import { parsePgType } from '../../src/dialect/postgres/postgres-types.js';
import { statementSql } from '../../src/dialect/statement.js';
import type { Operation } from '../../src/ops/operations.js';
import type { Table } from '../../src/schema/model.js';
import { boolean, buildTable, check, enumType, index, integer, json, numeric, sql, text, timestamp, unique, uuid, varchar, bigint, blob, char, date, double, real, smallint, time } from '../../src/schema/index.js';
import { createPgDatabase, postgresUnderTest } from '../helpers/dialects/postgres.js';
import { serverAvailable } from '../helpers/dialects/server.js';
import { repoRoot } from '../helpers/project.js';

// No server: the tests that need it are skipped locally, and the run fails under CI=true.
const up = await serverAvailable(postgresUnderTest);

const task: Table = buildTable('task', {
  id: integer().primaryKey(),
  title: varchar(200).notNull(),
  status: enumType('task_status', ['open', 'done']).notNull().default('open'),
  notes: text().default(''),
});

/** A table source that knows `task` (what the compiler reads for enum and default bookkeeping). */
const known: TableSource = { getTable: async (name) => (name === 'task' ? task : undefined) };

interface SqlCase {
  readonly op: Operation;
  /** What the PostgreSQL dialect writes, statement by statement. */
  readonly postgres: readonly string[];
}

/** Expected SQL per operation: one record per case, typed so a case cannot lack its SQL. */
const CASES: Record<string, SqlCase> = {
  'rename a table': { op: { kind: 'renameTable', table: 'llmconfig', newName: 'llm_setting' }, postgres: ['ALTER TABLE "llmconfig" RENAME TO "llm_setting"'] },
  'add a column with a boolean default': {
    op: { kind: 'addColumn', table: 'task', column: { name: 'is_active', type: { kind: 'boolean' }, nullable: false, primaryKey: false, autoincrement: false, default: { kind: 'literal', value: true } } },
    postgres: ['ALTER TABLE "task" ADD COLUMN "is_active" BOOLEAN NOT NULL DEFAULT TRUE'],
  },
  'change a type, keeping the default': {
    op: { kind: 'alterColumn', table: 'task', column: 'notes', changes: { type: { kind: 'varchar', length: 500 } } },
    postgres: [
      'ALTER TABLE "task" ALTER COLUMN "notes" DROP DEFAULT',
      'ALTER TABLE "task" ALTER COLUMN "notes" TYPE VARCHAR(500) USING "notes"::VARCHAR(500)',
      `ALTER TABLE "task" ALTER COLUMN "notes" SET DEFAULT ''`,
    ],
  },
  'nullability, default, comment and name at once': {
    op: { kind: 'alterColumn', table: 'task', column: 'title', changes: { nullable: true, default: { kind: 'literal', value: "it's" }, comment: 'shown in lists', newName: 'name' } },
    postgres: [
      'ALTER TABLE "task" ALTER COLUMN "title" DROP NOT NULL',
      `ALTER TABLE "task" ALTER COLUMN "title" SET DEFAULT 'it''s'`,
      `COMMENT ON COLUMN "task"."title" IS 'shown in lists'`,
      'ALTER TABLE "task" RENAME COLUMN "title" TO "name"',
    ],
  },
  'partial unique index in a schema': {
    op: { kind: 'createIndex', table: 'task', schema: 'work', index: { name: 'ix_task_open', columns: ['title'], unique: true, where: "status = 'open'" } },
    postgres: [`CREATE UNIQUE INDEX "ix_task_open" ON "work"."task" ("title") WHERE status = 'open'`],
  },
  'foreign key': {
    op: { kind: 'createForeignKey', table: 'task', constraint: { name: 'fk_task_owner_id_person', columns: ['owner_id'], refTable: 'person', refColumns: ['id'], onDelete: 'cascade' } },
    postgres: ['ALTER TABLE "task" ADD CONSTRAINT "fk_task_owner_id_person" FOREIGN KEY ("owner_id") REFERENCES "person" ("id") ON DELETE CASCADE'],
  },
  'check and drop constraint': {
    op: { kind: 'createCheckConstraint', table: 'task', constraint: { name: 'ck_task_title', expression: "title <> ''" } },
    postgres: [`ALTER TABLE "task" ADD CONSTRAINT "ck_task_title" CHECK (title <> '')`],
  },
  'drop a table in a schema': { op: { kind: 'dropTable', table: 'events', schema: 'audit' }, postgres: ['DROP TABLE "audit"."events"'] },
  'drop an index in a schema': { op: { kind: 'dropIndex', table: 'events', name: 'ix_events_at', schema: 'audit' }, postgres: ['DROP INDEX "audit"."ix_events_at"'] },
};

describe('compiled SQL per operation (offline, from base)', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, async () => {
      const dialect = createPostgresDialect();
      dialect.createTableSql({ name: 'ambix_version', columns: [], indexes: [], uniques: [], foreignKeys: [], checks: [] });
      const out = await dialect.compile(c.op, known);
      expect(out === 'rebuild' ? out : out.map(statementSql)).toEqual(c.postgres);
    });
  }

  it('bulk inserts bind $n parameters, and a key a row leaves out takes DEFAULT', async () => {
    const out = await createPostgresDialect().compile({ kind: 'bulkInsert', table: 'task', rows: [{ title: 'a', status: 'done' }, { title: 'b' }] }, known);
    expect(out).toEqual([{ sql: 'INSERT INTO "task" ("title", "status") VALUES ($1, $2), ($3, DEFAULT)', params: ['a', 'done', 'b'] }]);
  });

  it('an enum type is created with its first table and dropped with its last', async () => {
    const dialect = createPostgresDialect();
    dialect.createTableSql({ name: 'ambix_version', columns: [], indexes: [], uniques: [], foreignKeys: [], checks: [] });
    // Who uses the type is read from the tables the offline run tracks (the schema before each op).
    const other = buildTable('archive', { id: integer().primaryKey(), status: enumType('task_status', ['open', 'done']) });
    const tracked = new Map<string, typeof task>();
    const tables: TableSource = { getTable: async (n) => tracked.get(n), all: () => tracked.values() };
    const sqlOf = async (op: Operation) => {
      const out = await dialect.compile(op, tables);
      if (op.kind === 'createTable') tracked.set(op.table.name, op.table);
      if (op.kind === 'dropTable') tracked.delete(op.table);
      return out === 'rebuild' ? [out] : out.map(statementSql);
    };
    const first = await sqlOf({ kind: 'createTable', table: task });
    expect(first[0]).toBe(`CREATE TYPE "task_status" AS ENUM ('open', 'done')`);
    expect((await sqlOf({ kind: 'createTable', table: other })).some((s) => s.startsWith('CREATE TYPE'))).toBe(false);
    expect(await sqlOf({ kind: 'dropTable', table: 'task' })).toEqual(['DROP TABLE "task"']);
    expect(await sqlOf({ kind: 'dropTable', table: 'archive' })).toEqual(['DROP TABLE "archive"', 'DROP TYPE "task_status"']);
  });

  it('a range that starts past base cannot know: the type is created and dropped by guarded blocks', async () => {
    const dialect = createPostgresDialect();
    const [create] = (await dialect.compile({ kind: 'createTable', table: task }, known)) as string[];
    expect(create).toContain('EXCEPTION WHEN duplicate_object THEN NULL;');
    const drop = (await dialect.compile({ kind: 'dropTable', table: 'task' }, known)) as string[];
    expect(drop[1]).toMatch(/^DO \$ambix\$[\s\S]*DROP TYPE "task_status";[\s\S]*END \$ambix\$$/);
  });
});

describe('literals, defaults, types and placeholders', () => {
  it('writes literals for offline output (standard_conforming_strings on)', () => {
    expect([null, true, false, 42, -1.5, 10n, "it's", 'a\\b', new Uint8Array([0, 255]), { a: "b'c" }, [1, 'x'], new Date('2024-01-02T03:04:05Z')].map(pgLiteral)).toEqual([
      'NULL',
      'TRUE',
      'FALSE',
      '42',
      '-1.5',
      '10',
      "'it''s'",
      "'a\\b'",
      "'\\x00ff'::bytea",
      `'{"a":"b''c"}'`,
      "ARRAY[1, 'x']",
      "'2024-01-02T03:04:05.000Z'",
    ]);
  });

  it('reads back what the server stores for a default', () => {
    const v = { kind: 'varchar' as const, length: 20 };
    expect(readPgDefault("'openai'::character varying", v)).toEqual({ kind: 'literal', value: 'openai' });
    expect(readPgDefault("'it''s'::text", { kind: 'text' })).toEqual({ kind: 'literal', value: "it's" });
    expect(readPgDefault("'-1'::integer", { kind: 'integer' })).toEqual({ kind: 'literal', value: -1 });
    expect(readPgDefault('0.00', { kind: 'numeric', precision: 10, scale: 2 })).toEqual({ kind: 'literal', value: '0.00' });
    expect(readPgDefault('5', { kind: 'numeric' })).toEqual({ kind: 'literal', value: 5 });
    expect(readPgDefault('true', { kind: 'boolean' })).toEqual({ kind: 'literal', value: true });
    expect(readPgDefault('NULL::character varying', v)).toEqual({ kind: 'literal', value: null });
    expect(readPgDefault(`'{"a": 1}'::jsonb`, { kind: 'json' })).toEqual({ kind: 'literal', value: '{"a":1}' });
    expect(readPgDefault("'happy'::mood", { kind: 'enum', name: 'mood', values: ['happy'] })).toEqual({ kind: 'literal', value: 'happy' });
    expect(readPgDefault('now()', { kind: 'timestamp' })).toEqual({ kind: 'sql', text: 'now()' });
    expect(comparablePgSql('now()')).toBe(comparablePgSql('CURRENT_TIMESTAMP'));
  });

  it('folds what PostgreSQL rewrites in expressions, so the check or predicate of a model compares equal', () => {
    const same: [model: string, server: string][] = [
      ['a >= -1000', "a >= '-1000'::integer"],
      ['b > 0 AND b < 10.5', 'b > 0::numeric AND b < 10.5'],
      ["c != ''", "c <> ''::text"],
      ["d IN ('x', 'y')", "d::text = ANY (ARRAY['x'::character varying, 'y'::character varying]::text[])"],
      ["status = 'open'", "(status = 'open'::task_status)"],
      ['f = TRUE', 'f = true'],
    ];
    for (const [model, server] of same) expect(comparablePgSql(server), `${model} vs ${server}`).toBe(comparablePgSql(model));
    expect(comparablePgSql("c <> 'X'")).not.toBe(comparablePgSql("c <> 'x'"));
    expect(comparablePgSql('(a OR b) AND c')).not.toBe(comparablePgSql('a OR b AND c'));
  });

  it('maps format_type() back to the model', () => {
    expect(['integer', 'character varying(50)', 'character varying', 'numeric(10,2)', 'numeric(10,0)', 'timestamp with time zone', 'timestamp(6) without time zone', 'timestamp(3) without time zone', 'jsonb', 'json', 'bytea', 'text[]'].map(parsePgType)).toEqual([
      { kind: 'integer' },
      { kind: 'varchar', length: 50 },
      { kind: 'varchar' },
      { kind: 'numeric', precision: 10, scale: 2 },
      { kind: 'numeric', precision: 10 },
      { kind: 'timestamp', withTimezone: true },
      { kind: 'timestamp' },
      { kind: 'raw', sql: 'timestamp(3) without time zone' },
      { kind: 'json' },
      { kind: 'raw', sql: 'json' },
      { kind: 'blob' },
      { kind: 'raw', sql: 'text[]' },
    ]);
  });

  it('turns ? into $n outside strings, identifiers, comments and dollar quotes', () => {
    expect(toNumberedPlaceholders(`UPDATE "a?" SET b = ?, c = '?''?' -- ?\nWHERE d = ? AND e = $q$?$q$ AND f = E'\\'?'`)).toBe(`UPDATE "a?" SET b = $1, c = '?''?' -- ?\nWHERE d = $2 AND e = $q$?$q$ AND f = E'\\'?'`);
    expect(toNumberedPlaceholders(`SELECT data ? 'k' FROM t WHERE id = $1`)).toBe(`SELECT data ? 'k' FROM t WHERE id = $1`);
  });
});

describe.skipIf(!up)('introspection against the server', () => {
  let db: Awaited<ReturnType<typeof createPgDatabase>>;
  let adapter: DatabaseAdapter;
  beforeAll(async () => {
    db = await createPgDatabase();
    adapter = await postgresModule.open(db.url, { root: repoRoot, busyTimeout: 1000, versionTable: 'ambix_version', versionTableSchema: undefined, logTable: 'ambix_version_log' });
  });
  afterAll(async () => {
    await adapter?.close();
    await db?.drop();
  });

  const run = async (op: Operation) => {
    const out = await adapter.dialect.compile(op, { getTable: async (n) => (await adapter.introspect([n])).get(n) });
    if (out === 'rebuild') throw new Error('PostgreSQL never rebuilds');
    for (const s of out) await adapter.conn.execute(statementSql(s), typeof s === 'string' ? [] : s.params);
  };

  it('reads back an unchanged model as it was written: every type, default, key, comment and enum', async () => {
    const person = buildTable('person', { id: bigint().primaryKey({ autoincrement: true }), email: varchar(320).notNull().unique() });
    const model = buildTable(
      'everything',
      {
        id: integer().primaryKey(),
        small: smallint().notNull().default(-1),
        big: bigint().default(5),
        r: real().default(1.5),
        d: double(),
        price: numeric(10, 2).notNull().default('0.00'),
        whole: numeric(8),
        name: varchar(50).notNull().default("it's").comment('display name'),
        code: char(2),
        body: text().default(''),
        active: boolean().notNull().default(true),
        born: date().default('2000-01-01'),
        opens: time(),
        created_at: timestamp({ withTimezone: true }).notNull().default(sql`CURRENT_TIMESTAMP`),
        seen_at: timestamp(),
        settings: json().default({ theme: 'dark' }),
        public_id: uuid().notNull(),
        avatar: blob(),
        mood: enumType('mood', ['happy', 'sad', 'meh']).notNull().default('happy'),
        owner_id: bigint().references('person.id', { onDelete: 'cascade' }),
      },
      (t) => [index('ix_everything_open').on(t.name).where(sql`active`), unique().on(t.code, t.born), check('price_positive', sql`price >= 0`)],
      { comment: 'one of each' },
    );
    await run({ kind: 'createTable', table: person });
    await run({ kind: 'createTable', table: model });
    const back = (await adapter.introspect(['everything', 'person'])).get('everything')!;
    const { checks: backChecks, ...rest } = back;
    const { checks: modelChecks, ...expected } = model;
    expect(rest).toEqual(expected);
    // PostgreSQL re-renders check expressions (`price >= 0::numeric`): names match, text is the server's.
    expect(backChecks.map((c) => c.name)).toEqual(modelChecks.map((c) => c.name));
    expect(backChecks[0]!.expression).toBe('price >= 0::numeric');
  });

  it('uses a constant number of catalog queries, whatever the number of tables', async () => {
    for (let i = 0; i < 30; i++) {
      await run({ kind: 'createTable', table: buildTable(`t${i}`, { id: integer().primaryKey(), ref: integer().references('person.id').index(), v: varchar(10).unique() }) });
    }
    let count = 0;
    const counting: Connection = { ...adapter.conn, query: (s, p) => (count++, adapter.conn.query(s, p)), execute: (s, p) => adapter.conn.execute(s, p), executeScript: (s) => adapter.conn.executeScript(s), close: async () => {} };
    const all = await introspectPostgres(counting);
    expect(all.tables.length).toBeGreaterThanOrEqual(32);
    expect(count).toBe(PG_INTROSPECTION_QUERIES);
    expect(all.tables.find((t) => t.table.name === 't7')!.table).toMatchObject({ indexes: [{ name: 'ix_t7_ref', columns: ['ref'] }], uniques: [{ name: 'uq_t7_v' }], foreignKeys: [{ refTable: 'person' }] });
  });

  it('compiles every operation on a table of another schema (op.schema), its enum type living beside it', async () => {
    await adapter.conn.execute('CREATE SCHEMA billing');
    const invoice = buildTable('invoice', { id: integer().primaryKey(), state: enumType('invoice_state', ['draft', 'sent']).notNull().default('draft') }, undefined, { schema: 'billing' });
    const schema = 'billing';
    await run({ kind: 'createTable', table: invoice });
    await run({ kind: 'addColumn', table: 'invoice', schema, column: { name: 'total', type: { kind: 'numeric', precision: 12, scale: 2 }, nullable: true, primaryKey: false, autoincrement: false } });
    await run({ kind: 'alterColumn', table: 'invoice', schema, column: 'total', changes: { nullable: false, default: { kind: 'literal', value: '0.00' }, comment: 'in cents' } });
    await run({ kind: 'createIndex', table: 'invoice', schema, index: { name: 'ix_invoice_state', columns: ['state'], unique: false, where: "state = 'draft'" } });
    await run({ kind: 'createCheckConstraint', table: 'invoice', schema, constraint: { name: 'ck_invoice_total', expression: 'total >= 0' } });
    await run({ kind: 'renameTable', table: 'invoice', schema, newName: 'bill' });
    await run({ kind: 'bulkInsert', table: 'bill', schema, rows: [{ state: 'sent' }] });
    const t = (await adapter.introspect(['billing.bill'])).get('billing.bill')!;
    expect(t).toMatchObject({ schema: 'billing', indexes: [{ name: 'ix_invoice_state', where: "state = 'draft'::billing.invoice_state" }], checks: [{ name: 'ck_invoice_total' }] });
    expect(t.columns.map((c) => [c.name, c.type.kind, c.default, c.comment])).toEqual([
      ['id', 'integer', undefined, undefined],
      ['state', 'enum', { kind: 'literal', value: 'draft' }, undefined],
      ['total', 'numeric', { kind: 'literal', value: '0.00' }, 'in cents'],
    ]);
    expect(await adapter.conn.query(`SELECT state::text, total::text FROM billing.bill`)).toEqual([{ state: 'sent', total: '0.00' }]);
    await run({ kind: 'dropIndex', table: 'bill', schema, name: 'ix_invoice_state' });
    await run({ kind: 'dropTable', table: 'bill', schema });
    expect(await adapter.conn.query(`SELECT 1 FROM pg_type WHERE typname = 'invoice_state'`)).toEqual([]);
  });

  it('reads serial keys as autoincrement, and tables of another schema by schema.table', async () => {
    await adapter.conn.executeScript(`CREATE SCHEMA audit; CREATE TABLE audit.events (id serial PRIMARY KEY, at timestamp(3) DEFAULT now(), kind varchar(10) DEFAULT 'x'::character varying)`);
    const t = (await adapter.introspect(['audit.events'])).get('audit.events')!;
    expect(t.schema).toBe('audit');
    expect(t.columns).toEqual([
      { name: 'id', type: { kind: 'integer' }, nullable: false, primaryKey: true, autoincrement: true },
      { name: 'at', type: { kind: 'raw', sql: 'timestamp(3) without time zone' }, nullable: true, primaryKey: false, autoincrement: false, default: { kind: 'sql', text: 'now()' } },
      { name: 'kind', type: { kind: 'varchar', length: 10 }, nullable: true, primaryKey: false, autoincrement: false, default: { kind: 'literal', value: 'x' } },
    ]);
    expect((await adapter.introspect(['events'])).has('events')).toBe(false);
  });
});
