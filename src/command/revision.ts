import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { PostWriteHook } from '../config/define-config.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { RevisionError, UserError } from '../errors.js';
import { dateParts, formatCreateDate, renderFileName, slugify } from '../script/file-name.js';
import { parseRevisionHeader } from '../script/header-parser.js';
import { renderTemplate } from '../script/revision-template.js';
import { Revision } from '../script/revision.js';
import type { RevisionMap } from '../script/revision-map.js';
import { loadRevisionMap } from '../script/script-directory.js';
import { catchRevisionErrors } from '../script/revision-errors.js';
import { commandIo, type CommandIo } from './io.js';

export interface RevisionOptions {
  message?: string | undefined;
  /** The parent(s): an identifier or several (merge). Default `head`. */
  head?: string | readonly string[] | undefined;
  /** Allow a parent that is not a head (start a new branch). */
  splice?: boolean | undefined;
  branchLabels?: readonly string[] | undefined;
  dependsOn?: readonly string[] | undefined;
  revId?: string | undefined;
  versionPath?: string | undefined;
  /** Bodies and imports, filled by autogenerate. */
  body?: { imports?: string; upgrade?: string; downgrade?: string } | undefined;
  /** The clock and the id source (see {@link CommandIo}). */
  io?: Partial<CommandIo>;
}

export interface RevisionResult {
  revision: string;
  path: string;
  downRevisions: string[];
  branchLabels: string[];
  dependsOn: string[];
  message: string;
}

/** `ambix revision -m MSG`: writes a new revision file from the project's template. */
export async function revision(config: ResolvedConfig, options: RevisionOptions = {}): Promise<RevisionResult> {
  const map = loadRevisionMap(config);
  return generateRevision(config, map, options);
}

/** `ambix merge REV... -m MSG`: a revision whose parents are the given heads. */
export async function merge(config: ResolvedConfig, revisions: readonly string[], options: Omit<RevisionOptions, 'head' | 'splice' | 'dependsOn'> = {}): Promise<RevisionResult> {
  const map = loadRevisionMap(config);
  if (revisions.length === 0) throw new UserError('merge needs the revisions to join', 'For example `ambix merge heads -m "merge"`, or name two heads.');
  const parents = catchRevisionErrors(map, () => map.getRevisions(revisions), {
    multipleHeads: "Multiple heads are present for '{head}'; merge takes 'heads' or explicit revision ids",
  }).filter((r): r is Revision => r instanceof Revision);
  const unique = [...new Set(parents)];
  if (unique.length < 2) {
    throw new UserError(
      `Nothing to merge: ${revisions.join(' ')} names ${unique.length ? `only ${unique[0]!.revision}` : 'no revision'}`,
      map.heads.length > 1 ? `The heads are ${map.heads.join(', ')}.` : 'There is a single head; a merge joins two or more heads.',
    );
  }
  for (const p of unique) {
    for (const q of unique) {
      if (p !== q && [...map.ancestors([q], true)].includes(p)) {
        throw new RevisionError(`Cannot merge ${p.revision} with its descendant ${q.revision}`, `${q.revision} already includes ${p.revision}; merge heads only (see \`ambix heads\`).`);
      }
    }
  }
  for (const p of unique) {
    if (!p.isHead) throw new RevisionError(`Revision ${p.revision} is not a head revision`, `merge joins heads; the heads are ${map.heads.join(', ')}.`);
  }
  return generateRevision(config, map, { ...options, head: unique.map((r) => r.revision), splice: false });
}

export async function generateRevision(config: ResolvedConfig, map: RevisionMap, options: RevisionOptions, io: CommandIo = commandIo(options.io)): Promise<RevisionResult> {
  const revId = options.revId ?? io.randomId();
  if (!/^[A-Za-z0-9_.]+$/.test(revId)) {
    throw new UserError(`Revision id '${revId}' is not allowed`, 'Use letters, digits, "_" or "." (ids may not contain @ - + : or spaces).');
  }
  if (map.byId(revId)) throw new RevisionError(`Revision id '${revId}' already exists (${map.byId(revId)!.path})`, 'Choose another --rev-id.');
  const head = options.head ?? 'head';
  const heads = catchRevisionErrors(map, () => map.getRevisions(typeof head === 'string' ? head : [...head]), {
    multipleHeads: 'Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.',
  });
  if (heads.some((h) => h === 'base')) throw new RevisionError(`'${String(head)}' walks below the first revision`, 'Use --head base to start a new base.');
  const parents = heads.filter((h): h is Revision => h instanceof Revision);
  if (new Set(parents).size !== parents.length) throw new RevisionError('Duplicate head revisions specified');
  if (!options.splice) {
    for (const p of parents) {
      if (!p.isHead) throw new RevisionError(`Revision ${p.revision} is not a head revision`, 'Pass --splice to create a new branch from this revision.');
    }
  }
  for (const label of options.branchLabels ?? []) {
    if (!/^[^\s@:'"\\]+$/.test(label)) throw new UserError(`Branch label '${label}' is not allowed`, 'Use a word without spaces, quotes, "@" or ":".');
    const owner = map.revisionForIdentOrUndefined(label);
    if (owner) throw new RevisionError(`Branch name '${label}' in revision ${revId} already used by revision ${owner.revision}`);
  }
  const dependsOn = (options.dependsOn ?? []).map((dep) => {
    const rev = catchRevisionErrors(map, () => map.getRevision(dep));
    if (!rev) throw new UserError(`--depends-on '${dep}' names no revision`);
    return rev.branchLabels.has(dep) ? dep : rev.revision;
  });

  const versionPath = chooseVersionPath(config, parents, options.versionPath);
  const template = findTemplate(config.migrations);
  const now = dateParts(io.now(), config.timezone);
  const message = options.message ?? 'empty message';
  const down = parents.map((p) => p.revision);
  const ext = template.replace(/^.*script\.(\w+)\.tmpl$/, '$1');
  const fileName = `${renderFileName(config.fileTemplate, { ...now, rev: revId, slug: slugify(message, config.truncateSlugLength) })}.${ext}`;
  const path = join(versionPath, fileName);
  if (existsSync(path)) throw new UserError(`${path} already exists`, config.fileTemplate.includes('{rev}') ? 'Use another message or --rev-id.' : 'Use another message (fileTemplate has no {rev}).');
  const text = renderTemplate(
    readFileSync(template, 'utf8'),
    {
      message,
      revision: revId,
      downRevision: down.length === 0 ? null : down.length === 1 ? down[0]! : down,
      branchLabels: [...(options.branchLabels ?? [])],
      dependsOn,
      createDate: formatCreateDate(now),
      imports: options.body?.imports ?? '',
      upgrade: options.body?.upgrade ?? '',
      downgrade: options.body?.downgrade ?? '',
    },
    template,
  );
  mkdirSync(versionPath, { recursive: true });
  writeFileSync(path, text, { flag: 'wx' });
  await runPostWriteHooks(config.postWriteHooks, path, config.root);

  const header = parseRevisionHeader(readFileSync(path, 'utf8'), path);
  if (header.revision !== revId) throw new UserError(`${path}: the template wrote revision '${header.revision}', expected '${revId}'`, 'Keep `revision: {{revision | literal}}` in script.ts.tmpl.');
  if ((options.branchLabels ?? []).length && header.branchLabels.length === 0) {
    throw new UserError(`${path} has no branchLabels although --branch-label was given`, 'Keep `branchLabels: {{branchLabels | literal}}` in the template.');
  }
  return { revision: revId, path, downRevisions: down, branchLabels: header.branchLabels, dependsOn: header.dependsOn, message };
}

function chooseVersionPath(config: ResolvedConfig, parents: readonly Revision[], explicit: string | undefined): string {
  if (explicit) {
    const wanted = resolve(explicit);
    const match = config.versionLocations.find((v) => resolve(v) === wanted);
    if (!match) throw new UserError(`Path ${explicit} is not represented in current version locations`, `Version locations: ${config.versionLocations.join(', ')}.`);
    return match;
  }
  if (config.versionLocations.length === 1) return config.versionLocations[0]!;
  const withPath = parents.find((p) => p.path);
  if (withPath) return dirname(withPath.path!);
  throw new UserError('Multiple version locations present, please specify --version-path', `Version locations: ${config.versionLocations.join(', ')}.`);
}

function findTemplate(migrations: string): string {
  const names = existsSync(migrations) ? readdirSync(migrations).filter((n) => /^script\.(ts|mts|js|mjs)\.tmpl$/.test(n)) : [];
  if (names.length === 0) {
    throw new UserError(`No revision template (script.ts.tmpl) in ${migrations}`, 'Restore it from `ambix init` (in a scratch folder), or set `migrations` to the folder that holds it.');
  }
  if (names.length > 1) throw new UserError(`Several revision templates in ${migrations}: ${names.join(', ')}`, 'Keep one.');
  return join(migrations, names[0]!);
}

/** Runs the project's post-write hooks on a new file; a failing hook leaves the file in place. */
export async function runPostWriteHooks(hooks: readonly PostWriteHook[], file: string, cwd: string): Promise<void> {
  for (const hook of hooks) {
    if (typeof hook === 'function') {
      try {
        await hook(file);
      } catch (error) {
        throw new UserError(`post-write hook failed on ${file}: ${(error as Error).message}`, 'The file was written and left in place; fix the hook or the file.');
      }
      continue;
    }
    const label = typeof hook === 'string' ? hook : hook.join(' ');
    const result =
      typeof hook === 'string'
        ? spawnSync(hook.includes('{file}') ? hook.replaceAll('{file}', shellQuote(file)) : `${hook} ${shellQuote(file)}`, { shell: true, cwd, encoding: 'utf8' })
        : spawnSync(hook[0]!, [...hook.slice(1).map((a) => a.replaceAll('{file}', file)), ...(hook.some((a) => a.includes('{file}')) ? [] : [file])], { cwd, encoding: 'utf8' });
    if (result.error || result.status !== 0) {
      const why = result.error ? result.error.message : `exit ${result.status}${result.stderr ? `: ${result.stderr.trim().split('\n')[0]}` : ''}`;
      throw new UserError(`post-write hook \`${label}\` failed on ${file} (${why})`, 'The file was written and left in place; fix the hook in ambix.config or run it by hand.');
    }
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}
