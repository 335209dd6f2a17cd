import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
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

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/**
 * FNV-1a, 2 x 32 bits: a cache key, not a security boundary, and no crypto module to load. Fed
 * piece by piece, texts and numbers, without joining them into one string first (a key over a
 * thousand files' identities was mostly number-to-text conversions).
 */
export class Hasher {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;

  private word(w: number): void {
    this.h1 = Math.imul(this.h1 ^ w, 0x01000193);
    this.h2 = Math.imul(this.h2 ^ w, 0x5bd1e995);
  }

  text(text: string): this {
    for (let i = 0; i < text.length; i++) this.word(text.charCodeAt(i));
    // Past any UTF-16 unit: "ab","c" and "a","bc" differ.
    this.word(0x1ffff);
    return this;
  }

  number(n: number): this {
    F64[0] = n;
    this.word(U32[0]!);
    this.word(U32[1]!);
    return this;
  }

  digest(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }
}

/** The {@link Hasher} key of one text. */
export function hash(text: string): string {
  return new Hasher().text(text).digest();
}

/** Size, modification time, change time, inode. */
export type FileIdentity = readonly [number, number, number, number];

const taken = new Map<string, FileIdentity>();

/**
 * What a cache entry built from a file is keyed by: size, modification and change times, inode.
 * The change time is the one no tool sets back: a file copied over another with its times
 * preserved (`cp -p`) still gets a new one. The result is kept for {@link recentIdentity}.
 */
export function fileIdentity(file: string): FileIdentity {
  const st = statSync(file);
  const id = [st.size, st.mtimeMs, st.ctimeMs, st.ino] as const;
  taken.set(file, id);
  return id;
}

/**
 * The identity this process last took of a file, else a fresh one: the revision files of a run
 * were all `stat`ed when their headers were read a moment before, and need not be again for the
 * bundle and the checksums of the same run.
 */
export function recentIdentity(file: string): FileIdentity {
  return taken.get(file) ?? fileIdentity(file);
}

/** Writes a cache file whole or not at all (write, then rename): a concurrent reader sees the old one or the new one. */
export function writeCacheFile(file: string, text: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
