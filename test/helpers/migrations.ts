import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { Project } from './project.js';

const require = createRequire(import.meta.url);
export const Database = require('better-sqlite3') as typeof BetterSqlite3;

export interface RevisionSpec {
  id: string;
  down?: string | string[] | null;
  message?: string;
  upgrade: string;
  downgrade?: string;
  branchLabels?: string[];
  dependsOn?: string[];
  /** Extra lines at the top (imports). */
  imports?: string;
  transaction?: boolean;
}

/**
 * A project on a SQLite file, with revisions written as a user writes them: each a
 * `defineMigration` file whose bodies are given as source text.
 */
export class MigrationProject extends Project {
  private count = 0;
  constructor(readonly dbFile = 'data/app.db') {
    super('ambix-it-');
    this.write('ambix.config.ts', `import { defineConfig } from 'ambix';\nexport default defineConfig({ url: 'sqlite:./${dbFile}', migrations: 'migrations' });\n`);
    this.ambix('init', 'migrations');
  }

  config(extra: string): void {
    this.write('ambix.config.ts', `import { defineConfig } from 'ambix';\nexport default defineConfig({ url: 'sqlite:./${this.dbFile}', migrations: 'migrations', ${extra} });\n`);
  }

  /** Writes a revision file; the file order follows the call order. */
  revision(spec: RevisionSpec): string {
    const n = String(++this.count).padStart(4, '0');
    const down = spec.down === undefined ? null : spec.down;
    const lit = (v: unknown) => JSON.stringify(v).replace(/"/g, "'");
    return this.write(
      `migrations/versions/${n}_${spec.id}.ts`,
      `/**
 * ${spec.message ?? spec.id}
 *
 * Revision ID: ${spec.id}
 */
import { defineMigration } from 'ambix';
import { sql, integer, bigint, smallint, real, double, numeric, text, varchar, char, boolean, date, time, timestamp, json, uuid, blob, enumType, index, unique, check } from 'ambix/schema';
${spec.imports ?? ''}
export default defineMigration({
  revision: '${spec.id}',
  downRevision: ${lit(down)},
  branchLabels: ${lit(spec.branchLabels ?? [])},
  dependsOn: ${lit(spec.dependsOn ?? [])},
  ${spec.transaction === false ? 'transaction: false,' : ''}
  async upgrade(op, ctx) {
    ${spec.upgrade}
  },
  async downgrade(op, ctx) {
    ${spec.downgrade ?? ''}
  },
});
`,
    );
  }

  /** Opens the project's database read-only for assertions. */
  db(): BetterSqlite3.Database {
    return new Database(`${this.dir}/${this.dbFile}`, { readonly: true });
  }

  /** Runs a query on the project's database and closes it. */
  rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
    const db = this.db();
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }

  versions(): string[] {
    return this.rows<{ version_num: string }>('SELECT version_num FROM ambix_version ORDER BY version_num').map((r) => r.version_num);
  }

  tableSql(name: string): string | undefined {
    return this.rows<{ sql: string }>(`SELECT sql FROM sqlite_schema WHERE name = ?`, name)[0]?.sql;
  }

  columns(table: string): { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[] {
    return this.rows(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`, table);
  }
}
