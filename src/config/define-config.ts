import type { SchemaObjectRef } from '../schema/model.js';
import type { NamingConventionInput } from '../schema/naming.js';

export type { SchemaObjectRef };

/**
 * Run after a revision file is written. A string is a shell command (`{file}` stands for the
 * new file, appended when absent); an array is an argv; a function gets the file's path.
 *
 * @example postWriteHooks: ['npx prettier --write {file}']
 */
export type PostWriteHook = string | readonly string[] | ((file: string) => void | Promise<void>);

/** Everything `ambix.config.ts` may set. See SPEC §2. */
export interface AmbixConfig {
  /** Database URL; `--url` and `DATABASE_URL` take precedence. */
  url?: string;
  /** Script location: the folder holding `script.ts.tmpl` and `versions/`. Default `migrations`. */
  migrations?: string;
  /** Module(s) whose exported tables are the target schema; globs allowed. */
  schema?: string | readonly string[];
  /** Folders holding revision files. Default `[<migrations>/versions]`. */
  versionLocations?: readonly string[];
  /** New revision file names. Tokens: rev slug year month day hour minute second epoch. */
  fileTemplate?: string;
  /** IANA zone for the Create Date and file-name tokens; local time when unset. */
  timezone?: string;
  /** Longest slug (from the message) kept in a file name. Default 40. */
  truncateSlugLength?: number;
  /** Default `ambix_version`; `alembic_version` adopts an Alembic-managed database. */
  versionTable?: string;
  versionTableSchema?: string;
  /** The log table beside the version table. Default `<versionTable>_log`. */
  logTable?: string;
  /** One transaction per migration (true) or one for the whole command (false). */
  transactionPerMigration?: boolean;
  /** SQLite files: online backup before upgrade/downgrade. Default true. */
  backup?: boolean;
  /** Milliseconds a second migrator waits for the first. Default 60000. */
  lockTimeout?: number;
  compareType?: boolean;
  compareServerDefault?: boolean;
  /** Autogenerate filter: return false to leave an object out of the comparison. */
  include?: (object: SchemaObjectRef) => boolean;
  postWriteHooks?: readonly PostWriteHook[];
  /** Names of unnamed indexes and constraints, e.g. `{ ix: 'ix_{table}_{columns}', maxLength: 63 }` (see `ambix/schema`). */
  namingConvention?: NamingConventionInput;
}

/**
 * Declares the project's configuration with types and editor completion.
 *
 * @example
 * export default defineConfig({ url: 'sqlite:./data/app.db', migrations: 'migrations' });
 */
export function defineConfig<const T extends AmbixConfig>(config: T): T {
  return config;
}
