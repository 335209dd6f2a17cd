// Transactions as users count on them: outside-transaction steps, a locked database,
// and a process killed mid-migration leaving a database whose version matches its schema.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database, MigrationProject } from '../helpers/migrations.js';
import { repoRoot } from '../helpers/project.js';
import { streamProgress } from '../../src/runtime/progress.js';

let p: MigrationProject;
beforeEach(() => {
  p = new MigrationProject();
});
afterEach(() => p.remove());
const ok = (r: { code: number; stderr: string }) => expect(r.code, r.stderr).toBe(0);

describe('steps that cannot run in a transaction', () => {
  it('defineMigration({ transaction: false }) runs VACUUM, which SQLite refuses inside one', () => {
    p.revision({ id: 'a1', upgrade: `await op.createTable('t', { id: integer().primaryKey() });` });
    p.revision({ id: 'b2', down: 'a1', transaction: false, upgrade: `await op.execute('VACUUM');` });
    ok(p.ambix('upgrade', 'head'));
    expect(p.versions()).toEqual(['b2']);
  });

  it('op.autocommitBlock() runs part of a migration outside its transaction', () => {
    p.revision({ id: 'a1', upgrade: `await op.createTable('t', { id: integer().primaryKey() }); await op.autocommitBlock(async () => { await op.execute('VACUUM'); }); await op.createTable('u', { id: integer().primaryKey() });` });
    ok(p.ambix('upgrade', 'head'));
    expect(p.rows(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('t', 'u') ORDER BY name`)).toEqual([{ name: 't' }, { name: 'u' }]);
    const sql = p.ambix('upgrade', ':a1', '--sql').stdout;
    expect(sql).toMatch(/CREATE TABLE "t"[\s\S]*COMMIT;\s+VACUUM;\s+BEGIN;[\s\S]*CREATE TABLE "u"/);
  });
});

describe('one migrator at a time', () => {
  it('a database still locked after lockTimeout is a clear error, and nothing changes', () => {
    p.config('lockTimeout: 300');
    p.revision({ id: 'a1', upgrade: `await op.createTable('t', { id: integer().primaryKey() });` });
    p.write('data/.keep', '');
    const holder = new Database(join(p.dir, 'data/app.db-ambix.lock'));
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const r = p.ambix('upgrade', 'head');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('is locked by another migrator (waited 0s)');
      expect(r.stderr).toContain('Another ambix process is migrating');
    } finally {
      holder.exec('COMMIT');
      holder.close();
    }
    ok(p.ambix('upgrade', 'head'));
  });
});

describe('a process killed mid-migration', () => {
  it('leaves the version row matching the schema: the killed migration never happened', async () => {
    p.revision({ id: 'a1', upgrade: `await op.createTable('t1', { id: integer().primaryKey() });` });
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.createTable('t2', { id: integer().primaryKey() }); ctx.log('t2 created'); await new Promise((r) => setTimeout(r, 30_000));` });
    ok(p.ambix('heads'));
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [join(repoRoot, 'dist/cli.cjs'), 'upgrade', 'head'], { cwd: p.dir, env: { ...process.env, AMBIX_CACHE_DIR: join(p.dir, '.ambix-cache') } });
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
        if (err.includes('t2 created')) child.kill('SIGKILL');
      });
      child.on('close', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`not killed: ${err}`))));
    });
    expect(p.versions()).toEqual(['a1']);
    expect(p.rows(`SELECT name FROM sqlite_schema WHERE name IN ('t1', 't2')`)).toEqual([{ name: 't1' }]);
    // The run had the database in WAL mode (each commit one synced append) and was cut short
    // before putting the rollback journal back: the marker says what to restore.
    expect(p.rows('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(p.read('data/app.db-ambix-journal')).toBe('delete');
    // The OS dropped the lock with the process: the next run proceeds, and puts the journal back.
    p.write('migrations/versions/0002_b2.ts', p.read('migrations/versions/0002_b2.ts').replace('await new Promise((r) => setTimeout(r, 30_000));', ''));
    ok(p.ambix('upgrade', 'head'));
    expect(p.versions()).toEqual(['b2']);
    expect(p.rows('PRAGMA journal_mode')).toEqual([{ journal_mode: 'delete' }]);
    expect(p.ls('data').filter((f) => !f.endsWith('.bak'))).toEqual(['app.db', 'app.db-ambix.lock']);
  });
});

describe('the journal mode during a run', () => {
  it('a rollback journal is back when the run ends, whether it succeeded or failed', () => {
    p.revision({ id: 'a1', upgrade: `await op.createTable('t1', { id: integer().primaryKey() }); ctx.log(String((await op.getBind().query('PRAGMA journal_mode'))[0]?.journal_mode));` });
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.execute('CREATE TABLE t1 (id integer)');` });
    const r = p.ambix('upgrade', 'head');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('wal');
    expect(p.versions()).toEqual(['a1']);
    expect(p.rows('PRAGMA journal_mode')).toEqual([{ journal_mode: 'delete' }]);
    expect(p.ls('data')).toEqual(['app.db', 'app.db-ambix.lock']);
  });

  it("a database the application keeps in WAL mode stays in it", () => {
    p.revision({ id: 'a1', upgrade: `await op.createTable('t1', { id: integer().primaryKey() });` });
    p.revision({ id: 'b2', down: 'a1', upgrade: `await op.createTable('t2', { id: integer().primaryKey() });` });
    p.write('data/.keep', '');
    const app = new Database(join(p.dir, 'data/app.db'));
    app.pragma('journal_mode = WAL');
    app.close();
    ok(p.ambix('upgrade', 'head'));
    expect(p.versions()).toEqual(['b2']);
    expect(p.rows('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(p.ls('data')).not.toContain('app.db-ambix-journal');
  });
});

describe('progress', () => {
  it('on a terminal shows step N of M and the time; -q shows nothing; warnings always', () => {
    let out = '';
    const tty = streamProgress({ quiet: false, tty: true, write: (t) => (out += t) });
    tty.step(2, 5, 'up', 'a1', 'b2', 'add timeout');
    tty.stepDone(12);
    expect(out).toMatch(/^\[2\/5\] Running upgrade a1 -> b2, add timeout \.\.\. done \(12ms, \d+\.\ds total\)\n$/);
    let quiet = '';
    const q = streamProgress({ quiet: true, tty: true, write: (t) => (quiet += t) });
    q.step(1, 1, 'down', 'b2', 'a1', 'x');
    q.info('hello');
    q.warn('edited');
    expect(quiet).toBe('\u001b[33mWARNING: edited\u001b[0m\n');
  });
});
