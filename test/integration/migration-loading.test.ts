// The revisions a run needs are loaded as one cached bundle: each keeps its own scope, a
// helper they share is one module, and an edit to any revision or helper is seen next run.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MigrationProject } from '../helpers/migrations.js';

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
