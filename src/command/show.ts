import type { ResolvedConfig } from '../config/load-config.js';
import { Revision } from '../script/revision.js';
import { loadRevisionMap } from '../script/script-directory.js';
import type { GraphView } from './heads.js';
import { catchRevisionErrors } from '../script/revision-errors.js';
import { parseUpgradeTarget } from '../script/revision-walk.js';

/** `ambix show REV`: the revisions an identifier names (`heads` may name several). */
export function show(config: ResolvedConfig, rev: string): GraphView {
  const map = loadRevisionMap(config);
  // Relative forms (`head-1`, `<rev>+2`) resolve as upgrade targets do; the rest as Alembic's `show`.
  const revisions = catchRevisionErrors(map, () => (/[+-]\d+$/.test(rev) && !/^-\d+$/.test(rev) ? parseUpgradeTarget(map, [], rev, true) : map.getRevisions(rev))).filter(
    (r): r is Revision => r instanceof Revision,
  );
  return { map, revisions };
}
