// `ambix test` on its default scratch database, a temporary SQLite file: the four checks, each
// failure naming its step and revision, the report on stdout (or --json), and nothing left behind.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationProject } from '../helpers/migrations.js';

let p: MigrationProject;
beforeEach(() => {
  p = new MigrationProject();
});
afterEach(() => p.remove());

/** `ambix test ...` with its temporary files in a folder of the project, to see that none is left. */
function ambixTest(...args: string[]) {
  const tmp = join(p.dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  const r = p.ambixWith({ TMPDIR: tmp }, 'test', ...args);
  expect(readdirSync(tmp).filter((f) => f.startsWith('ambix-test-')), 'the scratch SQLite folder is removed').toEqual([]);
  return r;
}

const users = { id: 'a1', message: 'create users', upgrade: `await op.createTable('users', { id: integer().primaryKey(), name: varchar(50).notNull() });`, downgrade: `await op.dropTable('users');` };
const nickname = { id: 'b2', down: 'a1', message: 'add nickname to users', upgrade: `await op.addColumn('users', 'nickname', text());`, downgrade: `await op.dropColumn('users', 'nickname');` };
const postIndex = {
  id: 'c3',
  down: 'b2',
  message: 'create posts',
  upgrade: `await op.createTable('posts', { id: integer().primaryKey(), user_id: integer().notNull().references('users.id'), title: text().notNull() }); await op.createIndex('ix_posts_user_id', 'posts', ['user_id']);`,
  downgrade: `await op.dropIndex('ix_posts_user_id', 'posts'); await op.dropTable('posts');`,
};
const models = `import { table, integer, varchar, text } from 'ambix/schema';
export const users = table('users', { id: integer().primaryKey(), name: varchar(50).notNull(), nickname: text() });
export const posts = table('posts', { id: integer().primaryKey(), user_id: integer().notNull().references('users.id'), title: text().notNull() }, (t) => [index('ix_posts_user_id').on(t.user_id)]);
`;

function healthy(): void {
  p.config(`schema: './src/models.ts'`);
  p.write('src/models.ts', models.replace(`import { table,`, `import { index, table,`));
  p.revision(users);
  p.revision(nickname);
  p.revision(postIndex);
}

interface Report {
  ok: boolean;
  dialect: string;
  scratch: string[];
  revisions: number;
  results: { step: string; revision: string | null; message: string | null; ms: number; status: string; detail?: string; differences?: string[]; phase?: string }[];
  failures: { step: string; revision: string | null }[];
}

describe('ambix test on a temporary SQLite file', () => {
  it('passes a healthy project: every check, per revision, with timings, and leaves the project database alone', () => {
    healthy();
    const r = ambixTest();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Testing 3 revisions on a temporary SQLite file');
    expect(r.stderr).toMatch(/All checks passed \(single head, upgrade, models match, stairway\) in \d/);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^step\s+revision\s+message\s+time\s+result$/);
    expect(rows.slice(1).map((l) => l.replace(/\s+\d+(\.\d)?m?s\s+/, ' <t> ').replace(/\s+/g, ' '))).toEqual([
      'single head c3 create posts <t> ok',
      'upgrade a1 create users <t> ok',
      'upgrade b2 add nickname to users <t> ok',
      'upgrade c3 create posts <t> ok',
      'models match c3 create posts <t> ok',
      'stairway a1 create users <t> ok',
      'stairway b2 add nickname to users <t> ok',
      'stairway c3 create posts <t> ok',
    ]);
    // The project's own database is never created or touched.
    expect(p.ls('.')).not.toContain('data');
  });

  it('--json gives the whole report; -q prints nothing on stderr', () => {
    healthy();
    const r = ambixTest('--json', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toMatchObject({ ok: true, dialect: 'sqlite', revisions: 3, failures: [] });
    expect(report.scratch).toHaveLength(2);
    expect(report.results.map((x) => `${x.step} ${x.revision} ${x.status}`)).toEqual(['single-head c3 ok', 'upgrade a1 ok', 'upgrade b2 ok', 'upgrade c3 ok', 'models-match c3 ok', 'stairway a1 ok', 'stairway b2 ok', 'stairway c3 ok']);
    for (const x of report.results) expect(typeof x.ms).toBe('number');
  });

  it('a downgrade that forgets to drop a column fails the stairway, naming the revision and the column', () => {
    p.revision(users);
    p.revision({ ...nickname, downgrade: '' });
    p.revision(postIndex);
    const r = ambixTest();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/stairway\s+a1\s+create users\s+\S+\s+ok/);
    expect(r.stdout).toMatch(/stairway\s+b2\s+add nickname to users\s+\S+\s+FAIL/);
    expect(r.stdout).toContain('+ column users.nickname (left after the downgrade)');
    expect(r.stdout).not.toMatch(/stairway\s+c3/);
    expect(r.stderr).toContain('FAILED: stairway failed at revision b2 (add nickname to users): the downgrade did not restore the schema from before the upgrade: + column users.nickname (left after the downgrade).');
    expect(r.stderr).toContain('Make downgrade() of b2 (');
    const report = JSON.parse(ambixTest('--json').stdout) as Report;
    expect(report.ok).toBe(false);
    expect(report.failures).toMatchObject([{ step: 'stairway', revision: 'b2', phase: 'down-schema', differences: ['+ column users.nickname (left after the downgrade)'] }]);
  });

  it('a downgrade that drops too much (an index the upgrade did not make) is named too', () => {
    p.revision({ ...users, upgrade: `${users.upgrade} await op.createIndex('ix_users_name', 'users', ['name']);` });
    p.revision({ id: 'b2', down: 'a1', message: 'add email', upgrade: `await op.addColumn('users', 'email', text());`, downgrade: `await op.dropColumn('users', 'email'); await op.dropIndex('ix_users_name', 'users');` });
    const r = ambixTest();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stairway failed at revision b2 (add email)');
    expect(r.stdout).toContain('- index ix_users_name on users (missing after the downgrade)');
  });

  it('a view the downgrade leaves behind fails the stairway', () => {
    p.revision(users);
    p.revision({ id: 'v2', down: 'a1', message: 'active users view', upgrade: `await op.execute('CREATE VIEW named_users AS SELECT id, name FROM users');`, downgrade: '' });
    const r = ambixTest();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stairway failed at revision v2 (active users view)');
    expect(r.stdout).toContain('+ view named_users (left after the downgrade)');
  });

  it('a downgrade that throws fails the stairway at its down phase', () => {
    p.revision(users);
    p.revision({ ...nickname, downgrade: `throw new Error('not reversible');` });
    const r = ambixTest('--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.failures).toMatchObject([{ step: 'stairway', revision: 'b2', phase: 'down' }]);
    expect(r.stderr).toContain('stairway failed at revision b2 (add nickname to users): the downgrade failed: ');
    expect(r.stderr).toContain('not reversible');
  });

  it('two heads fail step 1, naming both and suggesting ambix merge heads; nothing else runs', () => {
    p.revision(users);
    p.revision({ id: 'x2', down: 'a1', message: 'feature x', upgrade: `await op.addColumn('users', 'x', text());`, downgrade: `await op.dropColumn('users', 'x');` });
    p.revision({ id: 'y2', down: 'a1', message: 'feature y', upgrade: `await op.addColumn('users', 'y', text());`, downgrade: `await op.dropColumn('users', 'y');` });
    const r = ambixTest();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/single head\s+(x2, y2|y2, x2)\s+\S+\s+FAIL/);
    expect(r.stdout).not.toMatch(/^upgrade/m);
    expect(r.stderr).toMatch(/FAILED: single head failed: 2 heads: (x2 \(feature x\), y2 \(feature y\)|y2 \(feature y\), x2 \(feature x\))\./);
    expect(r.stderr).toContain('ambix merge heads');
  });

  it('after merging the heads, the graph passes: branches and the merge each go up, down, up', () => {
    p.revision(users);
    p.revision({ id: 'x2', down: 'a1', message: 'feature x', upgrade: `await op.addColumn('users', 'x', text());`, downgrade: `await op.dropColumn('users', 'x');` });
    p.revision({ id: 'y2', down: 'a1', message: 'feature y', upgrade: `await op.addColumn('users', 'y', text());`, downgrade: `await op.dropColumn('users', 'y');` });
    p.revision({ id: 'm3', down: ['x2', 'y2'], message: 'merge', upgrade: '', downgrade: '' });
    const r = ambixTest('--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    // The order upgrade runs them in (Alembic's: the branches in either order, then the merge).
    const stairway = report.results.filter((x) => x.step === 'stairway').map((x) => `${x.revision} ${x.status}`);
    expect([stairway[0], [...stairway.slice(1, 3)].sort(), stairway[3]]).toEqual(['a1 ok', ['x2 ok', 'y2 ok'], 'm3 ok']);
  });

  it('models out of sync fail step 3 with the difference, and the stairway still runs', () => {
    healthy();
    p.write('src/models.ts', models.replace(`import { table,`, `import { index, table,`).replace(`nickname: text() }`, `nickname: text(), email: varchar(200) }`));
    const r = ambixTest();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/models match\s+c3\s+create posts\s+\S+\s+FAIL/);
    expect(r.stdout).toContain('+ column users.email');
    expect(r.stdout).toMatch(/stairway\s+c3\s+create posts\s+\S+\s+ok/);
    expect(r.stderr).toContain('FAILED: models match failed at revision c3 (create posts): the models differ from the database at head (1 change not in any revision): + column users.email.');
    expect(r.stderr).toContain('ambix revision --autogenerate');
  });

  it('without a schema in the config, models match is reported as skipped', () => {
    p.revision(users);
    const r = ambixTest();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/models match\s+a1\s+create users\s+\S+\s+skipped/);
    expect(r.stdout).toContain('no `schema` in the config');
    expect(r.stderr).toContain('skipped: models match');
  });

  it('a migration that throws fails step 2 naming it; the revisions after it do not run', () => {
    p.revision(users);
    p.revision({ ...nickname, upgrade: `await op.addColumn('users', 'nickname', text()); throw new Error('boom in b2');` });
    p.revision(postIndex);
    const r = ambixTest();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/upgrade\s+a1\s+create users\s+\S+\s+ok/);
    expect(r.stdout).toMatch(/upgrade\s+b2\s+add nickname to users\s+\S+\s+FAIL/);
    expect(r.stdout).not.toMatch(/upgrade\s+c3/);
    expect(r.stdout).not.toMatch(/^stairway/m);
    expect(r.stderr).toContain('FAILED: upgrade failed at revision b2 (add nickname to users): Upgrade b2 (');
    expect(r.stderr).toContain('boom in b2');
  });

  it('a migration that fails on SQL names the statement', () => {
    p.revision(users);
    p.revision({ id: 'b2', down: 'a1', message: 'bad sql', upgrade: `await op.execute('ALTER TABLE nowhere ADD COLUMN x INTEGER');` });
    const r = ambixTest();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('upgrade failed at revision b2 (bad sql)');
    expect(r.stderr).toContain('no such table: nowhere');
  });

  it('migrations get -x values and their ctx.log lines show on stderr', () => {
    p.revision({ ...users, upgrade: `${users.upgrade} ctx.log('tenant ' + ctx.x.tenant);` });
    const r = ambixTest('-x', 'tenant=acme');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('tenant acme');
  });

  it('a project without revisions passes trivially', () => {
    const r = ambixTest();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('no revisions yet');
  });

  it('notes that the project database is not SQLite when no --url is given', () => {
    p.write('ambix.config.ts', `import { defineConfig } from 'ambix';\nexport default defineConfig({ url: 'postgres://nobody@127.0.0.1:1/app', migrations: 'migrations' });\n`);
    p.revision(users);
    const r = ambixTest();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Note: testing on a temporary SQLite database; pass --url with a PostgreSQL server URL');
  });
});
