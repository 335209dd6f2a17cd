// @ts-check
// Writes the same synthetic migration project for ambix and for Alembic: the same revision
// ids, the same graph, the same table per revision. Projects are cached under bench/work/ by
// (shape, count); a stamp file marks a complete project, so an interrupted run regenerates.
//
//   node bench/generate.mjs 1000 [linear]     (prints the two project folders)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const WORK = join(REPO, 'bench', 'work');
export const AMBIX_BIN = join(REPO, 'bin', 'ambix.js');

// Bump when the generated files change shape: cached projects with another stamp are rebuilt.
const GENERATOR_VERSION = '1';
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
  if (!existsSync(join(result.ambix, 'node_modules', 'ambix', 'package.json'))) throw new Error(`generateProjects: ${result.ambix}/node_modules/ambix does not resolve to the repo`);
  return { ...result, cached: false };
}

/**
 * @param {string} dir
 * @param {{ id: string, down: string | null, table: string }[]} revs
 */
function writeAmbixProject(dir, revs) {
  mkdirSync(dir, { recursive: true });
  // The bare import 'ambix' in the config and the revisions resolves to this checkout.
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(relative(join(dir, 'node_modules'), REPO), join(dir, 'node_modules', 'ambix'), 'dir');
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
  for (const rev of revs) writeFileSync(join(versions, `${rev.id}_create_${rev.table}.ts`), ambixRevision(rev));
}

/** @param {{ id: string, down: string | null, table: string }} rev */
function ambixRevision({ id, down, table }) {
  // op.execute keeps the body independent of the column-builder API while it is being built;
  // switch to op.createTable here once it lands (Alembic's side uses op.create_table).
  return `/**
 * create table ${table}
 *
 * Revision ID: ${id}
 * Revises: ${down ?? ''}
 * Create Date: ${CREATE_DATE}
 */
import { defineMigration } from 'ambix';

export default defineMigration({
  revision: '${id}',
  downRevision: ${down === null ? 'null' : `'${down}'`},
  branchLabels: [],
  dependsOn: [],
  async upgrade(op) {
    await op.execute('CREATE TABLE ${table} (id INTEGER PRIMARY KEY, name VARCHAR(50))');
  },
  async downgrade(op) {
    await op.execute('DROP TABLE ${table}');
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
  const count = Number(process.argv[2] ?? 1000);
  const shape = /** @type {Shape} */ (process.argv[3] ?? 'linear');
  const p = generateProjects({ revisions: count, shape, force: process.argv.includes('--force'), log: (m) => console.error(m) });
  console.log(`${p.ambix}\n${p.alembic}${p.cached ? '  (cached)' : ''}`);
}
