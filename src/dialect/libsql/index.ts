// libSQL (Turso, sqld, local files) as a variant of the SQLite dialect: the same compiler,
// rebuild, introspection and comparison, over libsql's own connection (libsql-driver.ts).
import { existsSync } from 'node:fs';
import type { DialectModule } from '../dialect.js';
import { sqliteModule } from '../sqlite/index.js';

/** The libSQL dialect module (`libsql:file:./data/app.db`, `libsql://host?authToken=...`). */
export const libsqlModule: DialectModule = Object.freeze<DialectModule>({
  ...sqliteModule,
  id: 'libsql',
  displayName: 'libSQL',
  schemes: ['libsql'],
  async open(url, options) {
    const [{ openLibsql }, { parseLibsqlUrl }, { SqliteAdapter }] = await Promise.all([import('./libsql-driver.js'), import('./libsql-url.js'), import('../sqlite/sqlite-adapter.js')]);
    const target = parseLibsqlUrl(url, options.root);
    const fresh = target.kind === 'file' && !existsSync(target.path);
    return SqliteAdapter.over(await openLibsql(url, options.root, { busyTimeout: options.busyTimeout }), fresh);
  },
  async scratch() {
    const { fileScratch } = await import('../scratch.js');
    return fileScratch('a temporary libSQL file', (file) => `libsql:file:${file}`, ['-wal', '-shm', '-journal', '-ambix.lock', '-ambix-journal']);
  },
});
