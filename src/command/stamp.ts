import type { ResolvedConfig } from '../config/load-config.js';
import { UserError } from '../errors.js';
import { compilerFor, openDatabase } from './database.js';
import { OfflineTarget, OnlineTarget } from '../runtime/sql-target.js';
import { VersionStore } from '../runtime/version-store.js';
import { Revision } from '../script/revision.js';
import { catchRevisionErrors } from '../script/revision-errors.js';
import { headsAfter, planStamp } from '../script/stamp-plan.js';
import { loadRevisionMap } from '../script/script-directory.js';
import { commandIo, type CommandIo } from './io.js';
import { checkKnownHeads, storeNames } from './version-checks.js';

export interface StampOptions {
  sql?: boolean | undefined;
  /** Delete every row first: for a database whose recorded revision no file declares. */
  purge?: boolean;
  /** Where progress and the offline SQL go (see {@link CommandIo}). */
  io?: Partial<CommandIo>;
}

/** `ambix stamp REV...`: records revisions in the version table without running migrations. */
export async function stamp(config: ResolvedConfig, targets: readonly string[], options: StampOptions = {}): Promise<{ from: string[]; to: string[] }> {
  const io = commandIo(options.io);
  const map = loadRevisionMap(config);
  if (targets.length === 0) throw new UserError('stamp needs a revision', 'For example `ambix stamp head`, or `ambix stamp base` to clear the version table.');
  if (options.sql) {
    if (options.purge) throw new UserError("Can't use --purge with --sql mode");
    let start: string | undefined;
    const dests = targets.map((t) => {
      if (!t.includes(':')) return t;
      const [s, e] = t.split(':', 2) as [string, string];
      if (start !== undefined && start !== s) throw new UserError('Stamp operation with --sql only supports a single starting revision at a time');
      start = s;
      return e;
    });
    const from = start && start !== 'base' ? catchRevisionErrors(map, () => map.getRevisions(start!)).filter((r): r is Revision => r instanceof Revision).map((r) => r.revision) : [];
    const out = new OfflineTarget(await compilerFor(config), io.stdout);
    const store = new VersionStore(out, storeNames(config));
    if (from.length === 0) await store.ensure();
    const changes = planStamp(map, from, dests);
    await store.apply(changes);
    return { from, to: headsAfter(from, changes) };
  }
  const adapter = await openDatabase(config);
  try {
    const release = await adapter.lock(config.lockTimeout, (m) => io.progress.info(m));
    try {
      const store = new VersionStore(new OnlineTarget(adapter), storeNames(config));
      await store.ensure(adapter);
      await adapter.begin();
      try {
        let heads = await store.heads(adapter);
        if (options.purge) {
          await store.purge();
          heads = [];
        } else checkKnownHeads(map, heads, adapter.description);
        const changes = planStamp(map, heads, targets);
        await store.apply(changes);
        const closed = await store.closeUnfinished(adapter);
        await adapter.commit();
        if (closed) io.progress.info(`Closed ${closed} log entr${closed === 1 ? 'y' : 'ies'} of a step that never finished.`);
        const to = await store.heads(adapter);
        io.progress.info(`Stamped ${adapter.description}: ${heads.length ? heads.join(', ') : 'base'} -> ${to.length ? to.join(', ') : 'base'}`);
        return { from: heads, to };
      } catch (error) {
        await adapter.rollback();
        throw error;
      }
    } finally {
      await release();
    }
  } finally {
    await adapter.close();
  }
}
