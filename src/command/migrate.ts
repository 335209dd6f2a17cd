import type { ResolvedConfig } from '../config/load-config.js';
import type { Dialect } from '../dialect/dialect.js';
import { UserError } from '../errors.js';
import type { DatabaseAdapter } from '../dialect/adapter.js';
import { backupBeforeMigrating } from '../runtime/backup.js';
import { loadMigrations, runSteps, type StepReport } from '../runtime/migration-runner.js';
import { OfflineSchema } from '../runtime/offline-schema.js';
import type { Progress } from '../runtime/progress.js';
import { OfflineTarget, OnlineTarget, type SqlTarget } from '../runtime/sql-target.js';
import { VersionStore } from '../runtime/version-store.js';
import { LoaderCache } from '../loader/loader-cache.js';
import { planDowngrade, planUpgrade, type MigrationStep } from '../script/migration-plan.js';
import { Revision } from '../script/revision.js';
import { catchRevisionErrors } from '../script/revision-errors.js';
import type { RevisionMap } from '../script/revision-map.js';
import { loadRevisionMap } from '../script/script-directory.js';
import { isTerminal } from '../util/terminal.js';
import { bufferedWriter, writeFd } from '../util/write-fd.js';
import { compilerFor, openDatabase, runOptions } from './database.js';
import { commandIo, type CommandIo } from './io.js';
import { checkKnownHeads, storeNames, warnChangedFiles } from './version-checks.js';

export interface MigrateOptions {
  /** Write SQL instead of running it (`--sql`); `start:end` ranges allowed. */
  sql?: boolean | undefined;
  tag?: string | undefined;
  /** false: no SQLite backup (`--no-backup`); else the config decides. */
  backup?: boolean | undefined;
  /** Where progress and the offline SQL go (see {@link CommandIo}). */
  io?: Partial<CommandIo>;
}

export interface MigrateResult {
  direction: 'up' | 'down';
  from: string[];
  to: string[];
  steps: StepReport[];
  backup?: string;
}

/** A run's options with its io resolved: `write` is the caller's stdout when it gave one (else the SQL is batched to fd 1). */
type RunWith = MigrateOptions & { progress: Progress; write: ((text: string) => void) | undefined; now: () => Date };

/** `ambix upgrade TARGET` */
export function upgrade(config: ResolvedConfig, target: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  return migrate(config, target, 'up', options);
}

/** `ambix downgrade TARGET` */
export function downgrade(config: ResolvedConfig, target: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  return migrate(config, target, 'down', options);
}



async function migrate(config: ResolvedConfig, rawTarget: string, direction: 'up' | 'down', given: MigrateOptions): Promise<MigrateResult> {
  const io = commandIo(given.io);
  const options = { ...given, progress: io.progress, write: given.io?.stdout, now: io.now };
  // One file cache for the run: the revisions' identities taken for their headers key their bundle.
  const cache = new LoaderCache();
  const map = loadRevisionMap(config, cache);
  const verb = direction === 'up' ? 'upgrade' : 'downgrade';
  if (options.sql) return migrateOffline(config, map, rawTarget, direction, options, cache);
  if (rawTarget.includes(':')) throw new UserError(`Range revision not allowed: '${rawTarget}'`, `A start:end range works only with --sql (offline); online, ${verb} starts from the database's current revision.`);
  const adapter = await openDatabase(config);
  try {
    const release = await adapter.lock(config.lockTimeout, (m) => options.progress.info(m));
    try {
      const target = new OnlineTarget(adapter);
      const store = new VersionStore(target, storeNames(config));
      const heads = await store.heads(adapter);
      checkKnownHeads(map, heads, adapter.description);
      await refuseUnfinished(store, adapter);
      const steps = direction === 'up' ? planUpgrade(map, heads, rawTarget) : planDowngrade(map, heads, rawTarget);
      if (steps.length === 0) {
        options.progress.info(`Nothing to ${verb}: ${adapter.description} is already at ${heads.length ? heads.join(', ') : 'base'}.`);
        return { direction, from: heads, to: heads, steps: [] };
      }
      if (direction === 'up') await warnChangedFiles(map, store, adapter, heads, options.progress);
      await loadMigrations(map, steps.map((s) => s.revision.revision), cache);
      let backup: string | undefined;
      if (config.backup && options.backup !== false) {
        backup = await backupBeforeMigrating(adapter, heads);
        if (backup) options.progress.info(`Backed up ${adapter.file} to ${backup}`);
      }
      await store.ensure(adapter);
      const restore = await adapter.manyCommits?.();
      let ran;
      try {
        ran = await runSteps({ options: runOptions(config), loader: cache, now: options.now, map, target, store, adapter, offlineSchema: undefined, progress: options.progress, tag: options.tag }, steps, heads);
      } finally {
        const warning = await restore?.();
        if (warning) options.progress.warn(warning);
      }
      const after = await store.heads(adapter);
      return { direction, from: heads, to: after, steps: ran, ...(backup ? { backup } : {}) };
    } finally {
      await release();
    }
  } finally {
    await adapter.close();
  }
}

async function migrateOffline(config: ResolvedConfig, map: RevisionMap, rawTarget: string, direction: 'up' | 'down', options: RunWith, cache: LoaderCache): Promise<MigrateResult> {
  let start: string[] = [];
  let target = rawTarget;
  if (rawTarget.includes(':')) {
    const [s, e] = rawTarget.split(':', 2) as [string, string];
    target = e;
    start = s === '' || s === 'base' ? [] : catchRevisionErrors(map, () => map.getRevisions(s)).filter((r): r is Revision => r instanceof Revision).map((r) => r.revision);
  } else if (direction === 'down') {
    throw new UserError('downgrade with --sql requires <fromrev>:<torev>', `For example \`ambix downgrade ${map.heads[0] ?? 'head'}:base --sql\`.`);
  }
  const dialect = await compilerFor(config);
  // Into files and pipes, the SQL and the progress lines go out in large pieces (offline steps take
  // no time: nobody waits on a line); on a terminal, as they come.
  const batch = !options.write && !isTerminal(1) && !isTerminal(2);
  const stdout = batch ? bufferedWriter(1) : undefined;
  const write = options.write ?? stdout?.write ?? ((t: string) => writeFd(1, t));
  const release = batch ? options.progress.hold?.() : undefined;
  try {
    return await writeOffline(config, map, start, target, direction, options, dialect, write, cache);
  } finally {
    stdout?.flush();
    release?.();
  }
}

async function writeOffline(config: ResolvedConfig, map: RevisionMap, start: string[], target: string, direction: 'up' | 'down', options: RunWith, dialect: Dialect, write: (text: string) => void, cache: LoaderCache): Promise<MigrateResult> {
  const schema = new OfflineSchema(dialect);
  // The schema before `start`, replayed silently, so rebuilds know the tables.
  if (start.length) await replay(config, map, start, schema, options.progress, cache);
  const out = new OfflineTarget(dialect, write);
  const store = new VersionStore(out, storeNames(config));
  const steps: MigrationStep[] = direction === 'up' ? planUpgrade(map, start, target) : planDowngrade(map, start, target);
  if (start.length === 0 && direction === 'up') await store.ensure();
  const ran = await runSteps({ options: runOptions(config), loader: cache, now: options.now, map, target: out, store, adapter: undefined, offlineSchema: schema, progress: options.progress, tag: options.tag }, steps, start);
  return { direction, from: start, to: [], steps: ran };
}

async function replay(config: ResolvedConfig, map: RevisionMap, heads: string[], schema: OfflineSchema, progress: Progress, cache: LoaderCache): Promise<void> {
  const steps = planUpgrade(map, [], heads);
  const sink: SqlTarget = new OfflineTarget(await compilerFor(config), () => {});
  const quiet: Progress = { step() {}, stepDone() {}, info() {}, warn: (t) => progress.warn(t) };
  try {
    await runSteps({ options: runOptions(config), loader: cache, map, target: sink, store: new VersionStore(sink, storeNames(config)), adapter: undefined, offlineSchema: schema, progress: quiet, tag: undefined }, steps, []);
  } catch {
    // Best effort: a revision that needs a live database leaves later tables unknown,
    // and a rebuild of one of them then says so by name.
  }
}

/** On databases without transactional DDL, a step logged as started but never finished blocks further runs. */
async function refuseUnfinished(store: VersionStore, adapter: DatabaseAdapter): Promise<void> {
  if (adapter.dialect.capabilities.transactionalDdl) return;
  const open = await store.unfinished(adapter);
  if (open.length) {
    const o = open[open.length - 1]!;
    throw new UserError(
      `Revision ${o.revision} started ${o.direction === 'up' ? 'an upgrade' : 'a downgrade'} at ${o.startedAt} and never finished: the database may hold part of it`,
      `Finish it by hand and record it with \`ambix stamp ${o.revision}\`, or undo its partial changes and \`ambix stamp\` the revision the database is really at; stamp closes the open entry, then run again.`,
      { code: 'UNFINISHED_MIGRATION' },
    );
  }
}

