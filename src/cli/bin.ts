// The `ambix` command (dist/cli.cjs): runs the CLI's start-up file, dist/cli-main.js, as a classic
// script with the code V8 compiled for it on an earlier run. Node 20 keeps no compiled code for ES
// modules, and compiling the functions a command calls is a few milliseconds of every `heads`.
// scripts/build.mjs makes cli-main.js a function of `import.meta.url` and of `import()`, which a
// script has not: both are this module's. This module is CommonJS: an ES module as the entry point
// starts Node's ESM loader, 5 ms that a command whose config and revisions are TypeScript (loaded
// as scripts too) never needs.
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { cacheDir, hash, replaceCodeCache } from '../util/cache-dir.js';
import { COMMANDS } from './command-names.js';

type Main = (metaUrl: string, load: (specifier: string) => Promise<unknown>) => Promise<void>;

const file = join(__dirname, 'cli-main.js');
const fd = openSync(file, 'r');
let source: string;
let codeCache: string;
let command: string;
try {
  // V8 checks kept code against the source's length only: the name says which file it was made from.
  const st = fstatSync(fd);
  const args = process.argv.slice(2);
  command = `${args.find((a) => COMMANDS.includes(a)) ?? 'other'}${args.includes('--sql') ? '-sql' : ''}`;
  codeCache = join(cacheDir(), `cli-${command}-${hash(`${file}:${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`)}.v8`);
  source = readFileSync(fd, 'utf8');
} finally {
  closeSync(fd);
}
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(codeCache);
} catch {
  // First run here.
}
const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
if (!cachedData || script.cachedDataRejected) {
  // At exit: the functions this command ran are compiled by then, and kept with the rest. The
  // code this command kept for an earlier build of ambix goes.
  const sameKind = new RegExp(`^cli-${command}-[0-9a-f]{16}\\.v8$`);
  process.once('exit', () => replaceCodeCache(codeCache, script.createCachedData(), (name) => sameKind.test(name)));
}
// main() answers every error itself (exit code 1 or 2, one line).
void (script.runInThisContext() as Main)(pathToFileURL(file).href, (specifier) => import(specifier));
