import { resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { redactUrls } from '../url.js';

/** Where a `libsql:` URL points. */
export type LibsqlTarget = { kind: 'file'; path: string } | { kind: 'memory' } | { kind: 'remote'; url: string; authToken: string | undefined };

/**
 * Reads a `libsql:` URL: `libsql:file:./data/app.db` (relative to `projectRoot`),
 * `libsql:file:/abs/app.db`, `libsql:file::memory:`, `libsql://host?authToken=...`
 * (Turso, sqld; `?tls=0` for plain HTTP), or `libsql:https://host`.
 */
export function parseLibsqlUrl(url: string, projectRoot: string): LibsqlTarget {
  if (!/^libsql:/i.test(url)) throw new UserError(`Not a libsql: URL: ${redactUrls(url)}`);
  const rest = url.slice('libsql:'.length);
  if (rest.startsWith('//') || /^(?:https?|wss?):\/\//i.test(rest)) return remoteTarget(rest.startsWith('//') ? `libsql:${rest}` : rest, url);
  let path = rest.replace(/^file:/i, '');
  if (path === '' || path === ':memory:') return { kind: 'memory' };
  if (path.includes('?') || path.includes('#')) {
    throw new UserError(`A libsql: file URL takes no query parameters: ${redactUrls(url)}`, 'Remove them; the busy timeout comes from lockTimeout in the config.');
  }
  if (path.startsWith('//')) {
    // file:///abs/app.db or file://localhost/abs/app.db
    const slash = path.indexOf('/', 2);
    const host = path.slice(2, slash < 0 ? undefined : slash);
    if (host !== '' && host.toLowerCase() !== 'localhost') {
      throw new UserError(`A libsql: file URL cannot name a host ('${host}'): ${redactUrls(url)}`, 'Write libsql:file:/absolute/path.db, or libsql:file:./relative/path.db.');
    }
    path = slash < 0 ? '/' : path.slice(slash);
  }
  try {
    path = decodeURIComponent(path);
  } catch {
    // A literal `%` in a file name.
  }
  return { kind: 'file', path: resolve(projectRoot, path) };
}

function remoteTarget(remote: string, original: string): LibsqlTarget {
  let parsed: URL;
  try {
    parsed = new URL(remote);
  } catch {
    throw new UserError(`Cannot read the URL ${redactUrls(original)}`, 'Write libsql://host, with ?authToken=... if the server needs one.');
  }
  const authToken = parsed.searchParams.get('authToken') ?? undefined;
  parsed.searchParams.delete('authToken');
  const tls = parsed.searchParams.get('tls');
  parsed.searchParams.delete('tls');
  // The native client speaks Hrana over HTTP: what @libsql/client reaches over a WebSocket
  // it reaches the same server over HTTP.
  const scheme = parsed.protocol.toLowerCase();
  const http = scheme === 'http:' || scheme === 'ws:' || (scheme === 'libsql:' && tls === '0');
  const url = `${http ? 'http' : 'https'}://${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}${parsed.search}`;
  return { kind: 'remote', url, authToken };
}
