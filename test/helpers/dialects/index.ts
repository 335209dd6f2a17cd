import { mysqlUnderTest } from './mysql.js';
import { postgresUnderTest } from './postgres.js';
import { sqliteUnderTest } from './sqlite.js';
import { afterAll, beforeAll, describe } from 'vitest';
import { serversAvailable } from './server.js';
import type { DialectUnderTest, TestDatabase } from './types.js';

export type { DialectName, DialectUnderTest, TestDatabase } from './types.js';
export { MissingServerError, serverAvailable, serversAvailable, type ServerUnderTest } from './server.js';

/**
 * Every dialect the integration tests loop over. A test written with `forEachDialect`
 * runs on each; expected SQL per dialect lives in a `Record<DialectName, ...>` so none
 * can be forgotten.
 */
export const DIALECTS: readonly DialectUnderTest[] = [sqliteUnderTest, postgresUnderTest, mysqlUnderTest];

/**
 * One `describe` per dialect, named after it, with a database of its own made before its tests
 * and dropped after (`db()` inside a test). A dialect whose server is missing is skipped
 * locally; under CI=true the file fails (see serverAvailable).
 *
 * @example await forEachDialect((dialect, db) => { it('...', () => { p.ambix('upgrade', 'head', '--url', db().url); }); });
 */
export async function forEachDialect(body: (dialect: DialectUnderTest, db: () => TestDatabase) => void): Promise<void> {
  const up = await serversAvailable(DIALECTS);
  for (const dialect of DIALECTS) {
    describe.skipIf(!up.get(dialect.name))(dialect.name, () => {
      let db: TestDatabase | undefined;
      beforeAll(async () => {
        db = await dialect.create();
      });
      afterAll(async () => {
        await db?.drop();
      });
      body(dialect, () => db!);
    });
  }
}
