import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { MigrationProject } from '../migrations.js';
import type { DialectUnderTest, TestDatabase } from './types.js';

/** The server the tests use (trust auth on loopback); PGTEST_URL overrides it. */
export const PG_SERVER = process.env.PGTEST_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** A URL to one database on the test server. */
export function pgUrl(database: string): string {
  return `${PG_SERVER}/${database}`;
}

/** Runs `fn` with a client on the maintenance database, closed after. */
async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: pgUrl('postgres'), connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

/** A fresh database `ambix_t_<random>`, with the same helper surface as every dialect. */
export async function createPgDatabase(): Promise<TestDatabase & { readonly name: string }> {
  const name = `ambix_t_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  let client: pg.Client | undefined;
  const conn = async () => {
    if (!client) {
      client = new pg.Client({ connectionString: pgUrl(name) });
      await client.connect();
    }
    return client;
  };
  const query = async <T>(sql: string, params: readonly unknown[] = []) => (await (await conn()).query(sql, [...params])).rows as T[];
  return {
    name,
    dialect: 'postgres',
    url: pgUrl(name),
    query,
    tableNames: async () => (await query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`)).map((r) => r.name),
    columns: async (table) =>
      (
        await query<{ name: string; type: string; nullable: boolean }>(
          `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
           FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
          [table],
        )
      ).map((c) => ({ ...c, type: c.type.toLowerCase() })),
    versions: async (table = 'ambix_version') => (await query<{ v: string }>(`SELECT version_num AS v FROM ${table.split('.').map((p) => `"${p}"`).join('.')} ORDER BY version_num`)).map((r) => r.v),
    async drop() {
      await client?.end().catch(() => {});
      // FORCE terminates sessions a failed test may have left behind (PostgreSQL 13+).
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

export const postgresUnderTest: DialectUnderTest = {
  name: 'postgres',
  serverUrl: PG_SERVER,
  startHint: 'Start PostgreSQL (trust auth for the user in the URL), e.g. `docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:15`, or point PGTEST_URL at one (postgres://user@host:port, no database).',
  probe: async () => void (await withAdmin((c) => c.query('SELECT 1'))),
  create: createPgDatabase,
};

/**
 * A migration project whose config points at a scratch PostgreSQL database, so tests run the
 * CLI exactly as a user would (`ambix upgrade head`), then look at what the server holds.
 */
export class PgProject extends MigrationProject {
  constructor(readonly pgdb: TestDatabase) {
    super();
    this.config('');
  }

  override config(extra: string, url = this.pgdb.url): void {
    this.write('ambix.config.ts', `import { defineConfig } from 'ambix';\nexport default defineConfig({ url: ${JSON.stringify(url)}, migrations: 'migrations', ${extra} });\n`);
  }

  /** Rows of a query on the project's database. */
  q<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.pgdb.query<T>(sql, params);
  }
}
