import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

let cacheRoot: string | undefined;

/**
 * Where ambix keeps what it can rebuild (transpiled modules, parsed revision headers):
 * `AMBIX_CACHE_DIR`, else next to the project's packages (cleaned with them), else per user in tmp.
 */
export function cacheDir(): string {
  if (cacheRoot) return cacheRoot;
  const configured = process.env.AMBIX_CACHE_DIR;
  if (configured) return (cacheRoot = resolve(configured));
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return (cacheRoot = join(dir, 'node_modules', '.cache', 'ambix'));
    if (dirname(dir) === dir) break;
  }
  return (cacheRoot = join(tmpdir(), `ambix-cache-${process.getuid?.() ?? 'user'}`));
}

/** FNV-1a, 2 x 32 bits: a cache key, not a security boundary, and no crypto module to load. */
export function hash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/**
 * What a cache entry built from a file is keyed by: size, modification and change times, inode.
 * The change time is the one no tool sets back: a file copied over another with its times
 * preserved (`cp -p`) still gets a new one.
 */
export function fileIdentity(file: string): string {
  const st = statSync(file);
  return `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
}
