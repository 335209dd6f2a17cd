// A script drives commands through their API and hands them its own io: the SQL of an offline
// run, progress lines, the clock and the revision ids come from and go to what it gave.
import { afterEach, expect, it } from 'vitest';
import { loadConfig, revision, upgrade } from '../../src/index.js';
import { streamProgress } from '../../src/runtime/progress.js';
import { MigrationProject } from '../helpers/migrations.js';

let p: MigrationProject | undefined;
afterEach(() => p?.remove());

it('upgrade --sql writes to io.stdout and reports to io.progress; nothing reaches the process streams', async () => {
  p = new MigrationProject();
  p.revision({ id: 'a1', message: 'create one', upgrade: `await op.createTable('one', { id: integer().primaryKey() });` });
  const config = await loadConfig({ cwd: p.dir });
  const sql: string[] = [];
  const lines: string[] = [];
  const result = await upgrade(config, 'head', { sql: true, io: { stdout: (t) => sql.push(t), progress: streamProgress({ quiet: false, tty: false, write: (t) => lines.push(t) }) } });
  expect(result.steps.map((s) => s.revision)).toEqual(['a1']);
  expect(sql.join('')).toContain('CREATE TABLE "one" (\n  "id" INTEGER NOT NULL,');
  expect(lines.join('')).toBe('Running upgrade <base> -> a1, create one\n');
});

it('upgrade logs its steps with the clock io.now gives; revision takes its Create Date and id from io', async () => {
  p = new MigrationProject();
  const config = await loadConfig({ cwd: p.dir });
  const at = new Date('2030-01-02T03:04:05Z');
  const made = await revision(config, { message: 'first', io: { now: () => at, randomId: () => 'c0ffee000001' } });
  expect(made.revision).toBe('c0ffee000001');
  expect(made.path).toMatch(/20300102_c0ffee000001_first\.ts$/);
  expect(p.read(made.path.slice(p.dir.length + 1))).toContain('Create Date: 2030-01-02 03:04:05');
  await upgrade(config, 'head', { io: { now: () => at } });
  expect(p.rows('SELECT revision, started_at, finished_at FROM ambix_version_log')).toEqual([{ revision: 'c0ffee000001', started_at: at.toISOString(), finished_at: at.toISOString() }]);
});
