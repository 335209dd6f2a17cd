// `heads` and `current` read each revision's header from a cache when the file has not changed
// since the last run (src/script/header-cache.ts). These are the edits a user makes while
// resolving a merge by hand: each must show on the next run.
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Project } from '../helpers/project.js';

let p: Project;
beforeEach(() => {
  p = new Project();
  expect(p.ambix('init', 'migrations').code).toBe(0);
  for (const [id, flags] of [['aaaa00000001', []], ['bbbb00000002', []], ['cccc00000003', ['--head', 'aaaa00000001', '--splice']]] as const) {
    expect(p.ambix('revision', '-m', `rev ${id}`, '--rev-id', id, ...flags).code).toBe(0);
  }
});
afterEach(() => p.remove());

const file = (id: string) => `migrations/versions/${p.ls('migrations/versions').find((f) => f.includes(id))!}`;
const cacheFiles = () => readdirSync(join(p.dir, '.ambix-cache')).filter((f) => f.startsWith('headers-'));

it('a file edited in place, same size, modification time set back, is read again', () => {
  expect(p.ambix('heads').stdout).toBe('bbbb00000002 (head)\ncccc00000003 (head)\n');
  expect(cacheFiles()).toHaveLength(1);
  // The merge resolved by hand: cccc now follows bbbb. Same length, and the times of the old file
  // restored, as `cp -p` or an editor that keeps times would leave it; only the change time moves.
  const path = join(p.dir, file('cccc'));
  const before = statSync(path);
  const text = p.read(file('cccc')).replace("downRevision: 'aaaa00000001'", "downRevision: 'bbbb00000002'");
  writeFileSync(path, text);
  utimesSync(path, before.atime, before.mtime);
  expect(statSync(path).size).toBe(before.size);
  expect(p.ambix('heads').stdout).toBe('cccc00000003 (head)\n');
  expect(p.ambix('history').stdout).toBe('bbbb00000002 -> cccc00000003 (head), rev cccc00000003\naaaa00000001 -> bbbb00000002, rev bbbb00000002\n<base> -> aaaa00000001, rev aaaa00000001\n');
});

it('a deleted, a new and a renamed file show on the next run', () => {
  expect(p.ambix('heads').code).toBe(0);
  rmSync(join(p.dir, file('cccc')));
  expect(p.ambix('heads').stdout).toBe('bbbb00000002 (head)\n');
  expect(p.ambix('revision', '-m', 'next', '--rev-id', 'dddd00000004').code).toBe(0);
  expect(p.ambix('heads').stdout).toBe('dddd00000004 (head)\n');
});

it('a cache cut short or unwritable changes nothing but speed', () => {
  expect(p.ambix('heads').code).toBe(0);
  writeFileSync(join(p.dir, '.ambix-cache', cacheFiles()[0]!), '{"format":');
  expect(p.ambix('heads').stdout).toBe('bbbb00000002 (head)\ncccc00000003 (head)\n');
  // A cache that cannot be written: a folder stands where the file should be.
  const [name] = cacheFiles();
  rmSync(join(p.dir, '.ambix-cache', name!));
  mkdirSync(join(p.dir, '.ambix-cache', name!, 'x'), { recursive: true });
  p.write('migrations/versions/eeee_next.ts', p.read(file('cccc')).replaceAll('cccc00000003', 'eeee00000005').replace("downRevision: 'aaaa00000001'", "downRevision: 'cccc00000003'"));
  const r = p.ambix('heads');
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('bbbb00000002 (head)\neeee00000005 (head)\n');
});

it('a cache folder that cannot be created is one line saying what to do', () => {
  // The config is TypeScript: Node runs it only through the transpiled file in the cache.
  const blocked = p.write('blocked', '');
  const r = p.ambixWith({ AMBIX_CACHE_DIR: join(blocked, 'cache') }, 'heads');
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(`FAILED: Cannot write the transpiled TypeScript to ${join(blocked, 'cache')}: ENOTDIR. Make that folder writable, or set AMBIX_CACHE_DIR to one that is.\n`);
});

it('a header that stops parsing is reported even when an older parse is cached', () => {
  expect(p.ambix('heads').code).toBe(0);
  const text = p.read(file('bbbb')).replace("downRevision: 'aaaa00000001'", 'downRevision: parent');
  p.write(file('bbbb'), text);
  const r = p.ambix('heads');
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/bbbb00000002.*downRevision/);
});
