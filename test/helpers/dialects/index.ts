import { mysqlUnderTest } from './mysql.js';
import { postgresUnderTest } from './postgres.js';
import { sqliteUnderTest } from './sqlite.js';
import type { DialectUnderTest } from './types.js';

export type { DialectName, DialectUnderTest, TestDatabase } from './types.js';
export { MissingServerError, serverAvailable, serversAvailable, type ServerUnderTest } from './server.js';

/**
 * Every dialect the integration tests loop over. A test written with `forEachDialect`
 * runs on each; expected SQL per dialect lives in a `Record<DialectName, ...>` so none
 * can be forgotten.
 */
export const DIALECTS: readonly DialectUnderTest[] = [sqliteUnderTest, postgresUnderTest, mysqlUnderTest];
