// MySQL and MariaDB through `mysql2`: DDL commits as it goes (each step logged as started and
// finished), GET_LOCK for one migrator at a time, inline ENUMs.
import type { DialectModule } from '../dialect.js';
import { mysqlComparisonHooks, reconcileMysqlUniques } from './mysql-comparison.js';
import { MYSQL_CAPABILITIES, mysqlDialect } from './mysql-dialect.js';

/** The MySQL/MariaDB dialect module (`mysql://user@host/db`, `mariadb://...`). */
export const mysqlModule: DialectModule = Object.freeze<DialectModule>({
  id: 'mysql',
  name: 'mysql',
  displayName: 'MySQL/MariaDB',
  schemes: ['mysql', 'mariadb'],
  capabilities: MYSQL_CAPABILITIES,
  compiler: () => mysqlDialect,
  async open(url, options) {
    const { MysqlAdapter } = await import('./mysql-adapter.js');
    return MysqlAdapter.open(url, options.root);
  },
  comparison: mysqlComparisonHooks,
  reconcile: reconcileMysqlUniques,
  async scratch(url, root) {
    const { mysqlScratch } = await import('./mysql-scratch.js');
    return mysqlScratch(url!, root);
  },
  catalog: {
    objects: `
SELECT CONCAT('view ', TABLE_NAME) AS o FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()
UNION ALL SELECT CONCAT('trigger ', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()
UNION ALL SELECT CONCAT(LOWER(ROUTINE_TYPE), ' ', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()
UNION ALL SELECT CONCAT('event ', EVENT_NAME) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()`,
  },
  alembicName: (url) => (url.startsWith('mariadb:') ? 'mariadb' : 'mysql'),
});
