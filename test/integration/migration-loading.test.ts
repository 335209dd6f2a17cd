// The revisions a run needs are loaded as one cached bundle: each keeps its own scope, a
// helper they share is one module, and an edit to any revision or helper is seen next run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MigrationProject } from '../helpers/migrations.js';
import { repoRoot } from '../helpers/project.js';

let p: MigrationProject;
beforeEach(() => {
  p = new MigrationProject();
  p.config('backup: false');
});
afterEach(() => p.remove());
const ok = (r: { code: number; stderr: string; stdout: string }) => {
  expect(r.code, r.stderr).toBe(0);
  return r;
};

it('revisions with the same top-level names, sharing a helper, run in order; edits to the helper are seen', () => {
  p.write('migrations/helpers/names.ts', `export const prefix: string = 'a';\nexport const seen: string[] = [];\n`);
  for (const [i, id] of ['r1', 'r2', 'r3'].entries()) {
    p.revision({
      id,
      down: i === 0 ? null : ['r1', 'r2', 'r3'][i - 1]!,
      imports: `import { prefix, seen } from '../helpers/names.ts';\nconst table = \`\${prefix}_${id}\`;`,
      upgrade: `seen.push(table); await op.createTable(table, { id: integer().primaryKey() }); ctx.log(\`seen \${seen.join(',')}\`);`,
      downgrade: `await op.dropTable(table);`,
    });
  }
  const r = ok(p.ambix('upgrade', 'head'));
  // One instance of the helper: each revision sees the ones before it.
  expect(r.stderr).toContain('seen a_r1,a_r2,a_r3');
  expect(p.db().prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'a\\_%' ESCAPE '\\' ORDER BY name`).all()).toEqual([{ name: 'a_r1' }, { name: 'a_r2' }, { name: 'a_r3' }]);
  ok(p.ambix('downgrade', 'base'));
  p.write('migrations/helpers/names.ts', `export const prefix: string = 'b';\nexport const seen: string[] = [];\n`);
  ok(p.ambix('upgrade', 'head'));
  expect(p.db().prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'b\\_%' ESCAPE '\\' ORDER BY name`).all()).toHaveLength(3);
});

it('a syntax error in one of many revisions names its file and line, and nothing runs', () => {
  p.revision({ id: 'r1', upgrade: `await op.createTable('a', { id: integer().primaryKey() });`, downgrade: `await op.dropTable('a');` });
  const bad = p.revision({ id: 'r2', down: 'r1', upgrade: `await op.createTable('b', { id: integer().primaryKey() ]);`, downgrade: `` });
  const r = p.ambix('upgrade', 'head');
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`^FAILED: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
  expect(p.db().prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all()).toEqual([]);
});

it('an edited revision is loaded again', () => {
  p.revision({ id: 'r1', upgrade: `await op.createTable('a', { id: integer().primaryKey() });`, downgrade: `await op.dropTable('a');` });
  const file = p.revision({ id: 'r2', down: 'r1', upgrade: `await op.createTable('b', { id: integer().primaryKey() });`, downgrade: `await op.dropTable('b');` });
  ok(p.ambix('upgrade', 'head', '--sql'));
  p.write(file.slice(p.dir.length + 1), p.read(file.slice(p.dir.length + 1)).replace(`createTable('b'`, `createTable('c'`));
  const r = ok(p.ambix('upgrade', 'head', '--sql'));
  expect(r.stdout).toContain('CREATE TABLE "c"');
  expect(r.stdout).not.toContain('CREATE TABLE "b"');
});

// The bundle is a script whose compiled code V8 keeps in `<bundle>.js.v8` (Node 20 keeps none for
// ES modules); its packages are still loaded by Node's import(), in the order a module would.
describe('the bundle as a script with its compiled code kept', () => {
  const cache = () => p.ls('.ambix-cache').filter((f) => f.startsWith('g'));
  const pkg = (name: string, files: Record<string, string>) => {
    for (const [file, text] of Object.entries(files)) p.write(`node_modules/${name}/${file}`, text);
  };

  it("imports packages as a module would: default, named and namespace imports, CommonJS, node: builtins, each package's first evaluation in import order", () => {
    pkg('order-a', { 'package.json': `{ "name": "order-a", "type": "module", "exports": "./index.js" }`, 'index.js': `(globalThis.order ??= []).push('a');\nexport default 'A';\nexport const shout = (s) => s.toUpperCase();\n` });
    pkg('order-b', { 'package.json': `{ "name": "order-b", "main": "index.js" }`, 'index.js': `(globalThis.order ??= []).push('b');\nexports.tableName = 'from_cjs';\n` });
    p.revision({ id: 'r1', imports: `import { tableName } from 'order-b';\nimport { join } from 'node:path';`, upgrade: `ctx.log(\`order \${globalThis.order.join(',')}\`); await op.createTable(tableName, { id: integer().primaryKey() }); ctx.log(join('x', 'y'));`, downgrade: `await op.dropTable(tableName);` });
    p.revision({ id: 'r2', down: 'r1', imports: `import a, { shout } from 'order-a';\nimport * as b from 'order-b';\nimport cjs from 'order-b';`, upgrade: `await op.createTable(shout(a + '_' + b.tableName + '_' + cjs.tableName), { id: integer().primaryKey() });`, downgrade: `` });
    const r = ok(p.ambix('upgrade', 'head'));
    // r1's packages are evaluated before r2's, as the bundle's imports are written.
    expect(r.stderr).toContain('order b,a');
    expect(r.stderr).toContain('x/y');
    expect(p.rows(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'ambix%' ORDER BY name`)).toEqual([{ name: 'A_FROM_CJS_FROM_CJS' }, { name: 'from_cjs' }]);
    const files = cache();
    const script = files.find((f) => f.endsWith('.js'))!;
    expect(files.filter((f) => f.startsWith(`${script}.`) && f.endsWith('.v8'))).toHaveLength(1);
    expect(files.some((f) => f.endsWith('.mjs'))).toBe(false);
  });

  it('a first run, which builds the bundle, evaluates many packages in import order too (side-effect imports included)', () => {
    const names = Array.from({ length: 8 }, (_, i) => `seq-${i}`);
    for (const name of names) pkg(name, { 'package.json': `{ "name": "${name}", "type": "module", "exports": "./index.js" }`, 'index.js': `(globalThis.seq ??= []).push('${name.slice(4)}');\nexport const n = ${name.slice(4)};\n` });
    const imports = (from: number) => names.slice(from, from + 4).map((n, i) => (i % 2 ? `import '${n}';` : `import { n as n${i} } from '${n}';`)).join('\n');
    p.revision({ id: 'r1', imports: imports(0), upgrade: `ctx.log(\`seq \${globalThis.seq.join(',')}\`); await op.createTable('a' + n0 + n2, { id: integer().primaryKey() });`, downgrade: `await op.dropTable('a02');` });
    p.revision({ id: 'r2', down: 'r1', imports: imports(4), upgrade: `await op.createTable('b' + n0 + n2, { id: integer().primaryKey() });`, downgrade: `await op.dropTable('b46');` });
    const r = ok(p.ambix('upgrade', 'head'));
    expect(r.stderr).toContain('seq 0,1,2,3,4,5,6,7');
    expect(p.rows(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'ambix%' ORDER BY name`)).toEqual([{ name: 'a02' }, { name: 'b46' }]);
  });

  it('the kept code is used again, and a damaged one is replaced without harm', () => {
    p.revision({ id: 'r1', upgrade: `await op.createTable('a', { id: integer().primaryKey() });`, downgrade: `await op.dropTable('a');` });
    p.revision({ id: 'r2', down: 'r1', upgrade: `await op.createTable('b', { id: integer().primaryKey() });`, downgrade: `await op.dropTable('b');` });
    const first = ok(p.ambix('upgrade', 'head', '--sql')).stdout;
    // The revisions' bundle and the config's (a TypeScript config is loaded the same way).
    const v8 = cache().filter((f) => f.endsWith('.v8'));
    expect(v8).toHaveLength(2);
    const kept = v8.map((f) => p.read(`.ambix-cache/${f}`));
    expect(ok(p.ambix('upgrade', 'head', '--sql')).stdout).toBe(first);
    // Accepted by V8: not written again.
    expect(v8.map((f) => p.read(`.ambix-cache/${f}`))).toEqual(kept);
    for (const f of v8) p.write(`.ambix-cache/${f}`, 'not compiled code');
    expect(ok(p.ambix('upgrade', 'head', '--sql')).stdout).toBe(first);
    for (const f of v8) expect(p.read(`.ambix-cache/${f}`)).not.toBe('not compiled code');
    expect(cache().filter((f) => f.endsWith('.v8'))).toEqual(v8);
  });

  it('revisions that need an ES module (top-level await, dynamic import, import.meta) are loaded as one', () => {
    p.revision({ id: 'r1', imports: `const name: string = await Promise.resolve('tla');`, upgrade: `await op.createTable(name, { id: integer().primaryKey() });`, downgrade: `await op.dropTable(name);` });
    p.revision({ id: 'r2', down: 'r1', upgrade: `const { basename } = await import('node:path'); await op.createTable(basename('/x/dyn'), { id: integer().primaryKey() });`, downgrade: `await op.dropTable('dyn');` });
    p.revision({ id: 'r3', down: 'r2', upgrade: `await op.createTable(import.meta.resolve('node:path').replace(':', '_'), { id: integer().primaryKey() });`, downgrade: `` });
    ok(p.ambix('upgrade', 'head'));
    expect(p.rows(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'ambix%' ORDER BY name`)).toEqual([{ name: 'dyn' }, { name: 'node_path' }, { name: 'tla' }]);
    expect(cache().some((f) => f.endsWith('.mjs'))).toBe(true);
  });

  it("a project whose `ambix` is another install than the running CLI's uses that install's modules", () => {
    // The CLI hands its own `ambix` and `ambix/schema` to a bundle that names them; here the
    // project's are a copy elsewhere, imported as they are, and their column builders still work
    // with the CLI's operations.
    const own = join(p.dir, 'node_modules/ambix');
    rmSync(own);
    mkdirSync(own);
    cpSync(join(repoRoot, 'package.json'), join(own, 'package.json'));
    cpSync(join(repoRoot, 'dist'), join(own, 'dist'), { recursive: true, filter: (src) => !src.includes(`${join('dist', 'types')}`) });
    p.revision({ id: 'r1', upgrade: `await op.createTable('a', { id: integer().primaryKey(), name: varchar(20).notNull().default('x') });`, downgrade: `await op.dropTable('a');` });
    p.revision({ id: 'r2', down: 'r1', upgrade: `await op.addColumn('a', 'n', integer().nullable());`, downgrade: `await op.dropColumn('a', 'n');` });
    ok(p.ambix('upgrade', 'head'));
    expect(p.rows(`SELECT name, "notnull", dflt_value FROM pragma_table_info('a') ORDER BY cid`)).toEqual([
      { name: 'id', notnull: 1, dflt_value: null },
      { name: 'name', notnull: 1, dflt_value: "'x'" },
      { name: 'n', notnull: 0, dflt_value: null },
    ]);
    const script = JSON.parse(p.read(`.ambix-cache/${cache().find((f) => f.endsWith('.json') && p.read(`.ambix-cache/${f}`).includes('schema.js'))!}`)) as { script: { externals: string[] } };
    expect(script.script.externals.every((url) => url.startsWith(pathToFileURL(own).href))).toBe(true);
  });

  it('a revision without a default export is named', () => {
    p.revision({ id: 'r1', upgrade: `await op.createTable('a', { id: integer().primaryKey() });`, downgrade: `` });
    const bad = p.write('migrations/versions/0002_r2.ts', `/**\n * r2\n *\n * Revision ID: r2\n */\nimport { defineMigration } from 'ambix';\nexport const migration = defineMigration({ revision: 'r2', downRevision: 'r1', async upgrade() {}, async downgrade() {} });\n`);
    const r = p.ambix('upgrade', 'head');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad} does not default-export a migration`);
  });
});

it('one copy of ambix in the process: an error the program throws is an instance of the class a revision imports, as a script bundle and as an ES module', () => {
  const probe = `try {
      await op.alterColumn('no_such_table', 'c', {});
    } catch (e) {
      const { UserError } = await import('ambix');
      ctx.log(\`same class: \${e instanceof UserError && e instanceof AmbixUserError}, code \${(e as { code?: string }).code}\`);
    }
    await op.createTable(ctx.revision, { id: integer().primaryKey() });`;
  // r1 is a plain script bundle; r2 uses top-level await, so the run loads it as an ES module (`import 'ambix'` through Node).
  p.revision({ id: 'r1', imports: `import { UserError as AmbixUserError } from 'ambix';`, upgrade: probe.replace("const { UserError } = await import('ambix');", 'const UserError = AmbixUserError;') });
  p.revision({ id: 'r2', down: 'r1', imports: `import { UserError as AmbixUserError } from 'ambix';\nawait Promise.resolve();`, upgrade: probe });
  const r = ok(p.ambix('upgrade', 'head'));
  expect(r.stderr.match(/same class: \w+, code \w+/g)).toEqual(['same class: true, code USER_ERROR', 'same class: true, code USER_ERROR']);
});
