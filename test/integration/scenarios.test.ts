// The manual's scenarios (常见场景操作, docs/scenarios.md), each written once and run on every
// dialect: a user's revisions and commands (`ambix upgrade`, `downgrade`, `--sql`, `current`),
// then what the database holds. Where the dialects legitimately differ (the SQL each one writes,
// a type name as the server reports it, MySQL's implicit commits, SQLite's table rebuild), the
// expected value is stated per dialect in one typed record per case, `Record<DialectName, ...>`,
// so a dialect added to DialectName must be given its values here. Nothing of the three former
// per-dialect files (sqlite-, postgres-, mysql-scenarios.test.ts) stayed dialect-only: what only
// one dialect has (PostgreSQL's named enum types, MySQL's index for a foreign key, SQLite's
// rebuild) is a value in these records.
//
// Every test has its own database and project, and its commands run as child processes without
// blocking this one, so the tests overlap, the dialects' too (at most PROCESSES commands at once).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import { DIALECTS, serversAvailable, type DialectName, type TestDatabase } from '../helpers/dialects/index.js';
import { MigrationProject } from '../helpers/migrations.js';
import { repoRoot, type Project, type Run } from '../helpers/project.js';

type Row = Record<string, unknown>;

/** A catalog query in the dialect's own SQL, and the rows it must return. */
interface Probe {
  readonly sql: string;
  readonly rows: readonly Row[];
}

/** An index as the catalog lists it: columns comma-separated, in key order. */
interface IndexInfo {
  readonly name: string;
  readonly unique: boolean;
  readonly columns: string;
}

/** A column as `TestDatabase.columns` reads it: name, type as the server reports it, nullable. */
type ColumnInfo = readonly [name: string, type: string, nullable: boolean];

// ---------------------------------------------------------------------------------------------
// What differs per dialect, one record per case.
// ---------------------------------------------------------------------------------------------

/** Column types as each server reports them (lower-case). */
const TYPES: Record<DialectName, { int: string; varchar: (n: number) => string; text: string; boolean: string; numeric: (p: number, s: number) => string }> = {
  // SQLite keeps the declared type verbatim.
  sqlite: { int: 'integer', varchar: (n) => `varchar(${n})`, text: 'text', boolean: 'boolean', numeric: (p, s) => `numeric(${p}, ${s})` },
  postgres: { int: 'integer', varchar: (n) => `character varying(${n})`, text: 'text', boolean: 'boolean', numeric: (p, s) => `numeric(${p},${s})` },
  // MariaDB's display width; BOOLEAN is TINYINT(1).
  mysql: { int: 'int(11)', varchar: (n) => `varchar(${n})`, text: 'text', boolean: 'tinyint(1)', numeric: (p, s) => `decimal(${p},${s})` },
};

/** How each dialect's catalog is read, normalised so one expectation can hold for all. */
interface Catalog {
  /** `TestDatabase.columns`, as tuples (SQLite's is read here: the shared helper's query does not parse, `AS notnull`). */
  columns(db: TestDatabase, table: string): Promise<ColumnInfo[]>;
  /** Every index of a table (a primary key too, where the catalog lists it as one), sorted by name. */
  indexes(db: TestDatabase, table: string): Promise<IndexInfo[]>;
  /** A column's default as the catalog stores it; null when it has none. */
  columnDefault(db: TestDatabase, table: string, column: string): Promise<string | null>;
  /** Column comments by column name; null when a column has none. */
  comments(db: TestDatabase, table: string): Promise<Record<string, string | null>>;
  /** Named enum types the database holds, sorted (only PostgreSQL has them; elsewhere an enum is inline). */
  enumTypes(db: TestDatabase): Promise<string[]>;
}

const byName = (a: IndexInfo, b: IndexInfo) => a.name.localeCompare(b.name);

const fromHelper = async (db: TestDatabase, table: string): Promise<ColumnInfo[]> => (await db.columns(table)).map((c) => [c.name, c.type, c.nullable] as const);

const CATALOG: Record<DialectName, Catalog> = {
  sqlite: {
    columns: async (db, table) =>
      (await db.query<{ name: string; type: string; nn: number; pk: number }>(`SELECT name, type, "notnull" AS nn, pk FROM pragma_table_info(?)`, [table])).map((c) => [c.name, c.type.toLowerCase(), c.nn === 0 && c.pk === 0] as const),
    async indexes(db, table) {
      const list = await db.query<{ name: string; unique: number }>(`SELECT name, "unique" AS "unique" FROM pragma_index_list(?)`, [table]);
      const out: IndexInfo[] = [];
      for (const i of list) {
        const cols = await db.query<{ name: string }>(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`, [i.name]);
        out.push({ name: i.name, unique: i.unique === 1, columns: cols.map((c) => c.name).join(',') });
      }
      return out.sort(byName);
    },
    columnDefault: async (db, table, column) => (await db.query<{ d: string | null }>(`SELECT dflt_value AS d FROM pragma_table_info(?) WHERE name = ?`, [table, column]))[0]!.d,
    // SQLite keeps no column comments (ambix says so in the SQL it writes; see the comments case).
    comments: async (db, table) => Object.fromEntries((await CATALOG.sqlite.columns(db, table)).map((c) => [c[0], null])),
    enumTypes: async () => [],
  },
  postgres: {
    columns: fromHelper,
    async indexes(db, table) {
      const rows = await db.query<{ name: string; uniq: boolean; cols: string }>(
        `SELECT c.relname AS name, x.indisunique AS uniq,
                (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum) AS cols
         FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = to_regclass($1)`,
        [table],
      );
      return rows.map((r) => ({ name: r.name, unique: r.uniq, columns: r.cols })).sort(byName);
    },
    columnDefault: async (db, table, column) =>
      (await db.query<{ d: string | null }>(`SELECT column_default AS d FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`, [table, column]))[0]!.d,
    comments: async (db, table) =>
      Object.fromEntries(
        (await db.query<{ c: string; t: string | null }>(`SELECT attname AS c, col_description(attrelid, attnum) AS t FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`, [table])).map((r) => [r.c, r.t]),
      ),
    enumTypes: async (db) => (await db.query<{ t: string }>(`SELECT typname AS t FROM pg_type WHERE typtype = 'e' ORDER BY 1`)).map((r) => r.t),
  },
  mysql: {
    columns: fromHelper,
    async indexes(db, table) {
      const rows = await db.query<{ name: string; non_unique: number; cols: string }>(
        `SELECT INDEX_NAME AS name, MIN(NON_UNIQUE) AS non_unique, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS cols FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? GROUP BY INDEX_NAME`,
        [table],
      );
      return rows.map((r) => ({ name: r.name, unique: Number(r.non_unique) === 0, columns: r.cols })).sort(byName);
    },
    columnDefault: async (db, table, column) =>
      (await db.query<{ d: string | null }>(`SELECT COLUMN_DEFAULT AS d FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?`, [table, column]))[0]!.d,
    // MySQL reports "no comment" as ''.
    comments: async (db, table) =>
      Object.fromEntries(
        (await db.query<{ c: string; t: string }>(`SELECT COLUMN_NAME AS c, COLUMN_COMMENT AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`, [table])).map((r) => [r.c, r.t === '' ? null : r.t]),
      ),
    enumTypes: async () => [],
  },
};

/** 场景1: the CREATE TABLE each dialect writes, how the key generates values, the indexes, MySQL's note. */
const ADD_TABLE: Record<DialectName, { sql: string; key: Probe; indexes: IndexInfo[]; implicitCommitNotes: number }> = {
  sqlite: {
    sql: 'CREATE TABLE "llm_setting" (\n  "id" INTEGER NOT NULL,\n  "provider" VARCHAR(50) NOT NULL,\n  "model_name" TEXT NOT NULL,\n  "api_key" TEXT NOT NULL,\n  CONSTRAINT "pk_llm_setting" PRIMARY KEY ("id")\n);',
    // An INTEGER primary key is the rowid: declared types kept verbatim, the key NOT NULL.
    key: {
      sql: `SELECT name, type, "notnull", pk FROM pragma_table_info('llm_setting')`,
      rows: [
        { name: 'id', type: 'INTEGER', notnull: 1, pk: 1 },
        { name: 'provider', type: 'VARCHAR(50)', notnull: 1, pk: 0 },
        { name: 'model_name', type: 'TEXT', notnull: 1, pk: 0 },
        { name: 'api_key', type: 'TEXT', notnull: 1, pk: 0 },
      ],
    },
    indexes: [{ name: 'ix_llm_setting_provider', unique: false, columns: 'provider' }],
    implicitCommitNotes: 0,
  },
  postgres: {
    sql: 'CREATE TABLE "llm_setting" (\n  "id" INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n  "provider" VARCHAR(50) NOT NULL,\n  "model_name" TEXT NOT NULL,\n  "api_key" TEXT NOT NULL,\n  CONSTRAINT "pk_llm_setting" PRIMARY KEY ("id")\n);',
    key: { sql: `SELECT attidentity FROM pg_attribute WHERE attrelid = 'llm_setting'::regclass AND attname = 'id'`, rows: [{ attidentity: 'd' }] },
    indexes: [
      { name: 'ix_llm_setting_provider', unique: false, columns: 'provider' },
      { name: 'pk_llm_setting', unique: true, columns: 'id' },
    ],
    implicitCommitNotes: 0,
  },
  mysql: {
    sql: 'CREATE TABLE `llm_setting` (\n  `id` INT NOT NULL AUTO_INCREMENT,\n  `provider` VARCHAR(50) NOT NULL,\n  `model_name` TEXT NOT NULL,\n  `api_key` TEXT NOT NULL,\n  PRIMARY KEY (`id`),\n  INDEX `ix_llm_setting_provider` (`provider`)\n);',
    key: { sql: `SELECT EXTRA AS extra FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'llm_setting' AND COLUMN_NAME = 'id'`, rows: [{ extra: 'auto_increment' }] },
    indexes: [
      { name: 'ix_llm_setting_provider', unique: false, columns: 'provider' },
      { name: 'PRIMARY', unique: true, columns: 'id' },
    ],
    // Said once per run, before the first migration.
    implicitCommitNotes: 1,
  },
};

/** 场景2: the table as it existed before ambix, in each dialect's own DDL. */
const LEGACY_TABLE: Record<DialectName, string> = {
  sqlite: 'CREATE TABLE llmconfig (id INTEGER PRIMARY KEY, name TEXT)',
  postgres: 'CREATE TABLE llmconfig (id serial PRIMARY KEY, name text)',
  mysql: 'CREATE TABLE llmconfig (id INT AUTO_INCREMENT PRIMARY KEY, name TEXT)',
};

/** 场景3, with a default: one statement in place on every dialect, and how TRUE is stored. */
const ADD_COLUMN_WITH_DEFAULT: Record<DialectName, { sql: string; stored: unknown; default: string }> = {
  sqlite: { sql: 'ALTER TABLE "llm_setting" ADD COLUMN "is_active" BOOLEAN NOT NULL DEFAULT 1;', stored: 1, default: '1' },
  postgres: { sql: 'ALTER TABLE "llm_setting" ADD COLUMN "is_active" BOOLEAN NOT NULL DEFAULT TRUE;', stored: true, default: 'true' },
  mysql: { sql: 'ALTER TABLE `llm_setting` ADD COLUMN `is_active` BOOLEAN NOT NULL DEFAULT TRUE;', stored: 1, default: '1' },
};

/** 场景3, NOT NULL later (after is_active): the statements that make the filled column NOT NULL (SQLite: one rebuild). */
const SET_NOT_NULL: Record<DialectName, { sql: string[]; rebuilds: number }> = {
  sqlite: {
    sql: [
      '-- Rebuilding llm_setting (alterColumn): SQLite cannot ALTER this in place',
      // The rebuilt definition keeps is_active's default.
      '  "is_active" BOOLEAN NOT NULL DEFAULT 1,\n  "new_field" VARCHAR(100) NOT NULL,\n',
      'INSERT INTO "_ambix_tmp_llm_setting" ("id", "provider", "model_name", "api_key", "is_active", "new_field") SELECT "id", "provider", "model_name", "api_key", "is_active", "new_field" FROM "llm_setting";\n\nDROP TABLE "llm_setting";\n\nALTER TABLE "_ambix_tmp_llm_setting" RENAME TO "llm_setting";\n\nCREATE INDEX "ix_llm_setting_provider" ON "llm_setting" ("provider");',
    ],
    rebuilds: 1,
  },
  postgres: { sql: ['ALTER TABLE "llm_setting" ALTER COLUMN "new_field" SET NOT NULL;'], rebuilds: 0 },
  mysql: { sql: ['ALTER TABLE `llm_setting` MODIFY COLUMN `new_field` VARCHAR(100) NOT NULL;'], rebuilds: 0 },
};

/** 场景5: text -> varchar(255) and text digits -> integer, per dialect, and the default kept. */
const CHANGE_TYPE: Record<DialectName, { sql: string[]; rebuilds: number; timeoutDefault: string }> = {
  sqlite: {
    sql: [
      '-- Rebuilding llm_setting (alterColumn, alterColumn): SQLite cannot ALTER this in place',
      '  "api_key" VARCHAR(255) NOT NULL,\n  "timeout" INTEGER DEFAULT \'30\',\n',
      'ALTER TABLE "_ambix_tmp_llm_setting" RENAME TO "llm_setting";\n\nCREATE INDEX "ix_llm_setting_provider" ON "llm_setting" ("provider");',
    ],
    rebuilds: 1,
    // The default is copied as written; INTEGER affinity makes new rows' '30' an integer.
    timeoutDefault: "'30'",
  },
  postgres: {
    sql: [
      'ALTER TABLE "llm_setting" ALTER COLUMN "api_key" TYPE VARCHAR(255) USING "api_key"::VARCHAR(255);',
      // The text default is taken off for the cast and put back typed.
      'ALTER TABLE "llm_setting" ALTER COLUMN "timeout" DROP DEFAULT;\n\nALTER TABLE "llm_setting" ALTER COLUMN "timeout" TYPE INTEGER USING "timeout"::INTEGER;\n\nALTER TABLE "llm_setting" ALTER COLUMN "timeout" SET DEFAULT 30;',
    ],
    rebuilds: 0,
    timeoutDefault: '30',
  },
  mysql: {
    // MODIFY restates the whole column, NOT NULL and default included.
    sql: ['ALTER TABLE `llm_setting` MODIFY COLUMN `api_key` VARCHAR(255) NOT NULL;', 'ALTER TABLE `llm_setting` MODIFY COLUMN `timeout` INT DEFAULT 30;'],
    rebuilds: 0,
    timeoutDefault: '30',
  },
};

/** 场景6: the foreign key as each catalog shows it, and the indexes of chat_session with and without it. */
const FOREIGN_KEY: Record<DialectName, { fk: string; rows: Row[]; indexesWithFk: IndexInfo[]; indexesWithout: IndexInfo[] }> = {
  sqlite: {
    // SQLite's pragma has no constraint names: the name is read from the table's SQL.
    fk: `SELECT "table", "from", "to", on_delete, (SELECT sql FROM sqlite_schema WHERE name = 'chat_session') LIKE '%CONSTRAINT "fk_chat_session_config_id_llm_setting" FOREIGN KEY%' AS named FROM pragma_foreign_key_list('chat_session')`,
    rows: [{ table: 'llm_setting', from: 'config_id', to: 'id', on_delete: 'CASCADE', named: 1 }],
    indexesWithFk: [],
    indexesWithout: [],
  },
  postgres: {
    fk: `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'f'`,
    rows: [{ conname: 'fk_chat_session_config_id_llm_setting', def: 'FOREIGN KEY (config_id) REFERENCES llm_setting(id) ON DELETE CASCADE' }],
    indexesWithFk: [{ name: 'pk_chat_session', unique: true, columns: 'id' }],
    indexesWithout: [{ name: 'pk_chat_session', unique: true, columns: 'id' }],
  },
  mysql: {
    fk: `SELECT CONSTRAINT_NAME AS name, REFERENCED_TABLE_NAME AS ref, DELETE_RULE AS on_delete FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`,
    rows: [{ name: 'fk_chat_session_config_id_llm_setting', ref: 'llm_setting', on_delete: 'CASCADE' }],
    // MySQL makes an index for the key; dropping the key takes it.
    indexesWithFk: [
      { name: 'fk_chat_session_config_id_llm_setting', unique: false, columns: 'config_id' },
      { name: 'PRIMARY', unique: true, columns: 'id' },
    ],
    indexesWithout: [{ name: 'PRIMARY', unique: true, columns: 'id' }],
  },
};

/** 场景6: a row that breaks a new foreign key. Transactional DDL rolls the revision back; MySQL has committed what ran. */
const BROKEN_FOREIGN_KEY: Record<DialectName, { says: string[]; tables: string[] }> = {
  sqlite: { says: ['Foreign keys broken', 'c3 was rolled back'], tables: ['ambix_version', 'ambix_version_log', 'chat_session', 'llm_setting'] },
  postgres: { says: ['violates foreign key constraint "fk_message_session"', 'c3 was rolled back'], tables: ['ambix_version', 'ambix_version_log', 'chat_session', 'llm_setting'] },
  mysql: {
    says: ['a foreign key constraint fails', 'c3 may be partly applied', '(1) CREATE TABLE `message`'],
    tables: ['ambix_version', 'ambix_version_log', 'chat_session', 'llm_setting', 'message'],
  },
};

/** 场景7: a partial unique index; MySQL has none and refuses it before running anything. */
const PARTIAL_INDEX: Record<DialectName, { code: number; says: string[]; version: string; definition: Probe; listed: IndexInfo[] }> = {
  sqlite: {
    code: 0,
    says: [],
    version: 'c3',
    definition: {
      sql: `SELECT sql FROM sqlite_schema WHERE name = 'ix_llm_setting_model_name'`,
      rows: [{ sql: `CREATE UNIQUE INDEX "ix_llm_setting_model_name" ON "llm_setting" ("model_name") WHERE provider <> 'old_name'` }],
    },
    listed: [{ name: 'ix_llm_setting_model_name', unique: true, columns: 'model_name' }],
  },
  postgres: {
    code: 0,
    says: [],
    version: 'c3',
    definition: {
      sql: `SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_llm_setting_model_name'`,
      rows: [{ indexdef: `CREATE UNIQUE INDEX ix_llm_setting_model_name ON public.llm_setting USING btree (model_name) WHERE ((provider)::text <> 'old_name'::text)` }],
    },
    listed: [{ name: 'ix_llm_setting_model_name', unique: true, columns: 'model_name' }],
  },
  mysql: {
    code: 1,
    says: ['MySQL has no partial indexes: index ix_llm_setting_model_name on llm_setting has a WHERE clause', "None of c3's statements had run"],
    version: 'b2',
    definition: { sql: `SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'ix_llm_setting_model_name'`, rows: [] },
    listed: [],
  },
};

/** Enums: where the values live (a named type, an inline ENUM, a CHECK), how a value outside them is refused, the column types. */
const ENUMS: Record<
  DialectName,
  {
    namedTypes: boolean;
    values: Probe;
    refused: RegExp;
    statusColumn: string;
    /** chat.mood as created; after op.alterEnum adds "it's ok"; after op.alterColumn (c3) restates it with 'meh' too. */
    moodColumn: readonly [string, string, string];
    /** Inserting 'meh' after that alterColumn: 'stored', or the error. */
    meh: RegExp;
    provider: string;
    tier: string;
    /** d4, after c3: a multi-row bulkInsert where one row leaves the NOT NULL enum column out. */
    leftOutKey: { code: number; says: string[]; version: string; moods: string[] };
  }
> = {
  sqlite: {
    namedTypes: false,
    values: { sql: `SELECT sql FROM sqlite_schema WHERE name = 'archive'`, rows: [{ sql: 'CREATE TABLE "archive" (\n  "id" INTEGER NOT NULL,\n  "status" VARCHAR(4) CONSTRAINT "status" CHECK ("status" IN (\'open\', \'done\')),\n  CONSTRAINT "pk_archive" PRIMARY KEY ("id")\n)' }] },
    refused: /CHECK constraint failed: mood/,
    // VARCHAR as long as the longest value, and a CHECK.
    statusColumn: 'varchar(4)',
    moodColumn: ['varchar(5)', 'varchar(7)', 'varchar(7)'],
    meh: /^stored$/,
    provider: 'varchar(8)',
    tier: 'varchar(4)',
    // LOOKS WRONG (as test/compile/data.test.ts says, encoded as it is today): SQLite's VALUES has
    // no DEFAULT, and ambix writes NULL for the left-out key where the others write DEFAULT.
    leftOutKey: { code: 1, says: ['NOT NULL constraint failed: chat.mood', 'd4 was rolled back', 'Applied before it in this run: c3.'], version: 'c3', moods: ['sad', 'happy', "it's ok"] },
  },
  postgres: {
    namedTypes: true,
    values: { sql: `SELECT array_agg(enumlabel::text ORDER BY enumsortorder) AS v FROM pg_enum WHERE enumtypid = 'status'::regtype`, rows: [{ v: ['open', 'done'] }] },
    refused: /invalid input value for enum mood: "angry"/,
    statusColumn: 'status',
    moodColumn: ['mood', 'mood', 'mood'],
    // LOOKS WRONG (encoded as it is today): alterColumn to enumType('mood', [...]) casts to the
    // existing type and leaves its values as they were, without a word; op.alterEnum changes them.
    meh: /invalid input value for enum mood: "meh"/,
    provider: 'provider_kind',
    tier: 'tier',
    leftOutKey: { code: 0, says: [], version: 'd4', moods: ['sad', 'happy', "it's ok", 'sad', 'happy'] },
  },
  mysql: {
    namedTypes: false,
    values: { sql: `SELECT COLUMN_TYPE AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'archive' AND COLUMN_NAME = 'status'`, rows: [{ t: "enum('open','done')" }] },
    refused: /Data truncated/,
    statusColumn: "enum('open','done')",
    moodColumn: ["enum('happy','sad')", "enum('happy','sad','it''s ok')", "enum('happy','sad','it''s ok','meh')"],
    meh: /^stored$/,
    provider: "enum('openai','old_name','other')",
    tier: "enum('free','paid')",
    leftOutKey: { code: 0, says: [], version: 'd4', moods: ['sad', 'happy', "it's ok", 'sad', 'happy'] },
  },
};

/** Comments and checks: the SQL that changes a comment (SQLite keeps none, and says so), and a broken check. */
const COMMENTS: Record<DialectName, { sql: string[]; kept: boolean; checkRefused: RegExp; priceDefault: string }> = {
  sqlite: { sql: ['-- SQLite keeps no column comments; the comment on item.note is not stored'], kept: false, checkRefused: /CHECK constraint failed: ck_item_price/, priceDefault: '0' },
  postgres: { sql: [`COMMENT ON COLUMN "item"."note" IS 'free text';`, `COMMENT ON COLUMN "item"."price" IS 'tax included';`], kept: true, checkRefused: /violates check constraint "ck_item_price"/, priceDefault: '0' },
  // MODIFY restates the column: its type, NOT NULL and default stay as they were.
  mysql: { sql: ["ALTER TABLE `item` MODIFY COLUMN `note` TEXT COMMENT 'free text';", "ALTER TABLE `item` MODIFY COLUMN `price` DECIMAL(10, 2) NOT NULL DEFAULT 0 COMMENT 'tax included';"], kept: true, checkRefused: /ck_item_price/, priceDefault: '0.00' },
};

/** json, uuid and timestamps: the time read back in UTC, and how a value that is not JSON is refused. */
const VALUES: Record<DialectName, { utc: string; badJson: RegExp }> = {
  // SQLite's JSON column is text: it takes any text.
  sqlite: { utc: `SELECT strftime('%Y-%m-%d %H:%M', seen) AS utc FROM event`, badJson: /^stored$/ },
  postgres: { utc: `SELECT to_char(seen AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS utc FROM event`, badJson: /invalid input syntax for type (json|uuid)/ },
  mysql: { utc: `SELECT DATE_FORMAT(CONVERT_TZ(seen, @@session.time_zone, '+00:00'), '%Y-%m-%d %H:%i') AS utc FROM event`, badJson: /payload/ },
};

// ---------------------------------------------------------------------------------------------
// The scenarios, once, on every dialect.
// ---------------------------------------------------------------------------------------------

/** The manual's llm_setting table with two rows. */
const LLM_SETTING = {
  id: 'a1',
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
};

/** At most this many `ambix` processes at once: the tests overlap; two cores, and commands wait on their databases. */
const PROCESSES = 3;
let running = 0;
const queue: (() => void)[] = [];

/**
 * One cache folder for every project of the file (made by the first command), as where
 * AMBIX_CACHE_DIR is set for a whole machine: the program's kept code is warm from the second on.
 */
let cache: string | undefined;
afterAll(() => cache && rmSync(cache, { recursive: true, force: true }));

/**
 * `project.ambix(...args)` without blocking the test process (the same command, folder and
 * environment as `Project.ambixWith`, but the shared cache), so that while one test's command
 * runs, another's can.
 */
async function runAmbix(project: Project, ...args: string[]): Promise<Run> {
  // A slot is taken, or handed over by the command that ends (then `running` stays as it is).
  if (running < PROCESSES) running++;
  else await new Promise<void>((resolve) => queue.push(resolve));
  try {
    return await new Promise<Run>((resolve) => {
      cache ??= mkdtempSync(join(tmpdir(), 'ambix-scenarios-cache-'));
      const env = { ...process.env, DATABASE_URL: '', AMBIX_CACHE_DIR: cache };
      execFile(process.execPath, [join(repoRoot, 'dist/cli.cjs'), ...args], { cwd: project.dir, encoding: 'utf8', env }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });
  } finally {
    const next = queue.shift();
    if (next) next();
    else running--;
  }
}

/**
 * A MigrationProject as a checkout holds it: a config for `url` and migrations/versions/. Two
 * things keep a test's cost down (each test is a new project, whose files ambix has not seen):
 * the `ambix init` the constructor runs is skipped (its template and README are not used here),
 * and the config is ambix.config.js, plain CommonJS, which loads without being compiled.
 */
class ScenarioProject extends MigrationProject {
  constructor(url: string) {
    super();
    rmSync(join(this.dir, 'ambix.config.ts'));
    this.write('ambix.config.js', `module.exports = { url: ${JSON.stringify(url)}, migrations: 'migrations' };\n`);
  }

  override ambix(...args: string[]): Run {
    return args[0] === 'init' ? { code: 0, stdout: '', stderr: '' } : super.ambix(...args);
  }
}

const ok = (r: Run): Run => {
  expect(r.code, r.stderr + r.stdout).toBe(0);
  return r;
};
const count = (text: string, part: string) => text.split(part).length - 1;
/** What became of a statement: 'stored', or the database's error. */
const outcome = (q: Promise<unknown>): Promise<string> =>
  q.then(
    () => 'stored',
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );

// A dialect whose server is missing is skipped locally; under CI=true the file fails.
const up = await serversAvailable(DIALECTS);

for (const dialect of DIALECTS) {
  const d = dialect.name;
  const T = TYPES[d];
  const catalog = CATALOG[d];

  /**
   * A fresh database of this dialect and a user's project whose config points at it, both
   * removed when the test ends; with the reads the scenarios make of it.
   */
  async function scenario(onTestFinished: TestContext['onTestFinished']) {
    const db = await dialect.create();
    onTestFinished(() => db.drop());
    const project = new ScenarioProject(db.url);
    onTestFinished(() => project.remove());
    return {
      db,
      p: project,
      ambix: (...args: string[]) => runAmbix(project, ...args),
      llmSetting: () => project.revision(LLM_SETTING),
      columns: (table: string) => catalog.columns(db, table),
      column: async (table: string, name: string) => (await catalog.columns(db, table)).find((c) => c[0] === name),
      indexes: (table: string) => catalog.indexes(db, table),
      rowCount: async (table: string) => Number((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n),
      probe: async (pr: Probe) => expect(await db.query(pr.sql)).toEqual(pr.rows),
    };
  }

  // Each test has its own database and project, so the tests run concurrently (see runAmbix).
  describe.skipIf(!up.get(d))(d, { concurrent: true }, () => {
    describe('场景1 add a table', () => {
      it('--sql writes the CREATE TABLE and touches nothing; upgrade head creates it with its key, index, rows and version', async ({ onTestFinished }) => {
        const { db, ambix, llmSetting, columns, indexes, probe } = await scenario(onTestFinished);
        const want = ADD_TABLE[d];
        llmSetting();
        const offline = ok(await ambix('upgrade', 'head', '--sql'));
        expect(offline.stdout).toContain(want.sql);
        expect(await db.tableNames()).toEqual([]);

        const r = ok(await ambix('upgrade', 'head'));
        expect(count(r.stderr, 'commits DDL implicitly')).toBe(want.implicitCommitNotes);
        expect(await columns('llm_setting')).toEqual([
          ['id', T.int, false],
          ['provider', T.varchar(50), false],
          ['model_name', T.text, false],
          ['api_key', T.text, false],
        ]);
        await probe(want.key);
        expect(await indexes('llm_setting')).toEqual(want.indexes);
        expect(await db.versions()).toEqual(['a1']);
        expect(await db.query('SELECT id, provider FROM llm_setting ORDER BY id')).toEqual([
          { id: 1, provider: 'openai' },
          { id: 2, provider: 'old_name' },
        ]);
        expect(await db.query('SELECT revision, status FROM ambix_version_log')).toEqual([{ revision: 'a1', status: 'done' }]);
      });
    });

    describe('场景2 rename a table', () => {
      it('keeps every row, and downgrade renames it back', async ({ onTestFinished }) => {
        const { db, p, ambix, rowCount } = await scenario(onTestFinished);
        p.revision({ id: 'a1', upgrade: `await op.execute('${LEGACY_TABLE[d]}'); await op.execute("INSERT INTO llmconfig (name) VALUES ('x'), ('y')");`, downgrade: `await op.dropTable('llmconfig');` });
        p.revision({ id: 'b2', down: 'a1', upgrade: `await op.renameTable('llmconfig', 'llm_setting');`, downgrade: `await op.renameTable('llm_setting', 'llmconfig');` });
        ok(await ambix('upgrade', 'head'));
        expect(await db.query('SELECT name FROM llm_setting ORDER BY id')).toEqual([{ name: 'x' }, { name: 'y' }]);
        ok(await ambix('downgrade', '-1'));
        expect(await rowCount('llmconfig')).toBe(2);
        expect(await db.versions()).toEqual(['a1']);
        expect(ok(await ambix('current')).stdout.trim()).toBe('a1');
      });
    });

    describe('场景3 add a field', () => {
      it('with a default: in place, existing rows get it; without one: nullable, filled by a data migration, then NOT NULL (rows, index, default kept)', async ({ onTestFinished }) => {
        const { db, p, ambix, llmSetting, columns, column, indexes } = await scenario(onTestFinished);
        const withDefault = ADD_COLUMN_WITH_DEFAULT[d];
        const notNullLater = SET_NOT_NULL[d];
        llmSetting();
        p.revision({ id: 'b2', down: 'a1', upgrade: `await op.addColumn('llm_setting', 'is_active', boolean().notNull().default(true));`, downgrade: `await op.dropColumn('llm_setting', 'is_active');` });
        p.revision({
          id: 'c3',
          down: 'b2',
          upgrade: `await op.addColumn('llm_setting', 'new_field', varchar(100).nullable());
          await op.execute("UPDATE llm_setting SET new_field = 'default_value'");
          await op.alterColumn('llm_setting', 'new_field', { nullable: false });`,
          downgrade: `await op.dropColumn('llm_setting', 'new_field');`,
        });
        const offline = ok(await ambix('upgrade', 'a1:c3', '--sql')).stdout;
        expect(offline).toContain(withDefault.sql);
        for (const sql of notNullLater.sql) expect(offline).toContain(sql);
        // b2 rebuilds nothing anywhere; c3 is SQLite's one rebuild.
        expect(count(offline, 'CREATE TABLE "_ambix_tmp_')).toBe(notNullLater.rebuilds);

        ok(await ambix('upgrade', 'head'));
        expect(await db.query('SELECT is_active FROM llm_setting ORDER BY id')).toEqual([{ is_active: withDefault.stored }, { is_active: withDefault.stored }]);
        expect(await column('llm_setting', 'is_active')).toEqual(['is_active', T.boolean, false]);
        expect(await catalog.columnDefault(db, 'llm_setting', 'is_active')).toBe(withDefault.default);
        expect(await column('llm_setting', 'new_field')).toEqual(['new_field', T.varchar(100), false]);
        expect(await db.query('SELECT new_field FROM llm_setting')).toEqual([{ new_field: 'default_value' }, { new_field: 'default_value' }]);
        expect((await indexes('llm_setting')).map((i) => i.name)).toContain('ix_llm_setting_provider');

        ok(await ambix('downgrade', 'a1'));
        expect((await columns('llm_setting')).map((c) => c[0])).toEqual(['id', 'provider', 'model_name', 'api_key']);
      });
    });

    describe('场景4 drop a field', () => {
      it('drops the column and keeps the rows; downgrade adds it back', async ({ onTestFinished }) => {
        const { p, ambix, llmSetting, columns, column, rowCount } = await scenario(onTestFinished);
        llmSetting();
        p.revision({ id: 'b2', down: 'a1', upgrade: `await op.dropColumn('llm_setting', 'model_name');`, downgrade: `await op.addColumn('llm_setting', 'model_name', text().notNull().default(''));` });
        ok(await ambix('upgrade', 'head'));
        expect((await columns('llm_setting')).map((c) => c[0])).toEqual(['id', 'provider', 'api_key']);
        expect(await rowCount('llm_setting')).toBe(2);
        ok(await ambix('downgrade', 'a1'));
        expect(await column('llm_setting', 'model_name')).toEqual(['model_name', T.text, false]);
        expect(await rowCount('llm_setting')).toBe(2);
      });
    });

    describe('场景5 change a type', () => {
      it('varchar(255) and text digits to integer: every row, index and default kept, both ways', async ({ onTestFinished }) => {
        const { db, p, ambix, llmSetting, columns, indexes } = await scenario(onTestFinished);
        const want = CHANGE_TYPE[d];
        llmSetting();
        p.revision({ id: 'b2', down: 'a1', upgrade: `await op.addColumn('llm_setting', 'timeout', text().default('30')); await op.execute("UPDATE llm_setting SET timeout = '45' WHERE id = 2");` });
        p.revision({
          id: 'c3',
          down: 'b2',
          message: 'change api_key to varchar, timeout to integer',
          upgrade: `await op.alterColumn('llm_setting', 'api_key', { type: varchar(255) }); await op.alterColumn('llm_setting', 'timeout', { type: integer() });`,
          downgrade: `await op.alterColumn('llm_setting', 'api_key', { type: text() }); await op.alterColumn('llm_setting', 'timeout', { type: text() });`,
        });
        const offline = ok(await ambix('upgrade', 'b2:c3', '--sql')).stdout;
        for (const sql of want.sql) expect(offline).toContain(sql);
        expect(count(offline, 'CREATE TABLE "_ambix_tmp_')).toBe(want.rebuilds);

        ok(await ambix('upgrade', 'head'));
        expect((await columns('llm_setting')).filter((c) => ['api_key', 'timeout'].includes(c[0]))).toEqual([
          ['api_key', T.varchar(255), false],
          ['timeout', T.int, true],
        ]);
        expect(await db.query('SELECT api_key, timeout FROM llm_setting ORDER BY id')).toEqual([
          { api_key: 'k1', timeout: 30 },
          { api_key: 'k2', timeout: 45 },
        ]);
        expect(await catalog.columnDefault(db, 'llm_setting', 'timeout')).toBe(want.timeoutDefault);
        expect((await indexes('llm_setting')).map((i) => i.name)).toContain('ix_llm_setting_provider');

        ok(await ambix('downgrade', 'b2'));
        expect((await columns('llm_setting')).filter((c) => ['api_key', 'timeout'].includes(c[0]))).toEqual([
          ['api_key', T.text, false],
          ['timeout', T.text, true],
        ]);
        expect(await db.query('SELECT api_key, timeout FROM llm_setting ORDER BY id')).toEqual([
          { api_key: 'k1', timeout: '30' },
          { api_key: 'k2', timeout: '45' },
        ]);
      });
    });

    describe('场景6 add a foreign key', () => {
      it('adds the named constraint, which cascades; dropConstraint takes it (and any index made for it); downgrade to a1', async ({ onTestFinished }) => {
        const { db, p, ambix, llmSetting, indexes } = await scenario(onTestFinished);
        const want = FOREIGN_KEY[d];
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
        ok(await ambix('upgrade', 'b2'));
        expect(await db.query(want.fk)).toEqual(want.rows);
        expect(await indexes('chat_session')).toEqual(want.indexesWithFk);
        await db.query('DELETE FROM llm_setting WHERE id = 1');
        expect(await db.query('SELECT config_id FROM chat_session')).toEqual([{ config_id: 2 }]);

        ok(await ambix('upgrade', 'head'));
        expect(await db.query(want.fk)).toEqual([]);
        expect(await indexes('chat_session')).toEqual(want.indexesWithout);
        expect(await db.query('SELECT config_id FROM chat_session')).toEqual([{ config_id: 2 }]);

        ok(await ambix('downgrade', 'a1'));
        expect(await db.tableNames()).toEqual(['ambix_version', 'ambix_version_log', 'llm_setting']);
        expect(await db.versions()).toEqual(['a1']);
      });

      it('a row that breaks it fails the migration, which says what became of it', async ({ onTestFinished }) => {
        const { db, p, ambix, llmSetting } = await scenario(onTestFinished);
        const want = BROKEN_FOREIGN_KEY[d];
        llmSetting();
        p.revision({
          id: 'b2',
          down: 'a1',
          upgrade: `await op.createTable('chat_session', { id: integer().primaryKey(), config_id: integer().notNull() });
          await op.bulkInsert('chat_session', [{ config_id: 1 }, { config_id: 2 }]);`,
        });
        p.revision({
          id: 'c3',
          down: 'b2',
          upgrade: `await op.createTable('message', { id: integer().primaryKey(), session_id: integer() });
          await op.bulkInsert('message', [{ session_id: 99 }]);
          await op.createForeignKey('fk_message_session', 'message', 'chat_session', ['session_id'], ['id']);`,
        });
        const r = await ambix('upgrade', 'head');
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('Upgrade c3');
        for (const s of want.says) expect(r.stderr).toContain(s);
        expect(r.stderr).toContain('Applied before it in this run: a1, b2.');
        expect(await db.versions()).toEqual(['b2']);
        expect(await db.tableNames()).toEqual(want.tables);
      });
    });

    describe('场景7 create an index', () => {
      it('a unique composite index everywhere, a partial one where the dialect has them; both dropped by name', async ({ onTestFinished }) => {
        const { db, p, ambix, llmSetting, indexes, probe } = await scenario(onTestFinished);
        const want = PARTIAL_INDEX[d];
        llmSetting();
        p.revision({ id: 'b2', down: 'a1', upgrade: `await op.createIndex('ix_llm_setting_model', 'llm_setting', ['provider', 'id'], { unique: true });`, downgrade: `await op.dropIndex('ix_llm_setting_model', 'llm_setting');` });
        p.revision({
          id: 'c3',
          down: 'b2',
          upgrade: `await op.createIndex('ix_llm_setting_model_name', 'llm_setting', ['model_name'], { unique: true, where: "provider <> 'old_name'" });`,
          downgrade: `await op.dropIndex('ix_llm_setting_model_name', 'llm_setting');`,
        });
        const r = await ambix('upgrade', 'head');
        expect(r.code, r.stderr).toBe(want.code);
        for (const s of want.says) expect(r.stderr).toContain(s);
        expect(await db.versions()).toEqual([want.version]);
        expect((await indexes('llm_setting')).find((i) => i.name === 'ix_llm_setting_model')).toEqual({ name: 'ix_llm_setting_model', unique: true, columns: 'provider,id' });
        await probe(want.definition);
        expect((await indexes('llm_setting')).filter((i) => i.name === 'ix_llm_setting_model_name')).toEqual(want.listed);

        ok(await ambix('downgrade', 'a1'));
        expect((await indexes('llm_setting')).map((i) => i.name)).toEqual(ADD_TABLE[d].indexes.map((i) => i.name));
      });
    });

    describe('enums', () => {
      it('a named type (PostgreSQL) comes with the first table that uses it and goes with the last; the values hold', async ({ onTestFinished }) => {
        const { db, p, ambix, column, probe } = await scenario(onTestFinished);
        const want = ENUMS[d];
        p.revision({ id: 'a1', upgrade: `await op.createTable('task', { id: integer().primaryKey(), status: enumType('status', ['open', 'done']).notNull().default('open') }); await op.bulkInsert('task', [{}]); await op.bulkInsert('task', [{ status: 'done' }]);`, downgrade: `await op.dropTable('task');` });
        p.revision({ id: 'b2', down: 'a1', upgrade: `await op.createTable('archive', { id: integer().primaryKey(), status: enumType('status', ['open', 'done']) });`, downgrade: `await op.dropTable('archive');` });
        p.revision({ id: 'c3', down: 'b2', upgrade: `await op.dropTable('task');`, downgrade: `await op.createTable('task', { id: integer().primaryKey(), status: enumType('status', ['open', 'done']).notNull().default('open') });` });
        const named = (...types: string[]) => (want.namedTypes ? types : []);
        ok(await ambix('upgrade', 'a1'));
        expect(await catalog.enumTypes(db)).toEqual(named('status'));
        expect(await db.query('SELECT status FROM task ORDER BY id')).toEqual([{ status: 'open' }, { status: 'done' }]);
        ok(await ambix('upgrade', 'head'));
        expect(await catalog.enumTypes(db)).toEqual(named('status'));
        expect(await column('archive', 'status')).toEqual(['status', want.statusColumn, true]);
        await probe(want.values);
        ok(await ambix('downgrade', 'a1'));
        expect(await catalog.enumTypes(db)).toEqual(named('status'));
        ok(await ambix('downgrade', 'base'));
        expect(await catalog.enumTypes(db)).toEqual([]);
      });

      it('the database refuses a value outside the enum; one added (op.alterEnum, op.alterColumn) keeps the rows; a row that leaves the column out', async ({ onTestFinished }) => {
        const { db, p, ambix, column } = await scenario(onTestFinished);
        const want = ENUMS[d];
        p.revision({
          id: 'a1',
          upgrade: `await op.createTable('chat', { id: integer().primaryKey(), mood: enumType('mood', ['happy', 'sad']).notNull().default('happy') });
          await op.bulkInsert('chat', [{ mood: 'sad' }]);
          await op.bulkInsert('chat', [{}]);`,
          downgrade: `await op.dropTable('chat');`,
        });
        p.revision({ id: 'b2', down: 'a1', upgrade: `await op.alterEnum('mood', ['happy', 'sad', "it's ok"], { columns: { chat: ['mood'] } });`, downgrade: `await op.alterEnum('mood', ['happy', 'sad'], { columns: { chat: ['mood'] } });` });
        p.revision({ id: 'c3', down: 'b2', upgrade: `await op.alterColumn('chat', 'mood', { type: enumType('mood', ['happy', 'sad', "it's ok", 'meh']) });` });
        p.revision({ id: 'd4', down: 'c3', upgrade: `await op.bulkInsert('chat', [{ mood: 'sad' }, {}]);` });
        const moods = async () => (await db.query<{ mood: string }>('SELECT mood FROM chat ORDER BY id')).map((r) => r.mood);

        ok(await ambix('upgrade', 'a1'));
        expect(await column('chat', 'mood')).toEqual(['mood', want.moodColumn[0], false]);
        await expect(db.query(`INSERT INTO chat (mood) VALUES ('angry')`)).rejects.toThrow(want.refused);
        ok(await ambix('upgrade', 'b2'));
        expect(await column('chat', 'mood')).toEqual(['mood', want.moodColumn[1], false]);
        await db.query(`INSERT INTO chat (mood) VALUES ('it''s ok')`);
        expect(await moods()).toEqual(['sad', 'happy', "it's ok"]);

        const r = await ambix('upgrade', 'head');
        expect(r.code, r.stderr).toBe(want.leftOutKey.code);
        for (const s of want.leftOutKey.says) expect(r.stderr).toContain(s);
        expect(await db.versions()).toEqual([want.leftOutKey.version]);
        expect(await moods()).toEqual(want.leftOutKey.moods);
        expect(await column('chat', 'mood')).toEqual(['mood', want.moodColumn[2], false]);
        expect(await outcome(db.query(`INSERT INTO chat (mood) VALUES ('meh')`))).toMatch(want.meh);
      });

      it('a column changed to an enum (with a default) and back, and an enum column added and dropped', async ({ onTestFinished }) => {
        const { db, p, ambix, llmSetting, columns, column } = await scenario(onTestFinished);
        const want = ENUMS[d];
        llmSetting();
        p.revision({
          id: 'b2',
          down: 'a1',
          upgrade: `await op.alterColumn('llm_setting', 'provider', { type: enumType('provider_kind', ['openai', 'old_name', 'other']), default: 'other' });
          await op.addColumn('llm_setting', 'tier', enumType('tier', ['free', 'paid']).notNull().default('free'));`,
          downgrade: `await op.dropColumn('llm_setting', 'tier'); await op.alterColumn('llm_setting', 'provider', { type: varchar(50), default: null });`,
        });
        ok(await ambix('upgrade', 'head'));
        expect((await columns('llm_setting')).filter((c) => ['provider', 'tier'].includes(c[0]))).toEqual([
          ['provider', want.provider, false],
          ['tier', want.tier, false],
        ]);
        expect(await catalog.enumTypes(db)).toEqual(want.namedTypes ? ['provider_kind', 'tier'] : []);
        expect(await db.query('SELECT provider, tier FROM llm_setting ORDER BY id')).toEqual([
          { provider: 'openai', tier: 'free' },
          { provider: 'old_name', tier: 'free' },
        ]);
        ok(await ambix('downgrade', 'a1'));
        expect(await catalog.enumTypes(db)).toEqual([]);
        expect(await column('llm_setting', 'provider')).toEqual(['provider', T.varchar(50), false]);
        expect((await columns('llm_setting')).map((c) => c[0])).not.toContain('tier');
      });
    });

    describe('comments, defaults and checks', () => {
      it('comments are set by the model, changed and removed by alterColumn; checks are enforced; MODIFY keeps the default', async ({ onTestFinished }) => {
        const { db, p, ambix, column } = await scenario(onTestFinished);
        const want = COMMENTS[d];
        p.revision({
          id: 'a1',
          upgrade: `await op.createTable('item', { id: integer().primaryKey(), price: numeric(10, 2).notNull().default(0).comment("the item's price"), note: text() }, (t) => [check('ck_item_price', sql\`price >= 0\`)]);`,
        });
        p.revision({
          id: 'b2',
          down: 'a1',
          upgrade: `await op.alterColumn('item', 'note', { comment: 'free text' }); await op.alterColumn('item', 'price', { comment: 'tax included' });`,
          downgrade: `await op.alterColumn('item', 'note', { comment: null }); await op.alterColumn('item', 'price', { comment: "the item's price" });`,
        });
        const kept = (c: Record<string, string | null>) => (want.kept ? c : Object.fromEntries(Object.keys(c).map((k) => [k, null])));
        const offline = ok(await ambix('upgrade', 'a1:b2', '--sql')).stdout;
        for (const sql of want.sql) expect(offline).toContain(sql);

        ok(await ambix('upgrade', 'a1'));
        expect(await catalog.comments(db, 'item')).toEqual(kept({ id: null, price: "the item's price", note: null }));
        await expect(db.query('INSERT INTO item (price) VALUES (-1)')).rejects.toThrow(want.checkRefused);
        ok(await ambix('upgrade', 'head'));
        expect(await catalog.comments(db, 'item')).toEqual(kept({ id: null, price: 'tax included', note: 'free text' }));
        expect(await column('item', 'price')).toEqual(['price', T.numeric(10, 2), false]);
        expect(await catalog.columnDefault(db, 'item', 'price')).toBe(want.priceDefault);
        ok(await ambix('downgrade', '-1'));
        expect(await catalog.comments(db, 'item')).toEqual(kept({ id: null, price: "the item's price", note: null }));
      });

      it('json, uuid and timestamps hold what the application writes', async ({ onTestFinished }) => {
        const { db, p, ambix } = await scenario(onTestFinished);
        const want = VALUES[d];
        p.revision({
          id: 'a1',
          upgrade: `await op.createTable('event', { id: integer().primaryKey(), payload: json().notNull(), uid: uuid().notNull(), at: timestamp().notNull().default(sql\`CURRENT_TIMESTAMP\`), seen: timestamp({ withTimezone: true }) });
          await op.bulkInsert('event', [{ payload: { a: [1, "it's"] }, uid: '0b5a3c1e-8f7d-4c1a-9e2b-3d4f5a6b7c8d', seen: new Date('2024-05-01T10:00:00Z') }]);`,
        });
        ok(await ambix('upgrade', 'head'));
        const [row] = await db.query<{ payload: unknown; uid: string; at: unknown }>('SELECT payload, uid, at FROM event');
        // Drivers parse columns the server marks as JSON; SQLite's and MariaDB's come back as text.
        expect(typeof row!.payload === 'string' ? JSON.parse(row!.payload) : row!.payload).toEqual({ a: [1, "it's"] });
        expect(row!.uid).toBe('0b5a3c1e-8f7d-4c1a-9e2b-3d4f5a6b7c8d');
        expect(row!.at).toBeTruthy();
        expect(await db.query(want.utc)).toEqual([{ utc: '2024-05-01 10:00' }]);
        expect(await outcome(db.query(`INSERT INTO event (payload, uid) VALUES ('not json', 'x')`))).toMatch(want.badJson);
      });
    });

    describe('附录 data and conditional migrations', () => {
      it('getBind() queries and updates with ? parameters (a ? in a string literal is no parameter); inspect() reads the live schema and decides (rename only if the old table exists); -x values reach ctx.x; ctx.dialect names the dialect', async ({ onTestFinished }) => {
        const { db, p, ambix, llmSetting } = await scenario(onTestFinished);
        llmSetting();
        p.revision({
          id: 'b2',
          down: 'a1',
          message: 'data migration',
          upgrade: `const bind = op.getBind();
          const rows = await bind.query<{ n: number }>('SELECT count(*) AS n FROM llm_setting WHERE provider = ?', ['old_name']);
          ctx.log('rows to update: ' + rows[0].n);
          const r = await bind.execute("UPDATE llm_setting SET provider = ? WHERE provider = ? AND model_name <> '?'", ["it's \\\\ openai", 'old_name']);
          if (r.rowsAffected !== 1) throw new Error('expected one row');
          const cols = await op.inspect().getColumns('llm_setting');
          ctx.log('columns: ' + cols.map((c) => c.name + ':' + c.type.kind).join(','));`,
        });
        p.revision({ id: 'c3', down: 'b2', upgrade: `await op.execute('CREATE TABLE old_table (id INTEGER PRIMARY KEY)');` });
        p.revision({
          id: 'd4',
          down: 'c3',
          message: 'conditional migration',
          upgrade: `const insp = op.inspect();
          if ((await insp.getTableNames()).includes('old_table')) await op.renameTable('old_table', 'new_table');
          if (!(await insp.hasTable('other'))) ctx.log('no table other: skipped');
          ctx.log('new_table columns: ' + (await insp.getColumns('new_table')).map((c) => c.name).join(','));
          await op.execute("CREATE TABLE t (v TEXT)");
          await op.bulkInsert('t', [{ v: ctx.x.tenant ?? 'none' }, { v: ctx.dialect }]);`,
        });
        const r = ok(await ambix('upgrade', 'head', '-x', 'tenant=acme'));
        expect(r.stderr).toContain('rows to update: 1');
        expect(r.stderr).toContain('columns: id:integer,provider:varchar,model_name:text,api_key:text');
        expect(await db.query('SELECT provider FROM llm_setting ORDER BY id')).toEqual([{ provider: 'openai' }, { provider: "it's \\ openai" }]);
        expect(r.stderr).toContain('no table other: skipped');
        expect(r.stderr).toContain('new_table columns: id');
        expect((await db.tableNames()).filter((t) => t.endsWith('_table'))).toEqual(['new_table']);
        expect(await db.query('SELECT v FROM t ORDER BY v')).toEqual([{ v: 'acme' }, { v: d }]);
      });
    });
  });
}
