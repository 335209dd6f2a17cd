// @ts-check
// Writes the same synthetic migration project for ambix and for Alembic: the same revision
// ids, the same graph, the same table per revision. Projects are cached under bench/work/ by
// (shape, count); a stamp file marks a complete project, so an interrupted run regenerates.
//
//   node bench/generate.mjs 1000 [linear]     (prints the two project folders)
//   node bench/generate.mjs alter [1000000]   (the alter-column project: one big table)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const WORK = join(REPO, 'bench', 'work');
/**
 * The ambix the bench runs: a snapshot of this checkout's build (package.json, bin/, dist/,
 * templates/; node_modules linked back), refreshed by snapshotAmbix() at the start of a run. The
 * checkout is shared: someone's `npm run build` empties dist/ for a moment, which would fail a
 * timed run, and would mix two builds in one table. Generated projects link node_modules/ambix here.
 */
export const PKG = join(WORK, 'ambix-pkg');
// The file package.json names as the `ambix` command: what `npx ambix` runs.
export const AMBIX_BIN = join(PKG, JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).bin.ambix);
export const SQLITE3 = process.env.SQLITE3 ?? '/usr/bin/sqlite3';

// Bump when the generated files change shape: cached projects with another stamp are rebuilt.
const GENERATOR_VERSION = '4';
const CREATE_DATE = '2026-01-01 00:00:00';

/** @typedef {'linear'} Shape */

/**
 * @typedef {object} Projects
 * @property {string} root      folder holding both projects
 * @property {string} ambix     the ambix project (cwd for `ambix ...`)
 * @property {string} alembic   the Alembic project (cwd for `alembic ...`)
 * @property {number} revisions
 * @property {Shape} shape
 * @property {string[]} heads   the head revision id(s)
 * @property {boolean} cached   true when an existing project was reused
 */

/**
 * Copies the checkout's build to PKG (see there). Throws when dist/ is not built.
 * @returns {string} PKG
 */
export function snapshotAmbix() {
  if (!existsSync(join(REPO, 'dist', 'cli.cjs'))) throw new Error('dist/ is not built: run `npm run bench` (or `npm run build` first)');
  const tmp = `${PKG}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  cpSync(join(REPO, 'package.json'), join(tmp, 'package.json'));
  cpSync(join(REPO, 'templates'), join(tmp, 'templates'), { recursive: true });
  cpSync(join(REPO, 'dist'), join(tmp, 'dist'), { recursive: true, filter: (src) => src !== join(REPO, 'dist', 'types') });
  // A build being written while we copied would show as a missing entry point or chunk.
  for (const f of ['cli.cjs', 'ambix.cjs', 'loader.cjs', 'index.js', 'schema.js']) if (!existsSync(join(tmp, 'dist', f))) throw new Error(`snapshotAmbix: dist/${f} missing (a build in progress?); try again`);
  symlinkSync(relative(tmp, join(REPO, 'node_modules')), join(tmp, 'node_modules'), 'dir');
  rmSync(PKG, { recursive: true, force: true });
  renameSync(tmp, PKG);
  return PKG;
}

/** Revision id of the n-th revision (1-based): 12 lowercase hex digits. */
export function revisionId(n) {
  return n.toString(16).padStart(12, '0');
}

/**
 * The graph as [id, downRevision | null, table] triples, in file-name order.
 * @param {number} count
 * @param {Shape} shape
 * @returns {{ id: string, down: string | null, table: string }[]}
 */
function graph(count, shape) {
  if (shape !== 'linear') throw new Error(`generateProjects: unknown shape '${shape}' (known: linear)`);
  const revs = [];
  for (let n = 1; n <= count; n++) revs.push({ id: revisionId(n), down: n === 1 ? null : revisionId(n - 1), table: `t${n}` });
  return revs;
}

/**
 * Writes (or reuses) an ambix project and an Alembic project of the same graph.
 * @param {{ dir?: string, revisions: number, shape?: Shape, force?: boolean, python?: string | null, log?: (msg: string) => void }} options
 *   dir: the cache folder (default bench/work); python: the interpreter that has Alembic
 *   (default /usr/bin/python3; null skips the Alembic project, which is then an empty folder).
 * @returns {Projects}
 */
export function generateProjects({ dir = WORK, revisions, shape = 'linear', force = false, python = '/usr/bin/python3', log = () => {} }) {
  if (!Number.isInteger(revisions) || revisions < 1) throw new Error(`generateProjects: revisions must be a positive integer, got ${revisions}`);
  const revs = graph(revisions, shape);
  const root = join(resolve(dir), `${shape}-${revisions}`);
  const stampFile = join(root, 'stamp.json');
  const withAlembic = python !== null;
  const stamp = { generator: GENERATOR_VERSION, shape, revisions, alembic: withAlembic };
  const result = { root, ambix: join(root, 'ambix'), alembic: join(root, 'alembic'), revisions, shape, heads: [revs[revs.length - 1].id] };

  if (!force && existsSync(stampFile)) {
    try {
      const old = JSON.parse(readFileSync(stampFile, 'utf8'));
      // A stamp with Alembic serves a run without it, not the other way round.
      if (old.generator === stamp.generator && old.shape === shape && old.revisions === revisions && (old.alembic || !withAlembic)) {
        return { ...result, cached: true };
      }
    } catch {
      // unreadable stamp: regenerate
    }
  }

  log(`generating ${shape} project with ${revisions} revisions in ${relative(process.cwd(), root) || '.'}`);
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeAmbixProject(join(tmp, 'ambix'), revs);
  if (withAlembic) writeAlembicProject(join(tmp, 'alembic'), revs, python);
  else mkdirSync(join(tmp, 'alembic'));
  writeFileSync(join(tmp, 'stamp.json'), JSON.stringify(stamp, null, 2) + '\n');
  rmSync(root, { recursive: true, force: true });
  renameSync(tmp, root);
  // The symlink is relative, so it survives the rename; re-check it anyway.
  if (!existsSync(join(result.ambix, 'node_modules', 'ambix', 'package.json'))) throw new Error(`generateProjects: ${result.ambix}/node_modules/ambix does not resolve to ${PKG}`);
  return { ...result, cached: false };
}

/**
 * @param {string} dir
 * @param {{ id: string, down: string | null, table: string }[]} revs
 */
function writeAmbixProject(dir, revs) {
  const versions = initAmbixProject(dir);
  for (const rev of revs) writeFileSync(join(versions, `${rev.id}_create_${rev.table}.ts`), ambixRevision(rev));
}

/**
 * An empty ambix project: `ambix init migrations`, the config with `sqlite:./app.db`, and
 * node_modules/ambix linked to this checkout. Returns the versions folder.
 * @param {string} dir
 */
function initAmbixProject(dir) {
  mkdirSync(dir, { recursive: true });
  // The bare import 'ambix' in the config and the revisions resolves to the snapshot of this checkout.
  if (!existsSync(AMBIX_BIN)) snapshotAmbix();
  // Its own package.json, as a user's project has: without one, the nearest is this checkout's
  // (name "ambix"), and Node and esbuild resolve the import 'ambix' to the checkout by package
  // self-reference before they look in node_modules.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'ambix-bench-project', private: true, type: 'module' }, null, 2) + '\n');
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(relative(join(dir, 'node_modules'), PKG), join(dir, 'node_modules', 'ambix'), 'dir');
  // `ambix init` gives the project layout the current code expects (template, README).
  const init = spawnSync(process.execPath, [AMBIX_BIN, 'init', 'migrations'], { cwd: dir, encoding: 'utf8' });
  if (init.status !== 0) {
    throw new Error(`generateProjects: \`ambix init migrations\` failed (exit ${init.status}); is dist/ built (npm run build)?\n${init.stderr}${init.stdout}`);
  }
  writeFileSync(
    join(dir, 'ambix.config.ts'),
    `import { defineConfig } from 'ambix';\n\nexport default defineConfig({ url: 'sqlite:./app.db', migrations: 'migrations' });\n`,
  );
  const versions = join(dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  return versions;
}

/** @param {{ id: string, down: string | null, table: string }} rev */
function ambixRevision({ id, down, table }) {
  // The same table as Alembic's op.create_table below: id INTEGER PRIMARY KEY, name VARCHAR(50).
  return `/**
 * create table ${table}
 *
 * Revision ID: ${id}
 * Revises: ${down ?? ''}
 * Create Date: ${CREATE_DATE}
 */
import { defineMigration } from 'ambix';
import { integer, varchar } from 'ambix/schema';

export default defineMigration({
  revision: '${id}',
  downRevision: ${down === null ? 'null' : `'${down}'`},
  branchLabels: [],
  dependsOn: [],
  async upgrade(op) {
    await op.createTable('${table}', { id: integer().primaryKey(), name: varchar(50) });
  },
  async downgrade(op) {
    await op.dropTable('${table}');
  },
});
`;
}

/**
 * @param {string} dir
 * @param {{ id: string, down: string | null, table: string }[]} revs
 * @param {string} python
 */
function writeAlembicProject(dir, revs, python) {
  mkdirSync(dir, { recursive: true });
  const init = spawnSync(python, ['-m', 'alembic', 'init', 'migrations'], { cwd: dir, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`generateProjects: \`alembic init migrations\` failed (exit ${init.status})\n${init.stderr}${init.stdout}`);
  setAlembicUrl(join(dir, 'alembic.ini'), join(dir, 'alembic.ini'), 'sqlite:///app.db');
  const versions = join(dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  for (const rev of revs) writeFileSync(join(versions, `${rev.id}_create_${rev.table}.py`), alembicRevision(rev));
}

/** @param {{ id: string, down: string | null, table: string }} rev */
function alembicRevision({ id, down, table }) {
  return `"""create table ${table}

Revision ID: ${id}
Revises: ${down ?? ''}
Create Date: ${CREATE_DATE}

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '${id}'
down_revision = ${down === null ? 'None' : `'${down}'`}
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        '${table}',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(50)),
    )


def downgrade() -> None:
    op.drop_table('${table}')
`;
}

// ---------------------------------------------------------------------------------------------
// The alter-column project: one large SQLite table, and ambix next to a hand-written swap.

const ALTER_GENERATOR_VERSION = '3';
/** The table before the change; b becomes VARCHAR(100). */
const ALTER_TABLE_SQL = 'CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b TEXT NOT NULL, c REAL)';
const ALTER_INDEXES_SQL = ['CREATE INDEX ix_t_a ON t (a)', 'CREATE INDEX ix_t_b ON t (b)', 'CREATE INDEX ix_t_a_c ON t (a, c)'];

/**
 * @typedef {object} AlterProject
 * @property {string} root      folder holding everything
 * @property {string} ambix     the ambix project (cwd for `ambix ...`)
 * @property {string} baseDb    the database, stamped at `base`; copy it, never write to it
 * @property {string} swapSql   the hand-written copy-and-swap for the sqlite3 shell (`.read` it)
 * @property {string} base      the revision the database is stamped at (creates t)
 * @property {string} head      the revision that alters t.b
 * @property {number} rows
 * @property {boolean} cached
 */

/**
 * Writes (or reuses) bench/work/alter-<rows>/: a SQLite database `base.db` with
 * t(id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b TEXT NOT NULL, c REAL), 3 indexes (a; b; a, c)
 * and `rows` deterministic rows, stamped by ambix at revision 1 (which creates that table);
 * revision 2 is `op.alterColumn('t', 'b', { type: varchar(100) })`. `swap.sql` does the same
 * change by hand: BEGIN; CREATE TABLE t_new; INSERT ... SELECT; DROP; RENAME; 3 x CREATE INDEX; COMMIT.
 * @param {{ dir?: string, rows: number, force?: boolean, log?: (msg: string) => void }} options
 * @returns {AlterProject}
 */
export function generateAlterProject({ dir = WORK, rows, force = false, log = () => {} }) {
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`generateAlterProject: rows must be a positive integer, got ${rows}`);
  const root = join(resolve(dir), `alter-${rows}`);
  const stampFile = join(root, 'stamp.json');
  const stamp = { generator: ALTER_GENERATOR_VERSION, rows };
  const base = revisionId(1);
  const head = revisionId(2);
  const result = { root, ambix: join(root, 'ambix'), baseDb: join(root, 'base.db'), swapSql: join(root, 'swap.sql'), base, head, rows };
  if (!force && existsSync(stampFile)) {
    try {
      const old = JSON.parse(readFileSync(stampFile, 'utf8'));
      if (old.generator === stamp.generator && old.rows === rows && existsSync(result.baseDb)) return { ...result, cached: true };
    } catch {
      // unreadable stamp: regenerate
    }
  }
  if (!existsSync(SQLITE3)) throw new Error(`generateAlterProject: ${SQLITE3} not found (apt-get install sqlite3, or set SQLITE3)`);

  log(`generating the alter-column project with ${rows.toLocaleString('en-US')} rows in ${relative(process.cwd(), root) || '.'}`);
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });

  const versions = initAmbixProject(join(tmp, 'ambix'));
  writeFileSync(join(versions, `${base}_create_t.ts`), alterBaseRevision(base));
  writeFileSync(join(versions, `${head}_alter_t_b.ts`), alterHeadRevision(head, base));

  // The data: deterministic, built in one statement with the journal off (build only).
  const db = join(tmp, 'base.db');
  const build = [
    'PRAGMA journal_mode = OFF;',
    'PRAGMA synchronous = OFF;',
    'BEGIN;',
    `${ALTER_TABLE_SQL};`,
    `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${rows})`,
    "INSERT INTO t (id, a, b, c) SELECT n, (n * 7919) % 100003, printf('name-%010d', (n * 2654435761) % 4294967291), n * 0.25 FROM s;",
    ...ALTER_INDEXES_SQL.map((x) => `${x};`),
    'COMMIT;',
  ].join('\n');
  const r = spawnSync(SQLITE3, ['-batch', '-bail', db], { input: build, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`generateAlterProject: building base.db failed (exit ${r.status})\n${r.stderr}`);
  // Stamped at revision 1, so `ambix upgrade head` runs exactly the alter.
  const st = spawnSync(process.execPath, [AMBIX_BIN, 'stamp', base, '--url', `sqlite:${db}`], { cwd: join(tmp, 'ambix'), encoding: 'utf8' });
  if (st.status !== 0) throw new Error(`generateAlterProject: \`ambix stamp ${base}\` failed (exit ${st.status})\n${st.stderr}${st.stdout}`);
  for (const f of readdirSync(tmp)) if (f.startsWith('base.db.') && f.endsWith('.bak')) rmSync(join(tmp, f));

  writeFileSync(join(tmp, 'swap.sql'), swapScript());
  writeFileSync(stampFile.replace(root, tmp), JSON.stringify(stamp, null, 2) + '\n');
  rmSync(root, { recursive: true, force: true });
  renameSync(tmp, root);
  return { ...result, cached: false };
}

/** The hand-written baseline: what a careful person types into the sqlite3 shell. */
function swapScript() {
  return [
    'BEGIN;',
    'CREATE TABLE t_new (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b VARCHAR(100) NOT NULL, c REAL);',
    'INSERT INTO t_new SELECT * FROM t;',
    'DROP TABLE t;',
    'ALTER TABLE t_new RENAME TO t;',
    ...ALTER_INDEXES_SQL.map((x) => `${x};`),
    'COMMIT;',
    '',
  ].join('\n');
}

/** @param {string} id */
function alterBaseRevision(id) {
  return `/**
 * create t
 *
 * Revision ID: ${id}
 * Revises:
 * Create Date: ${CREATE_DATE}
 */
import { defineMigration } from 'ambix';

export default defineMigration({
  revision: '${id}',
  downRevision: null,
  branchLabels: [],
  dependsOn: [],
  async upgrade(op) {
    await op.execute('${ALTER_TABLE_SQL}');
${ALTER_INDEXES_SQL.map((x) => `    await op.execute('${x}');`).join('\n')}
  },
  async downgrade(op) {
    await op.execute('DROP TABLE t');
  },
});
`;
}

/** @param {string} id @param {string} down */
function alterHeadRevision(id, down) {
  return `/**
 * alter t.b to VARCHAR(100)
 *
 * Revision ID: ${id}
 * Revises: ${down}
 * Create Date: ${CREATE_DATE}
 */
import { defineMigration } from 'ambix';
import { text, varchar } from 'ambix/schema';

export default defineMigration({
  revision: '${id}',
  downRevision: '${down}',
  branchLabels: [],
  dependsOn: [],
  async upgrade(op) {
    await op.alterColumn('t', 'b', { type: varchar(100) });
  },
  async downgrade(op) {
    await op.alterColumn('t', 'b', { type: text() });
  },
});
`;
}

/**
 * Copies an alembic.ini with another sqlalchemy.url (used for per-workload databases:
 * `alembic -c <copy> ...`, the Alembic counterpart of `ambix --url ...`).
 * @param {string} from
 * @param {string} to
 * @param {string} url
 */
export function setAlembicUrl(from, to, url) {
  const ini = readFileSync(from, 'utf8');
  if (!/^sqlalchemy\.url\s*=.*$/m.test(ini)) throw new Error(`${from} has no sqlalchemy.url line`);
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, ini.replace(/^sqlalchemy\.url\s*=.*$/m, `sqlalchemy.url = ${url}`));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  snapshotAmbix();
  if (process.argv[2] === 'alter') {
    const a = generateAlterProject({ rows: Number(process.argv[3] ?? 1_000_000), force: process.argv.includes('--force'), log: (m) => console.error(m) });
    console.log(`${a.ambix}\n${a.baseDb}\n${a.swapSql}${a.cached ? '  (cached)' : ''}`);
    process.exit(0);
  }
  const count = Number(process.argv[2] ?? 1000);
  const shape = /** @type {Shape} */ (process.argv[3] ?? 'linear');
  const p = generateProjects({ revisions: count, shape, force: process.argv.includes('--force'), log: (m) => console.error(m) });
  console.log(`${p.ambix}\n${p.alembic}${p.cached ? '  (cached)' : ''}`);
}
