// @ts-check
// The other TypeScript/JavaScript migration tools, on the same job as the linear projects of
// generate.mjs: N migrations, the n-th creating table t<n> (id integer primary key, name varchar(50)).
//
// - knex/: knexfile.cjs (client and connection from KNEX_CLIENT / KNEX_URL) and migrations/<n>_create_t<n>.cjs,
//   each `knex.schema.createTable('t<n>', ...)`; applied with `knex migrate:latest`.
// - drizzle/: drizzle/<n>_create_t<n>.sql and drizzle/meta/_journal.json in drizzle-kit's format,
//   and one config per dialect (drizzle.sqlite.mjs, drizzle.postgres.mjs; URL from DRIZZLE_URL);
//   applied with `drizzle-kit migrate` (drizzle-orm's migrator).
//
// Cached under bench/work/peers-<N>/ (a stamp.json marks a finished project).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO, WORK } from './generate.mjs';

const PEERS_GENERATOR_VERSION = '1';
export const DRIZZLE_KIT_BIN = join(REPO, 'node_modules', 'drizzle-kit', 'bin.cjs');
export const KNEX_BIN = join(REPO, 'node_modules', 'knex', 'bin', 'cli.js');

/** The installed version of a devDependency, or null when it is missing. */
export function peerVersion(name) {
  try {
    return JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** Links <project>/node_modules/<name> to this checkout's copy, so the project's imports resolve. */
export function linkPeer(project, name) {
  const target = join(REPO, 'node_modules', name);
  if (!existsSync(target)) throw new Error(`${name} is not installed (npm ci)`);
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  symlinkSync(relative(join(project, 'node_modules'), target), join(project, 'node_modules', name), 'dir');
}

/**
 * @typedef {object} PeerProjects
 * @property {string} root
 * @property {string} knex
 * @property {string} drizzle
 * @property {number} migrations
 */

/**
 * @param {{ dir?: string, migrations: number, force?: boolean, log?: (msg: string) => void }} options
 * @returns {PeerProjects}
 */
export function generatePeerProjects({ dir = WORK, migrations, force = false, log = () => {} }) {
  const root = join(resolve(dir), `peers-${migrations}`);
  const result = { root, knex: join(root, 'knex'), drizzle: join(root, 'drizzle'), migrations };
  const stampFile = join(root, 'stamp.json');
  const stamp = { generator: PEERS_GENERATOR_VERSION, migrations };
  if (!force && existsSync(stampFile)) {
    try {
      const old = JSON.parse(readFileSync(stampFile, 'utf8'));
      if (old.generator === stamp.generator && old.migrations === migrations) return result;
    } catch {
      // regenerate
    }
  }
  log(`generating knex and drizzle-kit projects with ${migrations} migrations in ${relative(process.cwd(), root) || '.'}`);
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });

  // knex
  const k = join(tmp, 'knex');
  mkdirSync(join(k, 'migrations'), { recursive: true });
  writeFileSync(join(k, 'package.json'), JSON.stringify({ name: 'ambix-bench-knex', private: true }, null, 2) + '\n');
  linkPeer(k, 'knex');
  writeFileSync(
    join(k, 'knexfile.cjs'),
    `// client: better-sqlite3 (KNEX_URL a file) or pg (KNEX_URL a postgres:// URL)
const client = process.env.KNEX_CLIENT;
const url = process.env.KNEX_URL;
module.exports = {
  client,
  connection: client === 'better-sqlite3' ? { filename: url } : url,
  useNullAsDefault: true,
  migrations: { directory: './migrations', loadExtensions: ['.cjs'] },
};
`,
  );
  for (let n = 1; n <= migrations; n++) {
    writeFileSync(
      join(k, 'migrations', `${String(n).padStart(6, '0')}_create_t${n}.cjs`),
      `exports.up = (knex) => knex.schema.createTable('t${n}', (t) => {
  t.integer('id').primary();
  t.string('name', 50);
});
exports.down = (knex) => knex.schema.dropTable('t${n}');
`,
    );
  }

  // drizzle-kit: SQL migrations and the journal, as `drizzle-kit generate` writes them.
  const d = join(tmp, 'drizzle');
  mkdirSync(join(d, 'drizzle', 'meta'), { recursive: true });
  writeFileSync(join(d, 'package.json'), JSON.stringify({ name: 'ambix-bench-drizzle', private: true, type: 'module' }, null, 2) + '\n');
  linkPeer(d, 'drizzle-orm');
  const entries = [];
  const t0 = Date.UTC(2026, 0, 1);
  for (let n = 1; n <= migrations; n++) {
    const tag = `${String(n - 1).padStart(4, '0')}_create_t${n}`;
    writeFileSync(join(d, 'drizzle', `${tag}.sql`), `CREATE TABLE "t${n}" (\n\t"id" integer PRIMARY KEY NOT NULL,\n\t"name" varchar(50)\n);\n`);
    entries.push({ idx: n - 1, version: '7', when: t0 + n * 1000, tag, breakpoints: true });
  }
  writeFileSync(join(d, 'drizzle', 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'sqlite', entries }, null, 2) + '\n');
  for (const dialect of ['sqlite', 'postgresql']) {
    writeFileSync(
      join(d, `drizzle.${dialect === 'sqlite' ? 'sqlite' : 'postgres'}.mjs`),
      `export default { dialect: '${dialect}', out: './drizzle', dbCredentials: { url: process.env.DRIZZLE_URL ?? '' } };\n`,
    );
  }

  writeFileSync(join(tmp, 'stamp.json'), JSON.stringify(stamp, null, 2) + '\n');
  rmSync(root, { recursive: true, force: true });
  renameSync(tmp, root);
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const p = generatePeerProjects({ migrations: Number(process.argv[2] ?? 1000), force: process.argv.includes('--force'), log: (m) => console.error(m) });
  console.log(`${p.knex}\n${p.drizzle}`);
}
