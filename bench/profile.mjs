// @ts-check
// Where an ambix command spends its time: runs it once under `node --cpu-prof` and prints self
// time by source file (dist/ bundles mapped back to src/ through their source maps) and the top
// functions. For the owner of a row that misses its target (see bench/README.md).
//
//   node bench/profile.mjs [--cwd DIR] [--rm FILE]... [--copy FROM=TO]... [--env K=V]...
//                          [--runs N] [--top N] [--keep] -- <ambix arguments>
//
//   --cwd      the project to run in (default: the current folder)
//   --rm       delete this file (and its -journal/-wal/-shm) first, untimed: "from empty"
//   --copy     copy FROM to TO first, untimed: "a fresh copy of the database"
//   --env      an environment variable for the run (AMBIX_CACHE_DIR=... for a cold cache)
//   --runs     profile N runs (the --rm/--copy steps before each) and print the mean per run
//   --keep     keep the .cpuprofile (its path is printed; open it in Chrome DevTools)
import { spawnSync } from 'node:child_process';
import Module from 'node:module';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AMBIX_BIN, PKG, REPO, snapshotAmbix } from './generate.mjs';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
if (sep < 0 || argv.includes('--help')) {
  console.error('usage: node bench/profile.mjs [--cwd DIR] [--rm FILE]... [--copy FROM=TO]... [--env K=V]... [--top N] [--keep] -- <ambix arguments>');
  process.exit(sep < 0 ? 2 : 0);
}
const opts = argv.slice(0, sep);
const ambixArgs = argv.slice(sep + 1);
const many = (name) => opts.flatMap((a, i) => (a === name && opts[i + 1] !== undefined ? [opts[i + 1]] : []));
const one = (name) => many(name).at(-1);
const cwd = resolve(one('--cwd') ?? '.');
const top = Number(one('--top') ?? 25);
const keep = opts.includes('--keep');
const runs = Number(one('--runs') ?? 1);

function prepare() {
  for (const f of many('--rm')) for (const x of ['', '-journal', '-wal', '-shm']) rmSync(resolve(cwd, f + x), { force: true });
  for (const pair of many('--copy')) {
    const [from, to] = pair.split('=');
    if (!from || !to) throw new Error(`--copy needs FROM=TO, got ${pair}`);
    copyFileSync(resolve(cwd, from), resolve(cwd, to));
  }
}
/** @type {Record<string, string | undefined>} */
const env = { ...process.env, NO_COLOR: '1' };
for (const kv of many('--env')) {
  const i = kv.indexOf('=');
  env[kv.slice(0, i)] = kv.slice(i + 1);
}

// Profile the checkout's current build (the bench's projects resolve `ambix` to this snapshot).
snapshotAmbix();
const profDir = mkdtempSync(join(tmpdir(), 'ambix-prof-'));
let wall = 0;
for (let i = 0; i < runs; i++) {
  prepare();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '200', AMBIX_BIN, ...ambixArgs], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  wall += Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    console.error(`ambix ${ambixArgs.join(' ')} exited ${r.status}:\n${r.stderr}`);
    process.exit(1);
  }
}
const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
if (files.length !== runs) throw new Error(`expected ${runs} .cpuprofile files, found ${files.length}`);

// ---------------------------------------------------------------------------------------------
// Source maps: a function's start in a dist/ bundle -> its file under src/.

const B64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));
/** @param {string} s */
function decodeVlq(s) {
  const out = [];
  let value = 0;
  let shift = 0;
  for (const ch of s) {
    const d = B64.get(ch) ?? 0;
    value += (d & 31) << shift;
    if (d & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}
/** @type {Map<string, { lines: [number, number, number][][], sources: string[] } | null>} */
const maps = new Map();
const WRAPPER_PREFIX = Module.wrap('').indexOf('}');
function sourceMapFor(path) {
  if (maps.has(path)) return maps.get(path);
  let map = null;
  if (existsSync(`${path}.map`)) {
    const raw = JSON.parse(readFileSync(`${path}.map`, 'utf8'));
    // Named relative to the package root, so src/... whether the map is under REPO or its snapshot PKG.
    const root = path.startsWith(`${PKG}/`) ? PKG : REPO;
    const sources = raw.sources.map((s) => relative(root, resolve(dirname(path), raw.sourceRoot ?? '', s)));
    /** @type {[number, number, number][][]} per generated line: [column, source index, source line] */
    const lines = [];
    let src = 0;
    let srcLine = 0;
    for (const line of raw.mappings.split(';')) {
      let col = 0;
      /** @type {[number, number, number][]} */
      const segs = [];
      for (const seg of line.split(',')) {
        if (!seg) continue;
        const v = decodeVlq(seg);
        col += v[0];
        if (v.length >= 4) {
          src += v[1];
          srcLine += v[2];
          segs.push([col, src, srcLine]);
        }
      }
      lines.push(segs);
    }
    map = { lines, sources };
  }
  maps.set(path, map);
  return map;
}

/** Where a call frame's code comes from: src/... for ambix, a package name, node:..., or a marker. */
function origin(frame) {
  return locate(frame).file;
}

/** @returns {{ file: string, line?: number }} line is 1-based, in the original source when mapped */
function locate(frame) {
  const at = (file, line) => ({ file, line });
  const { url, functionName, lineNumber, columnNumber } = frame;
  if (!url) return at(functionName.startsWith('(') ? functionName : '(native)');
  if (url.startsWith('node:')) return at(url.replace(/^node:internal\/(\w+).*/, 'node:internal/$1'), lineNumber + 1);
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 14).split('/');
    const pkg = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    if (pkg === '.cache') return at('transpiled project files (node_modules/.cache/ambix)');
    return at(`node_modules/${pkg}`, lineNumber + 1);
  }
  if (path.startsWith(join(REPO, 'dist')) || path.startsWith(join(PKG, 'dist'))) {
    const map = sourceMapFor(path);
    const segs = map?.lines[lineNumber];
    if (map && segs) {
      // dist/cli.cjs runs ambix.cjs inside CommonJS's function wrapper: line 1 starts that much later.
      const column = lineNumber === 0 && path.endsWith('ambix.cjs') ? columnNumber - WRAPPER_PREFIX : columnNumber;
      let best = segs[0];
      for (const s of segs) if (s[0] <= column) best = s;
      if (best && map.sources[best[1]]) return at(map.sources[best[1]], best[2] + 1);
    }
    return at(relative(path.startsWith(PKG) ? PKG : REPO, path), lineNumber + 1);
  }
  if (env.AMBIX_CACHE_DIR && path.startsWith(resolve(env.AMBIX_CACHE_DIR))) return at('transpiled project files (AMBIX_CACHE_DIR)');
  if (path.includes('/.cache/ambix/') || path.includes('ambix-cache')) return at('transpiled project files (cache)');
  return at(relative(cwd, path).startsWith('..') ? path : relative(cwd, path), lineNumber + 1);
}

const byFile = new Map();
const byFn = new Map();
let total = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8'));
  // Self time per node from the samples and their time deltas (microseconds), averaged over runs.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / runs);
  total += [...self.values()].reduce((a, b) => a + b, 0);

// Native functions (no url: fs calls, better-sqlite3, string writes) are charged to the nearest
// caller that has a file, so "(native)" says who called it: "native <- src/cli/output.ts".
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const caller = (id) => {
    for (let p = parent.get(id); p !== undefined; p = parent.get(p)) {
      const n = byId.get(p);
      if (n?.callFrame.url) return origin(n.callFrame);
    }
    return '?';
  };
  for (const [id, us] of self) {
  const node = byId.get(id);
  if (!node) continue;
  const loc = locate(node.callFrame);
  let f = loc.file;
  if (f === '(native)') f = `native <- ${caller(id)}`;
  byFile.set(f, (byFile.get(f) ?? 0) + us);
  const name = `${node.callFrame.functionName || '(anonymous)'}  ${f}${loc.line ? `:${loc.line}` : ''}`;
  byFn.set(name, (byFn.get(name) ?? 0) + us);
  }
}
const ms = (us) => (us / 1000).toFixed(1).padStart(8);
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
const sorted = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]);

console.log(`ambix ${ambixArgs.join(' ')}   (in ${relative(process.cwd(), cwd) || '.'})`);
console.log(`${runs > 1 ? `mean of ${runs} runs: ` : ''}wall ${(wall / runs).toFixed(0)} ms (with the profiler on); profiled ${(total / 1000).toFixed(0)} ms; (idle) is waiting: disk, fsync, child processes`);
console.log('');
console.log('self time by file');
for (const [f, us] of sorted(byFile).slice(0, top)) console.log(`${ms(us)} ms ${pct(us)}  ${f}`);
console.log('');
console.log('top functions by self time');
for (const [f, us] of sorted(byFn).slice(0, top)) console.log(`${ms(us)} ms ${pct(us)}  ${f}`);
if (keep) console.log(`\nprofiles: ${files.map((f) => join(profDir, f)).join(' ')}`);
else rmSync(profDir, { recursive: true, force: true });
