import { MultipleHeadsError, ResolutionError, RevisionError, UserError } from '../errors.js';
import { Revision, type RevisionInput } from './revision.js';
import { walk } from './revision-walk.js';

/** A resolved identifier: a revision, `'base'` (below every base), or null (nothing: a walk went too far, or no heads). */
export type Resolved = Revision | 'base' | null;

const ILLEGAL_ID_CHARS = ['@', '-', '+', ':'];
const ILLEGAL_ID = /[@\-+:]/;

/**
 * The revision graph: pure, built from file headers, never touching a database.
 * Its answers follow Alembic 1.13's `RevisionMap`; where Alembic leaves an order to a
 * Python set, ambix uses file order.
 */
export class RevisionMap {
  /** Revisions in file order. */
  readonly revisions: readonly Revision[];
  /** Heads by `downRevision` only, in file order. */
  readonly heads: readonly string[];
  /** Heads counting `dependsOn` (what the identifier `heads` means). */
  readonly realHeads: readonly string[];
  readonly bases: readonly string[];
  readonly realBases: readonly string[];
  /** Revision ids, then branch labels, each mapped to its revision. */
  private readonly byKey = new Map<string, Revision>();
  private readonly ids = new Map<string, Revision>();

  constructor(inputs: readonly RevisionInput[]) {
    const revisions: Revision[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const rev = new Revision(inputs[i]!, i);
      const bad = ILLEGAL_ID.test(rev.revision) ? ILLEGAL_ID_CHARS.filter((c) => rev.revision.includes(c)) : [];
      if (bad.length) throw new RevisionError(`Character(s) '${bad.join(', ')}' not allowed in revision identifier '${rev.revision}'${where(rev)}`);
      if (rev.downRevisions.includes(rev.revision)) throw cycle('Self-loop', [rev.revision]);
      if (rev.dependencies.includes(rev.revision)) throw cycle('Dependency self-loop', [rev.revision]);
      const dup = this.ids.get(rev.revision);
      if (dup) {
        throw new RevisionError(
          `Revision id '${rev.revision}' is declared twice: in ${dup.path ?? '?'} and in ${rev.path ?? '?'}`,
          'Give one of them a new id (revision: and the downRevision of its children), or delete the copy.',
        );
      }
      this.ids.set(rev.revision, rev);
      this.byKey.set(rev.revision, rev);
      revisions.push(rev);
    }
    this.revisions = revisions;

    for (const rev of revisions) {
      for (const label of rev.declaredBranchLabels) {
        const taken = this.byKey.get(label);
        if (taken) throw new RevisionError(`Branch name '${label}' in revision ${rev.revision} already used by revision ${taken.revision}`, 'Branch labels must be unique and differ from every revision id.');
        this.byKey.set(label, rev);
      }
    }
    for (const rev of revisions) {
      if (rev.dependencies.length === 0) continue;
      rev.resolvedDependencies = rev.dependencies.map((dep) => {
        const target = this.byKey.get(dep);
        if (!target) {
          throw new RevisionError(
            `Revision ${rev.revision}${where(rev)} depends on '${dep}', which is neither a revision nor a branch label`,
            'Fix dependsOn, or restore the missing revision file.',
          );
        }
        return target.revision;
      });
      rev.settleDependencies();
    }

    for (const rev of revisions) {
      for (const down of rev.allDownRevisions) {
        const parent = this.ids.get(down);
        if (!parent) {
          throw new RevisionError(
            `Revision ${rev.revision}${where(rev)} has downRevision '${down}', which no revision file declares`,
            `Restore the file of '${down}', or point downRevision at an existing revision (see \`ambix heads\`).`,
          );
        }
        parent.addNextrev(rev);
      }
    }
    // Heads are the revisions left without children, in file order (Alembic's OrderedSet).
    const heads = revisions.filter((r) => r.nextrev.length === 0);
    const realHeads = revisions.filter((r) => r.allNextrev.length === 0);
    this.normalizeDependencies();
    const bases = revisions.filter((r) => r.isBase);
    const realBases = revisions.filter((r) => r.isRealBase);
    this.detectCycles(heads, bases, realHeads, realBases);
    this.heads = heads.map((r) => r.revision);
    this.realHeads = realHeads.map((r) => r.revision);
    this.bases = bases.map((r) => r.revision);
    this.realBases = realBases.map((r) => r.revision);
    this.propagateBranchLabels();
  }

  /** The revision with this exact id, or undefined. */
  byId(id: string): Revision | undefined {
    return this.ids.get(id);
  }

  /** The revision an exact id or branch label names, or undefined. */
  revisionForIdentOrUndefined(key: string): Revision | undefined {
    return this.byKey.get(key);
  }

  /** Like {@link byId} but for ids known to exist. */
  rev(id: string): Revision {
    const r = this.ids.get(id);
    if (!r) throw new Error(`internal: unknown revision ${id}`);
    return r;
  }

  private normalizeDependencies(): void {
    for (const rev of this.revisions) {
      if (rev.resolvedDependencies.length === 0) continue;
      const implied = new Set<string>();
      for (const anc of this.ancestors([rev], false)) {
        if (anc !== rev) for (const d of anc.resolvedDependencies) implied.add(d);
      }
      rev.normalizedResolvedDependencies = sortByOrder(
        this,
        [...new Set(rev.resolvedDependencies)].filter((d) => !implied.has(d)),
      );
      rev.settleDependencies();
    }
  }

  private detectCycles(heads: readonly Revision[], bases: Revision[], realHeads: readonly Revision[], realBases: Revision[]): void {
    if (this.revisions.length === 0) return;
    const check = (kind: string, hs: Iterable<Revision>, bs: Revision[], down: (r: Revision) => readonly string[], up: (r: Revision) => readonly string[]) => {
      const hl = [...hs];
      if (hl.length === 0 || bs.length === 0) throw cycle(kind, this.revisions.map((r) => r.revision));
      // Kahn's pass from the bases: every revision is reached exactly when the graph has no cycle.
      const pending = new Map<Revision, number>();
      const queue = [...bs];
      let reached = 0;
      while (queue.length) {
        const r = queue.pop()!;
        reached++;
        for (const id of up(r)) {
          const child = this.rev(id);
          const left = (pending.get(child) ?? down(child).length) - 1;
          pending.set(child, left);
          if (left === 0) queue.push(child);
        }
      }
      if (reached === this.revisions.length) return;
      // Name what is lost the way Alembic does: not both below a head and above a base.
      const fromHeads = new Set(this.related(down, hl));
      const space = new Set(this.related(up, bs).filter((r) => fromHeads.has(r)));
      const lost = this.revisions.filter((r) => !space.has(r)).map((r) => r.revision);
      throw cycle(kind, (lost.length ? lost : this.revisions.map((r) => r.revision)).sort());
    };
    check('Cycle', heads, bases, (r) => r.downRevisions, (r) => r.nextrev);
    // Without any dependsOn the second graph is the first one: nothing more to find.
    if (this.revisions.some((r) => r.dependencies.length > 0)) check('Dependency cycle', realHeads, realBases, (r) => r.allDownRevisions, (r) => r.allNextrev);
  }

  /** A label covers the revision that declares it, its descendants, and its ancestors back to a branch or merge point. */
  private propagateBranchLabels(): void {
    for (const rev of this.revisions) {
      if (rev.declaredBranchLabels.length === 0) continue;
      let last: Revision = rev;
      const labels = [...rev.branchLabels];
      for (const node of this.descendants([rev], false)) {
        node.addBranchLabels(labels);
        last = node;
      }
      let parent: Revision | undefined = last;
      while (parent && !parent.isRealBranchPoint && !parent.isMergePoint) {
        parent.addBranchLabels(labels);
        if (parent.downRevisions.length === 0) break;
        parent = this.ids.get(parent.downRevisions[0]!);
      }
    }
  }

  /**
   * Depth-first walk along `next` (Alembic's `_iterate_related_revisions`), in visit order.
   * With `check`, a target reachable from another target is refused: the request overlaps itself.
   */
  related(next: (r: Revision) => readonly string[], targets: Iterable<Revision>, check = false): Revision[] {
    const seen = new Set<Revision>();
    const out: Revision[] = [];
    const targetList = [...targets];
    for (const target of targetList) {
      const todo: Revision[] = [target];
      const perTarget = check ? new Set<Revision>() : undefined;
      while (todo.length) {
        const rev = todo.pop()!;
        perTarget?.add(rev);
        if (seen.has(rev)) continue;
        seen.add(rev);
        for (const id of next(rev)) todo.push(this.rev(id));
        out.push(rev);
      }
      if (perTarget) {
        const overlaps = targetList.filter((t) => t !== target && perTarget.has(t));
        if (overlaps.length) {
          throw new RevisionError(`Requested revision ${target.revision} overlaps with other requested revisions ${overlaps.map((r) => r.revision).join(', ')}`);
        }
      }
    }
    return out;
  }

  /** Ancestors including the targets; with dependencies by default. */
  ancestors(targets: Iterable<Revision>, includeDependencies = true, check = false): Revision[] {
    return this.related(includeDependencies ? (r) => r.normalizedDownRevisions : (r) => r.downRevisions, targets, check);
  }

  /** Descendants including the targets; with dependents by default. */
  descendants(targets: Iterable<Revision>, includeDependencies = true, check = false): Revision[] {
    return this.related(includeDependencies ? (r) => r.allNextrev : (r) => r.nextrev, targets, check);
  }

  /** The one head (of a branch, if given); refuses when there are several. */
  getCurrentHead(branchLabel?: string | null): string | null {
    let heads: readonly string[] = this.heads;
    if (branchLabel) heads = this.filterForLineage(heads, branchLabel);
    if (heads.length > 1) throw new MultipleHeadsError(heads, branchLabel ? `${branchLabel}@head` : 'head');
    return heads[0] ?? null;
  }

  /** Every revision an identifier (or a list of them) names. */
  getRevisions(id: string | readonly (string | null)[] | null): Resolved[] {
    if (Array.isArray(id)) return id.flatMap((i) => this.getRevisions(i as string | null));
    const [resolved, branch] = this.resolveRevisionNumber(id as string | null);
    if (resolved.length === 1 && /^-\d+$/.test(resolved[0]!)) {
      // branch@-n: walk down from the heads (of that branch).
      const steps = Number(resolved[0]);
      let selectHeads = this.getRevisions('heads');
      if (branch !== null) selectHeads = selectHeads.filter((h) => h instanceof Revision && h.branchLabels.has(branch));
      return selectHeads.map((h) => walk(this, h, steps));
    }
    return resolved.map((r) => this.revisionForIdent(r, branch));
  }

  /** The single revision an identifier names (null for base); several heads are refused. */
  getRevision(id: string | null): Revision | null {
    const [resolved, branch] = this.resolveRevisionNumber(id);
    if (resolved.length > 1) throw new MultipleHeadsError(resolved, id ?? 'head');
    return this.revisionForIdent(resolved[0] ?? null, branch);
  }

  /** Splits `branch@id` and expands `head`, `heads`, `base`. */
  resolveRevisionNumber(id: string | null): [string[], string | null] {
    let branch: string | null = null;
    if (id !== null && id.includes('@')) {
      const at = id.indexOf('@');
      branch = id.slice(0, at);
      id = id.slice(at + 1);
    }
    if (id === 'heads') return branch ? [this.filterForLineage(this.heads, branch), branch] : [[...this.realHeads], branch];
    if (id === 'head') {
      const head = this.getCurrentHead(branch);
      return [head ? [head] : [], branch];
    }
    if (id === 'base' || id === null || id === '') return [[], branch];
    return [[id], branch];
  }

  resolveBranch(label: string): Revision {
    const rev = this.byKey.get(label);
    if (rev) return rev;
    try {
      const r = this.revisionForIdent(label);
      if (!r) throw new ResolutionError(`No such branch: '${label}'`, label);
      return r;
    } catch (error) {
      if (error instanceof ResolutionError) throw new ResolutionError(`No such branch: '${label}'`, label);
      throw error;
    }
  }

  /** An exact id or label, else a unique prefix; checked against a branch when given. */
  revisionForIdent(id: string | null, checkBranch?: string | null): Revision | null {
    const branchRev = checkBranch ? this.resolveBranch(checkBranch) : null;
    if (id === null) return null;
    let revision = this.byKey.get(id);
    if (!revision) {
      let candidates = [...this.byKey.keys()].filter((k) => k.length > 3 && k.startsWith(id));
      if (branchRev && checkBranch) candidates = this.filterForLineage(candidates, checkBranch);
      if (candidates.length === 0) {
        throw new ResolutionError(
          `No such revision or branch '${id}'${id.length < 4 ? '; please ensure at least four characters are present for partial revision identifier matches' : ''}`,
          id,
        );
      }
      if (candidates.length > 1) {
        throw new ResolutionError(
          `Multiple revisions start with '${id}': ${candidates.map((c) => `'${c}'`).join(', ')}`,
          id,
          'Give more characters of the id.',
        );
      }
      revision = this.byKey.get(candidates[0]!)!;
    }
    if (checkBranch && branchRev && !this.sharesLineage(revision, [branchRev])) {
      throw new ResolutionError(`Revision ${revision.revision} is not a member of branch '${checkBranch}'`, id);
    }
    return revision;
  }

  /** The targets on the same line of history (ancestor or descendant) as `checkAgainst`. */
  filterForLineage<T extends string | Resolved>(targets: readonly T[], checkAgainst: string | null, includeDependencies = false): T[] {
    const [ids, branch] = this.resolveRevisionNumber(checkAgainst);
    const shares: string[] = [];
    if (branch) shares.push(branch);
    shares.push(...ids);
    return targets.filter((t) => this.sharesLineage(t as string | Revision, shares, includeDependencies));
  }

  sharesLineage(target: string | Revision | null | 'base', against: readonly (string | Revision)[], includeDependencies = false): boolean {
    if (against.length === 0) return true;
    const resolvedTarget = target instanceof Revision ? target : this.revisionForIdent(target as string | null);
    if (!resolvedTarget) throw new UserError('internal: lineage of an empty revision');
    const others = new Set(against.map((a) => (a instanceof Revision ? a : this.revisionForIdent(a))));
    for (const r of this.descendants([resolvedTarget], includeDependencies)) if (others.has(r)) return true;
    for (const r of this.ancestors([resolvedTarget], includeDependencies)) if (others.has(r)) return true;
    return false;
  }

  /** Drops every target that has a descendant among the targets. */
  filterIntoBranchHeads(targets: Iterable<Revision>): Set<Revision> {
    const set = new Set(targets);
    // A target with a descendant among the targets is a proper ancestor of one (`nextrev` is
    // the inverse of `downRevisions`): one walk down from all of them, O(n), where a walk up
    // from each target was O(n^2) for `current`, whose targets are every applied revision.
    const below = new Set<Revision>();
    const todo: Revision[] = [];
    for (const t of set) for (const id of t.downRevisions) todo.push(this.rev(id));
    while (todo.length) {
      const r = todo.pop()!;
      if (below.has(r)) continue;
      below.add(r);
      for (const id of r.downRevisions) todo.push(this.rev(id));
    }
    return new Set([...set].filter((r) => !below.has(r)));
  }

  /** The current heads plus every ancestor, reduced to the tips (Alembic's `_get_all_current`). */
  getAllCurrent(ids: readonly string[]): Set<Revision> {
    const top = new Set(this.getRevisions(ids).filter((r): r is Revision => r instanceof Revision));
    for (const a of this.ancestors([...top], true)) top.add(a);
    return this.filterIntoBranchHeads(top);
  }

  /** Every entry of the map, ids then labels: a labelled revision appears once per key. */
  keyedRevisions(): Revision[] {
    return [...this.byKey.values()];
  }
}


function sortByOrder(map: RevisionMap, ids: string[]): string[] {
  return ids.sort((a, b) => map.rev(a).order - map.rev(b).order);
}

function where(rev: Revision): string {
  return rev.path ? ` (${rev.path})` : '';
}

function cycle(kind: string, ids: string[]): RevisionError {
  return new RevisionError(`${kind} is detected in revisions (${ids.join(', ')})`, 'Fix downRevision / dependsOn in those files so history runs one way.');
}
