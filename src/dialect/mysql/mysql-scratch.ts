import { databaseOf, serverScratch, withDatabase, type ScratchServer } from '../scratch.js';

const MYSQL_SYSTEM = new Set(['information_schema', 'mysql', 'performance_schema', 'sys']);

/** Scratch databases on the MySQL/MariaDB server a URL reaches, with the character set of the URL's own database. */
export async function mysqlScratch(url: string, root: string): Promise<ScratchServer> {
  const { openMysql } = await import('./mysql-driver.js');
  const own = databaseOf(url);
  const adminUrl = own ? url : withDatabase(url, 'information_schema');
  const admin = await openMysql(adminUrl, root);
  // The scratch database gets the character set and collation of the URL's own database, if it is a user's.
  let charset = 'CHARACTER SET utf8mb4';
  if (own && !MYSQL_SYSTEM.has(own.toLowerCase())) {
    const [row] = await admin.query('SELECT DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()');
    if (row?.cs && row.co) charset = `CHARACTER SET ${String(row.cs)} COLLATE ${String(row.co)}`;
  }
  const q = (name: string) => `\`${name}\``;
  return serverScratch('MySQL/MariaDB', adminUrl, admin, {
    privilegeHint: "The URL's user needs the CREATE and DROP privileges on ambix_test_% databases.",
    create: async (name) => void (await admin.execute(`CREATE DATABASE ${q(name)} ${charset}`)),
    async drop(name) {
      const rows = await admin.query('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [name]);
      for (const r of rows) await admin.execute(`KILL ${Number(r.id)}`).catch(() => 0);
      await admin.execute(`DROP DATABASE IF EXISTS ${q(name)}`);
    },
  });
}
