import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, fileIdentity, hash } from '../util/cache-dir.js';
import { parseRevisionHeader, type RevisionHeader } from './header-parser.js';

declare const __AMBIX_VERSION__: string | undefined;
// The parser's version is in the key: a release that reads headers differently never sees old entries.
const FORMAT = `1:${typeof __AMBIX_VERSION__ === 'string' ? __AMBIX_VERSION__ : 'dev'}`;

/** identity, revision, downRevision, branchLabels, dependsOn, rawDoc */
type Entry = [string, string, string | string[] | null, string[], string[], string];

/**
 * The headers of the given revision files, parsed only where a file changed since the last
 * run: a `stat` per file instead of a read and a parse, which is most of what `heads` and
 * `current` spend on a thousand revisions. The cache is one JSON file per set of version
 * locations; a cache that cannot be read or written is ignored (every file is then parsed).
 */
export function readHeadersCached(files: readonly string[], locations: readonly string[]): RevisionHeader[] {
  const cacheFile = join(cacheDir(), `headers-${hash(locations.join('\0'))}.json`);
  let old: Record<string, Entry | undefined> = {};
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { format?: string; files?: Record<string, Entry> };
    if (cached.format === FORMAT && cached.files) old = cached.files;
  } catch {
    // No cache yet, or one cut short: parse everything.
  }
  const next: Record<string, Entry> = {};
  let misses = 0;
  const headers = files.map((path): RevisionHeader => {
    const identity = fileIdentity(path);
    const hit = old[path];
    if (hit !== undefined && hit[0] === identity) {
      next[path] = hit;
      return { revision: hit[1], downRevision: hit[2], branchLabels: hit[3], dependsOn: hit[4], rawDoc: hit[5], path };
    }
    misses++;
    const header = parseRevisionHeader(readFileSync(path, 'utf8'), path);
    next[path] = [identity, header.revision, header.downRevision, header.branchLabels, header.dependsOn, header.rawDoc];
    header.path = path;
    return header;
  });
  if (misses > 0 || Object.keys(old).length !== files.length) {
    try {
      mkdirSync(cacheDir(), { recursive: true });
      // Write-then-rename: a concurrent reader sees the old cache or the new one, never half.
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ format: FORMAT, files: next }));
      renameSync(tmp, cacheFile);
    } catch {
      // A read-only cache folder costs speed, not correctness.
    }
  }
  return headers;
}
