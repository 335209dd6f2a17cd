import cac from 'cac';
// The read-only commands are imported statically: they are the hot path (`heads`, `current`,
// `history`), small, and the build inlines them in the CLI's start-up file (scripts/build.mjs).
// Commands that write or touch a database load on demand.
import { branches } from '../command/branches.js';
import { current, readCurrentHeads } from '../command/current.js';
import { heads } from '../command/heads.js';
import { history } from '../command/history.js';
import { show } from '../command/show.js';
import { loadConfig, parseXArgs, type ResolvedConfig } from '../config/load-config.js';
import { DriftError, UserError } from '../errors.js';
import { streamProgress } from '../runtime/progress.js';
import type { Revision } from '../script/revision.js';
import { formatLine, formatVerbose, toJson } from './format.js';
import { processOutput, reportError, type Output } from './output.js';

declare const __AMBIX_VERSION__: string | undefined;

/** On a terminal, asks whether a table or column that vanished while a similar one appeared was renamed. */
async function askRename(c: { kind: 'table' | 'column'; from: string; to: string; table?: string }): Promise<boolean> {
  const { default: confirm } = await import('@inquirer/confirm');
  const what = c.kind === 'table' ? `table ${c.from} -> ${c.to}` : `column ${c.table}.${c.from} -> ${c.table}.${c.to}`;
  return confirm({ message: `Was ${what} renamed? (no: drop ${c.from} with its data, add ${c.to})`, default: false }, { output: process.stderr });
}

interface GlobalFlags {
  config?: string;
  url?: string;
  x?: string[];
  quiet?: boolean;
  json?: boolean;
  debug?: boolean;
  verbose?: boolean;
  help?: boolean;
  version?: boolean;
}

// mri (under cac) turns `0001` into 1 and `-1` into a flag. Every token that is not an
// option name is marked before parsing and unmarked after, so values stay exact strings
// and `downgrade -1` reads as in Alembic.
const MARK = '\u0000';
const OPTION = /^--?[A-Za-z]/;

function protect(argv: readonly string[], commands: ReadonlySet<string>): string[] {
  let commandSeen = false;
  return argv.map((a) => {
    if (!commandSeen && commands.has(a)) {
      commandSeen = true;
      return a;
    }
    if (a === '--' || !OPTION.test(a)) return a === '--' ? a : MARK + a;
    const eq = /^(--?[A-Za-z][\w-]*)=(.*)$/s.exec(a);
    return eq ? `${eq[1]}=${MARK}${eq[2]}` : a;
  });
}

function unprotect<T>(value: T): T {
  if (typeof value === 'string') return (value.startsWith(MARK) ? value.slice(1) : value) as T;
  if (Array.isArray(value)) return value.map(unprotect) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unprotect(v)])) as T;
  return value;
}

/** String values of a repeatable option, whether given once or many times. */
function list(v: unknown): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
}

export async function main(argv: readonly string[]): Promise<number> {
  const cli = cac('ambix');
  let flags: GlobalFlags = {};
  let out: Output = processOutput({});
  const config = async (): Promise<ResolvedConfig> => loadConfig({ config: flags.config, url: flags.url, x: parseXArgs(list(flags.x)) });
  const printRevisions = (revs: readonly Revision[], line: (r: Revision) => string) => {
    if (flags.json) out.data(JSON.stringify(revs.map((r) => toJson(r)), null, 2));
    else if (revs.length) out.data(revs.map((r) => (flags.verbose ? formatVerbose(r) : line(r))).join('\n'));
  };

  cli
    .option('-c, --config <file>', 'Config file (default: ambix.config.ts in the working directory)')
    .option('--url <url>', 'Database URL (over DATABASE_URL and the config)')
    .option('-x <key=value>', 'Value passed to migrations as ctx.x (repeatable)')
    .option('-q, --quiet', 'Print only data and errors')
    .option('--json', 'Print data as JSON')
    .option('--debug', 'Print stack traces');

  cli
    .command('init <directory>', 'Create a migrations folder (and ambix.config.ts if there is none)')
    .option('-t, --template <name>', 'Template to use (see list-templates)', { default: 'generic' })
    .action(async (directory: string, o: { template: string }) => {
      const { init } = await import('../command/init.js');
      const result = init(directory, { template: o.template, config: flags.config });
      if (flags.json) return out.data(JSON.stringify(result, null, 2));
      for (const f of result.created) out.status(`Creating ${f} ... done`);
      if (result.keptConfig) out.status(`${result.keptConfig} already exists; left as is. Point its 'migrations' option at ${result.directory}.`);
      out.status(`Next: edit the config's url, then \`ambix revision -m "first revision"\`.`);
    });

  cli.command('list-templates', 'List the templates for init').action(async () => {
    const templates = (await import('../command/init.js')).listTemplates();
    if (flags.json) return out.data(JSON.stringify(templates, null, 2));
    out.data(['Available templates:', '', ...templates.map((t) => `${t.name} - ${t.description}`), '', 'Templates are used via the \'init\' command, e.g.:', '', '  ambix init --template generic ./migrations'].join('\n'));
  });

  cli
    .command('revision', 'Create a new revision file')
    .option('-m, --message <message>', 'Message (also the file name slug)')
    .option('--autogenerate', 'Fill it with what changed between the models and the database')
    .option('--rename <old=new>', 'With --autogenerate: a rename, not drop + add (tables t1=t2, columns t.c1=t.c2; repeatable)')
    .option('--skip-empty', 'With --autogenerate: write no file when nothing changed')
    .option('--head <rev>', 'Parent revision (default: head)')
    .option('--splice', 'Allow a parent that is not a head (start a branch)')
    .option('--branch-label <label>', 'Branch label for the new revision (repeatable)')
    .option('--depends-on <rev>', 'Revision or branch this one depends on (repeatable)')
    .option('--rev-id <id>', 'Revision id instead of a generated one')
    .option('--version-path <path>', 'Version location for the file')
    .action(async (o: { message?: string; autogenerate?: boolean; rename?: unknown; skipEmpty?: boolean; head?: string; splice?: boolean; branchLabel?: unknown; dependsOn?: unknown; revId?: string; versionPath?: string }) => {
      const options = { message: o.message, head: o.head, splice: o.splice, branchLabels: list(o.branchLabel), dependsOn: list(o.dependsOn), revId: o.revId, versionPath: o.versionPath };
      if (!o.autogenerate && (o.rename !== undefined || o.skipEmpty)) throw new UserError('--rename and --skip-empty go with --autogenerate', 'Add --autogenerate, or drop them.');
      if (o.autogenerate) {
        const { autogenerate } = await import('../command/autogenerate.js');
        const interactive = !!process.stdin.isTTY && !!process.stderr.isTTY && !flags.json;
        const result = await autogenerate(await config(), { ...options, renames: list(o.rename), skipEmpty: o.skipEmpty, io: { progress: progress(), ...(interactive ? { prompt: askRename } : {}) } });
        if (flags.json) out.data(JSON.stringify(result, null, 2));
        else if (result.path) out.status(`Generating ${result.path} ... done`);
        return;
      }
      const { revision } = await import('../command/revision.js');
      const result = await revision(await config(), options);
      if (flags.json) out.data(JSON.stringify(result, null, 2));
      else out.status(`Generating ${result.path} ... done`);
    });

  cli.command('check', 'Exit non-zero when the models differ from the database at head').action(async () => {
    const { check } = await import('../command/autogenerate.js');
    const { differences } = await check(await config());
    if (flags.json) out.data(JSON.stringify({ differences }, null, 2));
    if (differences.length === 0) return out.status('No new upgrade operations detected.');
    if (!flags.json) out.data(differences.join('\n'));
    throw new DriftError(differences);
  });

  cli
    .command('test', 'Run the migration test suite on a scratch database: single head, upgrade, models match, stairway (up, down, up)')
    .option('--scratch <dialect>', 'Test on a throw-away embedded database of this dialect (pglite: PostgreSQL without a server)')
    .action(async (o: { scratch?: string }) => {
      const { runTestCommand } = await import('./test-report.js');
      await runTestCommand(await config(), { url: flags.url, scratch: o.scratch, quiet: !!flags.quiet, json: !!flags.json, data: out.data, status: out.status });
    });

  cli
    .command('import-alembic <path>', 'Write ambix revisions from an Alembic versions/ folder (same ids and graph; bodies as Alembic\'s offline SQL)')
    .option('--dest <dir>', 'Folder for the new files (default: the version location)')
    .option('--dialect <name>', 'SQL dialect for the bodies (default: from the URL): sqlite, postgresql, mysql, mariadb')
    .option('--python <exe>', 'Python interpreter that has Alembic (default: $AMBIX_PYTHON, python3, python, /usr/bin/python3)')
    .option('--no-alembic', 'Do not run Alembic: keep each body as a Python comment to port by hand')
    .action(async (path: string, o: { dest?: string; dialect?: string; python?: string; alembic?: boolean }) => {
      const { importAlembic } = await import('../command/import-alembic.js');
      const result = await importAlembic(await config(), path, { dest: o.dest, dialect: o.dialect, python: o.python, alembic: o.alembic, io: { progress: progress() } });
      if (flags.json) return out.data(JSON.stringify(result, null, 2));
      const manual = result.revisions.filter((r) => r.upgrade === 'manual' || r.downgrade === 'manual').length;
      out.status(`Imported ${result.revisions.length} revision${result.revisions.length === 1 ? '' : 's'}${result.alembic ? ` (SQL by Alembic ${result.alembic.version} for ${result.alembic.dialect})` : ''}${manual ? `; ${manual} to port by hand` : ''}.`);
    });

  cli
    .command('merge [...revisions]', 'Create a revision that joins heads')
    .option('-m, --message <message>', 'Message')
    .option('--branch-label <label>', 'Branch label for the merge revision')
    .option('--rev-id <id>', 'Revision id instead of a generated one')
    .action(async (revisions: string[], o: { message?: string; branchLabel?: unknown; revId?: string }) => {
      const { merge } = await import('../command/revision.js');
      const result = await merge(await config(), revisions, { message: o.message, branchLabels: list(o.branchLabel), revId: o.revId });
      if (flags.json) out.data(JSON.stringify(result, null, 2));
      else out.status(`Generating ${result.path} ... done`);
    });

  const progress = () => streamProgress({ quiet: !!flags.quiet });
  for (const direction of ['upgrade', 'downgrade'] as const) {
    cli
      .command(`${direction} <revision>`, direction === 'upgrade' ? 'Upgrade to a later revision (head, +1, an id, branch@head...)' : 'Revert to an earlier revision (-1, base, an id...)')
      .option('--sql', 'Write the SQL instead of running it (start:end ranges allowed)')
      .option('--tag <tag>', 'A tag passed to migrations as ctx.tag')
      .option('--no-backup', 'Skip the SQLite backup before migrating')
      .action(async (target: string, o: { sql?: boolean; tag?: string; backup?: boolean }) => {
        const m = await import('../command/migrate.js');
        const result = await m[direction](await config(), target, { sql: o.sql, tag: o.tag, backup: o.backup, io: { progress: progress() } });
        if (flags.json) out.data(JSON.stringify(result, null, 2));
      });
  }

  cli
    .command('stamp [...revisions]', 'Record revisions in the version table without running migrations')
    .option('--sql', 'Write the SQL instead of running it')
    .option('--purge', 'Delete every version row first')
    .action(async (targets: string[], o: { sql?: boolean; purge?: boolean }) => {
      const { stamp } = await import('../command/stamp.js');
      const result = await stamp(await config(), targets, { sql: o.sql, purge: o.purge, io: { progress: progress() } });
      if (flags.json) out.data(JSON.stringify(result, null, 2));
    });

  cli
    .command('current', "Show the database's current revision(s)")
    .option('-v, --verbose', 'Detailed output')
    .option('--check-heads', 'Fail unless the database is at every head')
    .action(async (o: { checkHeads?: boolean }) => {
      const r = await current(await config(), { verbose: flags.verbose, checkHeads: o.checkHeads, io: { progress: progress() } });
      if (flags.json) return out.data(JSON.stringify(r.revisions.map((rev) => ({ ...toJson(rev), isCurrent: true })), null, 2));
      if (flags.verbose) out.data(`Current revision(s) for ${r.description}:`);
      if (r.revisions.length) out.data(r.revisions.map((rev) => (flags.verbose ? formatVerbose(rev) : formatLine(rev))).join('\n'));
    });

  cli
    .command('heads', 'Show the head revisions')
    .option('-v, --verbose', 'Detailed output')
    .option('--resolve-dependencies', 'Treat a head that others depend on as not a head')
    .action(async (o: { resolveDependencies?: boolean }) => {
      const { revisions } = heads(await config(), { resolveDependencies: o.resolveDependencies });
      printRevisions(revisions, (r) => formatLine(r, { includeBranches: true, treeIndicators: false }));
    });

  cli
    .command('branches', 'Show the branch points')
    .option('-v, --verbose', 'Detailed output')
    .action(async () => {
      const { revisions, children } = branches(await config());
      if (flags.json) return out.data(JSON.stringify(revisions.map((r) => ({ ...toJson(r), branchesInto: children.get(r)!.map((c) => toJson(c)) })), null, 2));
      const blocks = revisions.map((r) => {
        const head = flags.verbose ? formatVerbose(r) : formatLine(r, { includeBranches: true });
        const kids = children.get(r)!.map((c) => `${' '.repeat(r.revision.length)} -> ${formatLine(c, { includeBranches: true, includeDoc: flags.verbose })}`);
        return `${head}\n${kids.join('\n')}\n`;
      });
      if (blocks.length) out.data(blocks.join('\n'));
    });

  cli
    .command('history', 'List revisions, newest first')
    .option('-r, --rev-range <range>', 'Range start:end (either side may be empty; current = the database)')
    .option('-v, --verbose', 'Detailed output')
    .option('-i, --indicate-current', 'Mark the revisions the database is at')
    .action(async (o: { revRange?: string; indicateCurrent?: boolean }) => {
      const cfg = await config();
      const needsDb = o.indicateCurrent || /(^|:)current(:|$)/.test(o.revRange ?? '');
      const current = needsDb ? (await readCurrentHeads(cfg)).heads : undefined;
      const { revisions } = history(cfg, { range: o.revRange, ...(current ? { current } : {}) });
      const marks = o.indicateCurrent ? new Set(current) : undefined;
      if (flags.json) return out.data(JSON.stringify(revisions.map((r) => toJson(r, marks)), null, 2));
      if (revisions.length) out.data(revisions.map((r) => (flags.verbose ? formatVerbose(r, marks) : formatLine(r, { includeBranches: true, includeDoc: true, includeParents: true, current: marks }))).join('\n'));
    });

  cli
    .command('show <rev>', 'Show the revision(s) an identifier names')
    .action(async (rev: string) => {
      const { revisions } = show(await config(), rev);
      if (flags.json) return out.data(JSON.stringify(revisions.map((r) => toJson(r)), null, 2));
      if (revisions.length) out.data(revisions.map((r) => formatVerbose(r)).join('\n'));
    });

  // cac shows a `--no-x` flag's implied default as "(default: true)", which reads as if the flag
  // were on; and pads every option line with a trailing space.
  cli.help((sections) => sections.map((s) => ({ ...s, body: s.body.replace(/^( +--no-\S.*?) \(default: true\)$/gm, '$1').replace(/ +$/gm, '') })));
  cli.version(typeof __AMBIX_VERSION__ === 'string' ? __AMBIX_VERSION__ : 'dev');

  try {
    const parsed = cli.parse(['node', 'ambix', ...protect(argv, new Set(cli.commands.map((c) => c.name)))], { run: false });
    cli.args = unprotect(cli.args) as typeof cli.args;
    cli.options = unprotect(cli.options);
    flags = parsed.options as GlobalFlags;
    flags = unprotect(flags);
    out = processOutput(flags);
    if (flags.help || flags.version) return 0;
    if (!cli.matchedCommand) {
      if (cli.args.length) throw new UserError(`Unknown command '${cli.args[0]}'`, 'Run `ambix --help` to list the commands.');
      cli.outputHelp();
      return 0;
    }
    await cli.runMatchedCommand();
    return 0;
  } catch (error) {
    return reportError(error, !!flags.debug || argv.includes('--debug'));
  }
}

