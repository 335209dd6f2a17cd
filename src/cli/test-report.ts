// How the CLI shows `ambix test`: the report's rows on stdout as each check finishes (data; a
// CI log streams it), the check in progress on stderr when it is a terminal, a closing line.
import type { ResolvedConfig } from '../config/load-config.js';
import { loadDialect } from '../dialect/registry.js';
import { streamProgress } from '../runtime/progress.js';
import { STEP_NAME, testFailure, testMigrations, type TestPlanItem, type TestReport, type TestResult } from '../command/test-suite.js';

export interface TestConsoleOptions {
  url: string | undefined;
  scratch: string | undefined;
  quiet: boolean;
  json: boolean;
  data(text: string): void;
  status(text: string): void;
}

const MESSAGE_WIDTH = 40;

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 3)}...`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`;
}

/** Column widths from the plan, so rows printed one by one line up. */
export function reportColumns(plan: readonly TestPlanItem[]) {
  const rev = Math.max(8, ...plan.map((p) => (p.revision ?? '').length));
  const msg = Math.min(MESSAGE_WIDTH, Math.max(7, ...plan.map((p) => (p.message ?? '').length)));
  const step = Math.max(...Object.values(STEP_NAME).map((s) => s.length));
  return {
    header: `${'step'.padEnd(step)}  ${'revision'.padEnd(rev)}  ${'message'.padEnd(msg)}  ${'time'.padStart(7)}  result`,
    row(r: TestResult): string {
      const status = r.status === 'ok' ? 'ok' : r.status === 'fail' ? 'FAIL' : 'skipped';
      const line = `${STEP_NAME[r.step].padEnd(step)}  ${(r.revision ?? '-').padEnd(rev)}  ${clip(r.message ?? '', msg).padEnd(msg)}  ${formatMs(r.ms).padStart(7)}  ${status}`;
      const detail = r.detail ? [`    ${r.detail}`] : [];
      return [line, ...detail, ...(r.differences ?? []).map((d) => `      ${d}`)].join('\n');
    },
  };
}

/** The whole report as text (what the CLI streams, row by row). */
export function formatReport(report: TestReport, plan: readonly TestPlanItem[] = report.results): string {
  const cols = reportColumns(plan);
  return [cols.header, ...report.results.map((r) => cols.row(r))].join('\n');
}

/** `ambix test`: runs the suite, prints it, and throws the failure (exit 1) when a check failed. */
export async function runTestCommand(config: ResolvedConfig, o: TestConsoleOptions): Promise<TestReport> {
  const progress = streamProgress({ quiet: o.quiet });
  const tty = !!process.stderr.isTTY && !o.quiet;
  let live = false;
  const clearLive = () => {
    if (live) process.stderr.write('\r\u001b[K');
    live = false;
  };
  const logs = {
    ...progress,
    info(t: string) {
      clearLive();
      progress.info(t);
    },
    warn(t: string) {
      clearLive();
      progress.warn(t);
    },
  };
  // Not asked for a server: say so when the project's own database is not SQLite.
  const own = !o.url && !o.scratch && config.url ? await loadDialect(config.url) : undefined;
  if (own && !own.capabilities.embedded) {
    o.status(`Note: testing on a temporary SQLite database; pass --url with a ${own.displayName} server URL to test there (a scratch database is created on it and dropped after).`);
  }
  let cols: ReturnType<typeof reportColumns> | undefined;
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++interrupts > 1) process.exit(130);
    clearLive();
    process.stderr.write(`${signal === 'SIGINT' ? 'Interrupted' : `Got ${signal}`}: dropping the scratch database (again to quit at once)...\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let report: TestReport;
  try {
    report = await testMigrations(config, {
      url: o.url,
      scratch: o.scratch,
      io: { progress: logs },
      signal: controller.signal,
      onPlan(plan, database) {
        const revisions = plan.filter((p) => p.step === 'upgrade').length;
        o.status(`Testing ${revisions} revision${revisions === 1 ? '' : 's'} on ${database} (scratch, dropped after).`);
        cols = reportColumns(plan);
        if (!o.json) o.data(cols.header);
      },
      onStart(item, index, total) {
        if (!tty || o.json) return;
        clearLive();
        process.stderr.write(clip(`[${index}/${total}] ${STEP_NAME[item.step]} ${item.revision ?? ''} ${item.message ?? ''}`, (process.stderr.columns || 80) - 4) + ' ...');
        live = true;
      },
      onResult(result) {
        clearLive();
        if (!o.json && cols) o.data(cols.row(result));
      },
    });
  } finally {
    clearLive();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (o.json) o.data(JSON.stringify(report, null, 2));
  const failure = testFailure(report);
  if (failure) throw failure;
  const steps = new Set(report.results.filter((r) => r.status === 'ok').map((r) => STEP_NAME[r.step]));
  const skipped = report.results.filter((r) => r.status === 'skipped').map((r) => STEP_NAME[r.step]);
  o.status(`All checks passed (${[...steps].join(', ')})${skipped.length ? `; skipped: ${skipped.join(', ')}` : ''} in ${formatMs(report.ms)}.`);
  return report;
}
