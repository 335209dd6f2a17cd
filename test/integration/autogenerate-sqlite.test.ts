// 日常开发流程 with autogenerate: edit the models, `revision --autogenerate`, review, upgrade.
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationProject } from '../helpers/migrations.js';

const require = createRequire(import.meta.url);
let p: MigrationProject;
beforeEach(() => {
  p = new MigrationProject();
  p.config(`schema: './src/db/models.ts'`);
});
afterEach(() => p.remove());
const ok = (r: { code: number; stderr: string }) => expect(r.code, r.stderr).toBe(0);

const header = `import { table, integer, varchar, text, boolean, timestamp, sql, index } from 'ambix/schema';\n`;
const llm = (extra = '') => `export const llmSetting = table('llm_setting', {
  id: integer().primaryKey(),
  provider: varchar(50).notNull().index(),
  model_name: text().notNull(),
  api_key: text().notNull(),${extra}
});\n`;
function models(body: string) {
  p.write('src/db/models.ts', header + body);
}
/** The revision file whose name carries this slug. */
function revisionFile(slug: string): string {
  const file = p.ls('migrations/versions').find((f) => f.endsWith(`_${slug}.ts`));
  if (!file) throw new Error(`no revision file for ${slug}: ${p.ls('migrations/versions').join(', ')}`);
  return p.read(`migrations/versions/${file}`);
}

describe('the manual workflow with autogenerate', () => {
  it('initial migration, upgrade, then check finds nothing', () => {
    models(llm());
    const r = p.ambix('revision', '--autogenerate', '-m', 'initial migration');
    ok(r);
    expect(r.stderr).toContain('+ table llm_setting');
    expect(revisionFile('initial_migration')).toContain("await op.createTable('llm_setting', {");
    expect(revisionFile('initial_migration')).toContain("provider: varchar(50).notNull().index(),");
    ok(p.ambix('upgrade', 'head'));
    const c = p.ambix('check');
    ok(c);
    expect(c.stderr).toContain('No new upgrade operations detected.');
  });

  it('adding a field: check fails listing it, autogenerate writes addColumn and a reversible downgrade', () => {
    models(llm());
    ok(p.ambix('revision', '--autogenerate', '-m', 'initial'));
    ok(p.ambix('upgrade', 'head'));
    models(llm(`\n  timeout: integer().notNull().default(30),`));
    const c = p.ambix('check');
    expect(c.code).toBe(1);
    expect(c.stdout).toContain('+ column llm_setting.timeout');
    ok(p.ambix('revision', '--autogenerate', '-m', 'add timeout to llm_setting'));
    const text = revisionFile('add_timeout_to_llm_setting');
    expect(text).toContain("await op.addColumn('llm_setting', 'timeout', integer().notNull().default(30));");
    expect(text).toContain('// ambix: destructive — drops column llm_setting.timeout and its data');
    ok(p.ambix('upgrade', 'head'));
    ok(p.ambix('check'));
    ok(p.ambix('downgrade', '-1'));
    expect(p.columns('llm_setting').map((c) => c.name)).not.toContain('timeout');
  });

  it('refuses while the database is behind: Target database is not up to date', () => {
    models(llm());
    ok(p.ambix('revision', '--autogenerate', '-m', 'initial'));
    const r = p.ambix('revision', '--autogenerate', '-m', 'next');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Target database is not up to date');
    expect(r.stderr).toContain('ambix upgrade head');
    expect(p.ambix('check').stderr).toContain('Target database is not up to date');
    expect(p.ls('migrations/versions')).toHaveLength(1);
  });

  it('a rename given with --rename keeps the rows; without it a loud warning and drop + add', () => {
    models(llm());
    ok(p.ambix('revision', '--autogenerate', '-m', 'initial'));
    ok(p.ambix('upgrade', 'head'));
    models(llm().replace('api_key', 'secret_key'));
    const warn = p.ambix('revision', '--autogenerate', '-m', 'guess', '--skip-empty', '--rev-id', 'guess1');
    ok(warn);
    expect(warn.stderr).toContain('WARNING: column llm_setting.api_key -> llm_setting.secret_key may be a rename: --rename llm_setting.api_key=llm_setting.secret_key keeps the data');
    expect(revisionFile('guess')).toContain("await op.dropColumn('llm_setting', 'api_key');");
    const { rmSync } = require('node:fs');
    rmSync(`${p.dir}/migrations/versions/${p.ls('migrations/versions').find((f) => f.includes('guess1'))}`);
    ok(p.ambix('revision', '--autogenerate', '-m', 'rename key', '--rename', 'llm_setting.api_key=llm_setting.secret_key'));
    expect(revisionFile('rename_key')).toContain("await op.renameColumn('llm_setting', 'api_key', 'secret_key');");
    expect(revisionFile('rename_key')).toContain("await op.renameColumn('llm_setting', 'secret_key', 'api_key');");
    ok(p.ambix('upgrade', 'head'));
    ok(p.ambix('check'));
  });

  it('with no change it says so and still writes the file, unless --skip-empty', () => {
    models(llm());
    ok(p.ambix('revision', '--autogenerate', '-m', 'initial'));
    ok(p.ambix('upgrade', 'head'));
    const r = p.ambix('revision', '--autogenerate', '-m', 'nothing');
    ok(r);
    expect(r.stderr).toContain('No changes in schema detected.');
    expect(revisionFile('nothing')).toContain('// No changes detected.');
    ok(p.ambix('upgrade', 'head'));
    const skip = p.ambix('revision', '--autogenerate', '-m', 'nothing again', '--skip-empty');
    ok(skip);
    expect(p.ls('migrations/versions')).toHaveLength(2);
  });

  it('错误5: a foreign key to an unknown table, and a model file that fails to load, are named', () => {
    models(`export const chat = table('chat_session', { id: integer().primaryKey(), config_id: integer().references('llmconfig.id') });\n`);
    const r = p.ambix('revision', '--autogenerate', '-m', 'x');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('llmconfig');
    p.write('src/db/models.ts', `import { nothing } from './missing.ts';\nvoid nothing;\n` + header + llm());
    const m = p.ambix('check');
    expect(m.code).toBe(1);
    expect(m.stderr).toContain('models.ts');
    expect(m.stderr).toContain('missing');
  });

  it('no schema configured says where to set it', () => {
    p.config('');
    models(llm());
    expect(p.ambix('check').stderr).toContain('the config has no `schema`');
  });
});
