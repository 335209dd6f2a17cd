import type { ServerUnderTest } from './server.js';

export type DialectName = 'sqlite' | 'postgres' | 'mysql';

/** A scratch database of one dialect, made for one test and dropped after it. */
export interface TestDatabase {
  readonly dialect: DialectName;
  /** What the test passes to ambix (`--url` / the config's url). */
  readonly url: string;
  /** Direct queries for assertions (the driver's own placeholders: `?` or `$1`). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Table names in the test's schema, sorted. */
  tableNames(): Promise<string[]>;
  /** Columns of a table in order: name, the type as the server reports it (lower-case), nullability. */
  columns(table: string): Promise<{ name: string; type: string; nullable: boolean }[]>;
  /** The rows of the version table, sorted. */
  versions(table?: string): Promise<string[]>;
  drop(): Promise<void>;
}

/**
 * A dialect the tests run on. Whether its server is there is decided by `serverAvailable(dialect)`
 * (./server.ts): a skip locally, a failure under CI=true. SQLite's probe always succeeds.
 */
export interface DialectUnderTest extends ServerUnderTest {
  readonly name: DialectName;
  create(): Promise<TestDatabase>;
}
