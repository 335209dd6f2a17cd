// SQLite, the embedded default: better-sqlite3, a file lock for one migrator at a time, and the
// table rebuild for what ALTER TABLE cannot do (sqlite-rebuild.ts).
import { defaultComparisonHooks } from '../comparison.js';
import type { DialectModule } from '../dialect.js';
import { SQLITE_CAPABILITIES, sqliteDialect } from './sqlite-dialect.js';

/** The SQLite dialect module (`sqlite:path/to/file.db`, `sqlite::memory:`). */
export const sqliteModule: DialectModule = Object.freeze<DialectModule>({
  id: 'sqlite',
  name: 'sqlite',
  displayName: 'SQLite',
  schemes: ['sqlite'],
  capabilities: SQLITE_CAPABILITIES,
  compiler: () => sqliteDialect,
  async open(url, options) {
    const { SqliteAdapter } = await import('./sqlite-adapter.js');
    return SqliteAdapter.open(url, options.root, { busyTimeout: options.busyTimeout });
  },
  comparison: Object.freeze({ ...defaultComparisonHooks, supportsComments: SQLITE_CAPABILITIES.columnComments }),
  async scratch() {
    const { fileScratch } = await import('../scratch.js');
    return fileScratch('a temporary SQLite file', (file) => `sqlite:${file}`, ['-wal', '-shm', '-journal', '-ambix.lock', '-ambix-journal']);
  },
  catalog: { objects: `SELECT type || ' ' || name AS o FROM sqlite_schema WHERE type IN ('view', 'trigger')` },
  alembicName: () => 'sqlite',
});
