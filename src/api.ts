import type { LoadConfigOptions, ResolvedConfig } from './config/load-config.js';
import type { RevisionOptions } from './command/revision.js';

/**
 * Programmatic commands: the same functions the CLI runs, returning data.
 * Each loads its implementation on first use.
 *
 * @example
 * const config = await loadConfig({ cwd: '/srv/app' });
 * const { revisions } = await heads(config);
 */
export async function loadConfig(options?: LoadConfigOptions): Promise<ResolvedConfig> {
  return (await import('./config/load-config.js')).loadConfig(options);
}

/** The revision graph of a project (pure: reads file headers only). */
export async function loadRevisionMap(config: ResolvedConfig) {
  return (await import('./script/script-directory.js')).loadRevisionMap(config);
}

/** `ambix init DIR` */
export async function init(dir: string, options?: import('./command/init.js').InitOptions) {
  return (await import('./command/init.js')).init(dir, options);
}

/** `ambix list-templates` */
export async function listTemplates() {
  return (await import('./command/init.js')).listTemplates();
}

/** `ambix revision -m MSG` */
export async function revision(config: ResolvedConfig, options?: RevisionOptions) {
  return (await import('./command/revision.js')).revision(config, options);
}

/** `ambix merge REV... -m MSG` */
export async function merge(config: ResolvedConfig, revisions: readonly string[], options?: Omit<RevisionOptions, 'head' | 'splice' | 'dependsOn'>) {
  return (await import('./command/revision.js')).merge(config, revisions, options);
}

/** `ambix heads` */
export async function heads(config: ResolvedConfig, options?: { resolveDependencies?: boolean }) {
  return (await import('./command/heads.js')).heads(config, options);
}

/** `ambix history [-r A:B]` */
export async function history(config: ResolvedConfig, options?: { range?: string; current?: readonly string[] }) {
  return (await import('./command/history.js')).history(config, options);
}

/** `ambix branches` */
export async function branches(config: ResolvedConfig) {
  return (await import('./command/branches.js')).branches(config);
}

/** `ambix show REV` */
export async function show(config: ResolvedConfig, rev: string) {
  return (await import('./command/show.js')).show(config, rev);
}

/** The tables exported by model modules (paths or globs), validated: the target schema of autogenerate. */
export async function loadModels(files: readonly string[], options?: Parameters<typeof import('./config/load-models.js').loadModels>[1]) {
  return (await import('./config/load-models.js')).loadModels(files, options);
}

/** `ambix upgrade TARGET` (`--sql` with `sql: true`; `io` to see progress or take the SQL). */
export async function upgrade(config: ResolvedConfig, target: string, options?: import('./command/migrate.js').MigrateOptions) {
  return (await import('./command/migrate.js')).upgrade(config, target, options);
}

/** `ambix downgrade TARGET` */
export async function downgrade(config: ResolvedConfig, target: string, options?: import('./command/migrate.js').MigrateOptions) {
  return (await import('./command/migrate.js')).downgrade(config, target, options);
}

/** `ambix stamp REV...` */
export async function stamp(config: ResolvedConfig, revisions: readonly string[], options?: import('./command/stamp.js').StampOptions) {
  return (await import('./command/stamp.js')).stamp(config, revisions, options);
}

/** `ambix current` */
export async function current(config: ResolvedConfig, options?: Parameters<typeof import('./command/current.js').current>[1]) {
  return (await import('./command/current.js')).current(config, options);
}

/** `ambix revision --autogenerate`: a revision holding what the models changed. */
export async function autogenerate(config: ResolvedConfig, options?: import('./command/autogenerate.js').AutogenerateOptions) {
  return (await import('./command/autogenerate.js')).autogenerate(config, options);
}

/** `ambix check`: the differences between the models and the database at head. */
export async function check(config: ResolvedConfig) {
  return (await import('./command/autogenerate.js')).check(config);
}

/** `ambix test`: the migration test suite on a scratch database; the report says `ok: false` on a failure. */
export async function testMigrations(config: ResolvedConfig, options?: import('./command/test-suite.js').TestOptions) {
  return (await import('./command/test-suite.js')).testMigrations(config, options);
}
