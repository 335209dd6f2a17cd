import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors.js';
import { cacheDir, fileIdentity, hash, recentIdentity, writeCacheFile } from '../util/cache-dir.js';

// Bumped when the shape of cached output changes, so old entries are never read.
const CACHE_FORMAT = '3';
const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

/**
 * Imports a project module (config, models, migration) whether it is JavaScript or TypeScript.
 *
 * TypeScript is transpiled by esbuild once and cached, keyed by the file's identity (path,
 * size, modification time, inode), so the hot path of `heads`/`current` is a `stat` and a
 * native `import()`: neither a compiler nor `node:crypto` is loaded unless a file changed.
 * Relative imports are bundled into the cached output (their identities are checked on every
 * load); package imports are resolved from the original file's
 * folder and kept as absolute URLs, so they load the same module instances as the CLI.
 */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  const [mod] = await importModules([file]);
  return mod!;
}

/** Imports several modules, transpiling every cache miss in one esbuild run. */
export async function importModules(files: readonly string[]): Promise<Record<string, unknown>[]> {
  const urls: string[] = new Array(files.length);
  const misses: { index: number; file: string; key: string }[] = [];
  for (const [index, file] of files.entries()) {
    if (!TS_EXTENSIONS.has(extname(file))) {
      urls[index] = pathToFileURL(file).href;
      continue;
    }
    const key = hash(`${CACHE_FORMAT}\0${VERSION}\0${file}\0${identityOf(file)}`);
    const out = cachedOutput(key);
    if (out) urls[index] = out;
    else misses.push({ index, file, key });
  }
  if (misses.length > 0) {
    const built = await transpile(misses.map((m) => m.file));
    for (const [i, miss] of misses.entries()) urls[miss.index] = storeOutput(miss.key, built[i]!);
  }
  const modules: Record<string, unknown>[] = [];
  for (const [index, url] of urls.entries()) modules.push(await importWithContext(url, files[index]!));
  return modules;
}

/**
 * Imports many TypeScript modules (the revisions a run needs) as one bundle: one cached file
 * and one `import()` instead of one per module, whose resolve/link/evaluate cost is what a
 * 1,000-revision `upgrade` used to spend most of its time on. The cache key covers every
 * file's identity, so an edit to any of them rebuilds the bundle; each module keeps its own
 * scope inside it. Falls back to {@link importModules} for JavaScript files or a single file.
 */
export async function importModuleGroup(files: readonly string[]): Promise<Record<string, unknown>[]> {
  if (files.length < 2 || files.some((f) => !TS_EXTENSIONS.has(extname(f)))) return importModules(files);
  // The revision files were stat'ed when their headers were read this run: no second stat each.
  const key = `g${hash(`${CACHE_FORMAT}\0${VERSION}\0group\0${files.map((f) => `${f}\0${identityOf(f, recentIdentity)}`).join('\0')}`)}`;
  const url = cachedOutput(key) ?? storeOutput(key, await transpileGroup(files));
  const bundle = await importWithContext(url, `${files.length} migration files`);
  return files.map((_, i) => bundle[`m${i}`] as Record<string, unknown>);
}

function identityOf(file: string, take = fileIdentity): string {
  try {
    return take(file).join(':');
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
      throw new UserError(`${file} failed to load: cannot find '${what}'`, 'Install the package or fix the import path.', { cause: error });
    }
    if (error instanceof SyntaxError) {
      throw new UserError(`${file} failed to load: ${error.message}`, undefined, { cause: error });
    }
    throw error;
  }
}

interface CachedEntry {
  deps: { file: string; identity: string }[];
}

function cachedOutput(key: string): string | undefined {
  const base = join(cacheDir(), key);
  if (!existsSync(`${base}.mjs`)) return undefined;
  // A bundled relative import that changed invalidates the entry.
  if (existsSync(`${base}.json`)) {
    const entry = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as CachedEntry;
    for (const dep of entry.deps) {
      if (!existsSync(dep.file) || identityOf(dep.file) !== dep.identity) return undefined;
    }
  }
  return pathToFileURL(`${base}.mjs`).href;
}

function storeOutput(key: string, built: { code: string; deps: string[]; map?: string }): string {
  const dir = cacheDir();
  const base = join(dir, key);
  try {
    if (built.deps.length > 0) {
      const entry: CachedEntry = { deps: built.deps.map((file) => ({ file, identity: identityOf(file) })) };
      writeCacheFile(`${base}.json`, JSON.stringify(entry));
    }
    if (built.map !== undefined) writeCacheFile(`${base}.mjs.map`, built.map);
    // The module last: a concurrent process never imports one whose companions are missing.
    writeCacheFile(`${base}.mjs`, built.map === undefined ? built.code : `${built.code}//# sourceMappingURL=${key}.mjs.map\n`);
  } catch (error) {
    if (error instanceof UserError) throw error;
    // Node imports TypeScript only through the transpiled file: without the cache there is nothing to run.
    throw new UserError(`Cannot write the transpiled TypeScript to ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'Make that folder writable, or set AMBIX_CACHE_DIR to one that is.', { cause: error });
  }
  return pathToFileURL(`${base}.mjs`).href;
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

/** One ESM module exporting each file's namespace as `m<i>`; deps are what the files import (the files are in the key). */
async function transpileGroup(files: readonly string[]): Promise<{ code: string; deps: string[]; map: string }> {
  const contents = `${files.map((f, i) => `import * as m${i} from ${JSON.stringify(f)};`).join('\n')}\nexport { ${files.map((_, i) => `m${i}`).join(', ')} };\n`;
  // Mappings only (sources would make it several times the size), in a file of its own: inline,
  // they were half of what every run had to read and compile, for `node --enable-source-maps` alone.
  const result = await esbuildRun({ stdin: { contents, resolveDir: process.cwd(), sourcefile: 'ambix-migrations.js', loader: 'js' }, outfile: '/ambix-virtual-out/group.js', sourcemap: 'external', sourcesContent: false });
  const own = new Set(files.map((f) => resolve(f)));
  const inputs = Object.values(result.metafile!.outputs).flatMap((o) => Object.keys(o.inputs));
  const deps = [...new Set(inputs.filter((p) => !p.includes('ambix-migrations.js')).map((p) => resolve(p)))].filter((p) => !own.has(p));
  return { code: result.outputFiles.find((o) => o.path.endsWith('.js'))!.text, deps, map: result.outputFiles.find((o) => o.path.endsWith('.map'))!.text };
}

async function esbuildRun(entry: Pick<import('esbuild').BuildOptions, 'entryPoints' | 'stdin' | 'outfile' | 'sourcemap' | 'sourcesContent'>) {
  const { build } = await import('esbuild');
  const isBare = (spec: string) => !/^(?:[./]|[a-zA-Z]:[\\/]|node:|data:|file:)/.test(spec);
  return build({
    ...entry,
    ...(entry.outfile ? {} : { outdir: '/ambix-virtual-out' }),
    write: false,
    bundle: true,
    format: 'esm',
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
            return r.path.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(r.path) ? { path: pathToFileURL(r.path).href, external: true } : { path: args.path, external: true };
          });
          b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, external: true }));
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
    throw new UserError(`${where}${first.text}`, first.location ? `Fix the file; the line reads: ${first.location.lineText.trim()}` : undefined);
  });
}
