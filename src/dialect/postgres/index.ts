// PostgreSQL through `pg`: transactional DDL, an advisory lock, schemas and named enum types.
import type { DialectModule } from '../dialect.js';
import { postgresComparisonHooks } from './postgres-comparison.js';
import { createPostgresDialect, POSTGRES_CAPABILITIES } from './postgres-dialect.js';
import { POSTGRES_CATALOG } from './postgres-catalog.js';

/** The PostgreSQL dialect module (`postgres://user@host/db`, `postgresql://...`). */
export const postgresModule: DialectModule = Object.freeze<DialectModule>({
  id: 'postgres',
  name: 'postgres',
  displayName: 'PostgreSQL',
  schemes: ['postgres', 'postgresql'],
  capabilities: POSTGRES_CAPABILITIES,
  // A fresh compiler per run: offline it tracks the enum types its SQL creates.
  compiler: () => createPostgresDialect(),
  async open(url, options) {
    const [{ PostgresAdapter }, { openPostgres }] = await Promise.all([import('./postgres-adapter.js'), import('./postgres-driver.js')]);
    return PostgresAdapter.over(await openPostgres(url, options.root), options);
  },
  comparison: postgresComparisonHooks,
  async scratch(url, root) {
    const { postgresScratch } = await import('./postgres-scratch.js');
    return postgresScratch(url!, root);
  },
  catalog: POSTGRES_CATALOG,
  alembicName: () => 'postgresql',
});
