// Kept compiled code (src/util/kept-code.ts) is written at exit; a process that compiles many
// scripts (the programmatic API under a test runner, loading one config after another) must not
// add an exit listener for each.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { compileKeepingCode } from '../../src/loader/kept-code.js';

const dir = mkdtempSync(join(tmpdir(), 'ambix-kept-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('compiles many scripts in one process with one exit listener between them, each named after its file', () => {
  const before = process.listenerCount('exit');
  const kept: string[] = [];
  for (let i = 0; i < 20; i++) {
    const file = join(dir, `s${i}.js`);
    writeFileSync(file, `(${i} + 1)`);
    const script = compileKeepingCode(file, (identity) => {
      kept.push(identity);
      // Kept nowhere: if the runner's worker ever fires its exit listeners, the writes fail quietly.
      return join('/dev/null', `s${i}.${identity}.v8`);
    }, () => false);
    expect(script.runInThisContext()).toBe(i + 1);
  }
  expect(process.listenerCount('exit') - before).toBeLessThanOrEqual(1);
  // Same length, other files: other names.
  expect(new Set(kept).size).toBe(20);
});
