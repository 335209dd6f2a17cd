// Whether a test may use a database server, decided in one place.
//
// The rule: a server that is not reachable is a visible SKIP on a developer's machine, and a
// FAILURE when CI=true (a CI job that silently skipped every PostgreSQL test would report green
// while testing nothing). No test returns early and passes: callers skip with
// `describe.skipIf(!up)`, `it.skipIf(!up)` or `ctx.skip()`.
//
// @example
// const up = await serverAvailable(mysqlUnderTest);
// describe.skipIf(!up)('the MySQL introspector', () => { ... });

/** A server the tests need, as the rule sees it. */
export interface ServerUnderTest {
  /** The dialect name ('postgres', 'mysql'); SQLite has no server and is always available. */
  readonly name: string;
  /** What the tests connect to, for the message (a password in it is masked). */
  readonly serverUrl?: string;
  /** How to get one: a command, and the variable that points the tests elsewhere. */
  readonly startHint?: string;
  /** Connects once; rejects with the driver's reason when the server is not there. */
  probe(): Promise<void>;
}

/** The environment the decision reads (tests of this helper pass their own). */
export interface ServerEnv {
  readonly CI?: string | undefined;
}

/** Thrown when CI=true and a server the tests need is missing. */
export class MissingServerError extends Error {
  override readonly name = 'MissingServerError';
}

const decided = new Map<string, Promise<boolean>>();

/**
 * Whether the server answers: true when it does; false when it does not and this is not CI
 * (the caller skips, and the reason is printed once); under CI=true a MissingServerError that
 * names the URL and how to start the server. One probe per server per test file.
 */
export function serverAvailable(server: ServerUnderTest, env: ServerEnv = process.env, warn: (message: string) => void = (m) => console.warn(m)): Promise<boolean> {
  const key = `${server.name}\u0000${server.serverUrl ?? ''}\u0000${isCi(env)}`;
  let result = decided.get(key);
  if (!result) {
    result = decide(server, env, warn);
    decided.set(key, result);
  }
  return result;
}

/**
 * {@link serverAvailable} for each server, by name: what a loop over dialects skips by.
 *
 * @example
 * const up = await serversAvailable(DIALECTS);
 * for (const d of DIALECTS) describe.skipIf(!up.get(d.name))(d.name, () => { ... });
 */
export async function serversAvailable<S extends ServerUnderTest>(servers: readonly S[], env: ServerEnv = process.env, warn?: (message: string) => void): Promise<Map<S['name'], boolean>> {
  const up = new Map<S['name'], boolean>();
  for (const s of servers) up.set(s.name, await serverAvailable(s, env, warn));
  return up;
}

/** Like {@link serverAvailable}, without the per-file cache: each call probes again. */
export async function decide(server: ServerUnderTest, env: ServerEnv, warn: (message: string) => void): Promise<boolean> {
  let reason: string;
  try {
    await server.probe();
    return true;
  } catch (error) {
    reason = error instanceof Error ? error.message || error.name : String(error);
  }
  const where = server.serverUrl ? ` at ${withoutPassword(server.serverUrl)}` : '';
  const how = server.startHint ? ` ${server.startHint}` : '';
  if (isCi(env)) {
    throw new MissingServerError(`The ${server.name} server the tests need is not reachable${where} (${reason}), and CI=true makes a missing server a failure, not a skip.${how}`);
  }
  warn(`[skipped] ${server.name} tests: no server${where} (${reason}).${how} Under CI=true this fails instead.`);
  return false;
}

/** A URL as a log may show it: a password becomes ***. */
export function withoutPassword(url: string): string {
  return url.replace(/^([a-z][\w+.-]*:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

function isCi(env: ServerEnv): boolean {
  return env.CI === 'true' || env.CI === '1';
}
