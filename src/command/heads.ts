import type { ResolvedConfig } from '../config/load-config.js';
import { Revision } from '../script/revision.js';
import type { RevisionMap } from '../script/revision-map.js';
import { loadRevisionMap } from '../script/script-directory.js';

export interface GraphView {
  map: RevisionMap;
  revisions: Revision[];
}

/**
 * `ambix heads`: the revisions nothing builds on. With `resolveDependencies`, a head that
 * another revision depends on is not a head (the identifier `heads` means this set).
 */
export function heads(config: ResolvedConfig, options: { resolveDependencies?: boolean } = {}): GraphView {
  const map = loadRevisionMap(config);
  const ids = options.resolveDependencies ? map.realHeads : map.heads;
  return { map, revisions: ids.map((id) => map.rev(id)) };
}
