import { closeSync, fstatSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { hash, writeCacheFile } from './cache-dir.js';

/**
 * Compiles a script file with the code V8 compiled for it on an earlier run (Node 20 keeps none
 * for ES modules: src/cli/bin.ts for the CLI's start-up file, src/config/script-bundle.ts for the
 * config and the revisions). Without kept code, or when V8 refuses it (another Node, other flags),
 * the code is kept at exit, when the functions this run called are compiled too; older kept code
 * of the same kind (`sameKind`, for a file since rebuilt) is removed then.
 *
 * V8 checks kept code against the length of the source only, so the kept code is named after the
 * identity of the very file read (`keptAt` turns it into a path): a file rebuilt to the same length
 * is a new file (written, then renamed) and never runs with the old one's code.
 */
export function compileKeepingCode(file: string, keptAt: (identity: string) => string, sameKind: (name: string) => boolean, wrap: (source: string) => string = (s) => s): Script {
  const fd = openSync(file, 'r');
  let source: string;
  let kept: string;
  try {
    const st = fstatSync(fd);
    kept = keptAt(hash(`${file}:${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`));
    source = wrap(readFileSync(fd, 'utf8'));
  } finally {
    closeSync(fd);
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(kept);
  } catch {
    // Nothing kept yet.
  }
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (!cachedData || script.cachedDataRejected) {
    // One exit listener for all: a process that loads many configs (the API in a test runner) adds none after the first.
    if (toKeep.length === 0) process.once('exit', keepAll);
    toKeep.push({ file: kept, script, sameKind });
  }
  return script;
}

const toKeep: { file: string; script: Script; sameKind: (name: string) => boolean }[] = [];

function keepAll(): void {
  for (const { file, script, sameKind } of toKeep.splice(0)) keep(file, script.createCachedData(), sameKind);
}

function keep(file: string, data: Uint8Array, sameKind: (name: string) => boolean): void {
  try {
    writeCacheFile(file, data);
    const dir = dirname(file);
    for (const name of readdirSync(dir)) if (sameKind(name) && join(dir, name) !== file) rmSync(join(dir, name), { force: true });
  } catch {
    // Speed, not correctness: the next run compiles again.
  }
}
