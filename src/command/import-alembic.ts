import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { ResolvedConfig } from '../config/load-config.js';
import { loadDialect } from '../dialect/registry.js';
import { UserError } from '../errors.js';
import { dateParts, renderFileName, slugify, type DateParts } from '../script/file-name.js';
import { parseRevisionHeader } from '../script/header-parser.js';
import { renderTemplate } from '../script/revision-template.js';
import { RevisionMap } from '../script/revision-map.js';
import type { RevisionInput } from '../script/revision.js';
import { readRevisionInputs } from '../script/script-directory.js';
import { findAlembicPython, runAlembicDriver, type DriverResult } from './import-alembic/alembic-driver.js';
import { parseAlembicRevision, splitDocstring } from './import-alembic/python-source.js';
import { portByHandBody, pythonSourceComment, sqlBody } from './import-alembic/render-revision.js';
import { templatesDir } from './init.js';
import { commandIo, type CommandIo } from './io.js';
import { runPostWriteHooks } from './revision.js';

export interface ImportAlembicOptions {
  /** Folder for the new files (default: the config's version location). */
  dest?: string | undefined;
  /** Python interpreter with Alembic (default: $AMBIX_PYTHON, python3, python, /usr/bin/python3). */
  python?: string | undefined;
  /** `false`: do not run Alembic; every body is left to port by hand. */
  alembic?: boolean | undefined;
  /** Dialect to render SQL for, over the config URL's: sqlite, postgresql, mysql, mariadb. */
  dialect?: string | undefined;
  /** Per-file messages go to `io.progress` (the CLI prints them on stderr); `io.now` dates revisions without a Create Date. */
  io?: Partial<CommandIo>;
  /** Working directory that PATH and --dest resolve against. */
  cwd?: string | undefined;
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

export interface ImportedRevision {
  revision: string;
  downRevisions: string[];
  branchLabels: string[];
  dependsOn: string[];
  message: string;
  /** The Alembic file. */
  source: string;
  /** The ambix file written. */
  path: string;
  /** `sql`: Alembic's SQL; `manual`: throws until ported by hand (the reason is in `problems`). */
  upgrade: 'sql' | 'manual';
  downgrade: 'sql' | 'manual';
  problems: string[];
}

export interface ImportAlembicResult {
  /** The Alembic versions folder read. */
  source: string;
  dest: string;
  /** The Alembic that rendered the SQL, when one did. */
  alembic: { python: string; version: string; sqlalchemy: string; dialect: string } | undefined;
  /** Why no SQL was rendered at all, when that is so. */
  notice: string | undefined;
  revisions: ImportedRevision[];
}

const OFFLINE_URLS: Record<string, string> = { sqlite: 'sqlite:///x.db', postgresql: 'postgresql://x/y', mysql: 'mysql://x/y', mariadb: 'mariadb://x/y' };

/**
 * `ambix import-alembic PATH`: writes one ambix revision per Alembic revision file, with the
 * same id, parents, labels, dependencies and message. Bodies are the SQL Alembic renders
 * offline for the project's dialect; without Alembic they throw until ported by hand.
 */
export async function importAlembic(config: ResolvedConfig, path: string, options: ImportAlembicOptions = {}): Promise<ImportAlembicResult> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const io = commandIo(options.io);
  const log = (message: string) => io.progress.info(message);
  const { versions, projectRoot } = locateVersions(resolve(cwd, path));
  const files = readdirSync(versions)
    .filter((n) => n.endsWith('.py') && !n.startsWith('.#') && !n.startsWith('__init__'))
    .sort();
  if (files.length === 0) throw new UserError(`No Alembic revision files (*.py) in ${versions}`, 'Point import-alembic at the script location (the folder holding env.py and versions/) or at versions/ itself.');
  const sources = files.map((f) => ({ file: f, text: readFileSync(join(versions, f), 'utf8') }));
  const parsed = sources.map((s) => parseAlembicRevision(s.text, join(versions, s.file)));

  // The destination and the graph the imported revisions join.
  const dest = chooseDest(config, options.dest, cwd);
  const existing: RevisionInput[] = readRevisionInputs([...new Set([...config.versionLocations, dest])]);
  const clash = parsed.filter((p) => existing.some((e) => e.revision === p.revision));
  if (clash.length) {
    throw new UserError(
      `The project already has revision${clash.length > 1 ? 's' : ''} ${clash.map((c) => c.revision).join(', ')} (imported before?)`,
      'Import into a project without these revisions, or delete their ambix files first.',
    );
  }
  const map = new RevisionMap([...existing, ...parsed.map((p) => ({ revision: p.revision, downRevision: p.downRevision, branchLabels: p.branchLabels, dependsOn: p.dependsOn, path: p.file }))]);

  // Names and texts of the new files.
  const template = findTemplate(config.migrations);
  const ext = template.replace(/^.*script\.(\w+)\.tmpl$/, '$1');
  const templateText = readFileSync(template, 'utf8');
  const planned = parsed.map((p, i) => {
    const { message, createDate } = splitDocstring(p.longdoc);
    const parts = createDate ? (datePartsOf(createDate) ?? dateParts(io.now(), config.timezone)) : dateParts(io.now(), config.timezone);
    const name = `${renderFileName(config.fileTemplate, { ...parts, rev: p.revision, slug: slugify(message.split('\n\n')[0]!, config.truncateSlugLength) })}.${ext}`;
    return { p, source: sources[i]!, message, createDate: createDate ?? `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`, path: join(dest, name) };
  });
  const taken = planned.filter((x) => existsSync(x.path));
  if (taken.length) throw new UserError(`${taken[0]!.path} already exists`, 'Move it away (or import into another --dest) and run import-alembic again.');
  const names = new Set<string>();
  for (const x of planned) {
    if (names.has(x.path)) throw new UserError(`Two Alembic revisions map to the same file name ${x.path}`, 'Add {rev} to fileTemplate in the ambix config.');
    names.add(x.path);
  }
  warnAboutOrder(planned.map((x) => x.p.revision), [...planned].sort((a, b) => (basename(a.path) < basename(b.path) ? -1 : basename(a.path) > basename(b.path) ? 1 : 0)).map((x) => x.p.revision), map, log);

  // SQL from Alembic, when there is one.
  let rendered: DriverResult | undefined;
  let alembic: ImportAlembicResult['alembic'];
  let notice: string | undefined;
  if (options.alembic === false) {
    notice = 'Alembic not used (--no-alembic)';
  } else {
    const probe = findAlembicPython(options.python, env);
    if ('tried' in probe) {
      if (options.python) throw new UserError(`${options.python} cannot import Alembic and SQLAlchemy: ${probe.tried.join('; ')}`, 'Install Alembic for that interpreter, or pass another with --python.');
      notice = `Alembic not found (tried ${probe.tried.join(', ')})`;
    } else {
      const dialect = await chooseDialect(options.dialect, config.url);
      const result = runAlembicDriver(
        probe.found.python,
        {
          versions,
          url: OFFLINE_URLS[dialect]!,
          sysPath: [projectRoot],
          cwd: projectRoot,
          revisions: parsed.map((p, i) => ({ file: files[i]!, revision: p.revision, downRevision: p.downRevision, branchLabels: p.branchLabels, dependsOn: p.dependsOn })),
        },
        env,
      );
      if (result.fatal) notice = `Alembic ${probe.found.alembic} (${probe.found.python}) could not render SQL: ${result.fatal}`;
      else {
        rendered = result;
        alembic = { python: probe.found.python, version: result.alembic ?? probe.found.alembic, sqlalchemy: result.sqlalchemy ?? probe.found.sqlalchemy, dialect };
      }
    }
  }
  if (notice) log(`${notice}: the bodies are left to port by hand; each keeps its Python as a comment and throws until ported.`);

  mkdirSync(dest, { recursive: true });
  const out: ImportedRevision[] = [];
  for (const x of planned) {
    const { p } = x;
    const r = rendered?.revisions[p.revision];
    const problems: string[] = [];
    const body = (direction: 'upgrade' | 'downgrade'): { text: string; ok: boolean } => {
      const statements = r?.[direction];
      if (r && statements && alembic) {
        const parents = map.rev(p.revision).normalizedDownRevisions;
        const from = parents.length ? parents.join(' + ') : '<base>';
        const step = direction === 'upgrade' ? `${from} -> ${p.revision}` : `${p.revision} -> ${from}`;
        return { text: sqlBody(statements, `Alembic ${alembic.version} offline SQL (${alembic.dialect}) of ${x.source.file} ${direction}(), the step ${step}`), ok: true };
      }
      const error = direction === 'upgrade' ? r?.upgradeError : r?.downgradeError;
      const reason = r?.loadError ? `Alembic could not load the file: ${r.loadError}` : error ? `Alembic could not render ${direction}() offline: ${error}` : (notice ?? 'no SQL');
      problems.push(`${direction}: ${reason}`);
      return { text: portByHandBody(p.revision, direction, oneLine(reason)), ok: false };
    };
    const up = body('upgrade');
    const down = body('downgrade');
    const imports = [up.ok || down.ok ? "import { sql } from 'ambix/schema';" : '', !up.ok || !down.ok ? "import { UserError } from 'ambix';" : ''].filter(Boolean).join('\n');
    let text = renderTemplate(
      templateText,
      {
        message: x.message,
        revision: p.revision,
        downRevision: p.downRevision,
        branchLabels: p.branchLabels,
        dependsOn: p.dependsOn,
        createDate: x.createDate,
        imports,
        upgrade: up.text,
        downgrade: down.text,
      },
      template,
    );
    if (!text.includes(up.text) || !text.includes(down.text)) {
      throw new UserError(`${template} has no {{upgrade}} or {{downgrade}}: the imported bodies would be lost`, 'Restore them in the template (see `ambix init` in a scratch folder).');
    }
    if (!up.ok || !down.ok) text += pythonSourceComment(x.source.file, x.source.text);
    writeFileSync(x.path, text, { flag: 'wx' });
    await runPostWriteHooks(config.postWriteHooks, x.path, config.root);
    const header = parseRevisionHeader(readFileSync(x.path, 'utf8'), x.path);
    if (header.revision !== p.revision || JSON.stringify(header.downRevision) !== JSON.stringify(p.downRevision)) {
      throw new UserError(`${x.path}: the template did not keep the revision header`, 'Keep `revision: {{revision | literal}}` and `downRevision: {{downRevision | literal}}` in the template.');
    }
    const shown = relative(cwd, x.path) || x.path;
    const manual = [up.ok ? '' : 'upgrade', down.ok ? '' : 'downgrade'].filter(Boolean);
    log(`Importing ${x.source.file} -> ${shown} ... ${manual.length ? `done; port ${manual.join(' and ')} by hand (the Python is kept at the end of the file)` : 'done'}`);
    if (!notice) for (const problem of problems) log(`  ${x.source.file}: ${problem.replace(/[.\s]+$/, '')}.`);
    out.push({
      revision: p.revision,
      downRevisions: p.downRevision === null ? [] : [p.downRevision].flat(),
      branchLabels: p.branchLabels,
      dependsOn: p.dependsOn,
      message: x.message.split('\n\n')[0]!,
      source: join(versions, x.source.file),
      path: x.path,
      upgrade: up.ok ? 'sql' : 'manual',
      downgrade: down.ok ? 'sql' : 'manual',
      problems,
    });
  }
  if (!config.versionLocations.some((v) => resolve(v) === resolve(dest))) {
    log(`${dest} is not a version location of this project: add it to versionLocations in the config so ambix reads these revisions.`);
  }
  if (config.versionTable !== 'alembic_version') {
    log("To run these revisions on the databases Alembic manages, set versionTable: 'alembic_version' in the ambix config: ambix then reads and writes Alembic's version table.");
  }
  return { source: versions, dest, alembic, notice, revisions: out };
}

/** PATH may be the script location (holding versions/), versions/ itself, or alembic.ini. */
function locateVersions(path: string): { versions: string; projectRoot: string } {
  if (!existsSync(path)) throw new UserError(`No such file or folder: ${path}`, 'Give the Alembic script location (the folder with env.py and versions/) or its versions/ folder.');
  if (statSync(path).isFile()) {
    if (!path.endsWith('.ini')) throw new UserError(`${path} is a file`, 'Give the Alembic script location, its versions/ folder, or alembic.ini.');
    const m = /^\s*script_location\s*=\s*(.+?)\s*$/m.exec(readFileSync(path, 'utf8'));
    if (!m) throw new UserError(`${path} has no script_location`, 'Give the Alembic script location (the folder with env.py and versions/) instead.');
    const here = dirname(path);
    const loc = m[1]!.replace(/%\(here\)s/g, here);
    if (/^[\w.]+:/.test(loc) && !isAbsolute(loc)) throw new UserError(`${path}: script_location ${loc} names a package`, 'Give the folder of the scripts instead.');
    const found = locateVersions(resolve(here, loc));
    return { versions: found.versions, projectRoot: here };
  }
  const hasPy = (dir: string) => readdirSync(dir).some((n) => n.endsWith('.py') && n !== 'env.py');
  let versions: string;
  let scriptLocation: string;
  if (existsSync(join(path, 'versions')) && statSync(join(path, 'versions')).isDirectory()) {
    versions = join(path, 'versions');
    scriptLocation = path;
  } else if (hasPy(path)) {
    versions = path;
    scriptLocation = dirname(path);
  } else {
    throw new UserError(`No Alembic versions/ folder in ${path}`, 'Give the Alembic script location (the folder with env.py and versions/) or its versions/ folder.');
  }
  // Alembic runs from the folder of alembic.ini, with `prepend_sys_path = .`: imports in the
  // revision files resolve from there.
  const root = [scriptLocation, dirname(scriptLocation), dirname(dirname(scriptLocation))].find((d) => existsSync(join(d, 'alembic.ini'))) ?? dirname(scriptLocation);
  return { versions, projectRoot: root };
}

function chooseDest(config: ResolvedConfig, dest: string | undefined, cwd: string): string {
  if (dest) return resolve(cwd, dest);
  if (config.versionLocations.length === 1) return config.versionLocations[0]!;
  throw new UserError('Multiple version locations present, please specify --dest', `Version locations: ${config.versionLocations.join(', ')}.`);
}

/** Names a user may give `--dialect` besides Alembic's own. */
const ALEMBIC_ALIASES: Record<string, string> = { postgres: 'postgresql' };

async function chooseDialect(explicit: string | undefined, url: string | undefined): Promise<string> {
  if (explicit) {
    const d = ALEMBIC_ALIASES[explicit.toLowerCase()] ?? explicit.toLowerCase();
    if (!(d in OFFLINE_URLS)) throw new UserError(`Unknown dialect '${explicit}'`, `Use one of ${Object.keys(OFFLINE_URLS).join(', ')}.`);
    return d;
  }
  if (!url) throw new UserError('No database URL to choose the SQL dialect from', 'Set url in the ambix config (or DATABASE_URL / --url), or pass --dialect sqlite|postgresql|mysql|mariadb.');
  return (await loadDialect(url)).alembicName(url);
}

function findTemplate(migrations: string): string {
  const names = existsSync(migrations) ? readdirSync(migrations).filter((n) => /^script\.(ts|mts|js|mjs)\.tmpl$/.test(n)) : [];
  if (names.length > 1) throw new UserError(`Several revision templates in ${migrations}: ${names.join(', ')}`, 'Keep one.');
  return names.length ? join(migrations, names[0]!) : join(templatesDir(), 'generic', 'script.ts.tmpl');
}

/** `2024-03-01 09:15:00.000000` (Alembic's Create Date) as file-name tokens; undefined when it is not a date. */
function datePartsOf(text: string): DateParts | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second] = m as unknown as [string, string, string, string, string, string, string];
  const epoch = String(Math.floor(Date.UTC(+year, +month - 1, +day, +hour, +minute, +second) / 1000));
  return { year, month, day, hour, minute, second, epoch };
}

/** Where the graph leaves an order open, ambix (like Alembic >= 1.10) follows file order: say so when the new names reorder the files. */
function warnAboutOrder(before: readonly string[], after: readonly string[], map: RevisionMap, log: (m: string) => void): void {
  if (before.join() === after.join()) return;
  const openOrder = map.heads.length > 1 || map.bases.length > 1 || map.revisions.some((r) => r.nextrev.length > 1);
  if (openOrder) log('The new file names sort in another order than the Alembic files: where branches leave the order open, ambix history and upgrade may list them in a different (equally valid) order than Alembic.');
}

function oneLine(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
