// execute and bulkInsert compiled on every dialect, as `ambix upgrade --sql` writes them: values
// are inlined as each dialect's literals.
import { blob, boolean, buildTable, integer, json, text, timestamp, type Table } from '../../src/schema/index.js';
import { compileCases, refused, type CompileCase } from './compile-cases.js';
import { person } from './fixtures.js';

/** `(1), (2), ...`: the VALUES tuples of rows numbered from..to. */
const tuples = (from: number, to: number, row: (i: number) => string) => Array.from({ length: to - from + 1 }, (_, k) => `(${row(from + k)})`).join(', ');
const hits = (i: number) => String(i);
const named = (i: number) => `'n${i}', ${i}`;

/** A table with a column of each kind of value a data migration inserts. */
const payload: Table = buildTable('payload', {
  id: integer().primaryKey(),
  name: text(),
  at: timestamp(),
  flag: boolean(),
  doc: json(),
  bytes: blob(),
  hits: integer().notNull().default(0),
});

compileCases('data', {
  execute: {
    ops: [{ kind: 'execute', sql: "UPDATE person SET email = lower(email) WHERE email <> ''" }],
    expected: {
      sqlite: "UPDATE person SET email = lower(email) WHERE email <> '';",
      postgres: "UPDATE person SET email = lower(email) WHERE email <> '';",
      mysql: "UPDATE person SET email = lower(email) WHERE email <> '';",
    },
  },
  'execute: several statements in one string': {
    ops: [{ kind: 'execute', sql: 'DELETE FROM a;\nDELETE FROM b;' }],
    expected: {
      sqlite: `DELETE FROM a;
DELETE FROM b;`,
      postgres: `DELETE FROM a;
DELETE FROM b;`,
      mysql: `DELETE FROM a;
DELETE FROM b;`,
    },
  },
  'execute: raw DDL makes the table unknown to a later rebuild (offline)': {
    given: [person],
    ops: [
      { kind: 'execute', sql: 'ALTER TABLE person ADD COLUMN age INTEGER' },
      { kind: 'alterColumn', table: 'person', column: 'email', changes: { nullable: true } },
    ],
    expected: {
      sqlite: refused('Offline (--sql), ambix cannot rebuild table person in revision r1: raw SQL in revision r1 changed it in a way ambix cannot follow'),
      postgres: `ALTER TABLE person ADD COLUMN age INTEGER;

ALTER TABLE "person" ALTER COLUMN "email" DROP NOT NULL;`,
      mysql: refused('ambix needs the definition of table person to change column email (MODIFY COLUMN restates the whole column), and it has none'),
    },
  },
  'bulkInsert: rows missing keys': {
    // LOOKS WRONG (reported, encoded as it is today): SQLite writes NULL for a key a row leaves out,
    // where the others write DEFAULT: `hits` is NOT NULL DEFAULT 0, so SQLite fails on ('b', NULL).
    given: [payload],
    ops: [{ kind: 'bulkInsert', table: 'payload', rows: [{ name: 'a', hits: 3 }, { name: 'b' }, { hits: 5 }] }],
    expected: {
      sqlite: `INSERT INTO "payload" ("name", "hits") VALUES ('a', 3), ('b', NULL), (NULL, 5);`,
      postgres: `INSERT INTO "payload" ("name", "hits") VALUES ('a', 3), ('b', DEFAULT), (DEFAULT, 5);`,
      mysql: "INSERT INTO `payload` (`name`, `hits`) VALUES ('a', 3), ('b', DEFAULT), (DEFAULT, 5);",
    },
  },
  'bulkInsert: a Date, a boolean, JSON, bytes, null and a quote': {
    given: [payload],
    ops: [
      {
        kind: 'bulkInsert',
        table: 'payload',
        rows: [
          { name: "it's", at: new Date('2024-01-02T03:04:05.678Z'), flag: true, doc: { a: [1, 'x'], b: "c'd" }, bytes: new Uint8Array([0, 1, 254, 255]) },
          { name: null, at: null, flag: false, doc: null, bytes: null },
        ],
      },
    ],
    expected: {
      sqlite: `INSERT INTO "payload" ("name", "at", "flag", "doc", "bytes") VALUES ('it''s', '2024-01-02T03:04:05.678Z', 1, '{"a":[1,"x"],"b":"c''d"}', X'0001feff'), (NULL, NULL, 0, NULL, NULL);`,
      postgres: "INSERT INTO \"payload\" (\"name\", \"at\", \"flag\", \"doc\", \"bytes\") VALUES ('it''s', '2024-01-02T03:04:05.678Z', TRUE, '{\"a\":[1,\"x\"],\"b\":\"c''d\"}', '\\x0001feff'::bytea), (NULL, NULL, FALSE, NULL, NULL);",
      mysql: "INSERT INTO `payload` (`name`, `at`, `flag`, `doc`, `bytes`) VALUES ('it''s', '2024-01-02 03:04:05.678', 1, '{\"a\":[1,\"x\"],\"b\":\"c''d\"}', X'0001feff'), (NULL, NULL, 0, NULL, NULL);",
    },
  },
  'bulkInsert: a JSON string and an array into a json column': {
    given: [payload],
    ops: [{ kind: 'bulkInsert', table: 'payload', rows: [{ doc: '{"k": 1}' }, { doc: [1, 2] }] }],
    expected: {
      sqlite: `INSERT INTO "payload" ("doc") VALUES ('{"k": 1}'), ('[1,2]');`,
      postgres: `INSERT INTO "payload" ("doc") VALUES ('{"k": 1}'), ('[1,2]');`,
      mysql: "INSERT INTO `payload` (`doc`) VALUES ('{\"k\": 1}'), ('[1,2]');",
    },
  },
  'bulkInsert: into a table this run does not know': {
    ops: [{ kind: 'bulkInsert', table: 'legacy', rows: [{ doc: { a: 1 }, flag: true }] }],
    expected: {
      sqlite: `INSERT INTO "legacy" ("doc", "flag") VALUES ('{"a":1}', 1);`,
      postgres: `INSERT INTO "legacy" ("doc", "flag") VALUES ('{"a":1}', TRUE);`,
      mysql: "INSERT INTO `legacy` (`doc`, `flag`) VALUES ('{\"a\":1}', 1);",
    },
  },
  'bulkInsert: 1001 rows (MySQL writes 1000 rows a statement)': {
    given: [payload],
    ops: [{ kind: 'bulkInsert', table: 'payload', rows: Array.from({ length: 1001 }, (_, k) => ({ hits: k + 1 })) }],
    expected: {
      sqlite: `INSERT INTO "payload" ("hits") VALUES ${tuples(1, 1001, hits)};`,
      postgres: `INSERT INTO "payload" ("hits") VALUES ${tuples(1, 1001, hits)};`,
      mysql: `INSERT INTO \`payload\` (\`hits\`) VALUES ${tuples(1, 1000, hits)};\n\nINSERT INTO \`payload\` (\`hits\`) VALUES (1001);`,
    },
  },
  'bulkInsert: 30001 rows of two values (SQLite binds 30000, PostgreSQL 60000 values a statement)': {
    given: [payload],
    ops: [{ kind: 'bulkInsert', table: 'payload', rows: Array.from({ length: 30_001 }, (_, k) => ({ name: `n${k + 1}`, hits: k + 1 })) }],
    expected: {
      sqlite: [tuples(1, 15_000, named), tuples(15_001, 30_000, named), tuples(30_001, 30_001, named)].map((v) => `INSERT INTO "payload" ("name", "hits") VALUES ${v};`).join('\n\n'),
      postgres: [tuples(1, 30_000, named), tuples(30_001, 30_001, named)].map((v) => `INSERT INTO "payload" ("name", "hits") VALUES ${v};`).join('\n\n'),
      mysql: Array.from({ length: 31 }, (_, k) => `INSERT INTO \`payload\` (\`name\`, \`hits\`) VALUES ${tuples(k * 1000 + 1, Math.min(k * 1000 + 1000, 30_001), named)};`).join('\n\n'),
    },
  },
  'bulkInsert: rows with no keys': {
    given: [payload],
    ops: [{ kind: 'bulkInsert', table: 'payload', rows: [{}, {}] }],
    expected: {
      sqlite: `INSERT INTO "payload" DEFAULT VALUES;

INSERT INTO "payload" DEFAULT VALUES;`,
      postgres: `INSERT INTO "payload" DEFAULT VALUES;

INSERT INTO "payload" DEFAULT VALUES;`,
      mysql: 'INSERT INTO `payload` () VALUES (), ();',
    },
  },
  'bulkInsert: no rows': {
    given: [payload],
    ops: [{ kind: 'bulkInsert', table: 'payload', rows: [] }],
    expected: {
      sqlite: '',
      postgres: '',
      mysql: '',
    },
  },
  'op.bulkInsert in schema audit': {
    ops: async (op) => {
      await op.bulkInsert('event', [{ id: 1, kind: 'a' }], { schema: 'audit' });
    },
    expected: {
      sqlite: refused("SQLite has no schemas: { schema: 'audit' } cannot be honoured"),
      postgres: `INSERT INTO "audit"."event" ("id", "kind") VALUES (1, 'a');`,
      mysql: refused("MySQL/MariaDB has no schemas: { schema: 'audit' } cannot be honoured"),
    },
  },
} satisfies Record<string, CompileCase>);
