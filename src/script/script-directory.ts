import { existsSync, readdirSync } from 'node:fs';
import { UserError } from '../errors.js';
import { readHeadersCached } from '../loader/header-cache.js';
import { LoaderCache } from '../loader/loader-cache.js';
import { parseRevisionHeader } from './header-parser.js';
import { RevisionMap } from './revision-map.js';
import type { RevisionInput } from './revision.js';

/** Revision files: TypeScript or JavaScript modules; `_helpers.ts`, dotfiles and `.d.ts` are not revisions. */
export function isRevisionFile(name: string): boolean {
  const c = name.charCodeAt(0);
  if (c === 46 /* . */ || c === 95 /* _ */) return false;
  if (name.endsWith('.d.ts') || name.endsWith('.d.mts')) return false;
  return name.endsWith('.ts') || name.endsWith('.mts') || name.endsWith('.js') || name.endsWith('.mjs');
}

/** The revision files of one version location: its path with a trailing slash, and file names. */
export interface RevisionFolder {
  prefix: string;
  names: string[];
}

/**
 * Lists revision files in the order Alembic reads them: each version location in turn,
 * file names sorted within it. This order breaks ties wherever the graph leaves one open.
 */
export function listRevisionFolders(locations: readonly string[]): RevisionFolder[] {
  const folders: RevisionFolder[] = [];
  for (const dir of locations) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    // Default sort is by UTF-16 code unit: Python's sorted() order for every BMP name.
    names.sort();
    folders.push({ prefix: dir.endsWith('/') ? dir : `${dir}/`, names: names.filter(isRevisionFile) });
  }
  return folders;
}

/** Reads the headers of every revision file (no module is run). */
export function readRevisionInputs(locations: readonly string[], cache: LoaderCache = new LoaderCache()): RevisionInput[] {
  return readHeadersCached(listRevisionFolders(locations), parseRevisionHeader, cache);
}

/** The graph of a project, built from its version locations. */
export function loadRevisionMap(config: { migrations: string; versionLocations: readonly string[] }, cache: LoaderCache = new LoaderCache()): RevisionMap {
  if (!existsSync(config.migrations)) {
    throw new UserError(`No migrations folder at ${config.migrations}`, 'Run `ambix init migrations` to create one, or set `migrations` in the config.');
  }
  return new RevisionMap(readRevisionInputs(config.versionLocations, cache));
}
