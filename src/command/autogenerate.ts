import type { Diff } from '../autogenerate/index.js';
import { compareSchemas, parseRenameArgs, renderDiff, resolveRenames } from '../autogenerate/index.js';
import type { ResolvedConfig } from '../config/load-config.js';
import type { DialectName } from '../dialect/dialect.js';
import { UserError } from '../errors.js';
import { OnlineTarget } from '../runtime/sql-target.js';
import { VersionStore } from '../runtime/version-store.js';
import { loadModels } from '../config/load-models.js';
import type { Schema } from '../schema/model.js';
import type { RevisionMap } from '../script/revision-map.js';
import { loadRevisionMap } from '../script/script-directory.js';
import { dialectOf, openOptions } from './database.js';
import { commandIo, type CommandIo } from './io.js';
import { checkKnownHeads, storeNames } from './version-checks.js';
import { generateRevision, type RevisionOptions, type RevisionResult } from './revision.js';

export interface CompareResult {
  diff: Diff;
  map: RevisionMap;
  dialect: DialectName;
}

/**
 * The models against the database at head. Refuses a database that is behind, as Alembic
 * does (`Target database is not up to date`): the comparison would repeat pending revisions.
 */
export async function compareWithModels(config: ResolvedConfig, options: { requireHead?: boolean } = {}): Promise<CompareResult> {
  if (config.schema.length === 0) {
    throw new UserError('No models to compare with: the config has no `schema`', "Set `schema: './src/db/models.ts'` (or a glob) in ambix.config.ts to the module(s) exporting your tables.");
  }
  const map = loadRevisionMap(config);
  const module = await dialectOf(config);
  const models = await loadModels(config.schema, { namingConvention: config.namingConvention, indexNamesPerTable: module.capabilities.indexNamesPerTable });
  const adapter = await module.open(config.url!, openOptions(config));
  let db: Schema;
  try {
    const store = new VersionStore(new OnlineTarget(adapter), storeNames(config));
    const heads = await store.heads(adapter);
    checkKnownHeads(map, heads, adapter.description);
    const want = new Set(map.heads);
    if ((options.requireHead ?? true) && (heads.length !== want.size || heads.some((h) => !want.has(h)))) {
      throw new UserError(
        `Target database is not up to date: ${adapter.description} is at ${heads.length ? heads.join(', ') : 'base'}, the head is ${map.heads.join(', ')}`,
        'Run `ambix upgrade head` first, then compare again (`ambix current` and `ambix history` show where it stands).',
        { code: 'NOT_UP_TO_DATE' },
      );
    }
    // Models may live in other schemas (PostgreSQL): read those too, not only the connection's own.
    const schemas = [...new Set(models.tables.flatMap((t) => (t.schema ? [t.schema] : [])))];
    const other = schemas.length && adapter.introspectSchemas ? [...(await adapter.introspectSchemas(schemas)).values()] : [];
    db = { tables: [...(await adapter.introspect()).values(), ...other] };
  } finally {
    await adapter.close();
  }
  if (module.reconcile) db = module.reconcile(db, models);
  const dialect = module.name;
  const diff = compareSchemas(db, models, {
    compareType: config.compareType,
    compareServerDefault: config.compareServerDefault,
    ...(config.include ? { include: config.include } : {}),
    dialect: module.comparison,
    ignoreTables: [config.versionTable, config.logTable, ...(config.versionTableSchema ? [`${config.versionTableSchema}.${config.versionTable}`, `${config.versionTableSchema}.${config.logTable}`] : [])],
  });
  return { diff, map, dialect };
}

export interface AutogenerateOptions extends Omit<RevisionOptions, 'body'> {
  /** `--rename old=new` / `table.old=table.new`. */
  renames?: readonly string[];
  /** Do not write a file when nothing changed. */
  skipEmpty?: boolean;
  /** Progress, and the question about likely renames (`prompt`; without one, candidates stay drop + add). */
  io?: Partial<CommandIo>;
}

/** `ambix revision --autogenerate -m MSG`: a revision holding what the models changed. */
export async function autogenerate(config: ResolvedConfig, options: AutogenerateOptions = {}): Promise<(RevisionResult & { changes: number; summary: string[] }) | { changes: 0; summary: string[]; path: null }> {
  const io = commandIo(options.io);
  const fixed = parseRenameArgs([...(options.renames ?? [])]);
  const { diff: found, map } = await compareWithModels(config);
  const diff = await resolveRenames(found, { renames: fixed, ...(io.prompt ? { ask: io.prompt } : {}) });
  const summary = diff.summary.map((l) => l.text);
  // A likely rename written as drop + add loses data: said loudly, with the flag that keeps it.
  for (const line of diff.summary) {
    if (line.kind === 'renameCandidate') io.progress.warn(`${line.text.replace(/^\?\s*/, '')}; as written it drops and re-adds, losing the data`);
    else if (line.kind === 'warning') io.progress.warn(line.text);
    else io.progress.info(line.text);
  }
  if (diff.ops.length === 0) {
    io.progress.info('No changes in schema detected.');
    if (options.skipEmpty) return { changes: 0, summary, path: null };
  }
  const body = renderDiff(diff);
  const result = await generateRevision(config, map, { ...options, body }, io);
  return { ...result, changes: diff.ops.length, summary };
}

/** `ambix check`: the differences between the models and the database at head (none: in sync). */
export async function check(config: ResolvedConfig): Promise<{ differences: string[] }> {
  const { diff } = await compareWithModels(config);
  return { differences: [...diff.summary.map((l) => l.text), ...diff.warnings.map((w) => `! ${w}`)] };
}
