// Builds dist/: one copy of the program, and the small files that lead to it.
//
// - dist/ambix.cjs: the whole program (src/program.ts) as ONE CommonJS module. The `ambix`
//   command and `import 'ambix'` both use this one file, so every module exists once in a
//   process (error classes answer `instanceof`, module state is shared). Commands, dialects and
//   drivers inside it that are reached through `import()` are initialised on first use
//   (esbuild's lazy module wrappers), so loading it costs what the command needs, not the whole.
//   Packages stay external: `require()` for CommonJS ones, and `import()` (through the hook
//   dist/cli.cjs installs, since code compiled by node:vm has no `import()` of its own).
// - dist/loader.cjs: cache folder, file identity and kept compiled code (src/loader/start-up.ts),
//   needed by dist/cli.cjs before the program is loaded; the program requires the same file.
// - dist/cli.cjs, package.json's `bin`: loads dist/ambix.cjs with the code V8 kept for it.
// - dist/index.js, dist/schema.js: the package's ES entry points, re-exporting the program's.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const quiet = process.argv.includes('--quiet');
const INLINED_PACKAGES = new Set(['cac']);
const START_UP = [resolve(root, 'src/loader/start-up.ts'), resolve(root, 'src/loader/cache-dir.ts'), resolve(root, 'src/loader/kept-code.ts')];
rmSync(`${root}dist`, { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  outdir: 'dist',
  bundle: true,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: quiet ? 'error' : 'warning',
  define: {
    __AMBIX_VERSION__: JSON.stringify(JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version),
    'import.meta.url': '__ambixMetaUrl',
  },
  banner: { js: 'var __ambixMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
};

/** Packages external (but for the ones inlined); the start-up modules from dist/loader.cjs. */
const externals = (startUpExternal) => ({
  name: 'ambix-externals',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind === 'entry-point' || args.pluginData === 'inner') return undefined;
      if (!/^(?:[./]|node:)/.test(args.path)) return INLINED_PACKAGES.has(args.path) ? undefined : { path: args.path, external: true };
      if (!startUpExternal || args.path.startsWith('node:')) return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'inner' });
      return START_UP.includes(r.path) ? { path: './loader.cjs', external: true } : undefined;
    });
  },
});

await build({ ...common, entryPoints: { loader: 'src/loader/start-up.ts' }, plugins: [externals(false)] });
// Whitespace and syntax minified (440 KB instead of 560 KB): less to read, and smaller kept code
// to load, on every start (about 7 ms of `ambix --version` here). Identifiers are kept: class
// names stay what they say (cac's CACError names itself after its constructor); stack traces map
// through the source map.
await build({ ...common, entryPoints: { ambix: 'src/program.ts' }, plugins: [externals(true)], minifyWhitespace: true, minifySyntax: true });
await build({ ...common, entryPoints: { cli: 'src/cli/bin.ts' }, plugins: [externals(true)], banner: { js: `#!/usr/bin/env node\n${common.banner.js}` } });

// The program runs as a node:vm script under the command, where `import()` must go through the
// hook dist/cli.cjs installs; loaded by Node itself (`import 'ambix'`), it is a plain import().
const program = `${root}dist/ambix.cjs`;
let code = readFileSync(program, 'utf8');
const before = code.length;
code = code.replace(/\bimport\(/g, '__ambixImport(');
if (code.length === before) throw new Error('dist/ambix.cjs: expected import() of packages to rewrite');
code = code.replace(
  'var __ambixMetaUrl',
  'var __ambixImport = globalThis[Symbol.for("ambix.import")] || ((specifier) => import(specifier));\nvar __ambixMetaUrl',
);
writeFileSync(program, code);
chmodSync(`${root}dist/cli.cjs`, 0o755);

// The ES entry points: the program's exports, named (Node's CommonJS lexer is not asked to find them).
const require = createRequire(import.meta.url);
const exported = require(program);
const names = (o) => Object.keys(o).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
const index = names(exported).filter((n) => n !== 'schema' && !n.startsWith('__'));
writeFileSync(`${root}dist/index.js`, `import program from './ambix.cjs';\nexport const { ${index.join(', ')} } = program;\n`);
writeFileSync(`${root}dist/schema.js`, `import program from './ambix.cjs';\nexport const { ${names(exported.schema).join(', ')} } = program.schema;\n`);

execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.json`, '--emitDeclarationOnly'], { stdio: 'inherit' });
if (!quiet) console.error('built dist/');
