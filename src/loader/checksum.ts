import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// node:crypto costs milliseconds to load; `current` reads the version table without hashing.
const require = createRequire(import.meta.url);

/**
 * SHA-256 of a revision file's content, as the log records it when the revision runs and as
 * edited-migration detection compares it. Always read from the file: a cache keyed on the
 * file's identity is fine for speed, never for what decides that a migration was edited.
 */
export function fileChecksum(path: string): string {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
