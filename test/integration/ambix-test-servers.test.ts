// `ambix test --url` on PostgreSQL and MySQL/MariaDB: the URL names the server's admin database;
// ambix creates its scratch databases beside it, never touches it, and drops them after — on
// success, on failure, and on Ctrl-C.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Mysql2 from 'mysql2/promise';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MYSQL_SERVER_URL, mysqlUnderTest } from '../helpers/dialects/mysql.js';
import { pgUrl, postgresUnderTest } from '../helpers/dialects/postgres.js';
import { serverAvailable, type ServerUnderTest } from '../helpers/dialects/server.js';
import { MigrationProject } from '../helpers/migrations.js';
import { repoRoot } from '../helpers/project.js';

const require = createRequire(import.meta.url);
const mysql = require('mysql2/promise') as typeof Mysql2;

interface Server {
  name: 'postgres' | 'mysql';
  /** The server as the missing-server rule sees it (skip locally, fail under CI=true). */
  under: ServerUnderTest;
  /** The URL given to --url: the server's own admin database. */
  adminUrl: string;
  /** Runs a query on the admin database. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  scratchDatabases(): Promise<string[]>;
  /** Tables of the admin database's own schema named like ambix's version tables. */
  versionTablesInAdmin(): Promise<string[]>;
  sleep: string;
}

const SERVERS: Server[] = [
  {
    name: 'postgres',
    under: postgresUnderTest,
    adminUrl: pgUrl('postgres'),
    async query(sql) {
      const c = new pg.Client({ connectionString: pgUrl('postgres') });
      await c.connect();
      try {
        return (await c.query(sql)).rows;
      } finally {
        await c.end();
      }
    },
    async scratchDatabases() {
      return (await this.query(`SELECT datname AS n FROM pg_database WHERE datname LIKE 'ambix\\_test\\_%' ORDER BY 1`)).map((r) => String(r.n));
    },
    async versionTablesInAdmin() {
      return (await this.query(`SELECT tablename AS n FROM pg_tables WHERE tablename LIKE 'ambix%'`)).map((r) => String(r.n));
    },
    sleep: 'SELECT pg_sleep(60)',
  },
  {
    name: 'mysql',
    under: mysqlUnderTest,
    adminUrl: `${MYSQL_SERVER_URL}/mysql`,
    async query(sql) {
      const u = new URL(MYSQL_SERVER_URL);
      const c = await mysql.createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username) || 'root', password: decodeURIComponent(u.password), database: 'mysql' });
      try {
        const [rows] = await c.query(sql);
        return rows as Record<string, unknown>[];
      } finally {
        await c.end();
      }
    },
    async scratchDatabases() {
      return (await this.query(`SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'ambix\\_test\\_%' ORDER BY 1`)).map((r) => String(r.n));
    },
    async versionTablesInAdmin() {
      return (await this.query(`SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME LIKE 'ambix%'`)).map((r) => String(r.n));
    },
    sleep: 'SELECT SLEEP(60)',
  },
];

const models = `import { index, table, integer, varchar, text } from 'ambix/schema';
export const users = table('users', { id: integer().primaryKey(), name: varchar(50).notNull(), nickname: text() });
export const posts = table('posts', { id: integer().primaryKey(), user_id: integer().notNull().references('users.id'), title: varchar(200).notNull() }, (t) => [index('ix_posts_user_id').on(t.user_id)]);
`;

function healthy(p: MigrationProject): void {
  p.config(`schema: './src/models.ts'`);
  p.write('src/models.ts', models);
  p.revision({ id: 'a1', message: 'create users', upgrade: `await op.createTable('users', { id: integer().primaryKey(), name: varchar(50).notNull() });`, downgrade: `await op.dropTable('users');` });
  p.revision({ id: 'b2', down: 'a1', message: 'add nickname to users', upgrade: `await op.addColumn('users', 'nickname', text());`, downgrade: `await op.dropColumn('users', 'nickname');` });
  p.revision({
    id: 'c3',
    down: 'b2',
    message: 'create posts',
    upgrade: `await op.createTable('posts', { id: integer().primaryKey(), user_id: integer().notNull().references('users.id'), title: varchar(200).notNull() }); await op.createIndex('ix_posts_user_id', 'posts', ['user_id']);`,
    downgrade: `await op.dropTable('posts');`,
  });
}

for (const server of SERVERS) {
  describe.skipIf(!(await serverAvailable(server.under)))(`ambix test --url on ${server.name}`, () => {
    let p: MigrationProject;
    let existing: string[];
    beforeEach(async () => {
      p = new MigrationProject();
      existing = await server.scratchDatabases();
    });
    afterEach(() => p.remove());
    /** Scratch databases this test made that are still there (other test files may run at once). */
    const leftovers = async (made: readonly string[]) => (await server.scratchDatabases()).filter((n) => made.includes(n) || !existing.includes(n));

    it('passes a healthy project, then drops its scratch databases and leaves the admin database untouched', async () => {
      healthy(p);
      const r = p.ambix('test', '--url', server.adminUrl, '--json');
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as { ok: boolean; dialect: string; scratch: string[]; results: { step: string; revision: string; status: string }[] };
      expect(report.ok).toBe(true);
      expect(report.dialect).toBe(server.name);
      expect(report.results.map((x) => `${x.step} ${x.revision} ${x.status}`)).toEqual(['single-head c3 ok', 'upgrade a1 ok', 'upgrade b2 ok', 'upgrade c3 ok', 'models-match c3 ok', 'stairway a1 ok', 'stairway b2 ok', 'stairway c3 ok']);
      expect(report.scratch).toHaveLength(2);
      for (const name of report.scratch) expect(name).toMatch(/^ambix_test_[0-9a-f]{10}$/);
      expect(await leftovers(report.scratch)).toEqual([]);
      expect(await server.versionTablesInAdmin()).toEqual([]);
      expect(r.stderr).toContain(`Testing 3 revisions on ${server.name === 'postgres' ? 'PostgreSQL' : 'MySQL/MariaDB'} at `);
    });

    it('a downgrade that forgets to drop a column fails the stairway naming the revision; the scratch databases are still dropped', async () => {
      healthy(p);
      p.revision({ id: 'd4', down: 'c3', message: 'add email', upgrade: `await op.addColumn('users', 'email', varchar(200));`, downgrade: '' });
      p.write('src/models.ts', models.replace(`nickname: text() }`, `nickname: text(), email: varchar(200) }`));
      const r = p.ambix('test', '--url', server.adminUrl, '--json');
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as { scratch: string[]; failures: unknown[] };
      expect(report.failures).toMatchObject([{ step: 'stairway', revision: 'd4', phase: 'down-schema', differences: ['+ column users.email (left after the downgrade)'] }]);
      expect(r.stderr).toContain('FAILED: stairway failed at revision d4 (add email): the downgrade did not restore the schema from before the upgrade: + column users.email (left after the downgrade).');
      expect(await leftovers(report.scratch)).toEqual([]);
    });

    it.runIf(server.name === 'postgres')('an enum type the downgrade leaves behind fails the stairway', async () => {
      p.revision({ id: 'a1', message: 'mood type', upgrade: `await op.execute("CREATE TYPE mood AS ENUM ('happy', 'sad')");`, downgrade: '' });
      const r = p.ambix('test', '--url', server.adminUrl);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('+ type public.mood (left after the downgrade)');
      expect(r.stderr).toContain('stairway failed at revision a1 (mood type)');
    });

    it('a migration that throws fails the upgrade step naming it', async () => {
      healthy(p);
      p.revision({ id: 'd4', down: 'c3', message: 'broken', upgrade: `await op.execute('SELECT * FROM no_such_table');`, downgrade: '' });
      const r = p.ambix('test', '--url', server.adminUrl);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/upgrade\s+d4\s+broken\s+\S+\s+FAIL/);
      expect(r.stderr).toContain('FAILED: upgrade failed at revision d4 (broken)');
      expect(r.stderr).toContain('no_such_table');
      expect(await leftovers([])).toEqual([]);
    });

    it('Ctrl-C in the middle of a migration drops the scratch database and exits 1', async () => {
      p.revision({ id: 'a1', message: 'slow', upgrade: `ctx.log('sleeping now'); await op.execute(${JSON.stringify(server.sleep)});`, downgrade: '' });
      const child = spawn(process.execPath, [join(repoRoot, 'dist/cli.cjs'), 'test', '--url', server.adminUrl], { cwd: p.dir, env: { ...process.env, DATABASE_URL: '', AMBIX_CACHE_DIR: join(p.dir, '.ambix-cache') } });
      let stderr = '';
      const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`never started sleeping: ${stderr}`)), 30_000);
        child.stderr.on('data', (d) => {
          stderr += d;
          if (stderr.includes('sleeping now')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const during = (await server.scratchDatabases()).filter((n) => !existing.includes(n));
      expect(during.length).toBeGreaterThan(0);
      const t = Date.now();
      child.kill('SIGINT');
      const code = await exited;
      expect(Date.now() - t).toBeLessThan(15_000);
      expect(code, stderr).toBe(1);
      expect(stderr).toContain('Interrupted');
      expect(await leftovers(during)).toEqual([]);
    });
  });
}

