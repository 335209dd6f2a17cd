// Which dialect module a URL or a name means, without loading any: each module (its compiler,
// driver, introspector...) is imported only when a run needs it. Adding a dialect is a folder
// under src/dialect/ and one entry here.
import { UserError } from '../errors.js';
import { redactUrls } from './url.js';
import type { DialectId, DialectModule } from './dialect.js';

interface Entry {
  readonly id: DialectId;
  /** The URL schemes it accepts, as in `sqlite:` and `postgres://`; the module lists the same. */
  readonly schemes: readonly string[];
  /** Where a URL names a local path: the part that is a path, so that a relative one can resolve against the config's folder. */
  readonly localPath?: (url: string) => { path: string; withPath(path: string): string } | undefined;
  load(): Promise<DialectModule>;
}

const ENTRIES: readonly Entry[] = [
  {
    id: 'sqlite',
    schemes: ['sqlite'],
    localPath(url) {
      const m = /^sqlite:(\/\/\/?)?(.*)$/.exec(url);
      if (!m || m[2] === '' || m[2] === ':memory:') return undefined;
      // sqlite:////abs (four slashes) and sqlite:/abs are absolute; sqlite:///rel and sqlite:rel are relative.
      return { path: m[1] === '//' ? `/${m[2]}` : m[2]!, withPath: (p) => `sqlite:${p}` };
    },
    load: async () => (await import('./sqlite/index.js')).sqliteModule,
  },
  { id: 'postgres', schemes: ['postgres', 'postgresql'], load: async () => (await import('./postgres/index.js')).postgresModule },
  { id: 'mysql', schemes: ['mysql', 'mariadb'], load: async () => (await import('./mysql/index.js')).mysqlModule },
  {
    id: 'libsql',
    schemes: ['libsql'],
    localPath(url) {
      const m = /^libsql:file:(?!:memory:)(?!\/\/)([^?#]+)$/i.exec(url);
      return m ? { path: m[1]!, withPath: (p) => `libsql:file:${p}` } : undefined;
    },
    load: async () => (await import('./libsql/index.js')).libsqlModule,
  },
  {
    id: 'pglite',
    schemes: ['pglite'],
    localPath(url) {
      const m = /^pglite:(?!:memory:)([^?#]+)$/i.exec(url);
      return m ? { path: m[1]!, withPath: (p) => `pglite:${p}` } : undefined;
    },
    load: async () => (await import('./pglite/index.js')).pgliteModule,
  },
];

function entryOf(url: string): Entry | undefined {
  const colon = url.indexOf(':');
  const scheme = colon > 0 ? url.slice(0, colon).toLowerCase() : '';
  return ENTRIES.find((e) => e.schemes.includes(scheme));
}

/** Every registered dialect id, in order. */
export const DIALECT_IDS: readonly DialectId[] = ENTRIES.map((e) => e.id);

/** The dialect a URL names, or a user error that lists the URLs ambix accepts. */
export function dialectIdOf(url: string): DialectId {
  const entry = entryOf(url);
  if (!entry) {
    throw new UserError(`Unknown database URL '${redactUrls(url)}'`, 'Use sqlite:path/to/file.db, postgres://user@host/db, mysql://user@host/db, libsql:file:path/to/file.db or pglite:path/to/dir.', { code: 'UNKNOWN_URL' });
  }
  return entry.id;
}

/** The module of a URL (`sqlite:./app.db`) or of a dialect id (`sqlite`), imported on first use. */
export function loadDialect(urlOrId: string): Promise<DialectModule> {
  const entry = ENTRIES.find((e) => e.id === urlOrId) ?? entryOf(urlOrId);
  if (!entry) dialectIdOf(urlOrId);
  return entry!.load();
}

/**
 * A URL with its relative local path made absolute against `root` (the config file's folder, not
 * the working directory); URLs of servers pass through.
 *
 * @example resolveLocalUrl('sqlite:./data/app.db', '/srv/app') // 'sqlite:/srv/app/data/app.db'
 */
export function resolveLocalUrl(url: string, root: string, resolvePath: (root: string, path: string) => string): string {
  const local = entryOf(url)?.localPath?.(url);
  return local ? local.withPath(resolvePath(root, local.path)) : url;
}

/** The local file a URL names (absolute after {@link resolveLocalUrl}), or undefined for servers and memory. */
export function localPathOf(url: string): string | undefined {
  return entryOf(url)?.localPath?.(url)?.path;
}
