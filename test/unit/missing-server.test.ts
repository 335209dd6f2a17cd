// The missing-server rule (test/helpers/dialects/server.ts): a server that does not answer is a
// visible skip on a developer's machine and a failure under CI=true; a test never returns
// early and passes. Probed with an injected probe that fails, then end to end: a test file
// whose server is missing, run by vitest as a developer runs it and as CI runs it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decide, MissingServerError, serverAvailable, serversAvailable, withoutPassword, type ServerUnderTest } from '../helpers/dialects/server.js';
import { repoRoot } from '../helpers/project.js';

/** A server whose probe fails as a refused connection does, counting its calls. */
function missing(name = 'postgres'): ServerUnderTest & { probes: number } {
  const s = {
    name,
    serverUrl: 'postgres://tester:secret@127.0.0.1:1',
    startHint: 'Start one with `docker run postgres`.',
    probes: 0,
    async probe() {
      s.probes++;
      throw new Error('connect ECONNREFUSED 127.0.0.1:1');
    },
  };
  return s;
}

const present: ServerUnderTest = { name: 'mysql', probe: async () => {} };

describe('serverAvailable', () => {
  it('under CI=true a missing server throws, naming the server, the URL without its password, the reason and how to start one', async () => {
    const warnings: string[] = [];
    const error = await decide(missing(), { CI: 'true' }, (m) => warnings.push(m)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingServerError);
    expect((error as Error).message).toBe(
      'The postgres server the tests need is not reachable at postgres://tester:***@127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1), and CI=true makes a missing server a failure, not a skip. Start one with `docker run postgres`.',
    );
    expect(warnings).toEqual([]);
  });

  it('locally a missing server is false (the caller skips) and says why, once', async () => {
    for (const env of [{}, { CI: 'false' }, { CI: '' }]) {
      const warnings: string[] = [];
      expect(await decide(missing(), env, (m) => warnings.push(m))).toBe(false);
      expect(warnings).toEqual(['[skipped] postgres tests: no server at postgres://tester:***@127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1). Start one with `docker run postgres`. Under CI=true this fails instead.']);
    }
  });

  it('a server that answers is true, in CI or not', async () => {
    expect(await decide(present, { CI: 'true' }, () => {})).toBe(true);
    expect(await decide(present, {}, () => {})).toBe(true);
  });

  it('probes a server once per test file, and by name for a list of dialects', async () => {
    const s = missing('probed-once');
    const warnings: string[] = [];
    expect(await serverAvailable(s, {}, (m) => warnings.push(m))).toBe(false);
    expect(await serverAvailable(s, {}, (m) => warnings.push(m))).toBe(false);
    expect(s.probes).toBe(1);
    expect(warnings).toHaveLength(1);
    const up = await serversAvailable([present, missing('other')], {}, () => {});
    expect([...up]).toEqual([
      ['mysql', true],
      ['other', false],
    ]);
    await expect(serversAvailable([present, missing('in-ci')], { CI: 'true' })).rejects.toThrow(MissingServerError);
  });

  it('masks a password in the URL it shows', () => {
    expect(withoutPassword('mysql://root:p%40ss@db:3306')).toBe('mysql://root:***@db:3306');
    expect(withoutPassword('postgres://postgres@127.0.0.1:5432')).toBe('postgres://postgres@127.0.0.1:5432');
  });
});

describe('a test file whose server is missing, run by vitest', () => {
  const config = join(repoRoot, 'test/fixtures/missing-server/vitest.config.ts');
  const run = (ci: string | undefined) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    delete env.CI;
    if (ci !== undefined) env.CI = ci;
    const r = spawnSync(process.execPath, [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--config', config], { cwd: repoRoot, env, encoding: 'utf8' });
    return { code: r.status, out: r.stdout + r.stderr };
  };

  it('locally: the test is reported skipped, with the reason, and the run passes', () => {
    const r = run(undefined);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/Tests\s+1 skipped \(1\)/);
    expect(r.out).toContain('[skipped] postgres tests: no server at postgres://tester:***@127.0.0.1:1');
  });

  it('under CI=true: the file fails with the missing server named', () => {
    const r = run('true');
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('MissingServerError: The postgres server the tests need is not reachable at postgres://tester:***@127.0.0.1:1');
    expect(r.out).toMatch(/Test Files\s+1 failed \(1\)/);
  });
});
