// 迁移管理 on a real SQLite file: versions, branches, stamp, offline SQL, failures,
// concurrency, backups and the log of applied migrations.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, existsSync, statSync, utimesSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationProject } from '../helpers/migrations.js';
import { repoRoot } from '../helpers/project.js';

const require = createRequire(import.meta.url);

let p: MigrationProject;
beforeEach(() => {
  p = new MigrationProject();
});
afterEach(() => p.remove());
const ok = (r: { code: number; stderr: string }) => expect(r.code, r.stderr).toBe(0);

function chain(n: number): string[] {
  const ids: string[] = [];
  for (let i = 1; i <= n; i++) {
    const id = `r${i}`;
    p.revision({ id, down: i === 1 ? null : `r${i - 1}`, message: `create t${i}`, upgrade: `await op.createTable('t${i}', { id: integer().primaryKey(), name: varchar(20) });`, downgrade: `await op.dropTable('t${i}');` });
    ids.push(id);
  }
  return ids;
}
const tables = () => p.rows<{ name: string }>(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 't%' ORDER BY name`).map((r) => r.name);

describe('版本控制 upgrade, downgrade, relative steps, current, history -i', () => {
  it('moves by +N, -N, ids and base, and current shows where the database is', () => {
    chain(4);
    ok(p.ambix('upgrade', '+2'));
    expect(p.versions()).toEqual(['r2']);
    expect(p.ambix('current').stdout).toBe('r2\n');
    ok(p.ambix('upgrade', 'head'));
    expect(p.ambix('current').stdout).toBe('r4 (head)\n');
    expect(tables()).toEqual(['t1', 't2', 't3', 't4']);
    ok(p.ambix('downgrade', '-1'));
    expect(tables()).toEqual(['t1', 't2', 't3']);
    ok(p.ambix('downgrade', 'r1'));
    expect(p.versions()).toEqual(['r1']);
    expect(p.ambix('history', '-i').stdout).toContain('<base> -> r1 (current), create t1');
    ok(p.ambix('downgrade', 'base'));
    expect(p.versions()).toEqual([]);
    expect(tables()).toEqual([]);
    expect(p.ambix('current').stdout).toBe('');
  });

  it('says so when there is nothing to do, and --check-heads fails when behind', () => {
    chain(2);
    ok(p.ambix('upgrade', 'head'));
    expect(p.ambix('upgrade', 'head').stderr).toContain('Nothing to upgrade');
    ok(p.ambix('downgrade', '-1'));
    const r = p.ambix('current', '--check-heads');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Database is not on all head revisions');
  });

  it('prints progress per step, nothing with -q, and a summary with --json', () => {
    chain(2);
    const r = p.ambix('upgrade', 'head');
    expect(r.stderr).toContain('Running upgrade <base> -> r1, create t1');
    expect(r.stderr).toContain('Running upgrade r1 -> r2, create t2');
    ok(p.ambix('downgrade', 'base', '-q'));
    const j = p.ambix('upgrade', 'head', '--json', '-q');
    expect(j.stderr).toBe('');
    expect(JSON.parse(j.stdout)).toMatchObject({ direction: 'up', from: [], to: ['r2'], steps: [{ revision: 'r1' }, { revision: 'r2' }] });
  });
});

describe('branches in the version table', () => {
  it('a branch point adds a row; the merge replaces its parents with one', () => {
    p.revision({ id: 'a', upgrade: `await op.createTable('base_t', { id: integer().primaryKey() });`, downgrade: `await op.dropTable('base_t');` });
    p.revision({ id: 'b1', down: 'a', upgrade: `await op.createTable('b1', { id: integer().primaryKey() });`, downgrade: `await op.dropTable('b1');` });
    p.revision({ id: 'c1', down: 'a', upgrade: `await op.createTable('c1', { id: integer().primaryKey() });`, downgrade: `await op.dropTable('c1');` });
    ok(p.ambix('upgrade', 'b1'));
    ok(p.ambix('upgrade', 'c1'));
    expect(p.versions()).toEqual(['b1', 'c1']);
    expect(p.ambix('current').stdout).toBe('b1 (head)\nc1 (head)\n');
    const m = p.ambix('merge', 'heads', '-m', 'merge', '--rev-id', 'm1');
    ok(m);
    ok(p.ambix('upgrade', 'head'));
    expect(p.versions()).toEqual(['m1']);
    ok(p.ambix('downgrade', 'b1'));
    expect(p.versions()).toEqual(['b1', 'c1']);
    const amb = p.ambix('downgrade', '-1');
    expect(amb.code).toBe(1);
    expect(amb.stderr).toContain("'b1@-1' or 'c1@-1'");
    ok(p.ambix('downgrade', 'c1@-1'));
    expect(p.versions()).toEqual(['b1']);
  });
});

describe('stamp', () => {
  it('records a revision without running it; --purge resets a database whose revision file is gone', () => {
    chain(3);
    ok(p.ambix('stamp', 'r2'));
    expect(p.versions()).toEqual(['r2']);
    expect(tables()).toEqual([]);
    ok(p.ambix('upgrade', 'head'));
    expect(tables()).toEqual(['t3']);
    // 错误2: the database records a revision no file declares.
    const db = new (require('better-sqlite3'))(join(p.dir, 'data/app.db'));
    db.prepare(`UPDATE ambix_version SET version_num = 'gone99'`).run();
    db.close();
    const r = p.ambix('current');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Can't locate revision identified by 'gone99'");
    expect(r.stderr).toContain('ambix stamp --purge');
    ok(p.ambix('stamp', '--purge', 'head'));
    expect(p.versions()).toEqual(['r3']);
    ok(p.ambix('stamp', 'base'));
    expect(p.versions()).toEqual([]);
  });
});

describe('offline SQL (生成SQL预览)', () => {
  it('upgrade head --sql writes the DDL and version updates and leaves the database byte-identical', () => {
    chain(3);
    ok(p.ambix('upgrade', 'r1'));
    const before = readFileSync(join(p.dir, 'data/app.db'));
    const r = p.ambix('upgrade', 'head', '--sql');
    ok(r);
    expect(readFileSync(join(p.dir, 'data/app.db')).equals(before)).toBe(true);
    expect(r.stdout).toContain('CREATE TABLE "ambix_version"');
    expect(r.stdout).toContain('-- Running upgrade <base> -> r1, create t1');
    expect(r.stdout).toContain('CREATE TABLE "t3"');
    expect(r.stdout).toContain(`INSERT INTO "ambix_version" (version_num) VALUES ('r1');`);
    expect(r.stdout).toContain(`UPDATE "ambix_version" SET version_num = 'r3' WHERE version_num = 'r2';`);
    expect(r.stdout.match(/^BEGIN;$/gm)).toHaveLength(3);
    expect(readdirSync(join(p.dir, 'data')).filter((f) => f.endsWith('.bak'))).toHaveLength(0);
  });

  it('ranges start:end for upgrade and downgrade, escaping literals', () => {
    chain(3);
    p.revision({ id: 'r4', down: 'r3', upgrade: `await op.bulkInsert('t1', [{ name: "it's" }]); await op.execute(sql\`UPDATE t1 SET name = 'x'\`);`, downgrade: `await op.execute("DELETE FROM t1");` });
    const up = p.ambix('upgrade', 'r2:r4', '--sql');
    ok(up);
    expect(up.stdout).not.toContain('CREATE TABLE "t1"');
    expect(up.stdout).toContain(`INSERT INTO "t1" ("name") VALUES ('it''s');`);
    const down = p.ambix('downgrade', 'r4:r2', '--sql');
    ok(down);
    expect(down.stdout).toContain('DROP TABLE "t3"');
    expect(down.stdout).toContain(`UPDATE "ambix_version" SET version_num = 'r2' WHERE version_num = 'r3';`);
    expect(p.ambix('downgrade', 'base', '--sql').stderr).toContain('downgrade with --sql requires <fromrev>:<torev>');
    expect(p.ambix('upgrade', 'r1:r2').stderr).toContain('Range revision not allowed');
  });

  it('offline, a rebuild uses the tables the earlier revisions defined; getBind() refuses clearly', () => {
    p.revision({ id: 'a1', upgrade: `await op.createTable('item', { id: integer().primaryKey(), price: integer() }); await op.createIndex('ix_item_price', 'item', ['price']);` });
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.alterColumn('item', 'price', { type: numeric(10, 2), nullable: false });` });
    const r = p.ambix('upgrade', 'a1:b2', '--sql');
    ok(r);
    expect(r.stdout).toContain('CREATE TABLE "_ambix_tmp_item"');
    expect(r.stdout).toContain('"price" NUMERIC(10, 2) NOT NULL');
    expect(r.stdout).toContain('CREATE INDEX "ix_item_price" ON "item" ("price");');
    p.revision({ id: 'c3', down: 'b2', upgrade: `await op.getBind().query('SELECT 1');` });
    const bad = p.ambix('upgrade', 'b2:c3', '--sql');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('op.getBind() needs a live database, but this run writes SQL (--sql)');
  });

  it('offline, a table shaped by raw SQL cannot be rebuilt: the error names table and revision', () => {
    p.revision({ id: 'a1', upgrade: `await op.execute('CREATE TABLE raw (id INTEGER PRIMARY KEY, v TEXT CHECK (v <> \\'\\'))');` });
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.alterColumn('raw', 'v', { nullable: false });` });
    const r = p.ambix('upgrade', 'head', '--sql');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot rebuild table raw in revision b2');
    expect(r.stderr).toContain('op.assumeTable');
  });
});

describe('a failing migration', () => {
  it('leaves schema and version as before it, naming revision, file, statement and what ran', () => {
    chain(1);
    p.revision({ id: 'r2', down: 'r1', upgrade: `await op.createTable('good', { id: integer().primaryKey() }); await op.execute('INSERT INTO nowhere VALUES (1)');` });
    const r = p.ambix('upgrade', 'head');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^FAILED: Upgrade r2 \(.*0002_r2\.ts\) failed: no such table: nowhere while running: INSERT INTO nowhere VALUES \(1\)\. r2 was rolled back; the database is as it was before it\. Applied before it in this run: r1\.$/);
    expect(p.versions()).toEqual(['r1']);
    expect(p.rows(`SELECT name FROM sqlite_schema WHERE name = 'good'`)).toEqual([]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('transactionPerMigration: false rolls the whole run back', () => {
    p.config('transactionPerMigration: false');
    chain(1);
    p.revision({ id: 'r2', down: 'r1', upgrade: `await op.execute('BROKEN SQL');` });
    expect(p.ambix('upgrade', 'head').code).toBe(1);
    expect(tables()).toEqual([]);
    expect(p.rows(`SELECT name FROM sqlite_schema WHERE name = 'ambix_version'`)).toHaveLength(1);
    expect(p.versions()).toEqual([]);
  });

  it('a syntax error in a migration body names file and line when it is loaded', () => {
    chain(1);
    p.write('migrations/versions/0002_r2.ts', p.read('migrations/versions/0001_r1.ts').replaceAll('r1', 'r2').replace("downRevision: null", "downRevision: 'r1'").replace('async downgrade(op, ctx) {', 'async downgrade(op, ctx) { const x = ;'));
    const r = p.ambix('upgrade', 'head');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/0002_r2\.ts:\d+:\d+: Unexpected ";"/);
    expect(p.rows(`SELECT name FROM sqlite_schema WHERE name = 'ambix_version'`)).toEqual([]);
  });
});

describe('one migrator at a time', () => {
  it('two processes upgrading at once apply each migration once and both exit 0', async () => {
    for (let i = 1; i <= 6; i++) {
      p.revision({ id: `r${i}`, down: i === 1 ? null : `r${i - 1}`, upgrade: `await op.createTable('t${i}', { id: integer().primaryKey() }); await new Promise((r) => setTimeout(r, 60));` });
    }
    const run = () =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [join(repoRoot, 'dist/cli.cjs'), 'upgrade', 'head'], { cwd: p.dir, env: { ...process.env, AMBIX_CACHE_DIR: join(p.dir, '.ambix-cache') } });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
      });
    ok(p.ambix('heads'));
    const [a, b] = await Promise.all([run(), run()]);
    ok(a);
    ok(b);
    expect(p.rows(`SELECT revision FROM ambix_version_log WHERE direction = 'up' ORDER BY id`).map((r) => (r as { revision: string }).revision)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(p.versions()).toEqual(['r6']);
    expect([a.stderr, b.stderr].some((s) => s.includes('Nothing to upgrade'))).toBe(true);
  });
});

describe('backups and the log of applied migrations', () => {
  it('backs the file up before migrating, unless told not to', () => {
    chain(2);
    const r = p.ambix('upgrade', 'r1');
    expect(r.stderr).not.toContain('Backed up');
    const r2 = p.ambix('upgrade', 'head');
    const bak = readdirSync(join(p.dir, 'data')).filter((f) => f.endsWith('.bak'));
    expect(bak).toHaveLength(1);
    expect(bak.some((f) => /^app\.db\.\d{8}T\d{6}Z\.r1\.bak$/.test(f))).toBe(true);
    expect(r2.stderr).toMatch(/Backed up .*app\.db to .*app\.db\.\d{8}T\d{6}Z\.r1\.bak/);
    ok(p.ambix('downgrade', 'base', '--no-backup'));
    expect(readdirSync(join(p.dir, 'data')).filter((f) => f.endsWith('.bak'))).toHaveLength(1);
    p.config('backup: false');
    ok(p.ambix('upgrade', 'head'));
    expect(readdirSync(join(p.dir, 'data')).filter((f) => f.endsWith('.bak'))).toHaveLength(1);
    ok(p.ambix('downgrade', 'base', '--url', 'sqlite::memory:'));
  });

  it('logs each step with its checksum, and warns loudly when an applied file was edited', () => {
    chain(2);
    ok(p.ambix('upgrade', 'head'));
    const log = p.rows<{ revision: string; direction: string; checksum: string; status: string; duration_ms: number }>('SELECT revision, direction, checksum, status, duration_ms FROM ambix_version_log ORDER BY id');
    expect(log.map((l) => [l.revision, l.direction, l.status])).toEqual([
      ['r1', 'up', 'done'],
      ['r2', 'up', 'done'],
    ]);
    expect(log[0]!.checksum).toBe(createHash('sha256').update(p.read('migrations/versions/0001_r1.ts')).digest('hex'));
    const file = 'migrations/versions/0001_r1.ts';
    // Edited in place, same size, modification time put back: checksums are remembered per
    // file identity, and the change time still gives the edit away.
    const before = statSync(join(p.dir, file));
    p.write(file, p.read(file).replace("varchar(20)", "varchar(40)"));
    utimesSync(join(p.dir, file), before.atime, before.mtime);
    chain(0);
    p.revision({ id: 'r3', down: 'r2', upgrade: `await op.createTable('t3', { id: integer().primaryKey() });` });
    const r = p.ambix('upgrade', 'head');
    ok(r);
    expect(r.stderr).toContain('WARNING: revision r1');
    expect(r.stderr).toContain('was edited after it was applied');
    expect(p.ambix('current', '-v').stderr).toContain('WARNING: revision r1');
  });
});

describe('errors that say what to do', () => {
  it('a missing driver, an unknown URL, no URL, a file that is not a database', () => {
    chain(1);
    expect(p.ambix('upgrade', 'head', '--url', 'oracle://x').stderr).toContain("Unknown database URL 'oracle://x'");
    p.write('ambix.config.ts', `import { defineConfig } from 'ambix';\nexport default defineConfig({ migrations: 'migrations' });\n`);
    expect(p.ambix('upgrade', 'head').stderr).toContain('No database URL');
    p.write('junk.db', 'this is not sqlite at all, not even close to a header of one');
    expect(p.ambix('upgrade', 'head', '--url', 'sqlite:./junk.db').stderr).toContain('is not a SQLite database');
    expect(existsSync(join(p.dir, 'data'))).toBe(false);
  });

  it('an Alembic database is recognised and named', () => {
    chain(1);
    p.write('data/.keep', '');
    const db = new (require('better-sqlite3'))(join(p.dir, 'data/app.db'));
    db.exec(`CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY); INSERT INTO alembic_version VALUES ('r1')`);
    db.close();
    const r = p.ambix('current');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Set versionTable: 'alembic_version'");
    p.config(`versionTable: 'alembic_version'`);
    expect(p.ambix('current').stdout).toBe('r1 (head)\n');
  });
});
