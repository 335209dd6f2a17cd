// What `current` shares with `upgrade`/`downgrade`, kept apart from the migration runner so
// that `current` (a start-up path) loads none of it.
import type { ResolvedConfig } from '../config/load-config.js';
import { UserError } from '../errors.js';
import type { DatabaseAdapter } from '../dialect/adapter.js';
import type { Progress } from '../runtime/progress.js';
import { fileChecksum } from '../loader/checksum.js';
import type { VersionStore } from '../runtime/version-store.js';
import type { RevisionMap } from '../script/revision-map.js';

export function storeNames(config: ResolvedConfig) {
  return { versionTable: config.versionTable, versionTableSchema: config.versionTableSchema, logTable: config.logTable };
}

/** Refuses heads the graph does not know: the database is ahead of (or apart from) the files. */
export function checkKnownHeads(map: RevisionMap, heads: readonly string[], where: string): void {
  for (const h of heads) {
    if (!map.byId(h)) {
      throw new UserError(
        `Can't locate revision identified by '${h}': ${where} is at ${h}, which no revision file declares`,
        'Restore the missing revision file (e.g. from git), or record another revision with `ambix stamp --purge <rev>`.',
      );
    }
  }
}

/** Says loudly when a migration that already ran has been edited since. */
export async function warnChangedFiles(map: RevisionMap, store: VersionStore, adapter: DatabaseAdapter, heads: readonly string[], progress: Progress): Promise<string[]> {
  const logged = await store.appliedChecksums(adapter);
  if (logged.size === 0) return [];
  const applied = map.ancestors(heads.map((h) => map.rev(h)));
  const changed: string[] = [];
  for (const rev of applied) {
    const sum = logged.get(rev.revision);
    if (sum && rev.path && fileChecksum(rev.path) !== sum) changed.push(rev.revision);
  }
  for (const id of changed) {
    progress.warn(`revision ${id} (${map.rev(id).path}) was edited after it was applied to ${adapter.description}; the database does not have the edit. Put the change in a new revision (\`ambix revision -m ...\`), or restore the file.`);
  }
  return changed;
}
