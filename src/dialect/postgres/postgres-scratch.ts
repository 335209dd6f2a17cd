import { databaseOf, serverScratch, withDatabase, type ScratchServer } from '../scratch.js';

/** Scratch databases on the PostgreSQL server a URL reaches (CREATE/DROP DATABASE through one admin connection). */
export async function postgresScratch(url: string, root: string): Promise<ScratchServer> {
  const { openPostgres } = await import('./postgres-driver.js');
  // A URL without a database reaches the maintenance database.
  const adminUrl = databaseOf(url) ? url : withDatabase(url, 'postgres');
  const admin = await openPostgres(adminUrl, root);
  const q = (name: string) => `"${name}"`;
  return serverScratch('PostgreSQL', adminUrl, admin, {
    privilegeHint: "The URL's user needs the right to create databases (ALTER ROLE ... CREATEDB).",
    create: async (name) => void (await admin.execute(`CREATE DATABASE ${q(name)}`)),
    async drop(name) {
      // Sessions still on it (a migration interrupted mid-statement) are ended first.
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await admin.execute(`DROP DATABASE IF EXISTS ${q(name)}`);
    },
  });
}

