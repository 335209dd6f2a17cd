import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors.js';
import { type FileIdentity, hash, Hasher, writeCacheFile } from './cache-dir.js';
import { LoaderCache } from './loader-cache.js';
import { EXTERNAL_NAMESPACE, runScript, SCRIPT_FORMAT, ScriptExternals, type ScriptEntry, wrapScript } from './script-bundle.js';

// Bumped when the shape of cached output changes, so old entries are never read.
const CACHE_FORMAT = '4';
const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

// Loading project modules (config, models, migrations) whether they are JavaScript or TypeScript.
//
// TypeScript is transpiled by esbuild once and cached, keyed by the file's identity (path, size,
// modification and change times, inode), so the hot path of `heads`/`current` is a `stat` and a
// load: neither a compiler nor `node:crypto` is loaded unless a file changed. Relative imports are
// bundled into the cached output (their identities are checked on every load); package imports are
// resolved from the original file's folder and kept as absolute URLs, so they load the same
// module instances as the CLI.

/** Imports several modules as ES modules (the models: every export), transpiling every cache miss in one esbuild run. */
export async function importModules(files: readonly string[], cache: LoaderCache = new LoaderCache()): Promise<Record<string, unknown>[]> {
  const urls: string[] = new Array(files.length);
  const misses: { index: number; file: string; key: string }[] = [];
  for (const [index, file] of files.entries()) {
    if (!TS_EXTENSIONS.has(extname(file))) {
      urls[index] = pathToFileURL(file).href;
      continue;
    }
    const key = hash(`${CACHE_FORMAT}\0${VERSION}\0${file}\0${identityOf(file, cache).join(':')}`);
    const out = cachedOutput(key, cache);
    if (typeof out === 'string') urls[index] = out;
    else misses.push({ index, file, key });
  }
  if (misses.length > 0) {
    const built = await transpile(misses.map((m) => m.file));
    for (const [i, miss] of misses.entries()) urls[miss.index] = storeOutput(miss.key, built[i]!, cache);
  }
  const modules: Record<string, unknown>[] = [];
  for (const [index, url] of urls.entries()) modules.push(await importWithContext(url, files[index]!));
  return modules;
}

/**
 * The default exports of TypeScript modules (the config, the revisions a run needs), loaded as
 * one bundle: one cached file and one load instead of one per module, whose resolve/link/evaluate
 * cost is what a 1,000-revision `upgrade` used to spend most of its time on. The bundle is a
 * script whose compiled code V8 keeps (./script-bundle.ts) unless it needs an ES module. The
 * cache key covers every file's identity, so an edit to any of them rebuilds the bundle; each
 * module keeps its own scope inside it. JavaScript files are imported as they are.
 */
export async function importDefaults(files: readonly string[], cache: LoaderCache = new LoaderCache()): Promise<unknown[]> {
  if (files.some((f) => !TS_EXTENSIONS.has(extname(f)))) return (await importModules(files, cache)).map((m) => m.default);
  // With `node --enable-source-maps`, stack traces are mapped for ES modules only.
  const mode = process.sourceMapsEnabled ? 'module' : 'script';
  const key = `g${groupKey(files, mode, cache)}`;
  const label = files.length === 1 ? files[0]! : `${files.length} migration files`;
  const found = cachedOutput(key, cache) ?? storeOutput(key, await transpileGroup(files, mode), cache);
  if (typeof found === 'string') {
    const bundle = await importWithContext(found, label);
    return files.map((_, i) => (bundle[`m${i}`] as Record<string, unknown>).default);
  }
  return (await runScript(found.file, found.entry, (url) => Promise.resolve(ownModules.get(url) ?? importWithContext(url, label)))).default as unknown[];
}

const ownModules = new Map<string, Record<string, unknown>>();

/**
 * This copy of ambix's own entry points (`ambix`, `ambix/schema`), by the URL a bundle names them
 * by: a script bundle takes them from here instead of importing them as ES modules (Node's ESM
 * loader, and the modules behind them, a few milliseconds of every `heads` for its config).
 */
export function provideOwnModules(modules: Record<string, Record<string, unknown>>): void {
  for (const [url, namespace] of Object.entries(modules)) ownModules.set(url, namespace);
}

/** Every file and its identity; the revision files were stat'ed when their headers were read this run: no second stat each. */
function groupKey(files: readonly string[], mode: string, cache: LoaderCache): string {
  const h = new Hasher().text(`${CACHE_FORMAT}\0${VERSION}\0group\0${mode}`);
  let folder = '';
  for (const file of files) {
    // Most files share a folder: it is hashed when it changes, each file's own name always.
    const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1;
    const dir = file.slice(0, cut);
    if (dir !== folder) h.number(-1).text((folder = dir));
    h.text(file.slice(cut));
    for (const n of identityOf(file, cache, true)) h.number(n);
  }
  return h.digest();
}

function identityOf(file: string, cache: LoaderCache, recent = false): FileIdentity {
  try {
    return recent ? cache.recentIdentity(file) : cache.identity(file);
  } catch (error) {
    throw new UserError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

declare const __AMBIX_VERSION__: string | undefined;
const VERSION = typeof __AMBIX_VERSION__ === 'string' ? __AMBIX_VERSION__ : 'dev';

async function importWithContext(url: string, file: string): Promise<Record<string, unknown>> {
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'ERR_UNSUPPORTED_DIR_IMPORT') {
      const what = /Cannot find (?:package|module) '([^']+)'/.exec(err.message)?.[1] ?? err.message;
      throw new UserError(`${file} failed to load: cannot find '${what}'`, 'Install the package or fix the import path.', { cause: error, code: 'LOAD_FAILED' });
    }
    if (error instanceof SyntaxError) {
      throw new UserError(`${file} failed to load: ${error.message}`, undefined, { cause: error, code: 'LOAD_FAILED' });
    }
    throw error;
  }
}

interface CachedEntry {
  deps: { file: string; identity: string }[];
  /** Present for a script bundle (`<key>.js`); an ES module (`<key>.mjs`) has none. */
  script?: ScriptEntry;
}

interface Built {
  code: string;
  deps: string[];
  map?: string;
  script?: ScriptEntry;
}

/** A cached ES module's URL, a cached script bundle, or undefined when there is none or a bundled file changed. */
function cachedOutput(key: string, cache: LoaderCache): string | { file: string; entry: ScriptEntry } | undefined {
  const base = join(cache.dir, key);
  let entry: CachedEntry | undefined;
  if (existsSync(`${base}.json`)) {
    entry = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as CachedEntry;
    // A bundled relative import that changed invalidates the entry.
    for (const dep of entry.deps) {
      if (!existsSync(dep.file) || identityOf(dep.file, cache).join(':') !== dep.identity) return undefined;
    }
  }
  if (entry?.script) return existsSync(`${base}.js`) ? { file: `${base}.js`, entry: entry.script } : undefined;
  return existsSync(`${base}.mjs`) ? pathToFileURL(`${base}.mjs`).href : undefined;
}

function storeOutput(key: string, built: Built & { script?: undefined }, cache: LoaderCache): string;
function storeOutput(key: string, built: Built, cache: LoaderCache): string | { file: string; entry: ScriptEntry };
function storeOutput(key: string, built: Built, cache: LoaderCache): string | { file: string; entry: ScriptEntry } {
  const dir = cache.dir;
  const base = join(dir, key);
  const file = built.script ? `${base}.js` : `${base}.mjs`;
  try {
    if (built.deps.length > 0 || built.script) {
      const entry: CachedEntry = { deps: built.deps.map((f) => ({ file: f, identity: identityOf(f, cache).join(':') })), ...(built.script ? { script: built.script } : {}) };
      writeCacheFile(`${base}.json`, JSON.stringify(entry));
    }
    if (built.map !== undefined) writeCacheFile(`${file}.map`, built.map);
    // The code last: a concurrent process never loads one whose companions are missing.
    writeCacheFile(file, built.map === undefined ? built.code : `${built.code}//# sourceMappingURL=${basename(file)}.map\n`);
  } catch (error) {
    if (error instanceof UserError) throw error;
    // Node imports TypeScript only through the transpiled file: without the cache there is nothing to run.
    throw new UserError(`Cannot write the transpiled TypeScript to ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'Make that folder writable, or set AMBIX_CACHE_DIR to one that is.', { cause: error });
  }
  return built.script ? { file, entry: built.script } : pathToFileURL(file).href;
}

async function transpile(files: readonly string[]): Promise<{ code: string; deps: string[] }[]> {
  const result = await esbuildRun({ entryPoints: files.map((file, i) => ({ in: file, out: `m${i}` })), sourcemap: 'inline' });
  const meta = result.metafile!;
  return files.map((file, i) => {
    const outPath = `/ambix-virtual-out/m${i}.js`;
    const output = result.outputFiles.find((o) => o.path === outPath);
    const inputs = Object.keys(meta.outputs[relative(process.cwd(), outPath)]?.inputs ?? meta.outputs[outPath.slice(1)]?.inputs ?? {});
    const deps = inputs.map((p) => resolve(p)).filter((p) => p !== resolve(file));
    return { code: output!.text, deps };
  });
}

/** The bundle's entry, as esbuild names it in source maps and in the metafile. */
const STDIN_NAME = 'ambix-migrations.js';

/**
 * One bundle of the files: as a script, exporting their default exports as an array; as a module,
 * each file's namespace as `m<i>`. Deps are what the files import (the files are in the key).
 */
async function transpileGroup(files: readonly string[], mode: 'module' | 'script'): Promise<Built> {
  const imports = (form: (i: number) => string) => files.map((f, i) => `import ${form(i)} from ${JSON.stringify(f)};`).join('\n');
  // Mappings only (sources would make it several times the size), in a file of its own: inline,
  // they were half of what every run had to read and compile, for `node --enable-source-maps` alone.
  const options = (contents: string) => ({ stdin: { contents, resolveDir: process.cwd(), sourcefile: STDIN_NAME, loader: 'js' }, outfile: '/ambix-virtual-out/group.js', sourcemap: 'external', sourcesContent: false }) as const;
  let result: Awaited<ReturnType<typeof esbuildRun>> | undefined;
  let script: ReturnType<typeof wrapScript>;
  if (mode === 'script') {
    const externals = new ScriptExternals(ownModules);
    // Default imports only: no namespace object per file. What cannot be a script (top-level
    // await, say), or a file without a default export, fails here and is built as a module
    // below, which also reports any real error in the files.
    const contents = `${imports((i) => `m${i}`)}\nexport default [${files.map((_, i) => `m${i}`).join(', ')}];\n`;
    result = await esbuildRun({ ...options(contents), ...SCRIPT_FORMAT }, externals).catch(() => undefined);
    if (result && externals.unlearnt && !externals.moduleOnly) {
      await externals.learn(result.metafile, Object.keys(result.metafile.inputs).find((p) => p.endsWith(STDIN_NAME))!);
      result = await esbuildRun({ ...options(contents), ...SCRIPT_FORMAT }, externals).catch(() => undefined);
    }
    script = result && wrapScript(result.outputFiles.find((o) => o.path.endsWith('.js'))!.text, externals, result.warnings);
  }
  if (!script) result = await esbuildRun(options(`${imports((i) => `* as m${i}`)}\nexport { ${files.map((_, i) => `m${i}`).join(', ')} };\n`));
  const own = new Set(files.map((f) => resolve(f)));
  const inputs = Object.values(result!.metafile!.outputs).flatMap((o) => Object.keys(o.inputs));
  const deps = [...new Set(inputs.filter((p) => !p.includes(STDIN_NAME) && !p.startsWith(`${EXTERNAL_NAMESPACE}:`)).map((p) => resolve(p)))].filter((p) => !own.has(p));
  const map = result!.outputFiles.find((o) => o.path.endsWith('.map'))!.text;
  if (script) return { code: script.code, deps, map: shiftMap(map, 2), script: script.entry };
  return { code: result!.outputFiles.find((o) => o.path.endsWith('.js'))!.text, deps, map };
}

/** The source map of code that `lines` lines were put in front of. */
function shiftMap(map: string, lines: number): string {
  const parsed = JSON.parse(map) as { mappings: string };
  parsed.mappings = ';'.repeat(lines) + parsed.mappings;
  return JSON.stringify(parsed);
}

async function esbuildRun(entry: Pick<import('esbuild').BuildOptions, 'entryPoints' | 'stdin' | 'outfile' | 'sourcemap' | 'sourcesContent' | 'format' | 'globalName'>, externals?: ScriptExternals) {
  const { build } = await import('esbuild');
  const isBare = (spec: string) => !/^(?:[./]|[a-zA-Z]:[\\/]|node:|data:|file:)/.test(spec);
  return build({
    format: 'esm',
    ...entry,
    ...(entry.outfile ? {} : { outdir: '/ambix-virtual-out' }),
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'ambix-externals',
        setup(b) {
          // Packages stay external but become absolute URLs resolved from the importing file,
          // so the cached output loads from any folder and shares instances with the CLI.
          b.onResolve({ filter: /.*/ }, async (args) => {
            if (args.pluginData === 'ambix-inner' || !isBare(args.path) || args.kind === 'entry-point') return undefined;
            const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'ambix-inner' });
            if (r.errors.length > 0 || !r.path) return { errors: r.errors };
            // A TypeScript file behind a bare name (a tsconfig `paths` alias such as `@/lib/x`,
            // a workspace package that ships its source) is bundled like a relative import:
            // Node could not load it as it stands.
            if (/\.[cm]?tsx?$/.test(r.path)) return { path: r.path };
            const spec = r.path.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(r.path) ? pathToFileURL(r.path).href : args.path;
            return externals ? externals.resolve(spec, args.kind) : { path: spec, external: true };
          });
          b.onResolve({ filter: /^node:/ }, (args) => (externals ? externals.resolve(args.path, args.kind) : { path: args.path, external: true }));
          if (externals) b.onLoad({ filter: /.*/, namespace: EXTERNAL_NAMESPACE }, (args) => externals.load(args.path));
          // import.meta.url must name the original file, not the cache entry.
          b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
            const url = pathToFileURL(args.path).href;
            const contents = readFileSync(args.path, 'utf8')
              .replace(/\bimport\.meta\.url\b/g, JSON.stringify(url))
              .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path))
              .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(args.path)));
            const ext = extname(args.path).slice(1);
            const loader = ext === 'tsx' ? 'tsx' : ext.endsWith('ts') ? 'ts' : 'js';
            return { contents, loader, resolveDir: dirname(args.path) };
          });
        },
      },
    ],
  }).catch((error: { errors?: { text: string; location?: { file: string; line: number; column: number; lineText: string } | null }[] }) => {
    const first = error.errors?.[0];
    if (!first) throw error;
    const where = first.location ? `${resolve(first.location.file)}:${first.location.line}:${first.location.column + 1}: ` : '';
    throw new UserError(`${where}${first.text}`, first.location ? `Fix the file; the line reads: ${first.location.lineText.trim()}` : undefined, { code: 'LOAD_FAILED' });
  });
}
