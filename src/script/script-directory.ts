import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { parseRevisionHeader } from './header-parser.js';
import { RevisionMap } from './revision-map.js';
import type { RevisionInput } from './revision.js';

/** Revision files: TypeScript or JavaScript modules; `_helpers.ts`, dotfiles and `.d.ts` are not revisions. */
export const REVISION_FILE = /^(?![._]).*(?<!\.d)\.(?:ts|mts|js|mjs)$/;

/**
 * Lists revision files in the order Alembic reads them: each version location in turn,
 * file names sorted within it. This order breaks ties wherever the graph leaves one open.
 */
export function listRevisionFiles(locations: readonly string[]): string[] {
  const files: string[] = [];
  for (const dir of locations) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    names.sort(compareCodePoints);
    for (const name of names) if (REVISION_FILE.test(name)) files.push(join(dir, name));
  }
  return files;
}

/** Python's `sorted()` order (code points), not the locale's. */
function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads the headers of every revision file (no module is run). */
export function readRevisionInputs(locations: readonly string[]): RevisionInput[] {
  return listRevisionFiles(locations).map((path) => {
    const header = parseRevisionHeader(readFileSync(path, 'utf8'), path);
    return { ...header, path };
  });
}

/** The graph of a project, built from its version locations. */
export function loadRevisionMap(config: { migrations: string; versionLocations: readonly string[] }): RevisionMap {
  if (!existsSync(config.migrations)) {
    throw new UserError(`No migrations folder at ${config.migrations}`, 'Run `ambix init migrations` to create one, or set `migrations` in the config.');
  }
  return new RevisionMap(readRevisionInputs(config.versionLocations));
}
