// The manual's "查看状态" and "合并迁移" workflows, run as a user runs them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Project, repoRoot } from '../helpers/project.js';

let p: Project;
beforeEach(() => {
  p = new Project();
  expect(p.ambix('init', 'migrations').code).toBe(0);
});
afterEach(() => p.remove());

function rev(msg: string, id: string, ...flags: string[]) {
  const r = p.ambix('revision', '-m', msg, '--rev-id', id, ...flags);
  expect(r.stderr).toContain('Generating');
  expect(r.code).toBe(0);
}

describe('ambix init', () => {
  it('writes the config, the template, the README and versions/', () => {
    expect(p.ls('.')).toEqual(['.ambix-cache', 'ambix.config.ts', 'migrations', 'node_modules'].filter((f) => f !== '.ambix-cache' || p.ls('.').includes(f)));
    expect(p.ls('migrations')).toEqual(['README.md', 'script.ts.tmpl', 'versions']);
    expect(p.read('ambix.config.ts')).toContain("migrations: 'migrations'");
  });
  it('refuses a folder that is not empty, in one line, changing nothing', () => {
    const r = p.ambix('init', 'migrations');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('already exists and is not empty');
  });
  it('lists templates and writes a JavaScript project with -t javascript', () => {
    expect(p.ambix('list-templates').stdout).toMatch(/generic - .*\njavascript - /);
    const js = new Project();
    try {
      expect(js.ambix('init', 'db', '-t', 'javascript').code).toBe(0);
      expect(js.ls('.')).toContain('ambix.config.mjs');
      expect(js.ls('db')).toContain('script.mjs.tmpl');
      expect(js.ambix('revision', '-m', 'first', '--rev-id', 'aaa111').code).toBe(0);
      expect(js.ls('db/versions')[0]).toMatch(/_aaa111_first\.mjs$/);
      expect(js.ambix('heads').stdout).toBe('aaa111 (head)\n');
    } finally {
      js.remove();
    }
    expect(p.ambix('init', 'x', '-t', 'nope').stderr).toContain("No template named 'nope'");
  });
});

describe('revision, heads, history, show', () => {
  it('a linear history prints in Alembic shape', () => {
    rev('create user table', 'aaaa00000001');
    rev('add email to user', 'bbbb00000002');
    expect(p.ambix('heads').stdout).toBe('bbbb00000002 (head)\n');
    expect(p.ambix('history').stdout).toBe('aaaa00000001 -> bbbb00000002 (head), add email to user\n<base> -> aaaa00000001, create user table\n');
    const [file] = p.ls('migrations/versions');
    expect(file).toMatch(/^\d{8}_aaaa00000001_create_user_table\.ts$/);
    const text = p.read(`migrations/versions/${p.ls('migrations/versions')[1]}`);
    expect(text).toContain(" * Revision ID: bbbb00000002\n * Revises: aaaa00000001\n");
    expect(text).toContain("  revision: 'bbbb00000002',\n  downRevision: 'aaaa00000001',");
    const show = p.ambix('show', 'bbbb');
    expect(show.stdout).toContain('Rev: bbbb00000002 (head)\nParent: aaaa00000001\nPath: ');
    expect(p.ambix('show', 'head-1').stdout).toContain('Rev: aaaa00000001');
    expect(p.ambix('history', '-r', 'aaaa00000001:aaaa00000001').stdout).toBe('<base> -> aaaa00000001, create user table\n');
  });

  it('--json gives the documented record', () => {
    rev('first', 'aaaa00000001');
    const [r] = JSON.parse(p.ambix('heads', '--json').stdout);
    expect(r).toEqual({
      revision: 'aaaa00000001',
      downRevisions: [],
      branchLabels: [],
      dependsOn: [],
      message: 'first',
      path: expect.stringMatching(/aaaa00000001_first\.ts$/),
      isHead: true,
      isBranchPoint: false,
      isMergePoint: false,
    });
  });

  it('branches after a git merge: two heads, refusal, branches, merge heads', () => {
    rev('base', 'aaaa00000001');
    rev('alice adds a table', 'bbbb00000002');
    const splice = p.ambix('revision', '-m', 'bob', '--head', 'aaaa00000001');
    expect(splice.code).toBe(1);
    expect(splice.stderr).toContain('Revision aaaa00000001 is not a head revision. Pass --splice');
    rev('bob adds a column', 'cccc00000003', '--head', 'aaaa00000001', '--splice');
    expect(p.ambix('heads').stdout).toBe('bbbb00000002 (head)\ncccc00000003 (head)\n');
    const blocked = p.ambix('revision', '-m', 'next');
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('Multiple heads are present');
    expect(blocked.stderr).toContain('ambix merge heads');
    expect(p.ambix('branches').stdout).toBe('aaaa00000001 (branchpoint)\n             -> bbbb00000002 (head)\n             -> cccc00000003 (head)\n');
    const m = p.ambix('merge', 'heads', '-m', 'merge alice and bob', '--rev-id', 'dddd00000004');
    expect(m.code).toBe(0);
    expect(p.ambix('heads').stdout).toBe('dddd00000004 (head)\n');
    expect(p.ambix('history').stdout.split('\n')[0]).toBe('bbbb00000002, cccc00000003 -> dddd00000004 (head) (mergepoint), merge alice and bob');
    expect(p.ambix('merge', 'heads', '-m', 'again').stderr).toContain('Nothing to merge');
  });

  it('branch labels and dependsOn', () => {
    rev('core', 'aaaa00000001', '--branch-label', 'core');
    rev('billing', 'bbbb00000002', '--head', 'base', '--branch-label', 'billing', '--depends-on', 'core');
    expect(p.ambix('heads', '--resolve-dependencies').stdout).toBe('bbbb00000002 (billing) (head)\n');
    expect(p.ambix('heads').stdout).toBe('aaaa00000001 (core) (effective head)\nbbbb00000002 (billing) (head)\n');
    rev('more billing', 'cccc00000003', '--head', 'billing@head');
    expect(p.ambix('history').stdout).toContain('bbbb00000002 -> cccc00000003 (billing) (head), more billing');
    expect(p.ambix('history').stdout).toContain('<base> (core) -> bbbb00000002 (billing), billing');
    expect(p.read(`migrations/versions/${p.ls('migrations/versions').find((f) => f.includes('bbbb'))}`)).toContain("dependsOn: ['core'],");
  });

  it('honours fileTemplate, truncateSlugLength and timezone from the config', () => {
    p.write('ambix.config.ts', `import { defineConfig } from 'ambix';\nexport default defineConfig({ migrations: 'migrations', fileTemplate: '{year}-{rev}-{slug}', truncateSlugLength: 12, timezone: 'UTC' });\n`);
    rev('a rather long message about things', 'eeee00000001');
    // Cut at a whole word, with no `_` left at the end (Alembic would write a_rather_).
    expect(p.ls('migrations/versions')[0]).toMatch(/^\d{4}-eeee00000001-a_rather\.ts$/);
  });

  it("names files the manual's way, <date>_<description>, and refuses a name that is taken", () => {
    p.write('ambix.config.ts', `import { defineConfig } from 'ambix';\nexport default defineConfig({ migrations: 'migrations', fileTemplate: '{year}{month}{day}_{slug}' });\n`);
    rev('add user table', 'aaaa00000001');
    expect(p.ls('migrations/versions')).toEqual([expect.stringMatching(/^\d{8}_add_user_table\.ts$/)]);
    const r = p.ambix('revision', '-m', 'add user table', '--rev-id', 'bbbb00000002');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FAILED: .*_add_user_table\.ts already exists\. Use another message \(fileTemplate has no \{rev\}\)\.\n$/);
    expect(p.ls('migrations/versions')).toHaveLength(1);
  });

  it('runs post-write hooks; a failing hook leaves the file and exits 1', () => {
    p.write('ambix.config.ts', `import { defineConfig } from 'ambix';\nexport default defineConfig({ postWriteHooks: ['sed -i s/XYZ/hooked/'] });\n`);
    p.write('migrations/script.ts.tmpl', p.read('migrations/script.ts.tmpl').replace('{{upgrade}}', '    // XYZ\n{{upgrade}}'));
    rev('hooked', 'aaaa00000001');
    expect(p.read(`migrations/versions/${p.ls('migrations/versions')[0]}`)).toContain('// hooked');
    p.write('ambix.config.ts', `import { defineConfig } from 'ambix';\nexport default defineConfig({ postWriteHooks: ['false'] });\n`);
    const r = p.ambix('revision', '-m', 'broken hook', '--rev-id', 'bbbb00000002');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('post-write hook `false` failed');
    expect(p.ls('migrations/versions').some((f) => f.includes('bbbb00000002'))).toBe(true);
  });
});

describe('errors: one line, exit 1, what to do next', () => {
  it("an unknown revision names the heads and the fix", () => {
    rev('first', 'aaaa00000001');
    const r = p.ambix('show', 'zzzz');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("FAILED: Can't locate revision identified by 'zzzz'. Known heads: aaaa00000001. Run `ambix heads` or `ambix history` to see the revisions.\n");
    expect(p.ambix('show', 'zzzz', '--debug').stderr).toContain('at ');
  });
  it('an ambiguous prefix lists the candidates', () => {
    rev('one', 'abcd00000001');
    rev('two', 'abcd00000002');
    expect(p.ambix('show', 'abcd').stderr).toContain("Multiple revisions start with 'abcd': 'abcd00000001', 'abcd00000002'");
  });
  it('a duplicate id names both files; a dangling downRevision names the file', () => {
    rev('one', 'aaaa00000001');
    const [f] = p.ls('migrations/versions');
    p.write(`migrations/versions/copy_${f}`, p.read(`migrations/versions/${f}`));
    const dup = p.ambix('heads');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/Revision id 'aaaa00000001' is declared twice: in .*copy_.* and in|declared twice: in .* and in .*copy_/);
    p.write(`migrations/versions/copy_${f}`, p.read(`migrations/versions/${f}`).replaceAll('aaaa00000001', 'bbbb00000002').replace('downRevision: null', "downRevision: 'gone'"));
    expect(p.ambix('heads').stderr).toContain("has downRevision 'gone', which no revision file declares");
  });
  it('a header field that is not a literal names file, line and field', () => {
    p.write('migrations/versions/x.ts', `import { defineMigration } from 'ambix';\nconst id = 'a';\nexport default defineMigration({\n  revision: id,\n  downRevision: null,\n  async upgrade() {},\n  async downgrade() {},\n});\n`);
    const r = p.ambix('history');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("x.ts:4: header field 'revision' must be a literal");
  });
  it('config problems: missing file, unknown option, syntax error with file:line', () => {
    expect(p.ambix('heads', '-c', 'nope.ts').stderr).toContain('Config file not found');
    p.write('ambix.config.ts', `import { defineConfig } from 'ambix';\nexport default defineConfig({ migration: 'migrations' } as any);\n`);
    expect(p.ambix('heads').stderr).toBe("FAILED: Unknown option 'migration' in ambix.config.ts. Did you mean 'migrations'?\n");
    p.write('ambix.config.ts', `import { defineConfig } from 'ambix';\nexport default defineConfig({\n  migrations: 'migrations'\n  url: 'x',\n});\n`);
    const syntax = p.ambix('heads');
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(/ambix\.config\.ts:4:\d+: Expected "}" but found "url"/);
    const empty = new Project();
    try {
      expect(empty.ambix('heads').stderr).toContain('No ambix config in');
    } finally {
      empty.remove();
    }
  });
  it('bad flags and -x without =', () => {
    expect(p.ambix('heads', '--bogus').code).toBe(1);
    expect(p.ambix('heads', '-x', 'novalue').stderr).toContain("-x expects key=value, got 'novalue'");
    expect(p.ambix('frobnicate').stderr).toContain("Unknown command 'frobnicate'");
  });
});

describe('the TypeScript config', () => {
  it('may import local TypeScript modules, and edits to them are seen on the next run', () => {
    p.write('settings.ts', `export const folder: string = 'db';\n`);
    p.write('ambix.config.ts', `import { defineConfig } from 'ambix';\nimport { folder } from './settings.ts';\nexport default defineConfig({ migrations: folder });\n`);
    expect(p.ambix('init', 'db').code).toBe(0);
    expect(p.ambix('revision', '-m', 'in db', '--rev-id', 'aaaa00000001').code).toBe(0);
    expect(p.ls('db/versions')).toHaveLength(1);
    p.write('settings.ts', `export const folder: string = 'migrations';\n`);
    expect(p.ambix('heads').stdout).toBe('');
  });
  it('follows tsconfig `paths` aliases to TypeScript files, and sees edits to them', () => {
    p.write('tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } }));
    p.write('src/lib/settings.ts', `export const folder: string = 'db';\n`);
    p.write('ambix.config.ts', `import { defineConfig } from 'ambix';\nimport { folder } from '@/lib/settings';\nexport default defineConfig({ migrations: folder });\n`);
    expect(p.ambix('init', 'db').code).toBe(0);
    const r = p.ambix('revision', '-m', 'in db', '--rev-id', 'aaaa00000002');
    expect(r.code, r.stderr).toBe(0);
    expect(p.ls('db/versions')).toHaveLength(1);
    p.write('src/lib/settings.ts', `export const folder: string = 'migrations';\n`);
    expect(p.ambix('heads').stdout).toBe('');
  });
  it('output into a reader that stops early (`| head -1`) ends quietly, exit 0', () => {
    // More than a pipe holds (64 KB), so the write meets the closed pipe.
    for (let i = 1; i <= 2000; i++) {
      const id = `r${String(i).padStart(5, '0')}`;
      const down = i === 1 ? 'null' : `'r${String(i - 1).padStart(5, '0')}'`;
      p.write(`migrations/versions/${id}.ts`, `/**\n * step ${i}\n */\nimport { defineMigration } from 'ambix';\nexport default defineMigration({\n  revision: '${id}',\n  downRevision: ${down},\n  branchLabels: [],\n  dependsOn: [],\n  async upgrade() {},\n  async downgrade() {},\n});\n`);
    }
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `node ${join(repoRoot, 'dist/cli.cjs')} history | head -1`], { cwd: p.dir, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', AMBIX_CACHE_DIR: join(p.dir, '.ambix-cache') } });
    expect(r.stdout).toBe('r01999 -> r02000 (head), step 2000\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
  it('global flags work before or after the command; values keep leading zeros', () => {
    rev('zeros', '0001');
    expect(p.ambix('--json', 'heads').stdout).toContain('"revision": "0001"');
    expect(p.ambix('heads', '--json').stdout).toContain('"revision": "0001"');
  });
});
