import { cacheDir, fileIdentity, type FileIdentity } from './cache-dir.js';

/**
 * What one command run knows of the files it loads: the cache folder, and the identity (size,
 * times, inode) it took of each file, so that a revision `stat`ed for its header is not `stat`ed
 * again for the key of the bundle that loads it. A run creates one and passes it down; nothing of
 * it outlives the run, so a file edited between two runs in one process (a config loaded twice
 * through the API, a migration edited in a watch loop) is always seen as it is now.
 *
 * @example const cache = new LoaderCache(); const map = loadRevisionMap(config, cache); await loadMigrations(map, ids, cache);
 */
export class LoaderCache {
  private readonly identities = new Map<string, FileIdentity>();

  constructor(readonly dir: string = cacheDir()) {}

  /** The file's identity now (a `stat`), remembered for the rest of the run. */
  identity(file: string): FileIdentity {
    const id = fileIdentity(file);
    this.identities.set(file, id);
    return id;
  }

  /** The identity this run took of the file, else a fresh one. */
  recentIdentity(file: string): FileIdentity {
    return this.identities.get(file) ?? this.identity(file);
  }
}
