import { RangeNotAncestorError, RevisionError, UserError } from '../errors.js';
import { Revision } from './revision.js';
import type { Resolved, RevisionMap } from './revision-map.js';

// `[branch@][symbol](+|-)N`, anchored at both ends: `+1x` or `rel-1@head` are not relative.
const RELATIVE = /^(?:(.+?)@)?(\w+)?([+-]\d+)$/;
// Looks relative but is not a whole number of steps: `+1.5`, `-x`, `head+`.
const BAD_RELATIVE = /^(?:[^@]+@)?\w*[+-](?!\d+$)/;

export interface IterateOptions {
  implicitBase?: boolean;
  inclusive?: boolean;
  assertRelativeLength?: boolean;
  selectForDowngrade?: boolean;
}

/** Refuses a relative step that is not a whole number, which Alembic would half-parse. */
export function assertRelativeSyntax(target: string | null): void {
  if (target && !RELATIVE.test(target) && BAD_RELATIVE.test(target)) {
    throw new UserError(`'${target}' is not a valid relative revision`, 'Relative steps are whole numbers: +1, -2, <rev>+1, head-1, <branch>@-1.');
  }
}

/**
 * Walks `steps` up (>0) or down (<0). Returns null when the walk leaves the graph
 * (or stays put, without `noOverwalk`); an ambiguous step is refused.
 */
export function walk(map: RevisionMap, start: string | Resolved, steps: number, branchLabel: string | null = null, noOverwalk = true): Resolved {
  let initial: Resolved = typeof start === 'string' && start !== 'base' ? map.getRevision(start) : (start as Resolved);
  for (let i = 0; i < Math.abs(steps); i++) {
    let children: Resolved[];
    if (steps > 0) {
      if (initial === 'base') throw new Error('internal: walk up from base');
      const up = map.getRevisions(initial === null ? map.bases : initial.nextrev) as Revision[];
      children = branchLabel ? map.filterForLineage(up, branchLabel) : up;
    } else if (initial === 'base') {
      children = [];
    } else {
      children = map.getRevisions(initial === null ? map.heads : initial.downRevisions);
      if (children.length === 0) children = ['base'];
    }
    if (children.length === 0) return noOverwalk ? null : initial;
    if (children.length > 1) {
      const from = initial === null ? 'base' : initial === 'base' ? 'base' : initial.revision;
      const next = children.map((c) => (c instanceof Revision ? c.revision : String(c))).join(', ');
      throw new RevisionError('Ambiguous walk', `From ${from} one step ${steps > 0 ? 'up' : 'down'} reaches ${next}; name the target revision, or use <branch>@${steps > 0 ? '+' : '-'}N.`);
    }
    initial = children[0]!;
  }
  return initial;
}

function relativeFailure(relative: string): RevisionError {
  const down = relative.startsWith('-');
  return new RevisionError(
    `Relative revision ${relative} didn't produce ${Math.abs(Number(relative))} migrations`,
    `Fewer than ${Math.abs(Number(relative))} revisions lie ${down ? 'below' : 'above'} the starting point: \`ambix current\` and \`ambix history\` show where it stands; to go all the way use \`${down ? 'downgrade base' : 'upgrade heads'}\`.`,
  );
}

/** Resolves a downgrade target, relative to the current heads when it is `-N`. */
export function parseDowngradeTarget(map: RevisionMap, current: readonly string[], target: string | null, assertRelativeLength: boolean): [string | null, Resolved] {
  if (target === null) return [null, null];
  assertRelativeSyntax(target);
  const m = RELATIVE.exec(target);
  if (m) {
    let branch = m[1] ?? null;
    let symbol = m[2] ?? null;
    const relative = m[3]!;
    const n = Number(relative);
    if (n >= 0) {
      if (symbol === null) throw relativeFailure(relative);
      const rev = walk(map, symbol, n, branch, assertRelativeLength);
      if (rev === null) throw new RevisionError('Walked too far');
      return [branch, rev];
    }
    const relativeToCurrent = symbol === null;
    if (relativeToCurrent) {
      if (branch) {
        let symbols: string[] = map.filterForLineage(current, branch);
        if (symbols.length === 0) {
          // Several branches, one current head: the others depend on it.
          symbols = map.filterForLineage([...map.getAllCurrent(current)], branch).map((r) => (r as Revision).revision);
        }
        if (symbols.length !== 1) {
          throw new RevisionError(`'${target}' is ambiguous: branch '${branch}' has ${symbols.length || 'no'} current revisions${symbols.length ? ` (${symbols.join(', ')})` : ''}`);
        }
        symbol = symbols[0]!;
      } else {
        if (current.length === 0) throw relativeFailure(relative);
        const unique = [...new Set(current)].sort((a, b) => (map.byId(a)?.order ?? 0) - (map.byId(b)?.order ?? 0));
        if (unique.length > 1) {
          // Alembic warns and picks the first row; ambix asks which branch is meant.
          throw new RevisionError(
            `downgrade ${target} from multiple heads is ambiguous: the database is at ${unique.join(', ')}`,
            `Say which branch steps down: ${unique.map((h) => `'${h}@${relative}'`).join(' or ')}, or name the target revision.`,
          );
        }
        symbol = current[0]!;
        branch = symbol;
      }
    }
    const rev = walk(map, branch === null ? map.getRevision(symbol) : map.getRevision(`${branch}@${symbol}`), n, null, assertRelativeLength);
    if (rev === null) throw relativeToCurrent ? relativeFailure(relative) : new RevisionError('Walked too far');
    return [branch, rev];
  }
  const at = target.lastIndexOf('@');
  const branch = at > 0 ? target.slice(0, at) : null;
  return [branch, map.getRevision(at >= 0 ? target.slice(at + 1) : target)];
}

/** Resolves an upgrade target, relative to the current heads when it is `+N`. */
export function parseUpgradeTarget(map: RevisionMap, current: readonly (string | null)[], target: string | readonly string[] | null, assertRelativeLength: boolean): Resolved[] {
  if (typeof target !== 'string') return map.getRevisions(target);
  assertRelativeSyntax(target);
  const m = RELATIVE.exec(target);
  if (!m) return map.getRevisions(target);
  const branch = m[1] ?? null;
  const symbol = m[2] ?? null;
  const relativeStr = m[3]!;
  const relative = Number(relativeStr);
  if (relative > 0) {
    if (symbol === null) {
      let currentTup: (string | null)[] = current.length ? [...current] : [null];
      let startRevs: (string | Resolved)[] = currentTup;
      if (branch) {
        startRevs = map.filterForLineage(map.getRevisions(currentTup), branch);
        if (startRevs.length === 0) {
          // The branch has no current head: start from its newest applied revision, or base.
          const active = map.filterForLineage([...map.ancestors(map.getRevisions(currentTup).filter((r): r is Revision => r instanceof Revision))], branch) as Revision[];
          const downs = new Set(active.flatMap((r) => r.normalizedDownRevisions));
          startRevs = [...new Set(active.map((r) => r.revision))].filter((id) => !downs.has(id));
          if (startRevs.length === 0) startRevs = [null];
        }
      }
      if (startRevs.length > 1) {
        throw new RevisionError('Ambiguous upgrade from multiple current revisions', `Say which branch moves: <branch>@+${relative}, or name the target revision.`);
      }
      const start = startRevs[0] ?? null;
      const rev = walk(map, start, relative, branch, assertRelativeLength);
      if (rev === null) throw relativeFailure(relativeStr);
      return [rev];
    }
    return [walk(map, map.getRevision(symbol), relative, branch, assertRelativeLength)];
  }
  if (symbol === null) throw relativeFailure(relativeStr);
  return [walk(map, branch === null ? map.getRevision(symbol) : map.getRevision(`${branch}@${symbol}`), relative, null, assertRelativeLength)];
}

function isRev(r: Resolved | undefined): r is Revision {
  return r instanceof Revision;
}

/** The applied revisions a downgrade from `upper` (the current heads) to `lower` removes. */
export function collectDowngradeRevisions(
  map: RevisionMap,
  upper: readonly string[],
  lower: string | null,
  opts: IterateOptions,
): [Set<Revision>, Resolved[]] {
  let [branch, target] = parseDowngradeTarget(map, upper, lower, opts.assertRelativeLength ?? true);
  if (target === 'base') target = null;
  let roots: Revision[];
  // Like Alembic, count a labelled base once per map key: with a branch label given, a
  // labelled base makes the label be resolved (and an unknown one refused).
  if (target === null) roots = map.keyedRevisions().filter((r) => r.downRevisions.length === 0);
  else if (opts.inclusive) roots = [target];
  else roots = map.getRevisions(target.nextrev).filter(isRev);

  if (branch && roots.length > 1) {
    const anc = new Set([...map.ancestors([map.resolveBranch(branch)], false)].map((r) => r.revision));
    roots = map.getRevisions(roots.map((r) => r.revision).filter((id) => anc.has(id))).filter(isRev);
    if (roots.length === 0) throw new RevisionError('Not a valid downgrade target from current heads');
  }
  const heads = map.getRevisions(upper);
  const down = new Set(map.descendants(roots, true));
  const active = new Set(map.ancestors(heads.filter(isRev), true));
  for (const r of [...down]) if (!active.has(r)) down.delete(r);
  if (opts.implicitBase) {
    const rootAnc = new Set(map.ancestors(roots));
    for (const r of active) if (!rootAnc.has(r)) down.add(r);
  }
  if (target !== null && down.size === 0 && !heads.includes(target)) {
    throw new RangeNotAncestorError('Nothing to drop', upper.join(','));
  }
  return [down, heads];
}

/** The revisions an upgrade from `lower` (the current heads) to `upper` applies. */
export function collectUpgradeRevisions(
  map: RevisionMap,
  upper: string | readonly string[] | null,
  lower: string | readonly string[] | null,
  opts: IterateOptions,
): [Set<Revision>, Revision[]] {
  const lowerList = lower === null ? [] : typeof lower === 'string' ? [lower] : [...lower];
  const upperStr = typeof upper === 'string' ? upper : null;
  let targets: Revision[] = [];
  for (const r of parseUpgradeTarget(map, lowerList, upper, opts.assertRelativeLength ?? true)) {
    if (isRev(r)) targets.push(r);
    // A walk that ran off the graph (`<rev>+5` past the head) names nothing to reach.
    else if (r === null && upperStr !== null && RELATIVE.test(upperStr)) throw relativeFailure(RELATIVE.exec(upperStr)![3]!);
  }

  if (typeof lower === 'string' && lower.includes('@')) {
    let branch = lower.slice(0, lower.indexOf('@'));
    const branchRev = map.getRevision(branch);
    if (branchRev && branchRev.revision === branch) {
      if (branchRev.branchLabels.size !== 1) throw new RevisionError(`Revision ${branch} used as a branch must carry exactly one branch label`);
      branch = [...branchRev.branchLabels][0]!;
    }
    targets = targets.filter((t) => t.branchLabels.has(branch));
  }
  const required = new Set(map.ancestors(targets, true, true));
  for (const t of targets) required.add(t);

  let currentRevisions: Resolved[] = lower === null ? [] : map.getRevisions(typeof lower === 'string' ? lower : [...lower]);
  if (!opts.implicitBase && currentRevisions.some((r) => r !== null && !(isRev(r) && required.has(r)))) {
    throw new RangeNotAncestorError(lowerList.join(',') || null, upperStr);
  }
  let lowerForInclusive: string | readonly string[] | null = lower;
  if (currentRevisions.length > 0 && currentRevisions[0] === null) {
    // lower was relative (`-2:head`): resolve it against upper.
    const [, rev] = parseDowngradeTarget(map, targets.map((t) => t.revision), typeof lower === 'string' ? lower : null, opts.assertRelativeLength ?? true);
    if (rev === 'base' || rev === null) {
      currentRevisions = [];
      lowerForInclusive = null;
    } else {
      currentRevisions = [rev];
      lowerForInclusive = rev.revision;
    }
  }
  const currentRevs = currentRevisions.filter(isRev);
  const currentSet = new Set(map.ancestors(currentRevs, true, true));
  for (const r of currentRevs) currentSet.add(r);
  const needs = new Set([...required].filter((r) => !currentSet.has(r)));
  if (opts.inclusive && lowerForInclusive !== null) {
    for (const r of map.getRevisions(typeof lowerForInclusive === 'string' ? lowerForInclusive : [...lowerForInclusive])) if (isRev(r)) needs.add(r);
  }
  if (currentRevs.length > 0 && !opts.implicitBase) {
    const below = new Set(map.descendants(currentRevs, false, true));
    for (const r of [...needs]) if (!below.has(r)) needs.delete(r);
  }
  return [needs, targets];
}

/**
 * Orders revisions newest first so that every revision comes before its parents and
 * dependencies; among independent lines, the earliest file's line is walked first
 * (Alembic >= 1.10's `_topological_sort`).
 */
export function topologicalSort(map: RevisionMap, revisions: Iterable<Revision>, heads: readonly Resolved[]): string[] {
  const ancestorsOf = (id: string) => new Set([...map.ancestors([map.rev(id)], true)].map((r) => r.revision));
  const todo = new Set([...revisions].map((r) => r.revision));
  const currentHeads = [...new Set(heads.filter(isRev).map((h) => h.revision).filter((id) => todo.has(id)))].sort((a, b) => map.rev(a).order - map.rev(b).order);
  const ancestorsByIdx = currentHeads.map(ancestorsOf);
  const output: string[] = [];
  let idx = 0;
  while (currentHeads.length > 0) {
    const candidate = currentHeads[idx]!;
    const blocker = ancestorsByIdx.findIndex((anc, i) => i !== idx && anc.has(candidate));
    if (blocker >= 0) {
      // Another line still needs this revision below it: walk that line first.
      idx = blocker;
      continue;
    }
    if (todo.has(candidate)) {
      output.push(candidate);
      todo.delete(candidate);
    }
    const rev = map.rev(candidate);
    const toAdd = rev.normalizedDownRevisions.filter((r) => todo.has(r) && !currentHeads.includes(r));
    if (toAdd.length === 0) {
      currentHeads.splice(idx, 1);
      ancestorsByIdx.splice(idx, 1);
      idx = Math.max(idx - 1, 0);
    } else if (rev.normalizedResolvedDependencies.length === 0 && rev.downRevisions.length === 1) {
      currentHeads[idx] = toAdd[0]!;
      ancestorsByIdx[idx]!.delete(candidate);
    } else {
      currentHeads[idx] = toAdd[0]!;
      currentHeads.push(...toAdd.slice(1));
      ancestorsByIdx[idx] = ancestorsOf(toAdd[0]!);
      ancestorsByIdx.push(...toAdd.slice(1).map(ancestorsOf));
    }
  }
  if (todo.size > 0) throw new UnreachableRange();
  return output;
}

/** Some revisions of a range hang below no head of it (a range across a dependency only). */
class UnreachableRange extends Error {}

/** Revisions from `upper` down to `lower`, newest first (Alembic's `iterate_revisions`). */
export function iterateRevisions(
  map: RevisionMap,
  upper: string | readonly string[] | null,
  lower: string | readonly string[] | null,
  opts: IterateOptions = {},
): Revision[] {
  const [revisions, heads] = opts.selectForDowngrade
    ? collectDowngradeRevisions(map, upper === null ? [] : typeof upper === 'string' ? [upper] : upper, lower as string | null, opts)
    : collectUpgradeRevisions(map, upper, lower, opts);
  try {
    return topologicalSort(map, revisions, heads).map((id) => map.rev(id));
  } catch (error) {
    // Alembic fails an assertion here; the range is not along one line of history.
    if (error instanceof UnreachableRange) {
      const text = (v: string | readonly string[] | null) => (v === null ? null : typeof v === 'string' ? v : v.join(','));
      throw new RangeNotAncestorError(text(lower), text(upper));
    }
    throw error;
  }
}
