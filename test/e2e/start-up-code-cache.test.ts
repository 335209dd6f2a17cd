// The `ambix` command runs its start-up file as a script with the code V8 compiled for it on an
// earlier run, kept in the cache folder (src/cli/bin.ts). The kept code is speed only: whatever
// is in that file, or if it cannot be written, a command prints the same.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-names.js';
import { Project } from '../helpers/project.js';

let p: Project;
beforeEach(() => {
  p = new Project();
  expect(p.ambix('init', 'migrations').code).toBe(0);
  expect(p.ambix('revision', '-m', 'first', '--rev-id', 'aaaa00000001').code).toBe(0);
});
afterEach(() => p.remove());

const kept = (command = '') => readdirSync(join(p.dir, '.ambix-cache')).filter((f) => f.startsWith(`cli-${command}`) && f.endsWith('.v8'));

it('is written on the first run, used as it is after, and replaced when damaged', () => {
  expect(p.ambix('heads').stdout).toBe('aaaa00000001 (head)\n');
  expect(kept('heads-')).toHaveLength(1);
  const file = join(p.dir, '.ambix-cache', kept('heads-')[0]!);
  const bytes = readFileSync(file);
  expect(bytes.length).toBeGreaterThan(10_000);
  expect(p.ambix('heads', '-v').stdout).toContain('Rev: aaaa00000001 (head)');
  // V8 took it: not written again.
  expect(readFileSync(file).equals(bytes)).toBe(true);
  writeFileSync(file, 'not compiled code');
  // What an earlier build of ambix kept: when heads writes its code again, its own old one goes.
  p.write('.ambix-cache/cli-heads-0123456789abcdef.v8', 'old build');
  p.write('.ambix-cache/cli-history-0123456789abcdef.v8', 'old build');
  expect(p.ambix('heads').stdout).toBe('aaaa00000001 (head)\n');
  expect(readFileSync(file).length).toBeGreaterThan(10_000);
  expect(kept('heads-')).toEqual([kept('heads-')[0]]);
  expect(kept('heads-')[0]).not.toBe('cli-heads-0123456789abcdef.v8');
  expect(kept('history-')).toEqual(['cli-history-0123456789abcdef.v8']);
});

it('each command keeps its own, so that each has the functions it runs', () => {
  expect(p.ambix('heads').code).toBe(0);
  expect(p.ambix('history').code).toBe(0);
  expect(p.ambix('upgrade', 'head', '--sql').code).toBe(0);
  expect(kept().map((f) => f.replace(/-[0-9a-f]{16}\.v8$/, ''))).toEqual(['cli-heads', 'cli-history', 'cli-init', 'cli-revision', 'cli-upgrade-sql']);
  // The list the start-up file keys them by is the CLI's list of commands.
  const help = p.ambix('--help').stdout;
  const listed = [...help.slice(help.indexOf('Commands:'), help.indexOf('For more info')).matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]);
  expect([...COMMANDS].sort()).toEqual(listed.sort());
});

it('a cache folder that cannot be written costs nothing but speed', () => {
  // A JavaScript config: TypeScript could not run at all without a cache to transpile into.
  const config = p.read('ambix.config.ts');
  rmSync(join(p.dir, 'ambix.config.ts'));
  p.write('ambix.config.mjs', config);
  p.write('not-a-folder', '');
  // Under a file: no folder can be made there, whoever runs it.
  const r = p.ambixWith({ AMBIX_CACHE_DIR: join(p.dir, 'not-a-folder', 'cache') }, 'heads');
  expect(r).toMatchObject({ code: 0, stdout: 'aaaa00000001 (head)\n', stderr: '' });
});

it('errors keep their exit codes and one-line messages', () => {
  const r = p.ambix('show', 'zzzz');
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^FAILED: Can't locate revision identified by 'zzzz'/);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
});
