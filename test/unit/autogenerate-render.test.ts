import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { compareSchemas, defaultComparisonHooks, renderDiff, renderMigration, reverseOps, type Diff } from '../../src/autogenerate/index.js';
import { memberAccess, propertyKey, SchemaImports, sqlTemplate, stringLiteral } from '../../src/autogenerate/render/source-text.js';
import { createOpApi, type Operations, type OpSink } from '../../src/ops/op-api.js';
import type { Operation } from '../../src/ops/operations.js';
import * as schemaApi from '../../src/schema/index.js';
import { resolveNamingConvention } from '../../src/schema/naming.js';
import {
  bigint, blob, boolean, buildTable, char, check, date, double, enumType, foreignKey, index, integer, json, numeric, primaryKey, rawType, real, smallint, sql, text, time, timestamp, unique, uniqueIndex, uuid, varchar,
  type Schema, type Table,
} from '../../src/schema/index.js';

const schema = (...tables: Table[]): Schema => ({ tables });
const ROOT = resolve(import.meta.dirname, '../..');

/** The `op` a migration receives, recording each operation instead of running it. */
function recorder(): { op: Operations; ops: Operation[] } {
  const ops: Operation[] = [];
  const sink: OpSink = { run: async (o: Operation) => void ops.push(o), flush: async () => {}, assume: () => {}, usedConnection: () => {} };
  const op = createOpApi({
    sink,
    live: undefined,
    displayName: 'PostgreSQL',
    schemas: true,
    revision: 'test',
    namingConvention: resolveNamingConvention(),
    begin: async () => {},
    commit: async () => {},
    inTransaction: () => false,
  });
  return { op, ops };
}

/** The rendered migration as a module, compiled by esbuild and run against recorders. */
async function run(rendered: { imports: string; upgrade: string; downgrade: string }): Promise<{ upgrade: Operation[]; downgrade: Operation[] }> {
  const source = `${rendered.imports}\nexport async function upgrade(op: any, ctx: unknown) {\n${rendered.upgrade}\n}\nexport async function downgrade(op: any, ctx: unknown) {\n${rendered.downgrade}\n}\n`;
  const { code } = await transform(source, { loader: 'ts', format: 'cjs' });
  const module = { exports: {} as { upgrade: (op: Operations, ctx: unknown) => Promise<void>; downgrade: (op: Operations, ctx: unknown) => Promise<void> } };
  const requireSchema = (id: string) => {
    expect(id).toBe('ambix/schema');
    return schemaApi;
  };
  new Function('require', 'module', 'exports', code)(requireSchema, module, module.exports);
  const up = recorder();
  await module.exports.upgrade(up.op, {});
  const down = recorder();
  await module.exports.downgrade(down.op, {});
  return { upgrade: up.ops, downgrade: down.ops };
}

/** An operation as the op API builds it: no `prior`, no column flags, lists in name order. */
function normalize(op: Operation): unknown {
  const plain = JSON.parse(JSON.stringify(op)) as Record<string, any>;
  delete plain.prior;
  const column = (c: Record<string, unknown>) => {
    for (const k of ['unique', 'index', 'references']) delete c[k];
    return c;
  };
  if (plain.column && typeof plain.column === 'object') column(plain.column);
  if (plain.kind === 'createTable') {
    const t = plain.table;
    t.columns.forEach(column);
    for (const k of ['indexes', 'uniques', 'foreignKeys', 'checks']) t[k].sort((a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1));
  }
  return plain;
}

/** Renders a diff, runs the code, and checks it calls the same operations in the same order. */
async function rendersFaithfully(diff: Diff): Promise<{ imports: string; upgrade: string; downgrade: string }> {
  const reverse = reverseOps(diff.ops);
  const rendered = renderMigration(diff.ops, reverse);
  const recorded = await run(rendered);
  expect(recorded.upgrade.map(normalize)).toEqual(diff.ops.map(normalize));
  expect(recorded.downgrade.map(normalize)).toEqual(reverse.map(normalize));
  return rendered;
}

const settingV1 = buildTable('llm_setting', { id: integer().primaryKey(), provider: varchar(50).notNull().index(), api_key: text().notNull(), old_field: text(), timeout: integer().notNull().default(30) });
const settingV2 = buildTable('llm_setting', {
  id: integer().primaryKey(),
  provider: varchar(50).notNull().index(),
  api_key: varchar(255).notNull(),
  timeout: integer().notNull().default(60),
  is_active: boolean().notNull().default(true),
});
const task = buildTable(
  'task',
  {
    id: integer().primaryKey(),
    setting_id: integer().notNull().references('llm_setting.id', { onDelete: 'cascade' }),
    title: varchar(200).notNull(),
    created_at: timestamp().notNull().default(sql`CURRENT_TIMESTAMP`),
  },
  (t) => [index('ix_task_title_setting').on(t.title, t.setting_id), unique().on(t.setting_id, t.title), check('title_len', sql`length(title) > 0`)],
);

const allTypes = buildTable('all_types', {
  a: integer().primaryKey(), b: bigint().default(5), c: smallint(), d: real(), e: double(), f: numeric(10, 2).default('0.00'), f2: numeric(), f3: numeric(5),
  g: text(), h: varchar(5), h2: varchar(), i: char(2), j: boolean().default(false), k: date().default('2024-01-01'), k2: time(),
  l: timestamp({ withTimezone: true }), m: json().default({ theme: 'dark' }), n: uuid().unique(), o: enumType('mood', ['happy', "it's"]).default("it's"), p: blob(), q: rawType('tsvector'),
});

describe('source text', () => {
  it('string literals and sql templates give back the exact text', () => {
    const samples = ['plain', "it's", 'say "hi"', `both ' and "`, 'back\\slash', 'tab\tnew\nline\r', '${x} `tick` $', '\u2028\u0000', 'émoji 🎉', ''];
    for (const text of samples) {
      expect(new Function(`return ${stringLiteral(text)}`)()).toBe(text);
      expect(new Function('sql', `return ${sqlTemplate(text, new SchemaImports())}`)(sql).text).toBe(text);
    }
  });

  it('keys and member access quote what is no identifier', () => {
    expect([propertyKey('api_key'), propertyKey('my-col'), propertyKey('__proto__'), propertyKey('1a')]).toEqual(['api_key', "'my-col'", "['__proto__']", "'1a'"]);
    expect([memberAccess('t', 'a'), memberAccess('t', 'a b')]).toEqual(['t.a', "t['a b']"]);
  });
});

describe('renderMigration', () => {
  it('writes the manual\'s day of changes as readable op calls, destructive ones marked', async () => {
    const rendered = await rendersFaithfully(compareSchemas(schema(settingV1), schema(settingV2, task)));
    expect(rendered.imports).toBe("import { boolean, check, index, integer, sql, text, timestamp, unique, varchar } from 'ambix/schema';\n");
    expect(rendered.upgrade).toBe(
      [
        '    // ambix: destructive — drops column llm_setting.old_field and its data',
        "    await op.dropColumn('llm_setting', 'old_field');",
        "    await op.addColumn('llm_setting', 'is_active', boolean().notNull().default(true));",
        '    // ambix: destructive — narrows column llm_setting.api_key from text to varchar(255); values that do not fit are cut or refused',
        "    await op.alterColumn('llm_setting', 'api_key', { type: varchar(255) });",
        "    await op.alterColumn('llm_setting', 'timeout', { default: 60 });",
        "    await op.createTable('task', {",
        '      id: integer().primaryKey(),',
        "      setting_id: integer().notNull().references('llm_setting.id', { onDelete: 'cascade' }),",
        '      title: varchar(200).notNull(),',
        '      created_at: timestamp().notNull().default(sql`CURRENT_TIMESTAMP`),',
        '    }, (t) => [',
        "      index('ix_task_title_setting').on(t.title, t.setting_id),",
        "      unique('uq_task_setting_id_title').on(t.setting_id, t.title),",
        "      check('ck_task_title_len', sql`length(title) > 0`),",
        '    ]);',
      ].join('\n'),
    );
    expect(rendered.downgrade).toBe(
      [
        '    // ambix: destructive — drops table task and its data',
        "    await op.dropTable('task');",
        "    await op.alterColumn('llm_setting', 'timeout', { default: 30 });",
        "    await op.alterColumn('llm_setting', 'api_key', { type: text() });",
        '    // ambix: destructive — drops column llm_setting.is_active and its data',
        "    await op.dropColumn('llm_setting', 'is_active');",
        "    await op.addColumn('llm_setting', 'old_field', text());",
      ].join('\n'),
    );
  });

  it('says so when nothing changed, and imports nothing', () => {
    expect(renderMigration([], [])).toEqual({ imports: '', upgrade: '    // No changes detected.', downgrade: '    // No changes detected.' });
  });

  it('writes every kind of constraint, index and key as the op API takes it', async () => {
    const parent = buildTable('parent', { a: integer().notNull(), b: integer().notNull() }, (t) => [primaryKey({ columns: [t.a, t.b] })]);
    const before = buildTable('child', { id: integer().primaryKey(), a: integer(), b: integer(), c: text() }, (t) => [index('ix_child_c').on(t.c), unique('uq_child_ab').on(t.a, t.b)]);
    const after = buildTable(
      'child',
      { id: integer().primaryKey(), a: integer(), b: integer(), d: varchar(10).notNull().default('x').comment('the d') },
      (t) => [
        uniqueIndex('ix_child_d').on(t.d).where(sql`d <> ''`),
        check('ab', sql`a < b`),
        foreignKey({ columns: [t.a, t.b], foreignColumns: ['parent.a', 'parent.b'], onDelete: 'set null', onUpdate: 'cascade' }),
      ],
    );
    const rendered = await rendersFaithfully(compareSchemas(schema(parent, before), schema(parent, after)));
    expect(rendered.upgrade.split('\n')).toEqual([
      "    await op.dropIndex('ix_child_c', 'child');",
      "    await op.dropConstraint('uq_child_ab', 'child');",
      '    // ambix: destructive — drops column child.c and its data',
      "    await op.dropColumn('child', 'c');",
      "    await op.addColumn('child', 'd', varchar(10).notNull().default('x').comment('the d'));",
      "    await op.createIndex('ix_child_d', 'child', ['d'], { unique: true, where: sql`d <> ''` });",
      "    await op.createCheckConstraint('ck_child_ab', 'child', sql`a < b`);",
      "    await op.createForeignKey('fk_child_a_b_parent', 'child', 'parent', ['a', 'b'], ['a', 'b'], { onDelete: 'set null', onUpdate: 'cascade' });",
    ]);
    expect(rendered.downgrade.split('\n')).toContain("    await op.createUniqueConstraint('uq_child_ab', 'child', ['a', 'b']);");
  });

  it('writes every column type, and tables that op.createTable rebuilds exactly', async () => {
    const composite = buildTable('composite', { x: bigint().notNull(), y: text().notNull() }, (t) => [primaryKey({ name: 'composite_pkey', columns: [t.x, t.y] })]);
    const keyed = buildTable('keyed', { code: varchar(3).primaryKey(), n: integer() });
    const selfRef = buildTable('node', { id: bigint().primaryKey({ autoincrement: true }), parent_id: bigint().references('node.id', { name: 'node_parent' }), label: text().index().unique() });
    const oddCheck = buildTable('odd', { id: integer().primaryKey({ autoincrement: false }), 'my-col': integer() }, (t) => [check('my_own_name', sql`"my-col" > 0`, { exactName: true }), index('ix_odd').on(t['my-col'])]);
    const rendered = await rendersFaithfully(compareSchemas(schema(), schema(allTypes, composite, keyed, selfRef, oddCheck)));
    expect(rendered.upgrade).toContain(`      o: enumType('mood', ['happy', "it's"]).default("it's"),`);
    expect(rendered.upgrade).toContain('      l: timestamp({ withTimezone: true }),');
    expect(rendered.upgrade).toContain("      m: json().default('{\"theme\":\"dark\"}'),");
    expect(rendered.upgrade).toContain("      primaryKey({ name: 'composite_pkey', columns: [t.x, t.y] }),");
    expect(rendered.upgrade).toContain('      id: bigint().primaryKey({ autoincrement: true }),');
    expect(rendered.upgrade).toContain("      parent_id: bigint().references('node.id', { name: 'node_parent' }),");
    expect(rendered.upgrade).toContain('      label: text().index().unique(),');
    expect(rendered.upgrade).toContain('      id: integer().primaryKey({ autoincrement: false }),');
    expect(rendered.upgrade).toContain("      'my-col': integer(),");
    expect(rendered.upgrade).toContain("      check('my_own_name', sql`\"my-col\" > 0`, { exactName: true }),");
    expect(rendered.upgrade).toContain("      index('ix_odd').on(t['my-col']),");
    expect(rendered.upgrade).toContain('      n: uuid().unique(),');
  });

  it('escapes quotes, backslashes, newlines, backticks and ${ exactly', async () => {
    const nasty = "it's a \\ back`tick ${not} a\nnew line";
    const t = buildTable('esc', { id: integer().primaryKey(), s: text().default(nasty).comment(nasty), e: text().default(sql`'${nasty.replace(/'/g, "''")}'`) }, (x) => [
      check('weird', `s <> '${nasty.replace(/'/g, "''")}'`),
    ]);
    const rendered = await rendersFaithfully(compareSchemas(schema(), schema(t)));
    expect(rendered.upgrade).toContain('.default("it\'s a \\\\ back`tick ${not} a\\nnew line")');
    expect(rendered.upgrade).toContain("sql`s <> 'it''s a \\\\ back\\`tick \\${not} a\\nnew line'`");
    // Every line of the body is one line of source: the newline is escaped, not written.
    expect(rendered.upgrade.split('\n').every((l) => l.startsWith('    '))).toBe(true);
  });

  it('writes renames, alters and a default that the column type would refuse', async () => {
    const alters: Operation[] = [
      { kind: 'renameTable', table: 'a', newName: 'b' },
      { kind: 'alterColumn', table: 'b', column: 'x', changes: { newName: 'y' } },
      { kind: 'alterColumn', table: 'b', column: 'y', changes: { type: { kind: 'numeric', precision: 12, scale: 2 }, nullable: true, default: { kind: 'sql', text: 'now()' }, comment: null }, prior: { type: { kind: 'integer' }, nullable: false, default: null, comment: 'c' } },
      { kind: 'addColumn', table: 'b', column: { name: 'z', type: { kind: 'integer' }, nullable: true, primaryKey: false, autoincrement: false, default: { kind: 'literal', value: 'abc' } } },
      { kind: 'createPrimaryKey', table: 'b', constraint: { columns: ['y'] } },
      { kind: 'execute', sql: "UPDATE b SET z = 'x'" },
      { kind: 'bulkInsert', table: 'b', rows: [{ y: 1, z: null }, { y: 2, z: 3 }] },
    ];
    const rendered = renderMigration(alters, []);
    expect(rendered.upgrade.split('\n')).toEqual([
      "    await op.renameTable('a', 'b');",
      "    await op.renameColumn('b', 'x', 'y');",
      "    await op.alterColumn('b', 'y', { type: numeric(12, 2), nullable: true, default: sql`now()`, comment: null });",
      "    await op.addColumn('b', 'z', integer().default(sql`'abc'`));",
      "    await op.createPrimaryKey('pk_b', 'b', ['y']);",
      `    await op.execute("UPDATE b SET z = 'x'");`,
      "    await op.bulkInsert('b', [",
      '      { y: 1, z: null },',
      '      { y: 2, z: 3 },',
      '    ]);',
    ]);
    const recorded = await run(rendered);
    expect(recorded.upgrade.map((o) => o.kind)).toEqual(alters.map((o) => o.kind));
  });

  it('marks a narrowing in the downgrade too, with the dialect\'s idea of narrowing', () => {
    const a = buildTable('t', { id: integer().primaryKey(), s: varchar(50) });
    const b = buildTable('t', { id: integer().primaryKey(), s: varchar(255) });
    const diff = compareSchemas(schema(a), schema(b));
    const rendered = renderMigration(diff.ops, reverseOps(diff.ops));
    expect(rendered.upgrade).not.toContain('destructive');
    expect(rendered.downgrade).toContain('// ambix: destructive — narrows column t.s from varchar(255) to varchar(50)');
    expect(renderMigration(diff.ops, reverseOps(diff.ops), { isNarrowing: () => false }).downgrade).not.toContain('destructive');
  });

  it('writes a table in another database schema with the { schema } option', () => {
    const inSchema: Table = { ...buildTable('log', { id: integer().primaryKey() }), schema: 'audit' };
    expect(renderMigration([{ kind: 'createTable', table: inSchema }], []).upgrade.split('\n').at(-1)).toBe("    }, undefined, { schema: 'audit' });");
    expect(renderMigration([{ kind: 'dropTable', table: 'log', schema: 'audit' }], []).upgrade.split('\n').at(-1)).toBe("    await op.dropTable('log', { schema: 'audit' });");
    const fk = { name: 'fk', columns: ['a'], refTable: 'u', refColumns: ['id'], refSchema: 'other' };
    expect(renderMigration([{ kind: 'createForeignKey', table: 't', constraint: fk, schema: 'audit' }], []).upgrade).toBe(
      "    await op.createForeignKey('fk', 't', 'u', ['a'], ['id'], { schema: 'audit', refSchema: 'other' });",
    );
    expect(renderMigration([{ kind: 'alterColumn', table: 't', column: 'c', changes: { nullable: false }, schema: 'audit' }], []).upgrade).toBe(
      "    await op.alterColumn('t', 'c', { nullable: false, schema: 'audit' });",
    );
  });

  it('renderDiff: the reverse as downgrade, the dialect\'s narrowing, and warnings as comments on top', () => {
    const unnamed: Table = { ...buildTable('t', { id: integer().primaryKey(), s: varchar(50) }), primaryKey: { columns: ['id'] } };
    const models = buildTable('t', { id: integer().notNull(), k: integer().notNull(), s: varchar(255) }, (t) => [primaryKey({ columns: [t.id, t.k] })]);
    const never = { ...defaultComparisonHooks, isNarrowing: () => false };
    const body = renderDiff(compareSchemas(schema(unnamed), schema(models), { dialect: never }));
    expect(body.upgrade.split('\n')).toEqual([
      "    // ambix: warning — The primary key of t changes from (id) to (id, k), but the database's key has no name to drop it by: change it by hand",
      "    await op.addColumn('t', 'k', integer().notNull());",
      "    await op.alterColumn('t', 's', { type: varchar(255) });",
    ]);
    expect(body.downgrade.split('\n')).toEqual([
      "    await op.alterColumn('t', 's', { type: varchar(50) });",
      '    // ambix: destructive — drops column t.k and its data',
      "    await op.dropColumn('t', 'k');",
    ]);
  });

  it('writes a table comment as the createTable option', () => {
    const t: Table = { ...buildTable('t', { id: integer().primaryKey() }), comment: 'kept' };
    expect(renderMigration([{ kind: 'createTable', table: t }], []).upgrade.split('\n').at(-1)).toBe("    }, undefined, { comment: 'kept' });");
  });
});

describe('rendered migrations type-check against the op API', () => {
  it('compile with tsc in strict mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ambix-render-'));
    try {
      const parent = buildTable('parent', { a: integer().notNull(), b: integer().notNull() }, (t) => [primaryKey({ columns: [t.a, t.b] })]);
      const child = buildTable('child', { id: integer().primaryKey(), a: integer(), b: integer(), d: varchar(10).notNull().default('x') }, (t) => [
        uniqueIndex('ix_child_d').on(t.d).where(sql`d <> ''`),
        check('ab', sql`a < b`),
        foreignKey({ columns: [t.a, t.b], foreignColumns: ['parent.a', 'parent.b'], onDelete: 'set null' }),
      ]);
      const diffs = [
        compareSchemas(schema(settingV1), schema(settingV2, task)),
        compareSchemas(schema(), schema(parent, child, allTypes)),
        compareSchemas(schema(parent, child), schema(parent)),
      ];
      diffs.forEach((diff, i) => {
        const r = renderMigration(diff.ops, reverseOps(diff.ops));
        const source = `import type { Operations } from 'ambix-op-api';\n${r.imports}\nexport async function upgrade(op: Operations, ctx: unknown): Promise<void> {\n${r.upgrade}\n}\nexport async function downgrade(op: Operations, ctx: unknown): Promise<void> {\n${r.downgrade}\n}\n`;
        writeFileSync(join(dir, `m${i}.mts`), source);
      });
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', skipLibCheck: true, noUnusedLocals: true,
            types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')],
            paths: { 'ambix/schema': [join(ROOT, 'src/schema/index.ts')], 'ambix-op-api': [join(ROOT, 'src/ops/op-api.ts')] },
          },
          include: ['*.mts'],
        }),
      );
      let output = '';
      try {
        execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
      } catch (e) {
        output = String((e as { stdout?: string }).stdout ?? e);
      }
      expect(output).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
