// How a command reaches its database: the config's URL, through the dialect registry, with the
// narrow options the dialect needs (never the whole config).
import { existsSync } from 'node:fs';
import type { ResolvedConfig } from '../config/load-config.js';
import type { DatabaseAdapter } from '../dialect/adapter.js';
import type { Dialect, DialectModule, OpenOptions } from '../dialect/dialect.js';
import { loadDialect, localPathOf } from '../dialect/registry.js';
import { UserError } from '../errors.js';
import type { RunOptions } from '../runtime/migration-runner.js';

/** The configured URL, or a clear refusal that says where to set one. */
export function requireUrl(config: Pick<ResolvedConfig, 'url'>): string {
  if (!config.url) throw new UserError('No database URL', 'Set `url` in ambix.config.ts, export DATABASE_URL, or pass --url.', { code: 'NO_URL' });
  return config.url;
}

/** What a dialect needs from the config to open a database. */
export function openOptions(config: ResolvedConfig): OpenOptions {
  return { root: config.root, busyTimeout: config.lockTimeout, versionTable: config.versionTable, versionTableSchema: config.versionTableSchema, logTable: config.logTable };
}

/** What a migration run takes from the config. */
export function runOptions(config: ResolvedConfig): RunOptions {
  return { transactionPerMigration: config.transactionPerMigration, x: config.x, namingConvention: config.namingConvention };
}

/** The dialect module of the configured URL. */
export function dialectOf(config: Pick<ResolvedConfig, 'url'>): Promise<DialectModule> {
  return loadDialect(requireUrl(config));
}

/** Connects, loading only the driver the URL needs. */
export async function openDatabase(config: ResolvedConfig): Promise<DatabaseAdapter> {
  const url = requireUrl(config);
  return (await loadDialect(url)).open(url, openOptions(config));
}

/** A compiler for the configured URL without connecting (offline SQL needs no database). */
export async function compilerFor(config: Pick<ResolvedConfig, 'url'>): Promise<Dialect> {
  return (await dialectOf(config)).compiler();
}

/** The local database file a URL names when it does not exist yet (commands that only read skip opening it). */
export function missingLocalFile(url: string | undefined): string | undefined {
  const path = url ? localPathOf(url) : undefined;
  return path && !existsSync(path) ? path : undefined;
}
