// The target schema of autogenerate: the tables exported by the project's model modules.
// Kept out of `ambix/schema` (model files import that) because it loads the module loader.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { importModules as defaultImportModules } from '../loader/module-loader.js';
import type { Schema, Table } from '../schema/model.js';
import { resolveNamingConvention, type NamingConventionInput } from '../schema/naming.js';
import { getTable, isTable, type DefinedTable } from '../schema/table.js';
import { validateSchema } from '../schema/validate-schema.js';

const MODULE_FILE = /\.(?:[cm]?ts|tsx|[cm]?js)$/;
const NOT_MODELS = /\.d\.[cm]?ts$|\.(?:test|spec)\.[cm]?[jt]sx?$/;

export interface LoadModelsOptions {
  /** Where relative paths and globs resolve. Default: the working directory. */
  readonly cwd?: string;
  /** The config's `namingConvention`. */
  readonly namingConvention?: NamingConventionInput;
  /** Return an empty schema instead of refusing model files that export no table. */
  readonly allowEmpty?: boolean;
  /** Accept one index name in several tables, as the dialect does (MySQL; see the dialect's capabilities). */
  readonly indexNamesPerTable?: boolean;
  /** How modules are imported (injected by tests and other loaders). Default: ambix's TypeScript-aware loader. */
  readonly importModules?: (files: readonly string[]) => Promise<Record<string, unknown>[]>;
}

/**
 * Imports the model modules and returns the tables they export (directly, or in an exported
 * array or object), validated and sorted by name. `files` are paths, folders (every module
 * under them) or globs. A table exported from two modules counts once.
 *
 * Refused as user errors: a path or glob that matches nothing, a module that fails to load
 * (naming the module and the import that failed), modules without tables (the empty schema
 * would make autogenerate drop every table; pass `allowEmpty`), and any {@link validateSchema} problem.
 *
 * @example const { tables } = await loadModels(['src/db/models.ts'], { namingConvention: config.namingConvention });
 */
export async function loadModels(files: readonly string[], options: LoadModelsOptions = {}): Promise<Schema> {
  const cwd = options.cwd ?? process.cwd();
  const show = (file: string) => {
    const rel = relative(cwd, file);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  };
  const paths = await expandModelPaths(files, cwd);
  const modules = await importAll(paths, options.importModules ?? defaultImportModules, show);

  const convention = resolveNamingConvention(options.namingConvention);
  const found = new Map<string, { table: Table; file: string }>();
  for (const [i, mod] of modules.entries()) {
    const file = paths[i]!;
    for (const defined of exportedTables(mod)) {
      let table: Table;
      try {
        table = getTable(defined, { namingConvention: convention });
      } catch (error) {
        if (error instanceof UserError || (error instanceof Error && 'hint' in error)) {
          throw new UserError(`${show(file)}: ${error.message}`, (error as UserError).hint, { cause: error });
        }
        throw error;
      }
      const key = `${table.schema ?? ''}\u0000${table.name.toLowerCase()}`;
      const prev = found.get(key);
      if (!prev) {
        found.set(key, { table, file });
        continue;
      }
      // The same table() reached through two modules (a re-export, or one module imported by another)
      // builds an equal Table: it is one table. A different one with the same name is a mistake.
      if (JSON.stringify(prev.table) === JSON.stringify(table)) continue;
      throw new UserError(
        `Duplicate table name '${table.name}': defined in ${show(prev.file)} and again${prev.file === file ? ' in the same module' : ` in ${show(file)}`}, differently`,
        'Each table is defined once: rename one of them, or import and re-export the one definition.',
      );
    }
  }
  const tables = [...found.values()].map((f) => f.table).sort((a, b) => compare(a.schema ?? '', b.schema ?? '') || compare(a.name, b.name));
  if (tables.length === 0 && !options.allowEmpty) {
    throw new UserError(
      `No tables found in ${paths.map(show).join(', ')}`,
      'Export each table from a model module (export const task = table(...)); an empty schema would make autogenerate drop every table.',
    );
  }
  validateSchema(tables, { maxIdentifierLength: convention.maxLength, ...(options.indexNamesPerTable ? { indexNamesPerTable: true } : {}) });
  return Object.freeze({ tables: Object.freeze(tables) });
}

/** Paths, folders and globs → the model files, absolute, unique, sorted. */
export async function expandModelPaths(patterns: readonly string[], cwd: string): Promise<string[]> {
  if (patterns.length === 0) throw new UserError('No model files given', "Set `schema` in ambix.config.ts, e.g. schema: './src/db/models.ts'.");
  const out = new Set<string>();
  let tinyglobby: typeof import('tinyglobby') | undefined;
  for (const pattern of patterns) {
    const abs = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
    tinyglobby ??= await import('tinyglobby');
    const isDir = !tinyglobby.isDynamicPattern(pattern) && existsSync(abs) && statSync(abs).isDirectory();
    if (!isDir && !tinyglobby.isDynamicPattern(pattern)) {
      if (!existsSync(abs)) throw new UserError(`Model file not found: ${abs}`, 'Check `schema` in ambix.config.ts (paths resolve against the config file).');
      out.add(abs);
      continue;
    }
    const glob = isDir ? `${tinyglobby.convertPathToPattern(abs)}/**/*` : isAbsolute(pattern) ? pattern : `${tinyglobby.convertPathToPattern(cwd)}/${pattern}`;
    const matches = (await tinyglobby.glob(glob, { absolute: true, onlyFiles: true, ignore: ['**/node_modules/**'] })).filter((f) => MODULE_FILE.test(f) && !NOT_MODELS.test(f));
    if (matches.length === 0) throw new UserError(`No model files match '${pattern}'${isDir ? ' (a folder with no .ts or .js modules)' : ''}`, 'Check `schema` in ambix.config.ts; globs such as src/db/*.ts are accepted.');
    for (const m of matches) out.add(resolve(m.split('/').join(sep)));
  }
  return [...out].sort(compare);
}

async function importAll(
  files: readonly string[],
  importModules: NonNullable<LoadModelsOptions['importModules']>,
  show: (file: string) => string,
): Promise<Record<string, unknown>[]> {
  try {
    return await importModules(files);
  } catch (error) {
    // One batch builds every module at once; to name the module that failed, try them one by one.
    if (files.length > 1) {
      for (const file of files) {
        try {
          await importModules([file]);
        } catch (single) {
          throw loadError(file, single, show);
        }
      }
    }
    throw loadError(files[0]!, error, show);
  }
}

function loadError(file: string, error: unknown, show: (file: string) => string): UserError {
  const err = error as Error;
  const raw = typeof err?.message === 'string' ? err.message : String(error);
  // module-loader's own message starts with "<file> failed to load: "; say it once.
  const prefix = `${file} failed to load: `;
  const detail = raw.startsWith(prefix) ? raw.slice(prefix.length) : raw;
  // A UserError of another copy of ambix (the one the models import) is not `instanceof` ours.
  const isUserError = error instanceof UserError || (error instanceof Error && 'hint' in error);
  const theirHint = isUserError ? (error as UserError).hint : undefined;
  const why = isUserError || err instanceof SyntaxError ? detail : `${err?.name ?? 'Error'}: ${detail}`;
  const hint = theirHint ?? 'Fix the import or the code the message points at; model modules are imported to read their tables.';
  return new UserError(`Model module ${show(file)} failed to load: ${why}`, hint, { cause: error, code: 'LOAD_FAILED' });
}

/** Every table a module exports: directly, or inside an exported array or plain object. */
function exportedTables(mod: Record<string, unknown>): DefinedTable[] {
  const out: DefinedTable[] = [];
  const add = (value: unknown) => {
    if (isTable(value) && !out.includes(value)) out.push(value);
  };
  for (const name of Object.keys(mod).sort(compare)) {
    const value = mod[name];
    if (isTable(value)) add(value);
    else if (Array.isArray(value)) value.forEach(add);
    else if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) Object.values(value).forEach(add);
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
