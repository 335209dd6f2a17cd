import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cacheDir, recentIdentity, writeCacheFile } from '../util/cache-dir.js';

// node:crypto costs milliseconds to load; `current` reads the version table without hashing.
const require = createRequire(import.meta.url);

/** path -> size, mtime, ctime, inode, SHA-256 */
type Checksums = Record<string, [number, number, number, number, string]>;
let cached: Checksums | undefined;
let dirty = false;
const FILE = 'checksums.json';

/**
 * SHA-256 of a revision file, as logged when it runs: remembered per file identity (size,
 * modification and change times, inode), so a thousand-revision upgrade does not read and hash
 * a thousand files it read the headers of a moment ago. Kept when the process exits.
 */
export function fileChecksum(path: string): string {
  const id = recentIdentity(path);
  cached ??= load();
  const hit = cached[path];
  if (hit && hit[0] === id[0] && hit[1] === id[1] && hit[2] === id[2] && hit[3] === id[3]) return hit[4];
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  // Identity taken before the read: a file changed in between is hashed again next time.
  const sum = createHash('sha256').update(readFileSync(path)).digest('hex');
  cached[path] = [id[0], id[1], id[2], id[3], sum];
  if (!dirty) process.once('exit', saveChecksums);
  dirty = true;
  return sum;
}

/** Writes the checksums taken in this run; a cache that cannot be written costs speed only. */
function saveChecksums(): void {
  if (!dirty || !cached) return;
  try {
    writeCacheFile(join(cacheDir(), FILE), JSON.stringify(cached));
    dirty = false;
  } catch {
    // Speed, not correctness.
  }
}

function load(): Checksums {
  try {
    const value = JSON.parse(readFileSync(join(cacheDir(), FILE), 'utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Checksums) : {};
  } catch {
    return {};
  }
}
