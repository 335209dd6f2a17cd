import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * Where ambix keeps what it can rebuild (transpiled modules, parsed revision headers, kept code):
 * `AMBIX_CACHE_DIR`, else next to the project's packages (cleaned with them), else per user in tmp.
 * Asked once per command run (a long-lived process may change folders between runs).
 */
export function cacheDir(): string {
  const configured = process.env.AMBIX_CACHE_DIR;
  if (configured) return resolve(configured);
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'ambix');
    if (dirname(dir) === dir) break;
  }
  return join(tmpdir(), `ambix-cache-${process.getuid?.() ?? 'user'}`);
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

/**
 * What a cache entry built from a file is keyed by: size, modification and change times, inode.
 * The change time is the one no tool sets back: a file copied over another with its times
 * preserved (`cp -p`) still gets a new one.
 */
export function fileIdentity(file: string): FileIdentity {
  const st = statSync(file);
  return [st.size, st.mtimeMs, st.ctimeMs, st.ino] as const;
}

/** Writes a cache file whole or not at all (write, then rename): a concurrent reader sees the old one or the new one. */
export function writeCacheFile(file: string, text: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
