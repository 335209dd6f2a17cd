import { RevisionError } from '../errors.js';
import type { VersionChange } from './migration-plan.js';
import { Revision } from './revision.js';
import type { RevisionMap } from './revision-map.js';
import { catchRevisionErrors } from './revision-errors.js';

/**
 * The version-table changes `stamp TARGET...` makes from the current heads, without running
 * any migration (Alembic's `_stamp_revs`): a target above the heads on its line replaces
 * them, one below replaces them going down, one on a line not present adds a row, and
 * `base` removes the rows of the lines it names.
 */
export function planStamp(map: RevisionMap, current: readonly string[], targets: readonly string[]): VersionChange[] {
  return catchRevisionErrors(
    map,
    () => {
      const heads = new Set(current);
      const changes: VersionChange[] = [];
      const headRevs = map.getRevisions([...current]).filter((r): r is Revision => r instanceof Revision);
      const list = targets.length ? targets : ['base'];
      let filtered: Revision[] = [];
      for (const t of list) if (t) filtered.push(...(map.filterForLineage(headRevs, t, true) as Revision[]));
      filtered = [...new Set(filtered)];
      const resolved = map.getRevisions([...list]);
      const dests: (Revision | null)[] = resolved.length ? resolved.map((r) => (r instanceof Revision ? r : null)) : [null];
      const apply = (c: VersionChange) => {
        if (c.kind === 'insert') heads.add(c.revision);
        else if (c.kind === 'delete') heads.delete(c.revision);
        else {
          heads.delete(c.from);
          heads.add(c.to);
        }
        changes.push(c);
      };
      for (const dest of dests) {
        if (dest === null) {
          for (const h of filtered) if (heads.has(h.revision)) apply({ kind: 'delete', revision: h.revision });
          continue;
        }
        if (filtered.includes(dest)) continue;
        const below = new Set(map.descendants([dest]));
        const above = new Set(map.ancestors([dest]));
        const from = filtered.map((h) => h.revision).filter((h) => heads.has(h));
        if (filtered.some((h) => below.has(h)) || filtered.some((h) => above.has(h))) {
          // One step from the heads on this line to the target: fold them into one row.
          if (from.length === 0) apply({ kind: 'insert', revision: dest.revision });
          else {
            for (const f of from.slice(0, -1)) apply({ kind: 'delete', revision: f });
            apply({ kind: 'update', from: from[from.length - 1]!, to: dest.revision });
          }
        } else {
          apply({ kind: 'insert', revision: dest.revision });
        }
      }
      return changes;
    },
    { multipleHeads: 'Multiple heads are present; please specify a single target revision' },
  );
}

/** The heads after applying changes to a starting set. */
export function headsAfter(current: readonly string[], changes: readonly VersionChange[]): string[] {
  const heads = new Set(current);
  for (const c of changes) {
    if (c.kind === 'insert') heads.add(c.revision);
    else if (c.kind === 'delete') heads.delete(c.revision);
    else {
      if (!heads.has(c.from)) throw new RevisionError(`internal: stamp moves ${c.from}, which is not a current head`);
      heads.delete(c.from);
      heads.add(c.to);
    }
  }
  return [...heads];
}
