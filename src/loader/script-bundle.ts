import { basename } from 'node:path';
import type { Metafile, OnLoadResult, OnResolveResult } from 'esbuild';
import { compileKeepingCode } from './kept-code.js';

/**
 * The revisions of a run bundled as a classic script instead of an ES module, so that V8 can
 * keep its compiled code between runs (Node 20 has no code cache for ES modules). Compiling a
 * thousand revisions' bundle, and then each `upgrade` function on its first call, was a third of
 * an offline `upgrade`; with the code cache that compiling happens once.
 *
 * Nothing else changes for a revision: it is bundled the same way, in strict mode, with its
 * packages still loaded by Node's own `import()` (in the order an ES module would evaluate them)
 * and handed to the script, which reads each export once they are all loaded. A bundle that
 * needs what only a module has (top-level `await`, a dynamic `import()` or `require`, an
 * `import.meta` other than url/filename/dirname) stays an ES module.
 */

export const EXTERNAL_NAMESPACE = 'ambix-external';
const EXTERNAL_FN = '__ambixExternal';
const GLOBAL_NAME = '__ambixGroup';

/** What a script bundle needs besides its file: the packages to import first, and in what order. */
export interface ScriptEntry {
  externals: string[];
  /** Indexes into `externals`, in the order an ES module would have evaluated them. */
  order: number[];
}

/**
 * Collects the packages a bundle imports while esbuild resolves them. A package's stand-in needs
 * its export names, learnt by importing it, which evaluates it: esbuild loads files in parallel,
 * so a build that imported each package as esbuild met it would evaluate them in whatever order
 * esbuild got there (`import 'dotenv/config'` after the package that reads the environment). A
 * first build with empty stand-ins gives the import graph; the packages are then imported one by
 * one in the order an ES module would evaluate them ({@link ScriptExternals.learn}), and the bundle
 * is built again with their names. Ambix's own modules are known up front and need neither.
 */
export class ScriptExternals {
  readonly urls: string[] = [];
  /** Set when a file does something only an ES module can: the bundle is then built as one. */
  moduleOnly = false;
  /** Set when a stand-in was left empty: the build is only good for its import graph. */
  unlearnt = false;
  private readonly names = new Map<string, string[]>();

  /** `own`: the package's namespace where the run has one ready (ambix itself, see provideOwnModules). */
  constructor(private readonly own: ReadonlyMap<string, object> = new Map()) {}

  /** Where esbuild would have marked `spec` external. */
  resolve(spec: string, kind: string): OnResolveResult {
    if (kind !== 'import-statement') {
      this.moduleOnly = true;
      return { path: spec, external: true };
    }
    let index = this.urls.indexOf(spec);
    if (index < 0) index = this.urls.push(spec) - 1;
    return { path: String(index), namespace: EXTERNAL_NAMESPACE };
  }

  /** A stand-in module exporting what the package exports, or an empty one until that is learnt. */
  load(path: string): OnLoadResult {
    const index = Number(path);
    const url = this.urls[index]!;
    const own = this.own.get(url);
    const names = own ? Object.keys(own) : this.names.get(url);
    if (!names) {
      this.unlearnt = true;
      return { contents: '', loader: 'js' };
    }
    // Pure reads: esbuild drops the ones nothing uses.
    const lines = [`const ns = ${EXTERNAL_FN}(${index});`, 'const read = (k) => ns[k];'];
    names.forEach((name, i) => lines.push(`const e${i} = /* @__PURE__ */ read(${JSON.stringify(name)});`));
    lines.push(`export { ${names.map((name, i) => `e${i} as ${JSON.stringify(name)}`).join(', ')} };`);
    return { contents: lines.join('\n'), loader: 'js' };
  }

  /**
   * Imports the packages a first build met, in the order an ES module would evaluate them: a
   * depth-first walk of the import graph from `entry`, each package where it is first reached.
   */
  async learn(meta: Metafile, entry: string): Promise<void> {
    const seen = new Set<string>();
    const order: string[] = [];
    const visit = (path: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      if (path.startsWith(`${EXTERNAL_NAMESPACE}:`)) order.push(this.urls[Number(path.slice(EXTERNAL_NAMESPACE.length + 1))]!);
      else for (const i of meta.inputs[path]?.imports ?? []) visit(i.path);
    };
    visit(entry);
    for (const url of order) if (!this.own.has(url) && !this.names.has(url)) this.names.set(url, Object.keys((await import(url)) as object));
    this.unlearnt = false;
  }
}

/** esbuild options that make the bundle a script whose value is the entry's exports. */
export const SCRIPT_FORMAT = { format: 'iife', globalName: GLOBAL_NAME } as const;

/**
 * The script as ambix stores it (a function of the packages' namespaces), or undefined when
 * the bundle must stay an ES module.
 */
export function wrapScript(code: string, externals: ScriptExternals, warnings: readonly { id: string }[]): { code: string; entry: ScriptEntry } | undefined {
  if (externals.moduleOnly || warnings.some((w) => w.id === 'empty-import-meta') || /\bimport\s*\(/.test(code)) return undefined;
  const order: number[] = [];
  for (const m of code.matchAll(new RegExp(`${EXTERNAL_FN}\\((\\d+)\\)`, 'g'))) if (!order.includes(Number(m[1]))) order.push(Number(m[1]));
  return {
    code: `(function (${EXTERNAL_FN}) {\n'use strict';\n${code}\nreturn ${GLOBAL_NAME};\n})`,
    entry: { externals: externals.urls, order },
  };
}

/**
 * Runs a stored script bundle: imports its packages, then compiles it with the code V8 kept from
 * an earlier run (see compileKeepingCode).
 */
export async function runScript(file: string, entry: ScriptEntry, importModule: (url: string) => Promise<unknown>): Promise<Record<string, unknown>> {
  const namespaces: unknown[] = new Array(entry.externals.length);
  for (const i of entry.order) namespaces[i] = await importModule(entry.externals[i]!);
  const prefix = `${basename(file)}.`;
  const script = compileKeepingCode(file, (identity) => `${file}.${identity}.v8`, (name) => name.startsWith(prefix) && name.endsWith('.v8'));
  const run = script.runInThisContext() as (external: (index: number) => unknown) => Record<string, unknown>;
  return run((index) => namespaces[index]);
}
