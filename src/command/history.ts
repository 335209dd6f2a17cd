import type { ResolvedConfig } from '../config/load-config.js';
import { UserError } from '../errors.js';
import { iterateRevisions } from '../script/revision-walk.js';
import type { RevisionMap } from '../script/revision-map.js';
import { loadRevisionMap } from '../script/script-directory.js';
import type { GraphView } from './heads.js';
import { catchRevisionErrors } from '../script/revision-errors.js';

/** Splits `-r start:end` (either side may be empty). */
export function parseRange(range: string | undefined): { base: string | null; head: string | null } {
  if (range === undefined) return { base: null, head: null };
  const parts = range.trim().split(':');
  if (parts.length !== 2) throw new UserError(`History range '${range}' requires [start]:[end], [start]:, or :[end]`, 'For example `ambix history -r base:head` or `-r ae10:`.');
  return { base: parts[0] || null, head: parts[1] || null };
}

/** Revisions from `head` down to `base`, newest first: the order `alembic history` prints. */
export function walkRevisions(map: RevisionMap, base: string | null, head: string | null) {
  const b = base ?? 'base';
  const h = head ?? 'heads';
  return catchRevisionErrors(map, () => iterateRevisions(map, h, b, { inclusive: true, assertRelativeLength: false }), { start: b, end: h });
}

/** `ambix history [-r A:B]`. `current` in a range is resolved by the caller against the database. */
export function history(config: ResolvedConfig, options: { range?: string | undefined; current?: readonly string[] } = {}): GraphView {
  const map = loadRevisionMap(config);
  let { base, head } = parseRange(options.range);
  if (base === 'current' || head === 'current') {
    if (!options.current) throw new UserError("The range names 'current', which needs the database", 'Give a database with --url (or in the config), or name a revision.');
    // Alembic shows history relative to each current head; with none, current is base.
    const cur = options.current.length ? options.current.join(',') : null;
    if (options.current.length > 1) throw new UserError(`The database has several current heads (${options.current.join(', ')}); 'current' is ambiguous in a range`, 'Name one of them instead.');
    if (base === 'current') base = cur;
    if (head === 'current') head = cur ?? 'base';
  }
  return { map, revisions: walkRevisions(map, base, head) };
}
