import { describe, expect, it } from 'vitest';
import { walkRevisions } from '../../src/command/history.js';
import { UserError } from '../../src/errors.js';
import { HeadTracker, planDowngrade, planUpgrade } from '../../src/script/migration-plan.js';
import { RevisionMap } from '../../src/script/revision-map.js';
import { parseUpgradeTarget } from '../../src/script/revision-walk.js';
import type { RevisionInput } from '../../src/script/revision.js';

/** A graph from `id<-down,down` notation, in file order: `['a', 'b<-a', 'm<-b,c']`. */
function graph(spec: string[], extra: Record<string, Partial<RevisionInput>> = {}): RevisionMap {
  return new RevisionMap(
    spec.map((s) => {
      const [id, downs] = s.split('<-');
      const down = downs ? downs.split(',') : null;
      return { revision: id!, downRevision: down && down.length === 1 ? down[0]! : down, path: `versions/${id}.ts`, ...extra[id!] };
    }),
  );
}
const ids = (revs: { revision: string }[]) => revs.map((r) => r.revision);
function upgrade(map: RevisionMap, current: string[], target: string) {
  const steps = planUpgrade(map, current, target);
  const t = new HeadTracker(map, current);
  for (const s of steps) t.apply(s);
  return { ran: ids(steps.map((s) => s.revision)), heads: [...t.heads].sort() };
}
function downgrade(map: RevisionMap, current: string[], target: string) {
  const steps = planDowngrade(map, current, target);
  const t = new HeadTracker(map, current);
  for (const s of steps) t.apply(s);
  return { ran: ids(steps.map((s) => s.revision)), heads: [...t.heads].sort() };
}

describe('a linear history', () => {
  const map = graph(['a', 'b<-a', 'c<-b', 'd<-c']);
  it('has one head and one base', () => {
    expect(map.heads).toEqual(['d']);
    expect(map.bases).toEqual(['a']);
  });
  it('upgrade +2 from b runs c and d; downgrade -1 steps back one', () => {
    expect(upgrade(map, ['b'], '+2')).toEqual({ ran: ['c', 'd'], heads: ['d'] });
    expect(downgrade(map, ['d'], '-1')).toEqual({ ran: ['d'], heads: ['c'] });
    expect(downgrade(map, ['d'], 'base')).toEqual({ ran: ['d', 'c', 'b', 'a'], heads: [] });
  });
  it('resolves head-2, b+1 and prefixes of four characters or more', () => {
    expect(ids(parseUpgradeTarget(map, [], 'head-2', true) as { revision: string }[])).toEqual(['b']);
    expect(ids(parseUpgradeTarget(map, [], 'b+1', true) as { revision: string }[])).toEqual(['c']);
  });
  it('refuses relative steps that are not whole numbers', () => {
    for (const bad of ['+1.5', '+1x', '-x', 'b+']) expect(() => planUpgrade(map, ['a'], bad), bad).toThrow(/not a valid relative revision|Can't locate/);
  });
  it('says when a relative step runs off the graph', () => {
    expect(() => planUpgrade(map, ['c'], '+3')).toThrow("Relative revision +3 didn't produce 3 migrations");
  });
});

describe('two branches and a merge', () => {
  // a -> b1 -> b2 and a -> c1; m merges b2 and c1
  const map = graph(['a', 'b1<-a', 'c1<-a', 'b2<-b1', 'm<-b2,c1']);
  it('marks the branch point and the merge point', () => {
    expect(map.rev('a').isBranchPoint).toBe(true);
    expect(map.rev('m').isMergePoint).toBe(true);
    expect(map.heads).toEqual(['m']);
  });
  it('lists history newest first, each branch walked whole, earliest file first', () => {
    expect(ids(walkRevisions(map, null, null))).toEqual(['m', 'b2', 'b1', 'c1', 'a']);
  });
  it('a branch point adds a row to the version table; the merge folds the rows into one', () => {
    expect(upgrade(map, ['b1'], 'c1')).toEqual({ ran: ['c1'], heads: ['b1', 'c1'] });
    expect(upgrade(map, ['b1', 'c1'], 'head')).toEqual({ ran: ['b2', 'm'], heads: ['m'] });
    expect(downgrade(map, ['m'], 'b2')).toEqual({ ran: ['m'], heads: ['b2', 'c1'] });
  });
  it('refuses downgrade -1 from two heads and names the choices', () => {
    const err = (() => {
      try {
        planDowngrade(map, ['b2', 'c1'], '-1');
      } catch (e) {
        return e as UserError;
      }
    })();
    expect(err).toBeInstanceOf(UserError);
    expect(err!.hint).toContain("'c1@-1' or 'b2@-1'");
    expect(downgrade(map, ['b2', 'c1'], 'c1@-1')).toEqual({ ran: ['c1'], heads: ['b2'] });
  });
});

describe('a merge of three branches', () => {
  const map = graph(['a', 'x<-a', 'y<-a', 'z<-a', 'm<-x,y,z']);
  it('upgrades every branch then merges all three rows into one', () => {
    // Alembic runs an upgrade in the reverse of history's order: the last branch first.
    expect(upgrade(map, [], 'head')).toEqual({ ran: ['a', 'z', 'y', 'x', 'm'], heads: ['m'] });
  });
  it('downgrading the merge to one parent restores three rows; -1 is ambiguous there', () => {
    expect(downgrade(map, ['m'], 'x')).toEqual({ ran: ['m'], heads: ['x', 'y', 'z'] });
    expect(() => downgrade(map, ['m'], '-1')).toThrow('Ambiguous walk');
  });
});

describe('branch labels', () => {
  const map = graph(['a', 's1<-a', 'b1<-a', 's2<-s1', 'b2<-b1'], { s1: { branchLabels: ['shop'] }, b1: { branchLabels: ['blog'] } });
  it('label@head names the head of that branch, and the label spreads to its descendants', () => {
    expect(ids(map.getRevisions('shop@head') as { revision: string }[])).toEqual(['s2']);
    expect([...map.rev('s2').branchLabels]).toEqual(['shop']);
    expect(upgrade(map, [], 'blog@head')).toEqual({ ran: ['a', 'b1', 'b2'], heads: ['b2'] });
  });
  it('refuses a label used twice', () => {
    expect(() => graph(['a', 'b<-a'], { a: { branchLabels: ['x'] }, b: { branchLabels: ['x'] } })).toThrow("Branch name 'x' in revision b already used by revision a");
  });
});

describe('dependsOn across branches', () => {
  // two independent roots; bl2 needs core's c2
  const map = graph(['c1', 'bl1', 'c2<-c1', 'bl2<-bl1', 'c3<-c2'], { bl2: { dependsOn: ['c2'] }, c1: { branchLabels: ['core'] }, bl1: { branchLabels: ['billing'] } });
  it('upgrading the dependent pulls in its dependency first', () => {
    expect(upgrade(map, [], 'bl2')).toEqual({ ran: ['c1', 'c2', 'bl1', 'bl2'], heads: ['bl2'] });
  });
  it('downgrading the dependency takes the dependent down first', () => {
    expect(downgrade(map, ['bl2', 'c3'], 'c1')).toEqual({ ran: ['bl2', 'c3', 'c2'], heads: ['bl1', 'c1'] });
  });
  it('orders several dependencies by file order, not by how they are listed', () => {
    const m = graph(['z1', 'y1', 'x1', 'w1'], { w1: { dependsOn: ['y1', 'z1', 'x1'] } });
    expect(upgrade(m, [], 'w1').ran).toEqual(['x1', 'y1', 'z1', 'w1']);
    expect(ids(walkRevisions(m, null, null))).toEqual(['w1', 'z1', 'y1', 'x1']);
  });
  it('a dependency that names a branch label resolves to the labelled revision', () => {
    const m = graph(['c1', 'b1'], { c1: { branchLabels: ['core'] }, b1: { dependsOn: ['core'] } });
    expect(m.rev('b1').resolvedDependencies).toEqual(['c1']);
  });
});

describe('graphs ambix refuses with a message that names the files', () => {
  it('a duplicate revision id names both files', () => {
    expect(() => new RevisionMap([{ revision: 'a', downRevision: null, path: 'one.ts' }, { revision: 'a', downRevision: null, path: 'two.ts' }])).toThrow(
      "Revision id 'a' is declared twice: in one.ts and in two.ts",
    );
  });
  it('a downRevision that points nowhere', () => {
    expect(() => graph(['a', 'b<-nope'])).toThrow("Revision b (versions/b.ts) has downRevision 'nope', which no revision file declares");
  });
  it('a dependsOn that points nowhere', () => {
    expect(() => graph(['a'], { a: { dependsOn: ['ghost'] } })).toThrow("depends on 'ghost', which is neither a revision nor a branch label");
  });
  it('a cycle', () => {
    expect(() => graph(['r', 'a<-r', 'b<-c', 'c<-b'])).toThrow('Cycle is detected in revisions (b, c)');
    expect(() => graph(['a<-a'])).toThrow('Self-loop is detected in revisions (a)');
  });
  it('an ambiguous prefix lists the candidates', () => {
    const m = graph(['abcd1111', 'abcd2222<-abcd1111']);
    expect(() => m.getRevisions('abcd')).toThrow("Multiple revisions start with 'abcd': 'abcd1111', 'abcd2222'");
  });
  it('`head` with several heads', () => {
    const m = graph(['a', 'b<-a', 'c<-a']);
    expect(() => planUpgrade(m, [], 'head')).toThrow("Multiple head revisions are present for given argument 'head'");
  });
});
