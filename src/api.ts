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
