// PGlite (a WebAssembly PostgreSQL in this process) as a variant of the PostgreSQL dialect: the
// same compiler, introspection, enum handling and comparison, over PGlite's own connection
// (pglite-driver.ts). `ambix test --scratch pglite` checks a PostgreSQL project with no server.
import type { DialectModule } from '../dialect.js';
import { postgresModule } from '../postgres/index.js';

/** The PGlite dialect module (`pglite:./data/pg`, `pglite::memory:`). */
export const pgliteModule: DialectModule = Object.freeze<DialectModule>({
  ...postgresModule,
  id: 'pglite',
  displayName: 'PGlite',
  schemes: ['pglite'],
  capabilities: Object.freeze({ ...postgresModule.capabilities, embedded: true }),
  async open(url, options) {
    const [{ openPglite }, { PostgresAdapter }, { acquireDirectoryLock }] = await Promise.all([import('./pglite-driver.js'), import('../postgres/postgres-adapter.js'), import('./pglite-lock.js')]);
    const conn = await openPglite(url, options.root);
    const dir = conn.dataDir;
    // Advisory locks do not reach other processes here: a data directory is locked by a file beside it.
    return PostgresAdapter.over(conn, options, dir ? (timeout, onWait) => acquireDirectoryLock(dir, timeout, onWait) : async () => async () => {});
  },
  async scratch() {
    const [{ randomBytes }, { dropPgliteMemory }] = await Promise.all([import('node:crypto'), import('./pglite-driver.js')]);
    const created: string[] = [];
    return {
      description: 'a PGlite database in memory',
      created,
      async create() {
        const name = `ambix_test_${randomBytes(5).toString('hex')}`;
        created.push(name);
        return { name, url: `pglite::memory:${name}`, drop: () => dropPgliteMemory(name) };
      },
      async close() {
        for (const name of created) await dropPgliteMemory(name);
      },
    };
  },
  alembicName: () => 'postgresql',
});
