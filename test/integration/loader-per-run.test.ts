// A long-lived process (a script, a test runner, a watch loop) that drives ambix through its API
// sees files as they are at each call: nothing about a file's identity outlives the run.
import { utimesSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadConfig, upgrade, downgrade } from '../../src/index.js';
import { MigrationProject } from '../helpers/migrations.js';

let p: MigrationProject | undefined;
afterEach(() => p?.remove());

it('a config edited between two loadConfig() calls in one process is read again', async () => {
  p = new MigrationProject();
  const first = await loadConfig({ cwd: p.dir });
  expect(first.lockTimeout).toBe(60_000);
  p.config('lockTimeout: 1234');
  const second = await loadConfig({ cwd: p.dir });
  expect(second.lockTimeout).toBe(1234);
  p.config(`colour: 'blue'`);
  await expect(loadConfig({ cwd: p.dir })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
});

it('a migration edited between two upgrades in one process runs as edited, even with its size and times put back', async () => {
  p = new MigrationProject();
  const file = p.revision({ id: 'a1', upgrade: `await op.createTable('one', { id: integer().primaryKey() });`, downgrade: `await op.dropTable('one');` });
  const config = await loadConfig({ cwd: p.dir });
  await upgrade(config, 'head');
  expect(p.tableSql('one')).toBeDefined();
  await downgrade(config, 'base');
  const before = statSync(file);
  // Same length, other table: only the content says it changed.
  p.write(join('migrations/versions', file.split('/').pop()!), p.read(join('migrations/versions', file.split('/').pop()!)).replaceAll("'one'", "'two'"));
  utimesSync(file, before.atime, before.mtime);
  await upgrade(config, 'head');
  expect(p.tableSql('two')).toBeDefined();
  expect(p.tableSql('one')).toBeUndefined();
});
