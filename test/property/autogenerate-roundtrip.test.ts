// Property: for any model set, autogenerate + upgrade leaves a database that autogenerate
// finds nothing to change in, and downgrading it removes everything again.
//
// Environment:
//   AMBIX_PROPERTY_RUNS   model sets per dialect: default 20 (about 40 s for the three dialects
//                         on 2 cores); AMBIX_PROPERTY_RUNS=200 is the full run (about 4 minutes).
//   AMBIX_PROPERTY_SEED   fast-check's seed, default 20261124: the same seed generates the same
//                         model sets, and a smaller count runs the first of them.
//   AMBIX_DIALECTS        which dialects, comma-separated (sqlite,postgres,mysql); default all.
// A dialect whose server is missing is skipped locally and fails the run under CI=true.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autogenerate, check } from '../../src/command/autogenerate.js';
import { downgrade, upgrade } from '../../src/command/migrate.js';
import { init } from '../../src/command/init.js';
import { loadConfig } from '../../src/config/load-config.js';
import { streamProgress } from '../../src/runtime/progress.js';
import { DIALECTS, serversAvailable } from '../helpers/dialects/index.js';
import { repoRoot } from '../helpers/project.js';
import { modelSpecArb, renderModels } from './model-spec.js';

const progress = streamProgress({ quiet: true, write: () => {} });

const selected = DIALECTS.filter((d) => !process.env.AMBIX_DIALECTS || process.env.AMBIX_DIALECTS.split(',').includes(d.name));
const up = await serversAvailable(selected);

describe.each(selected.map((d) => [d.name, d] as const))('autogenerate round trip on %s', (name, dialect) => {
  const runs = Number(process.env.AMBIX_PROPERTY_RUNS ?? 20);
  it.skipIf(!up.get(name))(`${runs} generated model sets: generate, upgrade, compare again finds nothing, downgrade to base`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(modelSpecArb, async (spec) => {
        const dir = mkdtempSync(join(tmpdir(), 'ambix-prop-'));
        const db = await dialect.create();
        try {
          mkdirSync(join(dir, 'node_modules'));
          symlinkSync(repoRoot, join(dir, 'node_modules/ambix'), 'dir');
          writeFileSync(join(dir, 'ambix.config.ts'), `import { defineConfig } from 'ambix';\nexport default defineConfig({ url: ${JSON.stringify(db.url)}, migrations: 'migrations', schema: './models.ts', backup: false });\n`);
          init('migrations', { cwd: dir });
          writeFileSync(join(dir, 'models.ts'), renderModels(spec));
          const config = await loadConfig({ cwd: dir });
          const gen = await autogenerate(config, { message: `set ${n++}`, io: { progress } });
          expect(gen.changes).toBeGreaterThan(0);
          await upgrade(config, 'head', { io: { progress } });
          const { differences } = await check(config);
          expect(differences.join('\n'), renderModels(spec)).toBe('');
          await downgrade(config, 'base', { io: { progress } });
          const left = (await db.tableNames()).filter((t) => !t.startsWith('ambix_'));
          expect(left).toEqual([]);
        } finally {
          await db.drop();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: runs, seed: Number(process.env.AMBIX_PROPERTY_SEED ?? 20261124), endOnFailure: true },
    );
  }, 600_000);
});
