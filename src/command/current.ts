import type { ResolvedConfig } from '../config/load-config.js';
import { UserError } from '../errors.js';
import { OnlineTarget } from '../runtime/sql-target.js';
import { VersionStore } from '../runtime/version-store.js';
import type { Revision } from '../script/revision.js';
import type { RevisionMap } from '../script/revision-map.js';
import { loadRevisionMap } from '../script/script-directory.js';
import { missingLocalFile, openDatabase } from './database.js';
import { commandIo, type CommandIo } from './io.js';
import { checkKnownHeads, storeNames, warnChangedFiles } from './version-checks.js';

export interface CurrentResult {
  map: RevisionMap;
  /** The rows of the version table. */
  heads: string[];
  /** What Alembic's `current` lists: each current head's line of history, reduced to its tip. */
  revisions: Revision[];
  description: string;
  /** Applied revisions whose files changed since they ran (with `verbose`). */
  changed: string[];
}

/** Reads the current heads (without creating anything): for `current`, `history -i` and `history -r current:`. */
export async function readCurrentHeads(config: ResolvedConfig): Promise<{ heads: string[]; description: string }> {
  const missing = missingLocalFile(config.url);
  if (missing) return { heads: [], description: config.url! };
  const adapter = await openDatabase(config);
  try {
    const store = new VersionStore(new OnlineTarget(adapter), storeNames(config));
    return { heads: await store.heads(adapter), description: adapter.description };
  } finally {
    await adapter.close();
  }
}

/** `ambix current [-v] [--check-heads]` */
export async function current(config: ResolvedConfig, options: { verbose?: boolean | undefined; checkHeads?: boolean | undefined; io?: Partial<CommandIo> } = {}): Promise<CurrentResult> {
  const map = loadRevisionMap(config);
  const { heads, description } = await readCurrentHeads(config);
  checkKnownHeads(map, heads, description);
  let changed: string[] = [];
  if (options.verbose && heads.length && !missingLocalFile(config.url)) {
    const adapter = await openDatabase(config);
    try {
      changed = await warnChangedFiles(map, new VersionStore(new OnlineTarget(adapter), storeNames(config)), adapter, heads, commandIo(options.io).progress);
    } finally {
      await adapter.close();
    }
  }
  if (options.checkHeads) {
    const want = new Set(map.heads);
    if (heads.length !== want.size || heads.some((h) => !want.has(h))) {
      throw new UserError(`Database is not on all head revisions: it is at ${heads.length ? heads.join(', ') : 'base'}, the heads are ${map.heads.join(', ') || '(none)'}`, 'Run `ambix upgrade heads`.');
    }
  }
  const revisions = [...map.getAllCurrent(heads)].sort((a, b) => a.order - b.order);
  return { map, heads, revisions, description, changed };
}
