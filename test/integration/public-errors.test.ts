// A script that drives ambix through its API tells failures apart by class and `code`, and a
// failed upgrade says what it applied before the failure.
import { afterEach, describe, expect, it } from 'vitest';
import { DriverMissingError, loadConfig, MigrationError, MultipleHeadsError, ResolutionError, upgrade, UserError } from '../../src/index.js';
import { MigrationProject } from '../helpers/migrations.js';

let project: MigrationProject;
afterEach(() => project?.remove());

describe('errors a caller can catch', () => {
  it('a failed upgrade is a MigrationError with code MIGRATION_FAILED, the revision, and what ran before it', async () => {
    project = new MigrationProject();
    project.revision({ id: 'a1', upgrade: `await op.createTable('one', { id: integer().primaryKey() });` });
    project.revision({ id: 'b2', down: 'a1', upgrade: `await op.createTable('two', { id: integer().primaryKey() });` });
    project.revision({ id: 'c3', down: 'b2', upgrade: `await op.execute('CREATE TABLE one (id integer)');` });
    const config = await loadConfig({ cwd: project.dir });
    const error = await upgrade(config, 'head').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toBeInstanceOf(UserError);
    const e = error as MigrationError;
    expect(e.code).toBe('MIGRATION_FAILED');
    expect(e.revision).toBe('c3');
    expect(e.outcome).toBe('rolled back');
    expect(e.applied.map((s) => [s.revision, s.direction])).toEqual([
      ['a1', 'up'],
      ['b2', 'up'],
    ]);
    expect(project.versions()).toEqual(['b2']);
  });

  it('graph errors carry their own codes', async () => {
    project = new MigrationProject();
    project.revision({ id: 'a1', upgrade: '' });
    project.revision({ id: 'b2', down: 'a1', upgrade: '' });
    project.revision({ id: 'c3', down: 'a1', upgrade: '' });
    const config = await loadConfig({ cwd: project.dir });
    const heads = await upgrade(config, 'head').catch((e: unknown) => e);
    expect(heads).toBeInstanceOf(MultipleHeadsError);
    expect((heads as MultipleHeadsError).code).toBe('MULTIPLE_HEADS');
    const unknown = await upgrade(config, 'zz9').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ResolutionError);
    expect((unknown as ResolutionError).code).toBe('UNKNOWN_REVISION');
  });

  it('configuration problems are coded: a missing config, an unknown option, no URL, an unknown URL scheme', async () => {
    project = new MigrationProject();
    await expect(loadConfig({ cwd: `${project.dir}/migrations` })).rejects.toMatchObject({ code: 'CONFIG_NOT_FOUND' });
    const oracle = await loadConfig({ cwd: project.dir, url: 'oracle://scott@db/orcl' });
    await expect(upgrade(oracle, 'head')).rejects.toMatchObject({ code: 'UNKNOWN_URL' });
    const other = new MigrationProject();
    try {
      other.config(`colour: 'blue'`);
      await expect(loadConfig({ cwd: other.dir })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    } finally {
      other.remove();
    }
  });

  it('DriverMissingError names the package to install', () => {
    const e = new DriverMissingError('PostgreSQL URLs', 'pg');
    expect(e).toBeInstanceOf(UserError);
    expect(e.code).toBe('DRIVER_MISSING');
    expect(e.packageName).toBe('pg');
    expect(e.hint).toBe('Run `npm install pg`.');
  });
});
