// The scratch databases `ambix test` runs on: a temporary place for an embedded database (a
// SQLite file), or a database created on the server a `--url` names. The URL's own database is
// only connected to (to run CREATE/DROP DATABASE); nothing in it is read or changed. Each dialect
// module says which (`DialectModule.scratch`); the shapes and the server recipe are here.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { redactUrls } from './url.js';
import type { Connection } from './dialect.js';

/** One scratch database: its URL, and a drop that ends its sessions first (safe to call twice). */
export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Where scratch databases are made: a temporary folder, or a server reached through the URL. */
export interface ScratchServer {
  /** For messages: "a temporary SQLite file", "PostgreSQL at postgres://u@host:5432". */
  readonly description: string;
  create(): Promise<ScratchDatabase>;
  /** The names of the databases it created (SQLite: file paths), in order. */
  readonly created: readonly string[];
  /** Drops every database it created that is still there, then disconnects (safe to call twice). */
  close(): Promise<void>;
}

/** A scratch database name no one else uses: `ambix_test_<10 hex digits>`. */
export function scratchName(): string {
  return `ambix_test_${randomBytes(5).toString('hex')}`;
}

export function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

/** The URL with another database in its path (query parameters kept). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\/+/, ''));
}

export function serverOf(url: string): string {
  const u = new URL(url);
  u.pathname = '';
  u.search = '';
  return redactUrls(u.toString()).replace(/\/$/, '');
}

/** Creates and drops databases through one admin connection, kept open so an interrupted run can still drop them. */
export function serverScratch(
  label: string,
  url: string,
  admin: Connection,
  sql: { create(name: string): Promise<void>; drop(name: string): Promise<void>; privilegeHint: string },
): ScratchServer {
  const live = new Set<string>();
  const created: string[] = [];
  return {
    description: `${label} at ${serverOf(url)}`,
    created,
    async create() {
      const name = scratchName();
      try {
        await sql.create(name);
      } catch (error) {
        throw new UserError(
          `Cannot create a scratch database on ${serverOf(url)}: ${redactUrls((error as Error).message)}`,
          sql.privilegeHint,
        );
      }
      live.add(name);
      created.push(name);
      return {
        name,
        url: withDatabase(url, name),
        drop: once(async () => {
          await sql.drop(name);
          live.delete(name);
        }),
      };
    },
    close: once(async () => {
      try {
        for (const name of [...live]) {
          await sql.drop(name).then(
            () => live.delete(name),
            () => {},
          );
        }
      } finally {
        await admin.close().catch(() => {});
      }
      if (live.size) throw new UserError(`Could not drop the scratch database${live.size > 1 ? 's' : ''} ${[...live].join(', ')} on ${serverOf(url)}`, 'Drop it by hand (DROP DATABASE).');
    }),
  };
}


/** Scratch databases as files in a temporary folder, removed with it (embedded databases). */
export function fileScratch(description: string, urlOf: (file: string) => string, companions: readonly string[]): ScratchServer {
  const dir = mkdtempSync(join(tmpdir(), 'ambix-test-'));
  const created: string[] = [];
  return {
    description,
    created,
    async create() {
      const file = join(dir, `scratch${created.length + 1}.db`);
      created.push(file);
      return {
        name: file,
        url: urlOf(file),
        drop: once(async () => {
          for (const f of [file, ...companions.map((c) => `${file}${c}`)]) rmSync(f, { recursive: true, force: true });
        }),
      };
    },
    close: once(async () => rmSync(dir, { recursive: true, force: true })),
  };
}
