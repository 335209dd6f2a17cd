import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { loadModels } from '../../src/config/load-models.js';
import { repoRoot } from '../helpers/project.js';

// A scratch project whose `ambix/schema` is a separate bundle of src/schema: the models are
// built by another copy of ambix than the loader's, as when a project and a tool each have one.
let dir: string;
const write = (path: string, text: string) => {
  const file = join(dir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ambix-models-'));
  process.env.AMBIX_CACHE_DIR = join(dir, '.cache');
  write('node_modules/ambix/package.json', JSON.stringify({ name: 'ambix', type: 'module', exports: { './schema': './schema.js' } }));
  await build({ entryPoints: [join(repoRoot, 'src/schema/index.ts')], outfile: join(dir, 'node_modules/ambix/schema.js'), bundle: true, format: 'esm', platform: 'node', logLevel: 'silent' });
  write(
    'models/user.ts',
    `import { table, integer, varchar } from 'ambix/schema';
export const user = table('user', { id: integer().primaryKey(), email: varchar(200).notNull().unique() });
`,
  );
  write(
    'models/post.ts',
    `import { table, integer, text, index } from 'ambix/schema';
import { user } from './user.js';
const post = table('post', {
  id: integer().primaryKey(),
  author_id: integer().notNull().references(() => user.id, { onDelete: 'cascade' }),
  body: text(),
}, (t) => [index().on(t.author_id)]);
export const all = [post];
export default { user };
export const notATable = { answer: 42 };
`,
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function loadError(files: string[], options = {}): Promise<UserError> {
  const error = await loadModels(files, { cwd: dir, ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('loadModels', () => {
  it('collects the exported tables of a glob (in arrays and objects too), once each, sorted by name', async () => {
    const schema = await loadModels(['models/*.ts'], { cwd: dir });
    expect(schema.tables.map((t) => t.name)).toEqual(['post', 'user']);
    const post = schema.tables[0]!;
    expect(post.foreignKeys).toEqual([{ name: 'fk_post_author_id_user', columns: ['author_id'], refTable: 'user', refColumns: ['id'], onDelete: 'cascade' }]);
    expect(post.indexes.map((i) => i.name)).toEqual(['ix_post_author_id']);
    expect(schema.tables[1]!.uniques).toEqual([{ name: 'uq_user_email', columns: ['email'] }]);
    expect(Object.isFrozen(schema.tables)).toBe(true);
  });

  it('takes absolute paths and folders, and the naming convention', async () => {
    const schema = await loadModels([join(dir, 'models/post.ts')], { namingConvention: { ix: 'idx_{table}_{column_0}' } });
    expect(schema.tables.map((t) => t.name)).toEqual(['post', 'user']);
    expect(schema.tables[0]!.indexes[0]!.name).toBe('idx_post_author_id');
    expect((await loadModels(['models'], { cwd: dir })).tables).toHaveLength(2);
  });

  it('names the model module and the import that failed', async () => {
    write('broken/relative.ts', `import { table, integer } from 'ambix/schema';\nimport { helper } from './missing-helper.js';\nexport const t = table('t', { id: integer().primaryKey(), n: integer().default(helper) });\n`);
    const e = await loadError(['broken/relative.ts']);
    expect(e.message).toMatch(/^Model module broken\/relative\.ts failed to load: .*broken\/relative\.ts:2:\d+: Could not resolve "\.\/missing-helper\.js"/);

    write('broken/package.ts', `import { table, integer } from 'ambix/schema';\nimport 'no-such-package-xyz';\nexport const t = table('t', { id: integer().primaryKey() });\n`);
    const p = await loadError(['models/user.ts', 'broken/package.ts']);
    expect(p.message).toMatch(/^Model module broken\/package\.ts failed to load: .*Could not resolve "no-such-package-xyz"/);
  });

  it('names the module whose code throws while loading', async () => {
    write('broken/default.ts', `import { table, integer } from 'ambix/schema';\nexport const t = table('llm_setting', { id: integer().primaryKey(), timeout: integer().default('30' as never) });\n`);
    const e = await loadError(['broken/default.ts']);
    expect(e.message).toBe('Model module broken/default.ts failed to load: Column llm_setting.timeout: default "30" does not fit integer, which takes a whole number');
    write('broken/throws.ts', `export const x = (undefined as unknown as { a: number }).a;\n`);
    expect((await loadError(['broken/throws.ts'])).message).toMatch(/^Model module broken\/throws\.ts failed to load: TypeError: Cannot read properties of undefined/);
  });

  it('refuses a missing file, a glob that matches nothing, and modules without tables', async () => {
    expect((await loadError(['models/nope.ts'])).message).toBe(`Model file not found: ${join(dir, 'models/nope.ts')}`);
    expect((await loadError(['nothing/*.ts'])).message).toBe("No model files match 'nothing/*.ts'");
    write('empty/none.ts', 'export const answer = 42;\n');
    const e = await loadError(['empty/none.ts']);
    expect(e.message).toBe('No tables found in empty/none.ts');
    expect(e.hint).toContain('an empty schema would make autogenerate drop every table');
    expect((await loadModels(['empty/none.ts'], { cwd: dir, allowEmpty: true })).tables).toEqual([]);
  });

  it('refuses two different tables of one name, naming both modules', async () => {
    write('dup/a.ts', `import { table, integer } from 'ambix/schema';\nexport const a = table('user', { id: integer().primaryKey() });\n`);
    write('dup/b.ts', `import { table, text } from 'ambix/schema';\nexport const b = table('user', { id: text().primaryKey() });\n`);
    const e = await loadError(['dup/*.ts']);
    expect(e.message).toBe("Duplicate table name 'user': defined in dup/a.ts and again in dup/b.ts, differently");
  });

  it('validates the schema: a foreign key to a table that is not in the models', async () => {
    const e = await loadError(['models/post.ts', 'models/user.ts'].map((f) => f), { importModules: async () => [{ t: (await import('../../src/schema/index.js')).table('chat', { id: (await import('../../src/schema/index.js')).integer().references('llm_setting.id') }) }] });
    expect(e.message).toBe("Table chat: foreign key fk_chat_id_llm_setting (id) references unknown table 'llm_setting'");
    expect(e.hint).toBe('Known tables: chat.');
  });
});
