import { describe, expect, it } from 'vitest';
import { isAbsolute, resolve } from 'node:path';
import { parseXArgs, resolveConfig } from '../../src/config/load-config.js';
import { resolveLocalUrl } from '../../src/dialect/registry.js';

const resolveSqliteUrl = (url: string, root: string) => resolveLocalUrl(url, root, (base, p) => (isAbsolute(p) ? p : resolve(base, p)));
import { validateConfig } from '../../src/config/validate-config.js';
import { redactUrls } from '../../src/dialect/url.js';
import { renderFileName, slugify, dateParts } from '../../src/script/file-name.js';

describe('config validation', () => {
  it('refuses an unknown option, suggesting the right spelling', () => {
    expect(() => validateConfig({ url: 'sqlite:x.db', migration: 'm' }, 'ambix.config.ts')).toThrow("Unknown option 'migration' in ambix.config.ts");
    try {
      validateConfig({ versiontable: 'v' }, 'ambix.config.ts');
    } catch (e) {
      expect((e as { hint: string }).hint).toBe("Did you mean 'versionTable'?");
    }
  });
  it('refuses a wrong type with what was expected and what was found', () => {
    expect(() => validateConfig({ truncateSlugLength: '40' }, 'c.ts')).toThrow(`Option 'truncateSlugLength' in c.ts must be a positive whole number; got "40"`);
    expect(() => validateConfig({ backup: 'yes' }, 'c.ts')).toThrow("Option 'backup' in c.ts must be true or false");
    expect(() => validateConfig({ fileTemplate: '{year}{month}{day}' }, 'c.ts')).toThrow('{rev} or {slug}');
    expect(() => validateConfig({ fileTemplate: '{year}{month}{day}_{slug}' }, 'c.ts')).not.toThrow();
    expect(() => validateConfig({ fileTemplate: '{rev}_{bogus}' }, 'c.ts')).toThrow('found {bogus}');
    expect(() => validateConfig({ timezone: 'Mars/Olympus' }, 'c.ts')).toThrow('IANA time zone');
    expect(() => validateConfig({ versionTable: 'drop table;' }, 'c.ts')).toThrow('a table name');
    expect(() => validateConfig([], 'c.ts')).toThrow('must export a configuration object');
  });
  it('accepts every documented option', () => {
    expect(() =>
      validateConfig(
        {
          url: 'sqlite:x.db', migrations: 'm', schema: ['a.ts'], versionLocations: ['m/v'], fileTemplate: '{rev}_{slug}', timezone: 'UTC', truncateSlugLength: 20,
          versionTable: 'alembic_version', versionTableSchema: 'public', logTable: 'log', transactionPerMigration: false, backup: false, lockTimeout: 0,
          compareType: true, compareServerDefault: false, include: () => true, postWriteHooks: ['prettier --write', ['eslint', '--fix'], () => {}],
        },
        'c.ts',
      ),
    ).not.toThrow();
  });
});

describe('resolving the config', () => {
  it('takes the URL from --url, then DATABASE_URL, then the config', () => {
    const base = { file: '/p/ambix.config.ts', env: { DATABASE_URL: 'postgres://u@h/db' } };
    expect(resolveConfig({ url: 'sqlite:a.db' }, { ...base, url: 'mysql://u@h/x' }).url).toBe('mysql://u@h/x');
    expect(resolveConfig({ url: 'sqlite:a.db' }, base).urlSource).toBe('DATABASE_URL');
    expect(resolveConfig({ url: 'sqlite:a.db' }, { file: '/p/ambix.config.ts', env: {} }).url).toBe('sqlite:/p/a.db');
  });
  it('resolves relative paths against the config file, not the working directory', () => {
    const c = resolveConfig({ migrations: 'db/migrations' }, { file: '/p/ambix.config.ts', cwd: '/elsewhere', env: {} });
    expect(c.migrations).toBe('/p/db/migrations');
    expect(c.versionLocations).toEqual(['/p/db/migrations/versions']);
    expect(c.logTable).toBe('ambix_version_log');
  });
  it('reads every SQLite URL form', () => {
    expect(resolveSqliteUrl('sqlite:./data/app.db', '/p')).toBe('sqlite:/p/data/app.db');
    expect(resolveSqliteUrl('sqlite:///data/app.db', '/p')).toBe('sqlite:/p/data/app.db');
    expect(resolveSqliteUrl('sqlite:////abs/app.db', '/p')).toBe('sqlite:/abs/app.db');
    expect(resolveSqliteUrl('sqlite::memory:', '/p')).toBe('sqlite::memory:');
    expect(resolveSqliteUrl('postgres://u@h/db', '/p')).toBe('postgres://u@h/db');
  });
  it('-x needs key=value', () => {
    expect(parseXArgs(['tenant=acme', 'a=b=c'])).toEqual({ tenant: 'acme', a: 'b=c' });
    expect(() => parseXArgs(['tenant'])).toThrow("-x expects key=value, got 'tenant'");
  });
  it('never prints a password', () => {
    expect(redactUrls('cannot reach postgres://admin:s3cr3t@db:5432/app now')).toBe('cannot reach postgres://admin:***@db:5432/app now');
    expect(redactUrls('libsql://db.turso.io?tls=1&authToken=eyJ.abc rejected')).toBe('libsql://db.turso.io?tls=1&authToken=*** rejected');
  });
});

describe('revision file names', () => {
  it("slugs the message as Alembic does, cutting at a word boundary", () => {
    expect(slugify('Add timeout to LLM_setting!', 40)).toBe('add_timeout_to_llm_setting');
    // Cut back to the last whole word, with no `_` left at the end (Alembic keeps it).
    expect(slugify('one two three four five six seven eight nine', 20)).toBe('one_two_three_four');
    expect(slugify('_private_ helper_', 40)).toBe('private_helper');
    expect(slugify('添加 字段', 40)).toBe('添加_字段');
  });
  it('fills the file template tokens in the configured zone', () => {
    const d = dateParts(new Date('2026-02-04T23:30:05Z'), 'Asia/Shanghai');
    expect(d).toMatchObject({ year: '2026', month: '02', day: '05', hour: '07', minute: '30', second: '05' });
    expect(renderFileName('{year}{month}{day}_{rev}_{slug}', { ...d, rev: 'abc', slug: 'x' })).toBe('20260205_abc_x');
    // A message with no words: no separator left dangling.
    expect(renderFileName('{year}{month}{day}_{rev}_{slug}', { ...d, rev: 'abc', slug: '' })).toBe('20260205_abc');
  });
});
