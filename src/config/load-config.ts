import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { resolveLocalUrl } from '../dialect/registry.js';
import { UserError } from '../errors.js';
import type { AmbixConfig, PostWriteHook, SchemaObjectRef } from './define-config.js';
import { LoaderCache } from '../loader/loader-cache.js';
import { importDefaults } from '../loader/module-loader.js';
import { resolveNamingConvention, type NamingConvention } from '../schema/naming.js';
import { validateConfig } from './validate-config.js';

export const CONFIG_NAMES = ['ambix.config.ts', 'ambix.config.mts', 'ambix.config.js', 'ambix.config.mjs'] as const;

/** The configuration with defaults applied and every path absolute. */
export interface ResolvedConfig {
  /** The config file, or undefined when commands run from flags alone. */
  file: string | undefined;
  /** The folder relative paths resolve against. */
  root: string;
  url: string | undefined;
  /** Where the URL came from, for messages. */
  urlSource: '--url' | 'DATABASE_URL' | 'config' | undefined;
  migrations: string;
  versionLocations: string[];
  schema: string[];
  fileTemplate: string;
  timezone: string | undefined;
  truncateSlugLength: number;
  versionTable: string;
  versionTableSchema: string | undefined;
  logTable: string;
  transactionPerMigration: boolean;
  backup: boolean;
  lockTimeout: number;
  compareType: boolean;
  compareServerDefault: boolean;
  include: ((object: SchemaObjectRef) => boolean) | undefined;
  postWriteHooks: PostWriteHook[];
  /** The naming convention with its defaults applied. */
  namingConvention: NamingConvention;
  /** `-x key=value` pairs, handed to migrations as `ctx.x`. */
  x: Record<string, string>;
}

export interface LoadConfigOptions {
  cwd?: string;
  /** `-c/--config`. */
  config?: string | undefined;
  /** `--url`. */
  url?: string | undefined;
  /** `-x key=value`, already split. */
  x?: Record<string, string>;
  env?: Readonly<Record<string, string | undefined>>;
  /** The command run's file cache (a fresh one when not given). */
  loader?: LoaderCache;
}

/** Finds the config file: `-c` wins, else the first of {@link CONFIG_NAMES} in the working directory. */
export function findConfigFile(cwd: string, explicit?: string): string {
  if (explicit) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) throw new UserError(`Config file not found: ${file}`, 'Check the path given to -c/--config.', { code: 'CONFIG_NOT_FOUND' });
    return file;
  }
  for (const name of CONFIG_NAMES) {
    const file = join(cwd, name);
    if (existsSync(file)) return file;
  }
  throw new UserError(
    `No ambix config in ${cwd} (looked for ${CONFIG_NAMES.join(', ')})`,
    'Run `ambix init migrations` to create one, or pass -c path/to/ambix.config.ts.',
    { code: 'CONFIG_NOT_FOUND' },
  );
}

/** Loads, validates and resolves the project's configuration. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const file = findConfigFile(cwd, options.config);
  let [raw] = await importDefaults([file], options.loader ?? new LoaderCache());
  if (typeof raw === 'function') raw = await (raw as () => unknown)();
  const config = validateConfig(raw, basename(file));
  return resolveConfig(config, { ...options, cwd, file });
}

/** Applies defaults, precedence and path resolution to an already validated config object. */
export function resolveConfig(config: AmbixConfig, options: LoadConfigOptions & { file?: string | undefined }): ResolvedConfig {
  const root = options.file ? dirname(options.file) : resolve(options.cwd ?? process.cwd());
  const at = (p: string) => (isAbsolute(p) ? p : resolve(root, p));
  const env = options.env ?? process.env;
  const migrations = at(config.migrations ?? 'migrations');
  const [url, urlSource] = options.url
    ? [options.url, '--url' as const]
    : env.DATABASE_URL
      ? [env.DATABASE_URL, 'DATABASE_URL' as const]
      : config.url
        ? [config.url, 'config' as const]
        : [undefined, undefined];
  const versionTable = config.versionTable ?? 'ambix_version';
  return {
    file: options.file,
    root,
    url: url ? resolveLocalUrl(url, root, (base, p) => (isAbsolute(p) ? p : resolve(base, p))) : undefined,
    urlSource,
    migrations,
    versionLocations: (config.versionLocations ?? [join(migrations, 'versions')]).map(at),
    schema: (typeof config.schema === 'string' ? [config.schema] : [...(config.schema ?? [])]).map(at),
    fileTemplate: config.fileTemplate ?? '{year}{month}{day}_{rev}_{slug}',
    timezone: config.timezone,
    truncateSlugLength: config.truncateSlugLength ?? 40,
    versionTable,
    versionTableSchema: config.versionTableSchema,
    logTable: config.logTable ?? `${versionTable}_log`,
    transactionPerMigration: config.transactionPerMigration ?? true,
    backup: config.backup ?? true,
    lockTimeout: config.lockTimeout ?? 60_000,
    compareType: config.compareType ?? true,
    compareServerDefault: config.compareServerDefault ?? true,
    include: config.include,
    postWriteHooks: [...(config.postWriteHooks ?? [])],
    namingConvention: resolveNamingConvention(config.namingConvention),
    x: options.x ?? {},
  };
}

/** Splits `-x key=value` arguments; a pair without `=` is refused. */
export function parseXArgs(values: readonly string[]): Record<string, string> {
  const x: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UserError(`-x expects key=value, got '${v}'`, 'Write it as -x key=value (for example -x tenant=acme).');
    x[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return x;
}
