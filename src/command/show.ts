import type { ResolvedConfig } from '../config/load-config.js';
import { Revision } from '../script/revision.js';
import { loadRevisionMap } from '../script/script-directory.js';
import type { GraphView } from './heads.js';
import { catchRevisionErrors } from '../script/revision-errors.js';

/** `ambix show REV`: the revisions an identifier names (`heads` may name several). */
export function show(config: ResolvedConfig, rev: string): GraphView {
  const map = loadRevisionMap(config);
  const revisions = catchRevisionErrors(map, () => map.getRevisions(rev)).filter((r): r is Revision => r instanceof Revision);
  return { map, revisions };
}
