import type { LoaderCache } from '../loader/loader-cache.js';
import { importDefaults } from '../loader/module-loader.js';
import { MigrationError, UserError, type StepReport } from '../errors.js';

export { MigrationError, type StepReport };
import type { Migration, MigrationContext } from '../ops/define-migration.js';
import type { NamingConvention } from '../schema/naming.js';
import { createOpApi, type LiveDatabase } from '../ops/op-api.js';
import { HeadTracker, type MigrationStep } from '../script/migration-plan.js';
import type { RevisionMap } from '../script/revision-map.js';
import type { Dialect } from '../dialect/dialect.js';
import type { DatabaseAdapter } from '../dialect/adapter.js';
import type { OfflineSchema } from './offline-schema.js';
import { OperationExecutor } from './op-executor.js';
import type { Progress } from './progress.js';
import type { SqlTarget } from './sql-target.js';
import { fileChecksum } from '../loader/checksum.js';
import type { VersionStore } from './version-store.js';

/** What a run takes from the configuration, and nothing more. */
export interface RunOptions {
  /** Each migration in its own transaction (else the run in one, where DDL is transactional). */
  readonly transactionPerMigration: boolean;
  /** `-x key=value` pairs, handed to migrations as `ctx.x`. */
  readonly x: Readonly<Record<string, string>>;
  /** Names of the indexes and constraints `op` creates without a name. */
  readonly namingConvention: NamingConvention;
}

export interface RunContext {
  options: RunOptions;
  /** The command run's file cache: the revisions' identities taken when their headers were read. */
  loader?: LoaderCache;
  /** The clock for the log's start and end times. */
  now?: () => Date;
  map: RevisionMap;
  target: SqlTarget;
  store: VersionStore;
  adapter: DatabaseAdapter | undefined;
  offlineSchema: OfflineSchema | undefined;
  progress: Progress;
  tag: string | undefined;
}

/** Loads the migration modules the steps need (one transpile for all cache misses). */
export async function loadMigrations(map: RevisionMap, revisions: readonly string[], cache?: LoaderCache): Promise<Map<string, Migration<unknown>>> {
  const revs = revisions.map((id) => map.rev(id));
  const defaults = await importDefaults(revs.map((r) => r.path!), cache);
  const out = new Map<string, Migration<unknown>>();
  revs.forEach((rev, i) => {
    const m = defaults[i] as Migration<unknown> | undefined;
    if (!m || typeof m.upgrade !== 'function' || typeof m.downgrade !== 'function') {
      throw new UserError(`${rev.path} does not default-export a migration with upgrade() and downgrade()`, 'Write `export default defineMigration({ revision, downRevision, upgrade, downgrade })`.');
    }
    out.set(rev.revision, m);
  });
  return out;
}

/**
 * Runs the steps in order, each in its own transaction where the database rolls DDL back
 * (or all in one, with `transactionPerMigration: false`), updating the version rows and the
 * log in the same transaction. A failure rolls the failing migration back and says which
 * revision, file and statement failed, and what this run had applied.
 */
export async function runSteps(ctx: RunContext, steps: readonly MigrationStep[], startHeads: readonly string[]): Promise<StepReport[]> {
  const migrations = await loadMigrations(ctx.map, steps.map((s) => s.revision.revision), ctx.loader);
  const tracker = new HeadTracker(ctx.map, startHeads);
  const { target, adapter, options } = ctx;
  const now = ctx.now ?? (() => new Date());
  const transactional = target.dialect.capabilities.transactionalDdl;
  const perMigration = options.transactionPerMigration;
  const applied: StepReport[] = [];
  const begin = async () => (adapter ? adapter.begin() : void (await target.run('BEGIN')));
  const commit = async () => (adapter ? adapter.commit() : void (await target.run('COMMIT')));
  let outerOpen = false;
  if (!transactional && !target.offline && steps.length) {
    ctx.progress.info(`Note: ${adapter?.description ?? target.dialect.name} commits DDL implicitly (MySQL/MariaDB cannot roll a schema change back): ambix records each migration as it finishes, and one that fails may be left partly applied.`);
  }
  if (!perMigration && transactional) {
    await begin();
    outerOpen = true;
  }
  try {
    for (const [i, step] of steps.entries()) {
      const rev = step.revision;
      const migration = migrations.get(rev.revision)!;
      const up = step.direction === 'up';
      const from = up ? rev.downRevisions.join(', ') || '<base>' : rev.revision;
      const to = up ? rev.revision : rev.downRevisions.join(', ') || '<base>';
      ctx.progress.step(i + 1, steps.length, step.direction, from, to, rev.doc);
      if (target.offline) target.comment(`Running ${up ? 'upgrade' : 'downgrade'} ${from} -> ${to}, ${rev.doc}`);
      const ownTx = perMigration && transactional && migration.transaction !== false;
      const startedAt = now();
      const checksum = target.offline || !up ? null : fileChecksum(rev.path!);
      if (!transactional) await ctx.store.log({ revision: rev.revision, direction: step.direction, checksum, status: 'running', startedAt });
      if (ownTx) await begin();
      if (!perMigration && migration.transaction === false && outerOpen) {
        await commit();
        outerOpen = false;
      }
      const executor = new OperationExecutor(target, adapter, ctx.offlineSchema, rev.revision);
      try {
        const mctx: MigrationContext & { tag?: string } = {
          dialect: target.dialect.name,
          offline: target.offline,
          x: options.x,
          revision: rev.revision,
          log: (m: string) => ctx.progress.info(`  ${m}`),
          ...(ctx.tag !== undefined ? { tag: ctx.tag } : {}),
        };
        const live = adapter && !target.offline ? liveDatabase(adapter) : undefined;
        const op = createOpApi({ sink: executor, live, displayName: target.dialect.displayName, schemas: target.dialect.capabilities.schemas, revision: rev.revision, namingConvention: options.namingConvention, begin, commit, inTransaction: () => (adapter ? adapter.inTransaction : ownTx || outerOpen) });
        await (up ? migration.upgrade(op, mctx) : migration.downgrade(op, mctx));
        await executor.finish();
        const finishedAt = now();
        // Without transactional DDL the schema change is already committed; the version row
        // and the log's "done" are still data, written together so a crash cannot split them.
        const bookkeeping = !transactional && adapter && !target.offline;
        if (bookkeeping) await adapter.begin();
        await ctx.store.apply(tracker.apply(step));
        if (transactional) await ctx.store.log({ revision: rev.revision, direction: step.direction, checksum, status: 'done', startedAt, finishedAt });
        else await ctx.store.finish(rev.revision, step.direction, startedAt, finishedAt);
        if (bookkeeping) await adapter.commit();
        if (ownTx) await commit();
        const ms = finishedAt.getTime() - startedAt.getTime();
        ctx.progress.stepDone(ms);
        applied.push({ revision: rev.revision, direction: step.direction, message: rev.doc, ms });
      } catch (error) {
        if (adapter) await adapter.rollback().catch(() => {});
        outerOpen = false;
        // Without transactional DDL a step is only partial if something of it ran: one refused
        // before its first statement (a check of the data, a bad argument) left nothing to repair.
        const untouched = !transactional && !target.offline && executor.ran.length === 0 && !executor.usedBind;
        if (untouched) await ctx.store.abandon(rev.revision, step.direction, startedAt).catch(() => {});
        throw failure(target.dialect, error, rev.revision, rev.path ?? '?', executor.current, applied, target.offline ? 'offline' : transactional ? 'rolled back' : untouched ? 'untouched' : 'partial', step.direction, executor.ran);
      }
    }
    if (outerOpen) await commit();
  } catch (error) {
    if (adapter && outerOpen) await adapter.rollback().catch(() => {});
    throw error;
  }
  return applied;
}

function failure(dialect: Dialect, error: unknown, revision: string, path: string, statement: string | undefined, applied: StepReport[], outcome: MigrationError['outcome'], direction: 'up' | 'down', ran: readonly string[] = []): MigrationError {
  const raw = error instanceof Error ? error.message : String(error);
  // A rebuild's temporary table names mean nothing to the user: its own words replace them.
  const told = dialect.rebuild ? dialect.rebuild.explain(raw, statement) : { reason: raw, statement, copying: undefined };
  const reason = told.reason;
  const stmt = told.copying ? ` while copying the rows of ${told.copying} into its rebuilt definition` : told.statement ? ` while running: ${oneLine(told.statement)}` : '';
  const done = applied.length ? `Applied before it in this run: ${applied.map((a) => a.revision).join(', ')}.` : 'Nothing was applied in this run.';
  const fix = error instanceof UserError && error.hint ? `${error.hint} ` : '';
  const state =
    outcome === 'offline'
      ? `${fix}The SQL written so far stops before ${revision}; the database was not touched.`
      : outcome === 'rolled back'
        ? `${fix}${revision} was rolled back; the database is as it was before it.`
        : outcome === 'untouched'
          ? `${fix}None of ${revision}'s statements had run; the database is as it was before it.`
          : `${fix}${revision} may be partly applied (this database commits DDL as it goes): ${ranBefore(ran)} Repair it by hand, then \`ambix stamp\` it, or revert its changes and run again.`;
  return new MigrationError(`${direction === 'up' ? 'Upgrade' : 'Downgrade'} ${revision} (${path}) failed: ${reason}${stmt}`, outcome === 'offline' ? state : `${state} ${done}`, revision, applied, error, outcome);
}

/** The statements a failed step committed before it stopped, numbered, for repairing by hand. */
function ranBefore(ran: readonly string[]): string {
  if (ran.length === 0) return 'none of its statements had run.';
  const shown = ran.slice(0, 10).map((s, i) => `(${i + 1}) ${oneLine(s)}`);
  return `the statements it ran before the failure: ${shown.join('; ')}${ran.length > 10 ? `; and ${ran.length - 10} more` : ''}.`;
}

function oneLine(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

/** The database as a data migration sees it (`op.getBind()`, `op.inspect()`). */
function liveDatabase(adapter: DatabaseAdapter): LiveDatabase {
  return {
    query: (sql, params) => adapter.conn.query(sql, params),
    execute: (sql, params) => adapter.conn.execute(sql, params),
    bindValue: (value) => adapter.dialect.bindValue(value),
    introspect: (only) => adapter.introspect(only),
  };
}
