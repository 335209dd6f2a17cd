import type { ResolvedConfig } from '../config/load-config.js';
import type { Revision } from '../script/revision.js';
import { loadRevisionMap } from '../script/script-directory.js';
import type { GraphView } from './heads.js';
import { walkRevisions } from './history.js';

/** `ambix branches`: every branch point, newest first, with the revisions it branches into. */
export function branches(config: ResolvedConfig): GraphView & { children: Map<Revision, Revision[]> } {
  const map = loadRevisionMap(config);
  const points = walkRevisions(map, null, null).filter((r) => r.isBranchPoint);
  return { map, revisions: points, children: new Map(points.map((p) => [p, p.nextrev.map((id) => map.rev(id))])) };
}
