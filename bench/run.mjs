// @ts-check
// ambix vs Alembic, side by side in one run (see bench/README.md and design/BENCH.md).
//
//   node bench/run.mjs [--quick] [--only name[,name...]] [--rounds N] [--regen] [--list]
//
// Every figure is relative: commands run interleaved (A, B, A, B ... for R rounds) and the
// ratio column is the median of the per-round ratios A/B; each side's median is shown too.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { AMBIX_BIN, PKG, REPO, SQLITE3, generateAlterProject, generateProjects, setAlembicUrl, snapshotAmbix } from './generate.mjs';
import { AUTOGEN_NEW, PY_RECURSION_LIMIT, autogenUrls, generateAutogenProject } from './generate-autogen.mjs';
import { DRIZZLE_KIT_BIN, KNEX_BIN, generatePeerProjects, peerVersion } from './generate-peers.mjs';
import { pg } from './pg.mjs';

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name) => {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) die(`${name} needs a value`);
  return v;
};
function die(msg) {
  console.error(`bench: ${msg}`);
  process.exit(2);
}
for (const [i, a] of argv.entries()) {
  if (a.startsWith('--') && !['--quick', '--only', '--rounds', '--regen', '--list', '--help'].includes(a)) die(`unknown option ${a}`);
  if (!a.startsWith('--') && !['--only', '--rounds'].includes(argv[i - 1] ?? '')) die(`unexpected argument ${a}`);
}
if (flag('--help')) {
  console.log('usage: node bench/run.mjs [--quick] [--only name[,name...]] [--rounds N] [--regen] [--list]');
  process.exit(0);
}

const QUICK = flag('--quick');
const REGEN = flag('--regen');
const ROUNDS_OVERRIDE = value('--rounds') === undefined ? undefined : Number(value('--rounds'));
if (ROUNDS_OVERRIDE !== undefined && !(Number.isInteger(ROUNDS_OVERRIDE) && ROUNDS_OVERRIDE > 0)) die('--rounds needs a positive integer');

/** Sizes and repetitions; --quick keeps the whole run under a minute. */
const P = QUICK
  ? { base: 200, large: 2000, upgrade: 200, autogen: 200, alterRows: 100_000, rounds: 3, slowRounds: 2, rssRuns: 2 }
  : { base: 1000, large: 10000, upgrade: 1000, autogen: 1000, alterRows: 1_000_000, rounds: 20, slowRounds: 5, rssRuns: 5 };

// ---------------------------------------------------------------------------------------------
// Types

/**
 * One command to run, measured as a whole process (start-up included).
 * @typedef {object} Cmd
 * @property {string} label        who runs it, shown in the table (ambix, alembic, or ambix at some size)
 * @property {string} cwd
 * @property {string} file         executable
 * @property {string[]} args
 * @property {Record<string, string>} [env]  extra environment variables
 * @property {() => (void | Record<string, string>)} [before]  untimed, before every run (e.g. delete
 *                                 the database: "from empty"); may return environment variables for that run
 * @property {string} [expect]     the warm-up run's stdout must contain this (guards against
 *                                 timing a command that exits 0 without doing the work)
 * @property {(stdout: string | null) => void} [verify]  throws when the run did not do the work;
 *                                 called after the warm-up (with its stdout) and after the last
 *                                 timed round (with null: timed runs discard stdout)
 */

/**
 * What a workload's setup returns: `a` is measured against `b` (ratio a/b).
 * `b` is null when the reference is unavailable (Alembic not installed).
 * `peers`: the same job done by other tools (drizzle-kit, knex), timed in the same rounds after
 * `a` and `b` (ratio a/peer per round; a peer that is null is shown as not installed).
 * `verify` compares what the two sides left behind (after the warm-ups, then after the last round);
 * `cleanup` runs once when the row is done, whatever happened.
 * @typedef {{ a: Cmd, b: Cmd | null, peers?: Partial<Record<PeerName, Cmd | null>>, verify?: (phase: 'warm-up' | 'final') => void, cleanup?: () => void }} Pair
 */

/** @typedef {'drizzle-kit' | 'knex'} PeerName */

/**
 * ratio: the median pairwise ratio a/b must be <= max; rss: a's median peak RSS must be <= maxBytes.
 * @typedef {{ kind: 'ratio', max: number } | { kind: 'rss', maxBytes: number }} Target
 */

/**
 * One row of the table.
 * @typedef {object} Workload
 * @property {string} name                 for --only
 * @property {string} title                the row's label
 * @property {'time' | 'rss'} metric       wall time, or peak resident set size (/usr/bin/time %M)
 * @property {Target | null} target        null: reported, not judged
 * @property {'alembic' | 'ambix' | 'sqlite3'} ref  what b is; rows against Alembic show it as missing when it is
 * @property {(ctx: Ctx) => Cmd} [probe]   an ambix command run once before setup: exiting non-zero with
 *                                         "Unknown command" or a not-supported message makes the row n/a
 * @property {(ctx: Ctx) => Pair} setup    builds projects and state; ctx.ambixOnce() / ctx.alembicOnce()
 *                                         run preparatory commands (an unsupported ambix one makes the row n/a)
 * @property {number} [rounds]             rounds for this row (default P.rounds)
 */

/**
 * @typedef {object} Ctx
 * @property {boolean} hasAlembic
 * @property {(revisions: number) => import('./generate.mjs').Projects} projects
 * @property {(project: string, args: string[], label?: string) => Cmd} ambix
 * @property {(project: string, args: string[], label?: string) => Cmd} alembic
 * @property {(cmd: Cmd) => void} ambixOnce     runs it once, throws Unsupported / Error
 * @property {(cmd: Cmd) => void} alembicOnce
 * @property {(project: string, name: string) => { file: string, db: string }} alembicIni  an ini copy using <name>.db
 * @property {(rows: number) => import('./generate.mjs').AlterProject} alterProject  the one-big-table project (cached)
 * @property {(tables: number, dialect: 'sqlite' | 'postgres') => import('./generate-autogen.mjs').AutogenProject} autogenProject  models for autogenerate (cached)
 * @property {(migrations: number) => import('./generate-peers.mjs').PeerProjects} peerProjects  the knex and drizzle-kit projects (cached)
 * @property {(tool: PeerName, project: string, args: string[], env?: Record<string, string>) => Cmd | null} peer  null when not installed
 */

class Unsupported extends Error {}

// ---------------------------------------------------------------------------------------------
// Environment

const PYTHON = process.env.ALEMBIC_PYTHON ?? '/usr/bin/python3';
const alembicVersion = (() => {
  const r = spawnSync(PYTHON, ['-c', 'import alembic, sqlalchemy, platform; print(alembic.__version__, sqlalchemy.__version__, platform.python_version())'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const [alembic, sqlalchemy, python] = r.stdout.trim().split(' ');
  return { alembic, sqlalchemy, python };
})();
const HAS_ALEMBIC = alembicVersion !== null;
const TIME_BIN = '/usr/bin/time';
const HAS_TIME = existsSync(TIME_BIN);
const UNSUPPORTED = /Unknown command|Unknown option|not (?:yet )?(?:supported|implemented)|unsupported/i;

const fmtCount = (n) => n.toLocaleString('en-US');

/** @type {Map<number, import('./generate.mjs').Projects>} */
const projectCache = new Map();
/** @type {Map<string, any>} */
const otherCache = new Map();
const PEER_BINS = { 'drizzle-kit': DRIZZLE_KIT_BIN, knex: KNEX_BIN };
const peerVersions = { 'drizzle-kit': peerVersion('drizzle-kit'), 'drizzle-orm': peerVersion('drizzle-orm'), knex: peerVersion('knex') };
/** @type {PeerName[]} */
const PEERS = ['drizzle-kit', 'knex'];
const PG = pg.available();
/** Unique names for this run's PostgreSQL databases (dropped when their row is done). */
const pgName = (what) => `ambix_bench_${what}_${process.pid}`;
function needPg() {
  if (!PG.ok) throw new Error(`PostgreSQL not reachable at ${pg.server}: ${PG.why} (set AMBIX_BENCH_PG)`);
}
/** @type {Map<number, import('./generate.mjs').AlterProject>} */
const alterCache = new Map();

/** @type {Ctx} */
const ctx = {
  hasAlembic: HAS_ALEMBIC,
  projects(revisions) {
    let p = projectCache.get(revisions);
    if (!p) {
      p = generateProjects({ revisions, shape: 'linear', force: REGEN, python: HAS_ALEMBIC ? PYTHON : null, log: (m) => progress(m) });
      projectCache.set(revisions, p);
    }
    return p;
  },
  alterProject(rows) {
    let p = alterCache.get(rows);
    if (!p) {
      p = generateAlterProject({ rows, force: REGEN, log: (m) => progress(m) });
      alterCache.set(rows, p);
    }
    return p;
  },
  autogenProject(tables, dialect) {
    const key = `autogen-${dialect}-${tables}`;
    if (!otherCache.has(key)) otherCache.set(key, generateAutogenProject({ tables, dialect, force: REGEN, python: HAS_ALEMBIC ? PYTHON : null, log: (m) => progress(m) }));
    return otherCache.get(key);
  },
  peerProjects(migrations) {
    const key = `peers-${migrations}`;
    if (!otherCache.has(key)) otherCache.set(key, generatePeerProjects({ migrations, force: REGEN, log: (m) => progress(m) }));
    return otherCache.get(key);
  },
  peer(tool, project, args, env = {}) {
    const bin = PEER_BINS[tool];
    if (!existsSync(bin)) return null;
    return { label: tool, cwd: project, file: process.execPath, args: [bin, ...args], env };
  },
  ambix: (project, args, label = 'ambix') => ({ label, cwd: project, file: process.execPath, args: [AMBIX_BIN, ...args] }),
  alembic: (project, args, label = 'alembic') => ({ label, cwd: project, file: PYTHON, args: ['-m', 'alembic', ...args] }),
  ambixOnce(cmd) {
    const r = runOnce(cmd);
    if (r.status !== 0) {
      const out = `${r.stderr}\n${r.stdout}`;
      if (UNSUPPORTED.test(out)) throw new Unsupported(firstLine(out));
      throw new Error(`${cmd.label} ${cmd.args.slice(1).join(' ')} exited ${r.status}: ${firstLine(out)}`);
    }
  },
  alembicOnce(cmd) {
    const r = runOnce(cmd);
    if (r.status !== 0) throw new Error(`alembic ${cmd.args.slice(2).join(' ')} exited ${r.status}: ${lastLine(`${r.stdout}\n${r.stderr}`)}`);
  },
  alembicIni(project, name) {
    const file = `bench-${name}.ini`;
    setAlembicUrl(join(project, 'alembic.ini'), join(project, file), `sqlite:///bench-${name}.db`);
    return { file, db: join(project, `bench-${name}.db`) };
  },
};

/**
 * Deletes a SQLite database and its side files; with `lock`, also the lock file ambix keeps
 * beside it (`<file>-ambix.lock`), so "from empty" is a first run in every respect.
 */
function dropDb(file, { lock = false } = {}) {
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  if (lock) for (const f of [`${file}-ambix.lock`, `${file}-ambix.lock-journal`]) rmSync(f, { force: true });
}

/**
 * A fresh copy of a database, flushed to disk, so the timed run that follows pays only for its
 * own writes (an fsync at its commit would otherwise also flush the copy's dirty pages).
 */
function freshCopy(from, to) {
  dropDb(to);
  copyFileSync(from, to);
  const fd = openSync(to, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------
// Checks: a timed command that exits 0 must also have done the work (read back with sqlite3).

const HAS_SQLITE3 = existsSync(SQLITE3);
const sqlite3Version = HAS_SQLITE3 ? spawnSync(SQLITE3, ['--version'], { encoding: 'utf8' }).stdout.trim().split(' ')[0] : null;

/** Runs one query read-only with the sqlite3 shell; rows as lines, columns joined by '|'. */
function query(db, sql) {
  if (!HAS_SQLITE3) throw new Error(`${SQLITE3} not found: needed to check the databases the bench writes`);
  if (!existsSync(db)) throw new Error(`${db} does not exist`);
  const r = spawnSync(SQLITE3, ['-batch', '-bail', '-readonly', db, sql], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`sqlite3 ${db}: ${firstLine(r.stderr)} (query: ${sql})`);
  return r.stdout.trim();
}

/** The database has the n tables t1..tn (each `id INTEGER` primary key, `name VARCHAR(50)`) and the version row at head. */
function checkUpgradedDb(db, versionTable, n, head) {
  const tables = Number(query(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name GLOB 't[0-9]*'"));
  if (tables !== n) throw new Error(`${db}: ${tables} tables t<n>, expected ${n}`);
  const cols = query(db, `SELECT group_concat(name || ' ' || type || ' ' || pk, ', ') FROM pragma_table_info('t${n}')`);
  if (cols !== 'id INTEGER 1, name VARCHAR(50) 0') throw new Error(`${db}: t${n} has columns ${cols}, expected id INTEGER (pk), name VARCHAR(50)`);
  const version = query(db, `SELECT group_concat(version_num, ',') FROM ${versionTable}`);
  if (version !== head) throw new Error(`${db}: ${versionTable} holds '${version}', expected '${head}'`);
}

/** Offline SQL creates the n tables t1..tn (each once) and ends with the version row at head. */
function checkUpgradeSql(stdout, n, head) {
  const creates = stdout.match(/CREATE TABLE\s+"?t\d+"?\s*\(/gi) ?? [];
  if (creates.length !== n) throw new Error(`--sql output has ${creates.length} CREATE TABLE t<n>, expected ${n}`);
  if (!stdout.includes(`'${head}'`)) throw new Error(`--sql output never writes the version '${head}'`);
}

/** A peer's SQLite database (knex, drizzle-kit): the n tables t1..tn and its own bookkeeping table holding n rows. */
function checkPeerSqlite(db, bookkeeping, n) {
  const tables = Number(query(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name GLOB 't[0-9]*'"));
  if (tables !== n) throw new Error(`${db}: ${tables} tables t<n>, expected ${n}`);
  const cols = query(db, `SELECT lower(group_concat(name || ' ' || type || ' ' || pk, ', ')) FROM pragma_table_info('t${n}')`);
  if (cols !== 'id integer 1, name varchar(50) 0') throw new Error(`${db}: t${n} has columns ${cols}, expected id integer (pk), name varchar(50)`);
  const rows = Number(query(db, `SELECT count(*) FROM ${bookkeeping}`));
  if (rows !== n) throw new Error(`${db}: ${bookkeeping} holds ${rows} rows, expected ${n}`);
}

/**
 * A PostgreSQL database after `upgrade head`: the n tables t1..tn in public, t<n> with
 * (id integer primary key, name varchar(50)), and `bookkeeping` (a query) answering `expected`.
 */
function checkUpgradedPg(db, n, bookkeeping, expected) {
  const tables = Number(pg.query(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+$'"));
  if (tables !== n) throw new Error(`${db}: ${tables} tables t<n>, expected ${n}`);
  const cols = pg.query(
    db,
    `SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'public.t${n}'::regclass AND attnum > 0 AND NOT attisdropped`,
  );
  if (cols !== 'id integer, name character varying(50)') throw new Error(`${db}: t${n} has columns ${cols}, expected id integer, name character varying(50)`);
  const pk = pg.query(db, `SELECT count(*) FROM pg_constraint WHERE conrelid = 'public.t${n}'::regclass AND contype = 'p'`);
  if (pk !== '1') throw new Error(`${db}: t${n} has no primary key`);
  const got = pg.query(db, bookkeeping);
  if (got !== expected) throw new Error(`${db}: ${bookkeeping} gave '${got}', expected '${expected}'`);
}

/**
 * `revision --autogenerate` with no changes: ambix against Alembic (each on its own database,
 * put at head untimed by the tool's own `upgrade head`), and drizzle-kit `generate` (which
 * compares the schema with its last snapshot, no database). Every timed run writes a revision
 * whose upgrade is empty; it is deleted, untimed, before the next.
 * @param {Ctx} c
 * @param {'sqlite' | 'postgres'} dialect
 * @returns {Pair}
 */
function autogenPair(c, dialect) {
  if (dialect === 'postgres') needPg();
  const p = c.autogenProject(P.autogen, dialect);
  const dbs = { ambix: dialect === 'sqlite' ? 'bench-autogen' : pgName('autogen_ambix'), alembic: dialect === 'sqlite' ? 'bench-autogen' : pgName('autogen_alembic') };
  const drop = () => {
    if (dialect === 'sqlite') {
      dropDb(join(p.ambix, `${dbs.ambix}.db`), { lock: true });
      dropDb(join(p.alembic, `${dbs.alembic}.db`));
    } else {
      pg.drop(dbs.ambix);
      if (c.hasAlembic) pg.drop(dbs.alembic);
    }
  };
  const ambixVersions = join(p.ambix, 'migrations', 'versions');
  const alembicVersions = join(p.alembic, 'migrations', 'versions');
  const newFiles = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.includes(AUTOGEN_NEW)).map((f) => join(dir, f)) : []);
  const dropNew = () => {
    for (const f of [...newFiles(ambixVersions), ...newFiles(alembicVersions), ...newFiles(join(alembicVersions, '__pycache__'))]) rmSync(f, { force: true });
  };
  /** The revision just written has an empty upgrade (no op.*). */
  const checkEmpty = (dir, tool) => {
    const files = newFiles(dir).filter((f) => /\.(ts|py)$/.test(f));
    if (files.length !== 1) throw new Error(`${tool} revision --autogenerate: expected one new revision in ${dir}, found ${files.length}`);
    const body = readFileSync(files[0], 'utf8');
    const ops = body.split('\n').filter((l) => /\bop\.\w+\(/.test(l) && !l.trim().startsWith('#') && !l.trim().startsWith('//'));
    if (ops.length > 0) throw new Error(`${tool} found changes where there are none (${files[0]}): ${ops.slice(0, 3).map((l) => l.trim()).join('; ')}`);
  };
  drop();
  dropNew();
  try {
    return autogenSides(c, p, dialect, dbs, { drop, dropNew, checkEmpty, ambixVersions, alembicVersions });
  } catch (error) {
    drop();
    throw error;
  }
}

/** autogenPair's set-up once the databases are named (dropped by the caller when this throws). */
function autogenSides(c, p, dialect, dbs, { drop, dropNew, checkEmpty, ambixVersions, alembicVersions }) {
  const ambixUrl = autogenUrls(dialect, dbs.ambix).ambix;
  if (dialect === 'postgres') pg.create(dbs.ambix);
  c.ambixOnce(c.ambix(p.ambix, ['upgrade', 'head', '--url', ambixUrl]));
  const revArgs = ['revision', '--autogenerate', '-m', 'nochange', '--rev-id', AUTOGEN_NEW];
  const a = { ...c.ambix(p.ambix, [...revArgs, '--url', ambixUrl]), before: dropNew, verify: () => checkEmpty(ambixVersions, 'ambix') };
  let b = null;
  if (c.hasAlembic) {
    const ini = `bench-autogen.ini`;
    setAlembicUrl(join(p.alembic, 'alembic.ini'), join(p.alembic, ini), autogenUrls(dialect, dbs.alembic).alembic);
    if (dialect === 'postgres') pg.create(dbs.alembic);
    // One revision at a time: Alembic runs a whole `upgrade` in one transaction by default, and
    // on PostgreSQL the 1,000 tables' locks in one transaction exceed the lock table ("out of shared memory").
    for (const rev of p.revisions) c.alembicOnce(c.alembic(p.alembic, ['-c', ini, 'upgrade', rev]));
    b = { ...c.alembic(p.alembic, ['-c', ini, ...revArgs]), before: dropNew, verify: () => checkEmpty(alembicVersions, 'alembic') };
  }
  const drizzleOut = join(p.drizzle, 'drizzle');
  const drizzle = c.peer('drizzle-kit', p.drizzle, ['generate', '--config', 'drizzle.config.mjs']);
  return {
    a,
    b,
    peers: {
      'drizzle-kit': drizzle && {
        ...drizzle,
        expect: 'No schema changes',
        verify: () => {
          const sql = readdirSync(drizzleOut).filter((f) => f.endsWith('.sql'));
          if (sql.length !== 1) throw new Error(`drizzle-kit generate wrote a migration where nothing changed: ${sql.join(', ')}`);
        },
      },
    },
    cleanup() {
      dropNew();
      drop();
    },
  };
}

/**
 * The schema of table t as SQLite sees it (columns, indexes and their columns, whether id is the
 * rowid): the same string for the same schema, however the CREATE statements are spelled. NOT
 * NULL on the INTEGER PRIMARY KEY is left out: on the rowid alias it changes nothing (NULL still
 * allocates a rowid), and ambix's rebuild spells it out.
 */
function schemaOf(db) {
  const cols = query(db, "SELECT name, type, CASE WHEN pk = 1 AND type = 'INTEGER' THEN '-' ELSE \"notnull\" END, dflt_value, pk FROM pragma_table_info('t') ORDER BY cid");
  const indexes = query(
    db,
    "SELECT l.name, l.\"unique\", l.origin, l.partial, (SELECT group_concat(i.name, ',') FROM pragma_index_info(l.name) i) FROM pragma_index_list('t') l ORDER BY l.name",
  );
  // With id a rowid alias, the table has no PK index and rowid = id on every row.
  const alias = query(db, 'SELECT count(*) = 0 FROM (SELECT 1 FROM t WHERE rowid <> id LIMIT 1)');
  return `columns:\n${cols}\nindexes:\n${indexes}\nrowid alias: ${alias === '1' ? 'yes' : 'no'}`;
}

/** Row count and a hash of every row (the sqlite3 shell's sha3_query). */
function dataOf(db) {
  return query(db, "SELECT count(*) || ' rows, sha3 ' || (SELECT lower(hex(sha3_query('SELECT id, a, b, c FROM t ORDER BY id')))) FROM t");
}

/**
 * ambix `upgrade head` (one revision: op.alterColumn('t', 'b', { type: varchar(100) })) against
 * the hand-written copy-and-swap in the sqlite3 shell, each on a fresh copy of the same database.
 * @param {Ctx} c
 * @param {string} name
 * @param {boolean} noBackup
 * @returns {Pair}
 */
function alterPair(c, name, noBackup) {
  if (!HAS_SQLITE3) throw new Error(`${SQLITE3} not found: the baseline of this row is the sqlite3 shell`);
  const p = c.alterProject(P.alterRows);
  const file = `bench-${name}.db`;
  const ambixDb = join(p.ambix, file);
  const shellDb = join(p.root, `shell-${name}.db`);
  const backups = () => readdirSync(p.ambix).filter((f) => f.startsWith(`${file}.`) && f.endsWith('.bak'));
  const dropBackups = () => backups().forEach((f) => rmSync(join(p.ambix, f), { force: true }));
  const base = { schema: schemaOf(p.baseDb), data: dataOf(p.baseDb) };
  /** @param {string} db @param {'warm-up' | 'final'} phase */
  const checkAltered = (db, phase) => {
    const type = query(db, "SELECT type FROM pragma_table_info('t') WHERE name = 'b'");
    if (type !== 'VARCHAR(100)') throw new Error(`${db}: t.b is '${type}', expected VARCHAR(100)`);
    if (phase === 'warm-up') {
      const data = dataOf(db);
      if (data !== base.data) throw new Error(`${db}: the rows changed: ${data}, before: ${base.data}`);
      const ok = query(db, 'PRAGMA integrity_check');
      if (ok !== 'ok') throw new Error(`${db}: integrity_check: ${firstLine(ok)}`);
    } else {
      const rows = Number(query(db, 'SELECT count(*) FROM t'));
      if (rows !== P.alterRows) throw new Error(`${db}: ${rows} rows, expected ${P.alterRows}`);
    }
  };
  const args = ['upgrade', 'head', ...(noBackup ? ['--no-backup'] : []), '--url', `sqlite:./${file}`];
  return {
    a: {
      ...c.ambix(p.ambix, args),
      before: () => {
        dropBackups();
        freshCopy(p.baseDb, ambixDb);
      },
      verify: (stdout) => {
        const version = query(ambixDb, 'SELECT group_concat(version_num) FROM ambix_version');
        if (version !== p.head) throw new Error(`${ambixDb}: ambix_version holds '${version}', expected '${p.head}'`);
        const made = backups();
        if (noBackup && made.length > 0) throw new Error(`--no-backup still wrote ${made.join(', ')}`);
        if (!noBackup && made.length !== 1) throw new Error(`expected one backup beside ${file}, found ${made.length}`);
        if (!noBackup && query(join(p.ambix, made[0]), 'SELECT count(*) FROM t') !== String(P.alterRows)) throw new Error(`the backup ${made[0]} does not hold the ${P.alterRows} rows`);
        checkAltered(ambixDb, stdout === null ? 'final' : 'warm-up');
      },
    },
    b: {
      label: 'sqlite3',
      cwd: p.root,
      file: SQLITE3,
      args: ['-batch', '-bail', shellDb, `.read ${p.swapSql}`],
      before: () => freshCopy(p.baseDb, shellDb),
      verify: (stdout) => checkAltered(shellDb, stdout === null ? 'final' : 'warm-up'),
    },
    verify() {
      const [sa, sb] = [schemaOf(ambixDb), schemaOf(shellDb)];
      if (sa !== sb) throw new Error(`ambix and the sqlite3 script leave different schemas:\n--- ambix\n${sa}\n--- sqlite3\n${sb}`);
      if (!sa.includes('rowid alias: yes')) throw new Error(`t.id is no longer the rowid alias:\n${sa}`);
      const indexes = sa.split('indexes:\n')[1]?.split('\nrowid')[0].split('\n') ?? [];
      if (indexes.length !== 3) throw new Error(`expected 3 indexes on t, found:\n${indexes.join('\n')}`);
    },
    cleanup() {
      dropBackups();
      dropDb(ambixDb, { lock: true });
      dropDb(shellDb);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Workloads: one entry per row. Later workloads slot in here.

/** @type {Workload[]} */
const WORKLOADS = [
  {
    name: 'heads',
    title: `heads, ${fmtCount(P.base)} linear`,
    metric: 'time',
    target: { kind: 'ratio', max: 0.25 },
    ref: 'alembic',
    setup(c) {
      const p = c.projects(P.base);
      return { a: { ...c.ambix(p.ambix, ['heads']), expect: p.heads[0] }, b: c.hasAlembic ? { ...c.alembic(p.alembic, ['heads']), expect: p.heads[0] } : null };
    },
  },
  {
    name: 'current',
    title: `current, ${fmtCount(P.base)}, db at head`,
    metric: 'time',
    target: { kind: 'ratio', max: 0.25 },
    ref: 'alembic',
    probe(c) {
      const p = c.projects(P.base);
      return c.ambix(p.ambix, ['current', '--url', 'sqlite:./bench-probe.db']);
    },
    setup(c) {
      const p = c.projects(P.base);
      // One upgrade per run to put each tool's own database at head (not timed).
      const ambixDb = join(p.ambix, 'bench-current.db');
      dropDb(ambixDb, { lock: true });
      c.ambixOnce(c.ambix(p.ambix, ['upgrade', 'head', '--url', 'sqlite:./bench-current.db']));
      checkUpgradedDb(ambixDb, 'ambix_version', P.base, p.heads[0]);
      const a = { ...c.ambix(p.ambix, ['current', '--url', 'sqlite:./bench-current.db']), expect: p.heads[0] };
      if (!c.hasAlembic) return { a, b: null };
      const ini = c.alembicIni(p.alembic, 'current');
      dropDb(ini.db);
      c.alembicOnce(c.alembic(p.alembic, ['-c', ini.file, 'upgrade', 'head']));
      checkUpgradedDb(ini.db, 'alembic_version', P.base, p.heads[0]);
      return { a, b: { ...c.alembic(p.alembic, ['-c', ini.file, 'current']), expect: p.heads[0] } };
    },
  },
  {
    name: 'upgrade',
    title: `upgrade head, ${fmtCount(P.upgrade)} tables, SQLite file, from empty (transpile cache warm)`,
    metric: 'time',
    target: { kind: 'ratio', max: 0.2 },
    ref: 'alembic',
    rounds: P.slowRounds,
    setup(c) {
      const p = c.projects(P.upgrade);
      const head = p.heads[0];
      // The untimed warm-up fills the project's transpile cache (node_modules/.cache/ambix).
      const ambixDb = join(p.ambix, 'bench-upgrade.db');
      const a = {
        ...c.ambix(p.ambix, ['upgrade', 'head', '--url', 'sqlite:./bench-upgrade.db']),
        before: () => dropDb(ambixDb, { lock: true }),
        verify: () => checkUpgradedDb(ambixDb, 'ambix_version', P.upgrade, head),
      };
      // knex and drizzle-kit apply the same N migrations (each creating t<n>) to their own files.
      const q = c.peerProjects(P.upgrade);
      const knexDb = join(q.knex, 'bench-upgrade.db');
      const drizzleDb = join(q.drizzle, 'bench-upgrade.db');
      const knex = c.peer('knex', q.knex, ['--knexfile', 'knexfile.cjs', 'migrate:latest'], { KNEX_CLIENT: 'better-sqlite3', KNEX_URL: 'bench-upgrade.db' });
      const drizzle = c.peer('drizzle-kit', q.drizzle, ['migrate', '--config', 'drizzle.sqlite.mjs'], { DRIZZLE_URL: 'bench-upgrade.db' });
      const peers = {
        'drizzle-kit': drizzle && { ...drizzle, before: () => dropDb(drizzleDb), verify: () => checkPeerSqlite(drizzleDb, '__drizzle_migrations', P.upgrade) },
        knex: knex && { ...knex, before: () => dropDb(knexDb), verify: () => checkPeerSqlite(knexDb, 'knex_migrations', P.upgrade) },
      };
      const cleanupPeers = () => [knexDb, drizzleDb].forEach((f) => dropDb(f));
      if (!c.hasAlembic) return { a, b: null, peers, cleanup: cleanupPeers };
      const ini = c.alembicIni(p.alembic, 'upgrade');
      return {
        a,
        b: { ...c.alembic(p.alembic, ['-c', ini.file, 'upgrade', 'head']), before: () => dropDb(ini.db), verify: () => checkUpgradedDb(ini.db, 'alembic_version', P.upgrade, head) },
        peers,
        cleanup: cleanupPeers,
      };
    },
  },
  {
    name: 'upgrade-pg',
    title: `upgrade head, ${fmtCount(P.upgrade)} tables, PostgreSQL, from empty`,
    metric: 'time',
    target: null,
    ref: 'alembic',
    rounds: P.slowRounds,
    setup(c) {
      needPg();
      const p = c.projects(P.upgrade);
      const q = c.peerProjects(P.upgrade);
      const head = p.heads[0];
      const n = P.upgrade;
      // Each side its own database, dropped and created (untimed) before every run.
      const db = { ambix: pgName('up_ambix'), alembic: pgName('up_alembic'), knex: pgName('up_knex'), drizzle: pgName('up_drizzle') };
      const a = {
        ...c.ambix(p.ambix, ['upgrade', 'head', '--url', pg.url(db.ambix)]),
        before: () => pg.create(db.ambix),
        verify: () => checkUpgradedPg(db.ambix, n, 'SELECT string_agg(version_num, \',\') FROM ambix_version', head),
      };
      let b = null;
      if (c.hasAlembic) {
        const ini = 'bench-upgrade-pg.ini';
        setAlembicUrl(join(p.alembic, 'alembic.ini'), join(p.alembic, ini), pg.sqlalchemyUrl(db.alembic));
        b = {
          ...c.alembic(p.alembic, ['-c', ini, 'upgrade', 'head']),
          before: () => pg.create(db.alembic),
          verify: () => checkUpgradedPg(db.alembic, n, 'SELECT string_agg(version_num, \',\') FROM alembic_version', head),
        };
      }
      const knex = c.peer('knex', q.knex, ['--knexfile', 'knexfile.cjs', 'migrate:latest'], { KNEX_CLIENT: 'pg', KNEX_URL: pg.url(db.knex) });
      const drizzle = c.peer('drizzle-kit', q.drizzle, ['migrate', '--config', 'drizzle.postgres.mjs'], { DRIZZLE_URL: pg.url(db.drizzle) });
      return {
        a,
        b,
        peers: {
          'drizzle-kit': drizzle && { ...drizzle, before: () => pg.create(db.drizzle), verify: () => checkUpgradedPg(db.drizzle, n, 'SELECT count(*) FROM drizzle.__drizzle_migrations', String(n)) },
          knex: knex && { ...knex, before: () => pg.create(db.knex), verify: () => checkUpgradedPg(db.knex, n, 'SELECT count(*) FROM knex_migrations', String(n)) },
        },
        cleanup: () => Object.values(db).forEach((d) => pg.drop(d)),
      };
    },
  },
  {
    name: 'upgrade-cold',
    title: `upgrade head, ${fmtCount(P.upgrade)} tables, from empty, transpile cache empty`,
    metric: 'time',
    target: null,
    ref: 'alembic',
    rounds: P.slowRounds,
    setup(c) {
      const p = c.projects(P.upgrade);
      const head = p.heads[0];
      const ambixDb = join(p.ambix, 'bench-upgrade-cold.db');
      // A new, empty AMBIX_CACHE_DIR for every run (made and deleted untimed): every revision
      // and the config are transpiled in the timed run. Alembic runs as usual (__pycache__ warm).
      let cacheDir = '';
      const dropCache = () => {
        if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
        cacheDir = '';
      };
      const a = {
        ...c.ambix(p.ambix, ['upgrade', 'head', '--url', 'sqlite:./bench-upgrade-cold.db']),
        before: () => {
          dropDb(ambixDb, { lock: true });
          dropCache();
          cacheDir = mkdtempSync(join(tmpdir(), 'ambix-bench-cache-'));
          return { AMBIX_CACHE_DIR: cacheDir };
        },
        verify: () => {
          checkUpgradedDb(ambixDb, 'ambix_version', P.upgrade, head);
          // The run must have used (and so filled) the empty cache it was given: the config and
          // the revisions, each a `g`-prefixed bundle (a script, `.js`, or a module, `.mjs`), the
          // revisions' one holding them all, with the code V8 compiled for it kept at exit.
          const entries = readdirSync(cacheDir).filter((f) => f.startsWith('g') && /\.m?js$/.test(f));
          const revisions = entries.filter((f) => readFileSync(join(cacheDir, f), 'utf8').includes(`"t${P.upgrade}"`));
          if (revisions.length !== 1) throw new Error(`the fresh AMBIX_CACHE_DIR holds ${revisions.length} bundles of the revisions after the run (${entries.length} entries)`);
          if (revisions[0].endsWith('.js') && !readdirSync(cacheDir).some((f) => f.startsWith(`${revisions[0]}.`) && f.endsWith('.v8'))) throw new Error('the revisions\' bundle has no kept code after the run');
        },
      };
      if (!c.hasAlembic) return { a, b: null, cleanup: dropCache };
      const ini = c.alembicIni(p.alembic, 'upgrade-cold');
      return {
        a,
        b: { ...c.alembic(p.alembic, ['-c', ini.file, 'upgrade', 'head']), before: () => dropDb(ini.db), verify: () => checkUpgradedDb(ini.db, 'alembic_version', P.upgrade, head) },
        cleanup: dropCache,
      };
    },
  },
  {
    name: 'upgrade-sql',
    title: `upgrade head --sql, ${fmtCount(P.base)}`,
    metric: 'time',
    target: { kind: 'ratio', max: 0.25 },
    ref: 'alembic',
    setup(c) {
      const p = c.projects(P.base);
      const head = p.heads[0];
      const table = `t${P.base}`;
      const verify = (stdout) => stdout !== null && checkUpgradeSql(stdout, P.base, head);
      return {
        a: { ...c.ambix(p.ambix, ['upgrade', 'head', '--sql']), expect: table, verify },
        b: c.hasAlembic ? { ...c.alembic(p.alembic, ['upgrade', 'head', '--sql']), expect: table, verify } : null,
      };
    },
  },
  {
    name: 'autogen-sqlite',
    title: `revision --autogenerate, no changes, ${fmtCount(P.autogen)} tables x 10 columns, SQLite`,
    metric: 'time',
    target: { kind: 'ratio', max: 0.25 },
    ref: 'alembic',
    rounds: P.slowRounds,
    setup: (c) => autogenPair(c, 'sqlite'),
  },
  {
    name: 'autogen-pg',
    title: `revision --autogenerate, no changes, ${fmtCount(P.autogen)} tables, PostgreSQL`,
    metric: 'time',
    target: { kind: 'ratio', max: 0.2 },
    ref: 'alembic',
    rounds: P.slowRounds,
    setup: (c) => autogenPair(c, 'postgres'),
  },
  {
    name: 'alter',
    title: `SQLite alter column type, ${fmtCount(P.alterRows)} rows, 3 indexes, --no-backup`,
    metric: 'time',
    target: { kind: 'ratio', max: 1.5 },
    ref: 'sqlite3',
    rounds: P.slowRounds,
    setup: (c) => alterPair(c, 'alter', true),
  },
  {
    name: 'alter-backup',
    title: `same, with ambix's backup (the default)`,
    metric: 'time',
    target: null,
    ref: 'sqlite3',
    rounds: P.slowRounds,
    setup: (c) => alterPair(c, 'alter-backup', false),
  },
  {
    name: 'history',
    title: `history, ${fmtCount(P.base)}`,
    metric: 'time',
    target: null,
    ref: 'alembic',
    setup(c) {
      const p = c.projects(P.base);
      return { a: { ...c.ambix(p.ambix, ['history']), expect: p.heads[0] }, b: c.hasAlembic ? { ...c.alembic(p.alembic, ['history']), expect: p.heads[0] } : null };
    },
  },
  {
    name: 'scale',
    title: `scale: ambix heads ${fmtCount(P.large)} vs ${fmtCount(P.base)}`,
    metric: 'time',
    target: { kind: 'ratio', max: 5 },
    ref: 'ambix',
    setup(c) {
      const large = c.projects(P.large);
      const base = c.projects(P.base);
      return {
        a: { ...c.ambix(large.ambix, ['heads'], `ambix @${fmtCount(P.large)}`), expect: large.heads[0] },
        b: { ...c.ambix(base.ambix, ['heads'], `ambix @${fmtCount(P.base)}`), expect: base.heads[0] },
      };
    },
  },
  {
    name: 'rss',
    title: `peak RSS, heads ${fmtCount(P.large)}`,
    metric: 'rss',
    target: { kind: 'rss', maxBytes: 150e6 },
    ref: 'alembic',
    rounds: P.rssRuns,
    setup(c) {
      const p = c.projects(P.large);
      return { a: { ...c.ambix(p.ambix, ['heads']), expect: p.heads[0] }, b: c.hasAlembic ? { ...c.alembic(p.alembic, ['heads']), expect: p.heads[0] } : null };
    },
  },
  // Diagnostics (no target): separate the fixed start-up cost from the per-revision cost.
  {
    name: 'heads-1',
    title: 'heads, 1 revision (fixed cost)',
    metric: 'time',
    target: null,
    ref: 'alembic',
    setup(c) {
      const p = c.projects(1);
      return { a: { ...c.ambix(p.ambix, ['heads']), expect: p.heads[0] }, b: c.hasAlembic ? { ...c.alembic(p.alembic, ['heads']), expect: p.heads[0] } : null };
    },
  },
  {
    name: 'version',
    title: '--version (CLI start-up)',
    metric: 'time',
    target: null,
    ref: 'alembic',
    setup(c) {
      const p = c.projects(1);
      return { a: c.ambix(p.ambix, ['--version']), b: c.hasAlembic ? c.alembic(p.alembic, ['--version']) : null };
    },
  },
  {
    name: 'runtime',
    title: 'runtime floor: node -e 0 vs python3 -c pass',
    metric: 'time',
    target: null,
    ref: 'alembic',
    setup(c) {
      const p = c.projects(1);
      return {
        a: { label: 'node', cwd: p.ambix, file: process.execPath, args: ['-e', '0'] },
        b: c.hasAlembic ? { label: 'python3', cwd: p.alembic, file: PYTHON, args: ['-c', 'pass'] } : null,
      };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Measuring

const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };

/** Runs the command's untimed `before` and returns the environment for the run. */
function prepare(cmd) {
  const extra = cmd.before?.();
  return { ...ENV, ...cmd.env, ...(extra || {}) };
}

function runOnce(cmd) {
  const env = prepare(cmd);
  return spawnSync(cmd.file, cmd.args, { cwd: cmd.cwd, env, encoding: 'utf8', maxBuffer: 256 << 20 });
}

/** Wall time of one run in seconds (output discarded; stderr kept for the error message). */
function timeOnce(cmd) {
  const env = prepare(cmd);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd.file, cmd.args, { cwd: cmd.cwd, env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 256 << 20 });
  const t = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd.label} exited ${r.status ?? r.signal} while timed: ${firstLine(String(r.stderr))}`);
  return t;
}

let rssDir = '';
/** Peak resident set size of one run in bytes, from GNU time's %M (KiB). */
function rssOnce(cmd) {
  const env = prepare(cmd);
  rssDir ||= mkdtempSync(join(tmpdir(), 'ambix-bench-'));
  const out = join(rssDir, 'rss');
  const r = spawnSync(TIME_BIN, ['-f', '%M', '-o', out, cmd.file, ...cmd.args], { cwd: cmd.cwd, env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`${cmd.label} exited ${r.status ?? r.signal} under ${TIME_BIN}: ${firstLine(String(r.stderr))}`);
  const kib = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
  if (!Number.isFinite(kib)) throw new Error(`could not read peak RSS from ${TIME_BIN}`);
  return kib * 1024;
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The last non-empty line (where a Python traceback says what went wrong). */
function lastLine(s) {
  return (
    String(s)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0)
      .pop() ?? '(no output)'
  );
}

function firstLine(s) {
  return (
    String(s)
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? '(no output)'
  );
}

/**
 * @typedef {object} Row
 * @property {Workload} w
 * @property {'ok' | 'na' | 'error'} status
 * @property {string} [note]
 * @property {Cmd} [a]
 * @property {Cmd | null} [b]
 * @property {number[]} [as]
 * @property {number[]} [bs]
 * @property {number[]} [ratios]
 * @property {{ name: PeerName, cmd: Cmd | null, times: number[], ratios: number[] }[]} [peers]
 */

/** @param {Workload} w @returns {Row} */
function measure(w) {
  let pair;
  try {
    if (w.probe) {
      // Only "not there yet" counts at the probe: other failures are judged after setup.
      const r = runOnce(w.probe(ctx));
      if (r.status !== 0 && UNSUPPORTED.test(`${r.stderr}\n${r.stdout}`)) throw new Unsupported(firstLine(`${r.stderr}\n${r.stdout}`));
    }
    pair = w.setup(ctx);
    // Warm-up (untimed): fills ambix's transpile cache and Python's __pycache__, and is the
    // capability probe for the measured command itself.
    const wa = runOnce(pair.a);
    if (wa.status !== 0) {
      const out = `${wa.stderr}\n${wa.stdout}`;
      if (UNSUPPORTED.test(out)) throw new Unsupported(firstLine(out));
      throw new Error(`${pair.a.label} exited ${wa.status}: ${firstLine(out)}`);
    }
    if (pair.a.expect && !wa.stdout.includes(pair.a.expect)) throw new Error(`${pair.a.label}: output lacks '${pair.a.expect}': ${firstLine(wa.stdout)}`);
    pair.a.verify?.(wa.stdout);
    for (const other of [pair.b, ...peerCmds(pair)]) {
      if (!other) continue;
      const wb = runOnce(other);
      if (wb.status !== 0) throw new Error(`${other.label} exited ${wb.status}: ${firstLine(`${wb.stderr}\n${wb.stdout}`)}`);
      if (other.expect && !wb.stdout.includes(other.expect)) throw new Error(`${other.label}: output lacks '${other.expect}': ${firstLine(wb.stdout)}`);
      other.verify?.(wb.stdout);
    }
    if (pair.b) pair.verify?.('warm-up');
  } catch (error) {
    pair?.cleanup?.();
    if (error instanceof Unsupported) return { w, status: 'na', note: error.message };
    return { w, status: 'error', note: error instanceof Error ? error.message : String(error) };
  }

  const once = w.metric === 'rss' ? rssOnce : timeOnce;
  if (w.metric === 'rss' && !HAS_TIME) return { w, status: 'error', note: `${TIME_BIN} not found` };
  const rounds = ROUNDS_OVERRIDE ?? w.rounds ?? P.rounds;
  const as = [];
  const bs = [];
  const ratios = [];
  const peers = PEERS.filter((name) => pair.peers && name in pair.peers).map((name) => ({ name, cmd: pair.peers?.[name] ?? null, times: [], ratios: [] }));
  try {
    for (let i = 0; i < rounds; i++) {
      progress(`${w.name}: round ${i + 1}/${rounds}`);
      const last = i === rounds - 1;
      const a = once(pair.a);
      as.push(a);
      // The last round's state is checked too (a and b keep separate state, so both can be).
      if (last) pair.a.verify?.(null);
      if (pair.b) {
        const b = once(pair.b);
        bs.push(b);
        ratios.push(a / b);
        if (last) {
          pair.b.verify?.(null);
          pair.verify?.('final');
        }
      }
      // The other tools in the same round, after the pair (ratio ambix / peer).
      for (const peer of peers) {
        if (!peer.cmd) continue;
        const t = once(peer.cmd);
        peer.times.push(t);
        peer.ratios.push(a / t);
        if (last) peer.cmd.verify?.(null);
      }
    }
  } catch (error) {
    return { w, status: 'error', note: error instanceof Error ? error.message : String(error) };
  } finally {
    pair.cleanup?.();
  }
  return { w, status: 'ok', a: pair.a, b: pair.b, as, bs, ratios, peers };
}

/** @param {Pair} pair @returns {Cmd[]} */
function peerCmds(pair) {
  return PEERS.map((name) => pair.peers?.[name]).filter((cmd) => !!cmd);
}

// ---------------------------------------------------------------------------------------------
// Report

function fmtTime(s) {
  return s >= 10 ? `${s.toFixed(1)} s` : s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(0)} ms`;
}
function fmtBytes(b) {
  return `${(b / 2 ** 20).toFixed(1)} MiB`;
}
function fmtTarget(t) {
  if (!t) return 'none';
  if (t.kind === 'ratio') return `<= ${t.max}`;
  return `<= ${Math.round(t.maxBytes / 1e6)} MB (${(t.maxBytes / 2 ** 20).toFixed(0)} MiB)`;
}

/** @param {Row} r @returns {string[]} */
function cells(r) {
  const { w } = r;
  const target = fmtTarget(w.target);
  if (r.status === 'na') return [w.title, 'n/a (not implemented yet)', '—', '—', target, 'n/a', '—', '—'];
  if (r.status === 'error') return [w.title, `error: ${r.note}`.slice(0, 120), '—', '—', target, 'FAIL', '—', '—'];
  const fmt = w.metric === 'rss' ? fmtBytes : fmtTime;
  const am = median(r.as ?? []);
  const aCell = r.a?.label === 'ambix' ? fmt(am) : `${fmt(am)} (${r.a?.label})`;
  let bCell;
  if (r.b) bCell = r.b.label === 'alembic' ? fmt(median(r.bs ?? [])) : `${fmt(median(r.bs ?? []))} (${r.b.label})`;
  else bCell = w.ref === 'alembic' ? 'not installed' : '—';
  const ratio = r.ratios && r.ratios.length > 0 ? median(r.ratios) : undefined;
  const ratioCell = ratio === undefined ? '—' : ratio.toFixed(2);
  let result = 'report';
  if (w.target?.kind === 'ratio') result = ratio === undefined ? '— (no reference)' : ratio <= w.target.max ? 'pass' : 'FAIL';
  else if (w.target?.kind === 'rss') result = am <= w.target.maxBytes ? 'pass' : 'FAIL';
  if (QUICK && w.target) result += ' (quick)';
  const peerCells = PEERS.map((name) => {
    const p = r.peers?.find((x) => x.name === name);
    if (!p) return '—';
    if (!p.cmd) return 'not installed';
    return `${fmt(median(p.times))} (${median(p.ratios).toFixed(2)})`;
  });
  return [w.title, aCell, bCell, ratioCell, target, result, ...peerCells];
}

function table(rows) {
  const head = ['workload', 'ambix median', 'alembic median', 'ratio (median of pairwise)', 'target', 'pass/fail', 'drizzle-kit median (ambix/drizzle-kit)', 'knex median (ambix/knex)'];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const isTTY = process.stderr.isTTY;
function progress(msg) {
  if (isTTY) process.stderr.write(`\r\x1b[K${msg}`);
  else if (!/round \d/.test(msg)) process.stderr.write(`${msg}\n`);
}

function gitRevision() {
  const r = spawnSync('git', ['-C', REPO, 'describe', '--always', '--dirty'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Main

if (flag('--list')) {
  for (const w of WORKLOADS) console.log(`${w.name.padEnd(14)} ${w.title}`);
  process.exit(0);
}
let selected = WORKLOADS;
const only = value('--only');
if (only !== undefined) {
  const names = only.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !WORKLOADS.some((w) => w.name === n));
  if (unknown.length > 0) die(`unknown workload ${unknown.join(', ')}; known: ${WORKLOADS.map((w) => w.name).join(', ')}`);
  selected = WORKLOADS.filter((w) => names.includes(w.name));
}
if (!existsSync(join(REPO, 'dist', 'cli.cjs'))) die('dist/ is not built: run `npm run bench` (or `npm run build` first)');
// The whole run uses one copy of the build, whatever happens to dist/ meanwhile (see generate.mjs).
try {
  snapshotAmbix();
} catch (error) {
  die(error instanceof Error ? error.message : String(error));
}

const cpu = cpus();
console.log(`ambix bench${QUICK ? ' (--quick: smaller counts, fewer rounds; indicative only)' : ''}`);
console.log(`date:     ${new Date().toISOString()}`);
console.log(`machine:  ${cpu[0]?.model ?? 'unknown cpu'} x ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`node:     ${process.version}; ambix ${gitRevision()} (dist/ copied to ${relative(REPO, PKG)} at the start)`);
console.log(
  HAS_ALEMBIC
    ? `alembic:  ${alembicVersion.alembic} (SQLAlchemy ${alembicVersion.sqlalchemy}, Python ${alembicVersion.python}) via ${PYTHON} -m alembic`
    : `alembic:  NOT INSTALLED (${PYTHON} -m alembic unavailable; set ALEMBIC_PYTHON) — ambix-only figures, ratios against Alembic skipped`,
);
console.log(`others:   drizzle-kit ${peerVersions['drizzle-kit'] ?? 'NOT INSTALLED'} (drizzle-orm ${peerVersions['drizzle-orm'] ?? '-'}), knex ${peerVersions.knex ?? 'NOT INSTALLED'} (devDependencies; npm ci)`);
console.log(`postgres: ${PG.ok ? `${PG.version} at ${pg.server} (each row makes its own ambix_bench_* databases and drops them)` : `NOT REACHABLE at ${pg.server}: ${PG.why}`}`);
console.log(`sqlite3:  ${sqlite3Version ? `${sqlite3Version} (${SQLITE3}), the baseline of the alter rows and the checker of every database` : `NOT FOUND (${SQLITE3}; set SQLITE3)`}`);
console.log(`method:   A,B interleaved, ${ROUNDS_OVERRIDE ?? P.rounds} rounds (slow rows ${ROUNDS_OVERRIDE ?? P.slowRounds}, RSS ${ROUNDS_OVERRIDE ?? P.rssRuns}) after one untimed warm-up each; ratio = median of per-round A/B`);
console.log('');

const rows = [];
for (const w of selected) {
  progress(`${w.name}: setting up`);
  rows.push(measure(w));
}
if (isTTY) process.stderr.write('\r\x1b[K');
if (rssDir) rmSync(rssDir, { recursive: true, force: true });
console.log(table(rows.map(cells)));
console.log('');
console.log(`load at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
if (selected.some((w) => w.name.startsWith('autogen'))) {
  console.log(`autogenerate rows: Alembic's env.py raises Python's recursion limit to ${fmtCount(PY_RECURSION_LIMIT)} (sys.setrecursionlimit): reflection follows the`);
  console.log(`  foreign-key chain recursively and hits RecursionError at the default 1,000; drizzle-kit generate compares with its last snapshot, not the database.`);
}
const failed = rows.filter((r) => r.status === 'error');
if (failed.length > 0) {
  console.log('');
  for (const r of failed) console.log(`error in ${r.w.name}: ${r.note}`);
  process.exitCode = 1;
}
