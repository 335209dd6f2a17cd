import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Mysql2 from 'mysql2/promise';
import { MigrationProject } from '../migrations.js';
import type { DialectUnderTest, TestDatabase } from './types.js';

const require = createRequire(import.meta.url);
const mysql = require('mysql2/promise') as typeof Mysql2;

/** The server the tests use: MariaDB 10.11 on this machine unless AMBIX_TEST_MYSQL_URL says otherwise. */
export const MYSQL_SERVER_URL = (process.env.AMBIX_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '');

function connect(database?: string): Promise<Mysql2.Connection> {
  const u = new URL(MYSQL_SERVER_URL);
  return mysql.createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username) || 'root',
    password: decodeURIComponent(u.password),
    ...(database ? { database } : {}),
    dateStrings: true,
    supportBigNumbers: true,
    multipleStatements: true,
  });
}

/**
 * MySQL/MariaDB under test: each test gets its own database (`ambix_t_<random>`), created
 * on the server and dropped after the test.
 */
export const mysqlUnderTest: DialectUnderTest = {
  name: 'mysql',
  serverUrl: MYSQL_SERVER_URL,
  startHint: 'Start MariaDB 10.5+ or MySQL 8 with a passwordless root on loopback, e.g. `docker run -d -p 3306:3306 -e MARIADB_ALLOW_EMPTY_ROOT_PASSWORD=1 mariadb:10.11`, or point AMBIX_TEST_MYSQL_URL at one (mysql://user:password@host:port).',
  probe: async () => void (await (await connect()).end()),
  async create(): Promise<TestDatabase> {
    const name = `ambix_t_${randomBytes(6).toString('hex')}`;
    const admin = await connect();
    try {
      await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    } finally {
      await admin.end();
    }
    let conn: Mysql2.Connection | undefined;
    const query = async <T>(sql: string, params: readonly unknown[] = []): Promise<T[]> => {
      conn ??= await connect(name);
      const [rows] = params.length ? await conn.query(sql, params as unknown[]) : await conn.query(sql);
      return (Array.isArray(rows) ? rows : []) as T[];
    };
    return {
      dialect: 'mysql',
      url: `${MYSQL_SERVER_URL}/${name}`,
      query,
      tableNames: async () => (await query<{ n: string }>(`SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`)).map((r) => r.n),
      columns: async (table) =>
        (
          await query<{ name: string; type: string; nullable: string }>(
            `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
            [table],
          )
        ).map((c) => ({ name: c.name, type: c.type.toLowerCase(), nullable: c.nullable === 'YES' })),
      versions: async (table = 'ambix_version') => (await query<{ v: string }>(`SELECT version_num AS v FROM \`${table}\` ORDER BY version_num`)).map((r) => r.v),
      async drop() {
        await conn?.end().catch(() => conn?.destroy());
        const c = await connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
        } finally {
          await c.end();
        }
      },
    };
  },
};

/**
 * A user's project whose ambix.config.ts points at a test database (any dialect's URL):
 * revisions are written as `MigrationProject` writes them.
 *
 * @example const p = projectOn(db, 'lockTimeout: 5000');
 */
export function projectOn(db: TestDatabase, extra = ''): MigrationProject {
  const p = new MigrationProject();
  configure(p, db.url, extra);
  return p;
}

/** Rewrites the project's config for `url`, with extra options as source text. */
export function configure(p: MigrationProject, url: string, extra = ''): void {
  p.write('ambix.config.ts', `import { defineConfig } from 'ambix';\nexport default defineConfig({ url: ${JSON.stringify(url)}, migrations: 'migrations'${extra ? `, ${extra}` : ''} });\n`);
}
