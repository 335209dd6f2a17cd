// The `ambix` command (dist/cli.cjs): runs the CLI's start-up file, dist/cli-main.js, as a classic
// script with the code V8 compiled for it on an earlier run. Node 20 keeps no compiled code for ES
// modules, and compiling the functions a command calls is a few milliseconds of every `heads`.
// scripts/build.mjs makes cli-main.js a function of `import.meta.url` and of `import()`, which a
// script has not: both are this module's. This module is CommonJS: an ES module as the entry point
// starts Node's ESM loader, 5 ms that a command whose config and revisions are TypeScript (loaded
// as scripts too) never needs.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDir } from '../util/cache-dir.js';
import { compileKeepingCode } from '../util/kept-code.js';
import { COMMANDS } from './command-names.js';

type Main = (metaUrl: string, load: (specifier: string) => Promise<unknown>) => Promise<void>;

const file = join(__dirname, 'cli-main.js');
const args = process.argv.slice(2);
const command = `${args.find((a) => COMMANDS.includes(a)) ?? 'other'}${args.includes('--sql') ? '-sql' : ''}`;
// The code this command kept for an earlier build of ambix goes when it keeps its code again.
const sameKind = new RegExp(`^cli-${command}-[0-9a-f]{16}\\.v8$`);
const script = compileKeepingCode(file, (identity) => join(cacheDir(), `cli-${command}-${identity}.v8`), (name) => sameKind.test(name));
// main() answers every error itself (exit code 1 or 2, one line).
void (script.runInThisContext() as Main)(pathToFileURL(file).href, (specifier) => import(specifier));
