// The `ambix` command (dist/cli.cjs): loads the program, dist/ambix.cjs, with the code V8
// compiled for it on an earlier run, and runs the CLI. Node 20 keeps no compiled code for the
// modules it loads itself, and compiling what a command calls is milliseconds of every `heads`
// (measured in README "Performance"). The program is then registered as the CommonJS module it
// is, so `import 'ambix'` and `require` in this process get this very instance. This file is
// CommonJS itself: an ES module as the entry point starts Node's ESM loader, 5 ms that a command
// whose config and revisions are TypeScript (loaded as scripts too) never needs.
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDir, compileKeepingCode } from '../loader/start-up.js';
import { COMMANDS } from './command-names.js';

type Program = { __runCli(argv: readonly string[], entryUrl: string): Promise<void> };
type ModuleInternals = typeof Module & { _cache: Record<string, Module>; _nodeModulePaths(dir: string): string[]; wrap(source: string): string };

const file = join(__dirname, 'ambix.cjs');
const args = process.argv.slice(2);
const command = `${args.find((a) => COMMANDS.includes(a)) ?? 'other'}${args.includes('--sql') ? '-sql' : ''}`;
// The code this command kept for an earlier build of ambix goes when it keeps its code again.
const sameKind = new RegExp(`^cli-${command}-[0-9a-f]{16}\\.v8$`);
const M = Module as ModuleInternals;
const script = compileKeepingCode(file, (identity) => join(cacheDir(), `cli-${command}-${identity}.v8`), (name) => sameKind.test(name), M.wrap);
// The program's own `import()` of packages goes through this module: a script compiled by
// node:vm has none of its own.
(globalThis as Record<symbol, unknown>)[Symbol.for('ambix.import')] = (specifier: string) => import(specifier);
const program = new Module(file, module) as Module & { filename: string; paths: string[]; loaded: boolean };
program.filename = file;
program.paths = M._nodeModulePaths(dirname(file));
M._cache[file] = program;
(script.runInThisContext() as (...a: unknown[]) => void).call(program.exports, program.exports, createRequire(file), program, file, dirname(file));
program.loaded = true;
// main() answers every error itself (exit code 1 or 2, one line).
void (program.exports as Program).__runCli(args, pathToFileURL(join(__dirname, 'index.js')).href);
