import { RevisionError } from '../errors.js';
import { Revision } from './revision.js';
import type { RevisionMap } from './revision-map.js';
import { iterateRevisions } from './revision-walk.js';
import { translateRevisionError } from './revision-errors.js';

/** One migration to run: a revision and its direction. */
export interface MigrationStep {
  revision: Revision;
  direction: 'up' | 'down';
}

/** A change to the version table, as Alembic's head maintainer makes it. */
export type VersionChange = { kind: 'insert'; revision: string } | { kind: 'delete'; revision: string } | { kind: 'update'; from: string; to: string };

/**
 * The steps `upgrade TARGET` runs from the current heads, oldest first. Other branches
 * are wound forward as needed, as in Alembic (`implicit_base`).
 */
export function planUpgrade(map: RevisionMap, current: readonly string[], target: string | readonly string[]): MigrationStep[] {
  try {
    return iterateRevisions(map, target, current, { implicitBase: true })
      .reverse()
      .map((revision) => ({ revision, direction: 'up' as const }));
  } catch (error) {
    throw translateRevisionError(map, error, { ancestor: 'Destination {end} is not a valid upgrade target from current head(s)', end: typeof target === 'string' ? target : target.join(',') });
  }
}

/** The steps `downgrade TARGET` runs from the current heads, newest first. */
export function planDowngrade(map: RevisionMap, current: readonly string[], target: string): MigrationStep[] {
  try {
    return iterateRevisions(map, current, target, { selectForDowngrade: true }).map((revision) => ({ revision, direction: 'down' as const }));
  } catch (error) {
    throw translateRevisionError(map, error, { ancestor: 'Destination {end} is not a valid downgrade target from current head(s)', end: target });
  }
}

/**
 * Keeps the version table's rows (one per current head) in step with each migration:
 * a new base or branch inserts a row, a merge folds rows into one, an unmerge splits one,
 * a downgrade to base deletes the row, anything else updates it in place.
 */
export class HeadTracker {
  readonly heads: Set<string>;
  constructor(
    private readonly map: RevisionMap,
    heads: Iterable<string>,
  ) {
    this.heads = new Set(heads);
  }

  /** Applies a step and returns the row changes it makes, in order. */
  apply(step: MigrationStep): VersionChange[] {
    const changes: VersionChange[] = [];
    const rev = step.revision;
    const down = rev.normalizedDownRevisions;
    const up = step.direction === 'up';
    const insert = (r: string) => {
      this.heads.add(r);
      changes.push({ kind: 'insert', revision: r });
    };
    const remove = (r: string) => {
      this.heads.delete(r);
      changes.push({ kind: 'delete', revision: r });
    };
    const update = (from: string, to: string) => {
      if (!this.heads.has(from)) throw new RevisionError(`Cannot move the version row from ${from} to ${to}: ${from} is not a current head`);
      this.heads.delete(from);
      this.heads.add(to);
      changes.push({ kind: 'update', from, to });
    };

    if (!up && this.heads.has(rev.revision) && (down.length === 0 || this.unmergeTargets(rev).length === 0)) {
      remove(rev.revision);
    } else if (up && (down.length === 0 || !down.some((d) => this.heads.has(d)))) {
      insert(rev.revision);
    } else if (up && down.length > 1 && down.filter((d) => this.heads.has(d)).length > 1) {
      // Merge: the parents' rows become one row for this revision.
      const others = [...this.heads].filter((h) => !down.includes(h));
      const covered = new Set(others.length ? this.map.ancestors(this.revs(others)).map((r) => r.revision) : []);
      const from = down.filter((d) => !covered.has(d) && this.heads.has(d));
      for (const d of from.slice(0, -1)) remove(d);
      update(from[from.length - 1]!, rev.revision);
    } else if (!up && this.heads.has(rev.revision) && down.length > 1) {
      // Unmerge: one row becomes a row per parent not already implied by another head.
      const targets = this.unmergeTargets(rev);
      update(rev.revision, targets[targets.length - 1]!);
      for (const t of targets.slice(0, -1)) insert(t);
    } else if (up) {
      const from = down.length === 1 ? down[0]! : this.singleDown(rev);
      update(from, rev.revision);
    } else {
      const to = down.length === 1 ? down[0]! : this.singleDown(rev);
      update(rev.revision, to);
    }
    return changes;
  }

  private revs(ids: readonly string[]): Revision[] {
    return ids.map((id) => this.map.rev(id));
  }

  /**
   * The parents a downgrade of `rev` leaves as heads: those not already implied by another
   * head, or (with no other head) by another of the parents.
   */
  private unmergeTargets(rev: Revision): string[] {
    const parents = rev.normalizedDownRevisions;
    const others = [...this.heads].filter((h) => h !== rev.revision);
    const covered = new Set<string>();
    if (others.length) for (const r of this.map.ancestors(this.revs(others))) covered.add(r.revision);
    else for (const p of parents) for (const r of this.map.ancestors([this.map.rev(p)])) if (r.revision !== p) covered.add(r.revision);
    return parents.filter((d) => !covered.has(d));
  }

  private singleDown(rev: Revision): string {
    const present = rev.normalizedDownRevisions.filter((d) => this.heads.has(d));
    if (present.length !== 1) {
      throw new RevisionError(`Can't update the version table for ${rev.revision}: its parents ${rev.normalizedDownRevisions.join(', ')} are ambiguous among the current heads ${[...this.heads].join(', ')}`);
    }
    return present[0]!;
  }
}
