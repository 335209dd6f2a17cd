import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hash, writeCacheFile } from './cache-dir.js';
import type { LoaderCache } from './loader-cache.js';

/** A revision header as the parser reads it (script/header-parser.ts): the graph's fields and the docstring. */
export interface CachedHeader {
  revision: string;
  downRevision: string | string[] | null;
  rawDoc: string;
  branchLabels: string[];
  dependsOn: string[];
  path: string;
}

/** Revision files of one version location: its path with a trailing slash, and file names in order. */
export interface HeaderFolder {
  prefix: string;
  names: readonly string[];
}

declare const __AMBIX_VERSION__: string | undefined;
// The parser's version is in the key: a release that reads headers differently never sees old entries.
const FORMAT = `3:${typeof __AMBIX_VERSION__ === 'string' ? __AMBIX_VERSION__ : 'dev'}`;

/**
 * name; size, modification time, change time, inode (the file's identity: the change time is
 * the one no tool sets back, so a file copied over another with its times kept still reads as
 * changed); revision, downRevision, rawDoc; branchLabels and dependsOn only when not empty.
 * Arrays, not objects keyed by name: a thousand keys make JSON.parse build a dictionary.
 */
type Entry = [string, number, number, number, number, string, string | string[] | null, string, string[]?, string[]?];
/** Per version location: its prefix and its entries in file-name order. */
type Cache = { format: string; folders: [string, Entry[]][] };

// Frozen: shared by every header without labels or dependencies, so nobody may push to it.
const EMPTY = Object.freeze([]) as unknown as string[];

/**
 * The headers of the revision files, parsed only where a file changed since the last run: a
 * `stat` per file instead of a read and a parse, which is most of what `heads` and `current`
 * spend on a thousand revisions. The cache is one JSON file per set of version locations; one
 * that cannot be read or written is ignored (every file is then parsed).
 */
export function readHeadersCached(folders: readonly HeaderFolder[], parse: (source: string, path: string) => Omit<CachedHeader, 'path'>, cache: LoaderCache): CachedHeader[] {
  const cacheFile = join(cache.dir, `headers-${hash(folders.map((f) => f.prefix).join('\0'))}.json`);
  let old: Cache['folders'] = [];
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as Partial<Cache>;
    if (cached.format === FORMAT && Array.isArray(cached.folders)) old = cached.folders;
  } catch {
    // No cache yet, or one cut short: parse everything.
  }
  const next: Cache['folders'] = [];
  let changed = old.length !== folders.length;
  const headers: CachedHeader[] = [];
  for (const [f, { prefix, names }] of folders.entries()) {
    const before = old[f]?.[0] === prefix ? old[f]![1] : [];
    const after: Entry[] = [];
    // Names are sorted on both sides: one merge walk, no lookup table.
    let j = 0;
    for (const name of names) {
      while (j < before.length && before[j]![0] < name) j++;
      const path = prefix + name;
      const id = cache.identity(path);
      let e = before[j];
      if (e === undefined || e[0] !== name || e[1] !== id[0] || e[2] !== id[1] || e[3] !== id[2] || e[4] !== id[3]) {
        changed = true;
        const h = parse(readFileSync(path, 'utf8'), path);
        e = [name, id[0], id[1], id[2], id[3], h.revision, h.downRevision, h.rawDoc];
        if (h.branchLabels.length || h.dependsOn.length) e.push(h.branchLabels, h.dependsOn);
      }
      after.push(e);
      headers.push({ revision: e[5], downRevision: e[6], rawDoc: e[7], branchLabels: e[8] ?? EMPTY, dependsOn: e[9] ?? EMPTY, path });
    }
    if (before.length !== names.length) changed = true;
    next.push([prefix, after]);
  }
  if (changed) {
    try {
      writeCacheFile(cacheFile, JSON.stringify({ format: FORMAT, folders: next } satisfies Cache));
    } catch {
      // A cache that cannot be written costs speed, not correctness.
    }
  }
  return headers;
}
