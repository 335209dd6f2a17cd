import type { DatabaseAdapter } from '../dialect/adapter.js';

/**
 * Copies a SQLite file with SQLite's online backup API before it is migrated:
 * `<file>.<UTC timestamp>.<revision>.bak`, beside the database. Old backups are kept.
 */
export async function backupBeforeMigrating(adapter: DatabaseAdapter, heads: readonly string[], now = new Date()): Promise<string | undefined> {
  if (!adapter.file || !adapter.backup || adapter.backupWorthy === false) return undefined;
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const path = `${adapter.file}.${stamp}.${heads.length ? heads.join('+') : 'base'}.bak`;
  await adapter.backup(path);
  return path;
}
