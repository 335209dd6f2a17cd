import type { Operations } from '../ops/op-api.js';

/** What every migration function receives besides `op`. */
export interface MigrationContext {
  dialect: 'sqlite' | 'postgres' | 'mysql';
  /** True when writing SQL (`--sql`) instead of executing it. */
  offline: boolean;
  /** `-x key=value` pairs from the command line. */
  x: Record<string, string>;
  /** The revision being run. */
  revision: string;
  /** Writes a line to the progress output. */
  log(message: string): void;
  /** The `--tag` given to `upgrade`/`downgrade`, if any. */
  tag?: string;
}

/**
 * A revision file's default export. The header fields must be literals: ambix reads them
 * from the source without running the file.
 *
 * @example
 * export default defineMigration({
 *   revision: '3f1c2a9b8d7e',
 *   downRevision: '9a8b7c6d5e4f',
 *   async upgrade(op) { await op.addColumn('llm_setting', 'timeout', integer().notNull().default(30)); },
 *   async downgrade(op) { await op.dropColumn('llm_setting', 'timeout'); },
 * });
 */
export interface Migration<Op = Operations> {
  revision: string;
  downRevision: string | readonly string[] | null;
  branchLabels?: string | readonly string[] | null;
  dependsOn?: string | readonly string[] | null;
  /** false: run outside a transaction (e.g. PostgreSQL `CREATE INDEX CONCURRENTLY`). */
  transaction?: boolean;
  upgrade(op: Op, ctx: MigrationContext): void | Promise<void>;
  downgrade(op: Op, ctx: MigrationContext): void | Promise<void>;
}

/** Declares a migration with types; returns it unchanged. */
export function defineMigration<Op = Operations>(migration: Migration<Op>): Migration<Op> {
  return migration;
}
