// `ambix test`: the migration test suite users would otherwise assemble by hand, run on a scratch
// database — one head; upgrade base -> head a revision at a time; the models match the database at
// head; the stairway (each revision up, down, up, with the schema after down equal to the one before up).
import type { ResolvedConfig } from '../config/load-config.js';
import type { DialectId, DialectModule, DialectName } from '../dialect/dialect.js';
import { DIALECT_IDS, loadDialect } from '../dialect/registry.js';
import { UserError } from '../errors.js';
import type { DatabaseAdapter } from '../dialect/adapter.js';
import { loadMigrations, runSteps } from '../runtime/migration-runner.js';
import type { Progress } from '../runtime/progress.js';
import { OnlineTarget } from '../runtime/sql-target.js';
import { VersionStore } from '../runtime/version-store.js';
import { planUpgrade } from '../script/migration-plan.js';
import type { Revision } from '../script/revision.js';
import type { RevisionMap } from '../script/revision-map.js';
import { loadRevisionMap } from '../script/script-directory.js';
import { compareWithModels } from './autogenerate.js';
import { storeNames } from './version-checks.js';
import type { ScratchDatabase, ScratchServer } from '../dialect/scratch.js';
import { openOptions, runOptions } from './database.js';
import { commandIo, type CommandIo } from './io.js';
import { schemaDifferences, snapshot } from './test-suite/snapshot.js';

export type TestStep = 'single-head' | 'upgrade' | 'models-match' | 'stairway';

/** Where in a stairway step it failed: the first upgrade, the downgrade, the schema check after it, the second upgrade, or its schema check. */
export type StairwayPhase = 'up' | 'down' | 'down-schema' | 'up-again' | 'up-again-schema';

/** One line of the report. */
export interface TestResult {
  step: TestStep;
  /** The revision (for single head: the heads, comma-separated; null without revisions). */
  revision: string | null;
  message: string | null;
  ms: number;
  status: 'ok' | 'fail' | 'skipped';
  /** Why it failed or was skipped. */
  detail?: string;
  /** Schema differences, one per line (models match, stairway). */
  differences?: string[];
  phase?: StairwayPhase;
  /** The revision file (failures). */
  path?: string;
}

export interface TestReport {
  ok: boolean;
  dialect: DialectName;
  /** Where it ran, e.g. "a temporary SQLite file" (always gone afterwards). */
  database: string;
  /** The scratch databases it created (SQLite: temporary files), every one dropped before it returned. */
  scratch: string[];
  revisions: number;
  results: TestResult[];
  /** The results that failed, in order. */
  failures: TestResult[];
  ms: number;
}

export interface TestPlanItem {
  step: TestStep;
  revision: string | null;
  message: string | null;
}

export interface TestOptions {
  /** A server URL (`--url`): scratch databases are created there; without it, a temporary SQLite file. */
  url?: string | undefined;
  /**
   * An embedded dialect to test on instead (`--scratch pglite`: PostgreSQL in-process, no
   * server), in a throw-away database of its own.
   */
  scratch?: string | undefined;
  /** Where migrations' `ctx.log` lines and warnings go (`io.progress`; default: warnings only, on stderr). */
  io?: Partial<CommandIo>;
  /** The checks about to run, once the graph is read (the report may stop early at a failure). */
  onPlan?(plan: readonly TestPlanItem[], database: string): void;
  onStart?(item: TestPlanItem, index: number, total: number): void;
  onResult?(result: TestResult, index: number, total: number): void;
  /** Aborting drops the scratch databases at once and ends the run with an error. */
  signal?: AbortSignal;
}

/**
 * Runs the test suite and returns its report (`ok: false` when a check failed). Throws only when
 * it cannot run (no scratch database, a broken graph, an interrupt).
 *
 * @example
 * const report = await testMigrations(await loadConfig(), { url: 'postgres://ci@localhost/postgres' });
 * if (!report.ok) throw testFailure(report);
 */
export async function testMigrations(config: ResolvedConfig, options: TestOptions = {}): Promise<TestReport> {
  const started = performance.now();
  const map = loadRevisionMap(config);
  const heads = map.heads.map((h) => map.rev(h));
  const order = heads.length === 1 ? planUpgrade(map, [], 'heads').map((s) => s.revision) : [];
  const plan: TestPlanItem[] = [{ step: 'single-head', revision: heads.map((h) => h.revision).join(', ') || null, message: heads.length === 1 ? heads[0]!.doc : null }];
  if (heads.length <= 1) {
    const head = heads[0];
    plan.push(...order.map((r) => item('upgrade', r)), { step: 'models-match', revision: head?.revision ?? null, message: head ? head.doc : null }, ...order.map((r) => item('stairway', r)));
  }
  const results: TestResult[] = [];
  const outer = commandIo(options.io).progress;
  // Without a server URL, an embedded database (SQLite, or the one --scratch names) in a temporary place.
  const module = await scratchDialect(config, options);
  const server = await module.scratch(options.url, config.root);
  const run = new Run(config, map, module, server, outer, plan, results, options);
  options.onPlan?.(plan, server.description);
  const onAbort = () => void server.close().catch(() => {});
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await run.all(heads, order);
  } catch (error) {
    // Dropping the databases under a running migration makes it fail: the interrupt is the news.
    if (options.signal?.aborted) throw interrupted(server);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await run.closeAdapter();
    await server.close();
  }
  if (options.signal?.aborted) throw interrupted(server);
  const failures = results.filter((r) => r.status === 'fail');
  return { ok: failures.length === 0, dialect: module.name, database: server.description, scratch: [...server.created], revisions: map.revisions.length, results, failures, ms: Math.round(performance.now() - started) };
}

async function scratchDialect(config: ResolvedConfig, options: TestOptions): Promise<DialectModule> {
  if (options.scratch === undefined) {
    if (options.url) return loadDialect(options.url);
    // A project on an embedded database (libSQL, PGlite) is tested on one of its own kind; others on SQLite.
    const own = config.url ? await loadDialect(config.url) : undefined;
    return own?.capabilities.embedded ? own : loadDialect('sqlite');
  }
  if (options.url) throw new UserError('--scratch and --url name two places to test', 'Give one: --url for a server, or --scratch for an embedded database.');
  if (!DIALECT_IDS.includes(options.scratch as DialectId)) throw new UserError(`Unknown --scratch '${options.scratch}'`, `Use one of ${DIALECT_IDS.join(', ')}.`);
  const module = await loadDialect(options.scratch);
  if (!module.capabilities.embedded) throw new UserError(`--scratch ${options.scratch} needs a server`, `Pass --url with a ${module.displayName} server URL instead: a scratch database is created there and dropped after.`);
  return module;
}

function item(step: TestStep, r: Revision): TestPlanItem {
  return { step, revision: r.revision, message: r.doc };
}

function interrupted(server: ScratchServer): UserError {
  return new UserError(`Interrupted: the test run stopped and its scratch database on ${server.description} was dropped`);
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One run: the scratch database in use, its connection, and the report so far. */
class Run {
  private adapter: DatabaseAdapter | undefined;
  private store: VersionStore | undefined;
  private db: ScratchDatabase | undefined;
  private scratchConfig: ResolvedConfig;
  private readonly ignore: string[];
  /** Migrations' own log lines pass through; the runner's per-step lines are the report's job. */
  private readonly inner: Progress;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly map: RevisionMap,
    private readonly module: DialectModule,
    private readonly server: ScratchServer,
    outer: Progress,
    private readonly plan: readonly TestPlanItem[],
    private readonly results: TestResult[],
    private readonly options: TestOptions,
  ) {
    this.scratchConfig = config;
    const s = config.versionTableSchema;
    this.ignore = [config.versionTable, config.logTable, ...(s ? [`${s}.${config.versionTable}`, `${s}.${config.logTable}`] : [])];
    this.inner = {
      step() {},
      stepDone() {},
      // The runner's once-per-run note about MySQL's implicit commits would repeat on every step.
      info: (t) => (t.startsWith('Note: ') ? undefined : outer.info(t)),
      warn: (t) => outer.warn(t),
    };
  }

  async all(heads: readonly Revision[], order: readonly Revision[]): Promise<void> {
    if (!(await this.singleHead(heads))) return;
    // One transpile for every migration; a file that fails to load is reported at its own step.
    await loadMigrations(this.map, order.map((r) => r.revision)).catch(() => {});
    await this.fresh();
    if (!(await this.upgrade(order))) return;
    await this.modelsMatch(heads[0]);
    await this.fresh();
    await this.stairway(order);
  }

  private checkAbort(): void {
    if (this.options.signal?.aborted) throw interrupted(this.server);
  }

  /** Reports a result; returns whether it passed. */
  private record(result: TestResult): boolean {
    this.results.push(result);
    this.options.onResult?.(result, this.results.length, this.plan.length);
    return result.status !== 'fail';
  }

  private start(step: TestStep, rev: Revision | null, message?: string): void {
    this.checkAbort();
    const index = this.results.length + 1;
    this.options.onStart?.({ step, revision: rev?.revision ?? null, message: message ?? rev?.doc ?? null }, index, this.plan.length);
  }

  private async singleHead(heads: readonly Revision[]): Promise<boolean> {
    const t = performance.now();
    this.start('single-head', heads[0] ?? null);
    const base = { step: 'single-head' as const, revision: heads.map((h) => h.revision).join(', ') || null, message: heads.length === 1 ? heads[0]!.doc : null, ms: Math.round(performance.now() - t) };
    if (heads.length > 1) {
      return this.record({ ...base, status: 'fail', detail: `${heads.length} heads: ${heads.map((h) => `${h.revision} (${h.doc})`).join(', ')}` });
    }
    return this.record({ ...base, status: 'ok', ...(heads.length === 0 ? { detail: 'no revisions yet' } : {}) });
  }

  /** A new, empty scratch database (dropping the one before), with the version tables in place. */
  private async fresh(): Promise<void> {
    await this.closeAdapter();
    await this.db?.drop();
    this.db = await this.server.create();
    this.scratchConfig = { ...this.config, url: this.db.url, urlSource: '--url', backup: false };
    this.adapter = await this.module.open(this.db.url, openOptions(this.scratchConfig));
    this.store = new VersionStore(new OnlineTarget(this.adapter), storeNames(this.config));
    await this.store.ensure(this.adapter);
  }

  async closeAdapter(): Promise<void> {
    const a = this.adapter;
    this.adapter = undefined;
    await a?.close().catch(() => {});
  }

  /** Runs one migration, one way, from wherever the database is. */
  private async migrate(rev: Revision, direction: 'up' | 'down'): Promise<void> {
    const adapter = this.adapter!;
    const store = this.store!;
    const heads = await store.heads(adapter);
    await runSteps({ options: runOptions(this.scratchConfig), map: this.map, target: new OnlineTarget(adapter), store, adapter, offlineSchema: undefined, progress: this.inner, tag: undefined }, [{ revision: rev, direction }], heads);
  }

  private async upgrade(order: readonly Revision[]): Promise<boolean> {
    for (const rev of order) {
      this.start('upgrade', rev);
      const t = performance.now();
      try {
        await this.migrate(rev, 'up');
      } catch (error) {
        this.checkAbort();
        return this.record({ step: 'upgrade', revision: rev.revision, message: rev.doc, ms: Math.round(performance.now() - t), status: 'fail', detail: errorText(error), ...(rev.path ? { path: rev.path } : {}) });
      }
      this.record({ step: 'upgrade', revision: rev.revision, message: rev.doc, ms: Math.round(performance.now() - t), status: 'ok' });
    }
    return true;
  }

  private async modelsMatch(head: Revision | undefined): Promise<void> {
    this.start('models-match', head ?? null);
    const base = { step: 'models-match' as const, revision: head?.revision ?? null, message: head?.doc ?? null };
    if (this.config.schema.length === 0) {
      this.record({ ...base, ms: 0, status: 'skipped', detail: 'no `schema` in the config: nothing to compare with' });
      return;
    }
    const t = performance.now();
    try {
      const { diff } = await compareWithModels(this.scratchConfig, { requireHead: true });
      const differences = [...diff.summary.map((l) => l.text)];
      const ms = Math.round(performance.now() - t);
      if (differences.length === 0) this.record({ ...base, ms, status: 'ok' });
      else this.record({ ...base, ms, status: 'fail', detail: `the models differ from the database at head (${differences.length} change${differences.length === 1 ? '' : 's'} not in any revision)`, differences });
    } catch (error) {
      this.checkAbort();
      this.record({ ...base, ms: Math.round(performance.now() - t), status: 'fail', detail: errorText(error) });
    }
  }

  private async stairway(order: readonly Revision[]): Promise<void> {
    const dialect = this.module;
    let before = await snapshot(this.adapter!, dialect);
    for (const rev of order) {
      this.start('stairway', rev);
      const t = performance.now();
      const base = { step: 'stairway' as const, revision: rev.revision, message: rev.doc, ...(rev.path ? { path: rev.path } : {}) };
      const fail = (phase: StairwayPhase, detail: string, differences?: string[]) => {
        this.record({ ...base, ms: Math.round(performance.now() - t), status: 'fail', phase, detail, ...(differences ? { differences } : {}) });
      };
      let phase: StairwayPhase = 'up';
      try {
        await this.migrate(rev, 'up');
        const up = await snapshot(this.adapter!, dialect);
        phase = 'down';
        await this.migrate(rev, 'down');
        const down = await snapshot(this.adapter!, dialect);
        const left = schemaDifferences(before, down, dialect.comparison, this.ignore);
        if (left.length) return fail('down-schema', 'the downgrade did not restore the schema from before the upgrade', annotate(left, 'left after the downgrade', 'missing after the downgrade', 'before the upgrade -> after the downgrade'));
        phase = 'up-again';
        await this.migrate(rev, 'up');
        const again = await snapshot(this.adapter!, dialect);
        const drift = schemaDifferences(up, again, dialect.comparison, this.ignore);
        if (drift.length) return fail('up-again-schema', 'upgrading again after the downgrade gave another schema than the first upgrade', annotate(drift, 'only after the second upgrade', 'only after the first upgrade', 'first upgrade -> second'));
        before = again;
      } catch (error) {
        this.checkAbort();
        const what = phase === 'up' ? 'the upgrade failed' : phase === 'down' ? 'the downgrade failed' : 'upgrading again after the downgrade failed';
        return fail(phase, `${what}: ${errorText(error)}`);
      }
      this.record({ ...base, ms: Math.round(performance.now() - t), status: 'ok' });
    }
  }
}

/** Says what each `+`, `-` and `~` line of a schema difference means here. */
function annotate(lines: readonly string[], plus: string, minus: string, tilde: string): string[] {
  return lines.map((l) => `${l} (${l.startsWith('+') ? plus : l.startsWith('-') ? minus : l.startsWith('~') ? tilde : 'differs'})`);
}

const STEP_NAME: Record<TestStep, string> = { 'single-head': 'single head', upgrade: 'upgrade', 'models-match': 'models match', stairway: 'stairway' };

/** The error a failed report ends in (exit 1): the first failure's step, revision and what differed. */
export function testFailure(report: TestReport): UserError | undefined {
  const f = report.failures[0];
  if (!f) return undefined;
  const more = report.failures.length > 1 ? ` (and ${report.failures.length - 1} more failure${report.failures.length > 2 ? 's' : ''} in the report)` : '';
  const where = f.step === 'single-head' ? '' : f.revision ? ` at revision ${f.revision}${f.message ? ` (${f.message})` : ''}` : '';
  const diffs = f.differences?.length ? `: ${f.differences.slice(0, 5).join('; ')}${f.differences.length > 5 ? `; and ${f.differences.length - 5} more` : ''}` : '';
  const file = f.path ? ` (${f.path})` : '';
  const hint: Record<TestStep, string> = {
    'single-head': 'Join them with `ambix merge heads -m "merge"`, then run `ambix test` again.',
    upgrade: `Fix upgrade() of ${f.revision}${file}, then run \`ambix test\` again.`,
    'models-match': 'Write the differences into a revision with `ambix revision --autogenerate -m "..."`, or fix the models.',
    stairway:
      f.phase === 'down-schema'
        ? `Make downgrade() of ${f.revision}${file} undo everything its upgrade() does.`
        : f.phase === 'down'
          ? `Fix downgrade() of ${f.revision}${file}.`
          : f.phase === 'up'
            ? `Fix upgrade() of ${f.revision}${file}.`
            : `Make downgrade() of ${f.revision}${file} undo everything its upgrade() does, so the upgrade can run again.`,
  };
  return new UserError(`${STEP_NAME[f.step]} failed${where}: ${f.detail ?? 'failed'}${diffs}${more}`, hint[f.step]);
}

export { STEP_NAME };
