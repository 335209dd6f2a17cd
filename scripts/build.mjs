// Builds dist/ in three esbuild passes and one tsc pass for types.
//
// 1. dist/cli-main.js: the CLI's start-up path (argument parsing with cac inlined, config loading,
//    the revision graph, the read-only commands, upgrade/downgrade, the SQLite adapter, and the
//    package's own entry points handed to the config and the revisions) as ONE file. Node's ESM
//    loader costs about a millisecond per module on a cold start, which `heads` and `current` pay
//    on every run. The SQLite adapter and upgrade stay inside, initialised only when imported;
//    every other dynamic `import()` becomes an import of a file built by pass 3.
//    Its `node:` imports read the modules with process.getBuiltinModule (Node >= 20.16; older
//    Node imports them): an ESM import of node:fs builds a namespace of every export, whose
//    `promises` getter loads the streams machinery, a few milliseconds of every start.
//    It is then made a classic script (asScript below) so that V8 can keep its compiled code.
// 2. dist/cli.cjs, package.json's `bin`: a small CommonJS module that runs cli-main.js with that
//    kept code (src/cli/bin.ts).
// 3. dist/index.js, dist/schema.js (the package's entry points) and dist/cold/... (what pass 1
//    imports on demand: upgrade, autogenerate, init...), bundled with shared chunks so that
//    migrations, models and commands share one instance of each module.
// Pass 1 keeps its own copy of the modules it inlines; the error classes match by kind, not by
// identity (src/errors.ts), so an error thrown from pass 3's code still reads as a user error.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = resolve(root, 'src');
const quiet = process.argv.includes('--quiet');
const INLINED_PACKAGES = new Set(['cac']);
const INLINED_DYNAMIC = /^(?:dialect\/sqlite\/|command\/migrate\.ts$)/;
rmSync(`${root}dist`, { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: quiet ? 'error' : 'warning',
  define: { __AMBIX_VERSION__: JSON.stringify(JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version) },
};

const require = createRequire(import.meta.url);
/** A module re-exporting a builtin's members; each export is dropped by the bundler when unused. */
function builtinModule(id) {
  const names = Object.keys(require(id)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
  const spec = JSON.stringify(id);
  return [
    `const m = process.getBuiltinModule?.(${spec}) ?? (await import(${spec}));`,
    'function pick(k) { return m[k]; }',
    ...names.map((n) => `export const ${n} = /* @__PURE__ */ pick(${JSON.stringify(n)});`),
    'export default m;',
  ].join('\n');
}

const builtins = {
  name: 'ambix-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => (args.kind === 'import-statement' ? { path: args.path, namespace: 'builtin' } : { path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({ contents: builtinModule(args.path), loader: 'js' }));
  },
};

/**
 * Makes pass 1's module a classic script whose value is an async function of `import.meta.url`
 * and of `import()` (src/cli/bin.ts runs it, with V8's kept code). It has no static import (every
 * package and command is imported on demand); what a script cannot hold fails the build.
 */
function asScript(file) {
  let code = readFileSync(file, 'utf8');
  code = code.replace(/\nexport \{\n {2}main\n\};\n/, '\n');
  code = code.replaceAll('import.meta.url', '__ambixMetaUrl').replace(/\bimport\(/g, '__ambixImport(');
  const wrapped = `(async function (__ambixMetaUrl, __ambixImport) { 'use strict';\n${code}\n})`;
  // A static import or export, or an import.meta, left in it is a syntax error here.
  new Script(wrapped, { filename: file });
  writeFileSync(file, wrapped);
  // One line was put in front of the code.
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  map.mappings = `;${map.mappings}`;
  writeFileSync(`${file}.map`, JSON.stringify(map));
}

/** Output name (under dist/) -> source file, for each module the CLI imports on demand. */
const onDemand = new Map();
await build({
  ...common,
  entryPoints: { 'cli-main': 'src/cli/main.ts' },
  plugins: [
    builtins,
    {
      name: 'ambix-cli-split',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => {
          if (args.kind === 'entry-point') return undefined;
          const bare = !/^(?:[./]|node:)/.test(args.path);
          if (bare) return INLINED_PACKAGES.has(args.path) ? undefined : { path: args.path, external: true };
          if (args.kind !== 'dynamic-import' || !args.path.startsWith('.')) return undefined;
          const file = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
          if (INLINED_DYNAMIC.test(relative(src, file))) return undefined;
          if (!existsSync(file)) return { errors: [{ text: `cannot find ${args.path} (looked for ${file})` }] };
          const name = `cold/${relative(src, file).replace(/\.ts$/, '')}`;
          onDemand.set(name, file);
          return { path: `./${name}.js`, external: true };
        });
      },
    },
  ],
});
asScript(`${root}dist/cli-main.js`);
await build({
  ...common,
  entryPoints: { cli: 'src/cli/bin.ts' },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  // package.json's `bin`: npm runs this file itself, no shim module in between.
  banner: { js: '#!/usr/bin/env node' },
});
if (!/\bimport\(/.test(readFileSync(`${root}dist/cli.cjs`, 'utf8'))) throw new Error('dist/cli.cjs: import() was rewritten; cli-main.js needs the real one');
chmodSync(`${root}dist/cli.cjs`, 0o755);
await build({
  ...common,
  entryPoints: { index: 'src/index.ts', schema: 'src/schema/index.ts', ...Object.fromEntries(onDemand) },
  splitting: true,
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
});
execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.json`, '--emitDeclarationOnly'], { stdio: 'inherit' });
if (!quiet) console.error('built dist/');
