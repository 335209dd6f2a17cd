// The pglite: driver: PostgreSQL in this process through @electric-sql/pglite, behind the same
// Connection shape as pg's, with the server's own transaction status. Each PGlite start runs
// initdb (seconds), so the in-memory database is opened once for the statement tests.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, parsePgliteUrl, type PgliteConnection } from '../../src/dialect/pglite/pglite-driver.js';
import { UserError } from '../../src/errors.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ambix-pglite-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('URLs', () => {
  it('reads pglite::memory: and data directories relative to the project root or absolute', () => {
    expect(parsePgliteUrl('pglite::memory:', '/app')).toEqual({ kind: 'memory' });
    expect(parsePgliteUrl('pglite:./data/pg', '/app')).toEqual({ kind: 'dir', path: '/app/data/pg' });
    expect(parsePgliteUrl('pglite:data/pg', '/app')).toEqual({ kind: 'dir', path: '/app/data/pg' });
    expect(parsePgliteUrl('pglite:/var/lib/pg', '/app')).toEqual({ kind: 'dir', path: '/var/lib/pg' });
    expect(() => parsePgliteUrl('pglite:', '/app')).toThrow(UserError);
    expect(() => parsePgliteUrl('pglite://host/db', '/app')).toThrow(UserError);
    expect(() => parsePgliteUrl('pglite:idb://db', '/app')).toThrow(UserError);
  });

  it('refuses a folder that is neither empty nor a data directory, and a file, before starting PGlite', async () => {
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/index.ts'), 'export {};');
    await expect(openPglite('pglite:./src', dir)).rejects.toThrow(`${join(dir, 'src')} is not a PGlite data directory`);
    expect(existsSync(join(dir, 'src/PG_VERSION'))).toBe(false);
    writeFileSync(join(dir, 'file'), 'x');
    await expect(openPglite('pglite:./file', dir)).rejects.toThrow(UserError);
  });
});

describe('in memory', () => {
  let conn: PgliteConnection;
  beforeAll(async () => {
    conn = await openPglite('pglite::memory:', dir);
  });
  afterAll(async () => {
    await conn.close();
  });

  it('is PostgreSQL, idle at first, named by its URL', async () => {
    expect(conn.description).toBe('pglite::memory:');
    expect(conn.dataDir).toBeUndefined();
    expect(conn.transactionStatus).toBe('I');
    expect(await conn.query('SELECT current_schema() AS s')).toEqual([{ s: 'public' }]);
    expect(String((await conn.query('SELECT version() AS v'))[0]?.v)).toMatch(/^PostgreSQL \d+/);
  });

  it('binds ? and $1 placeholders, and reads values back as pg does', async () => {
    await conn.execute('CREATE TABLE item (id bigint PRIMARY KEY, name text NOT NULL, price numeric(8, 2), data bytea, tags text[], meta jsonb, born date)');
    expect(await conn.execute('INSERT INTO item (id, name, price, data, tags, meta, born) VALUES (?, ?, ?, ?, ?, ?, ?)', ['9007199254740993', "it's", '1.50', Buffer.from([1, 2, 3]), ['a', 'b'], '{"k":1}', '2024-01-02'])).toBe(1);
    expect(await conn.execute('INSERT INTO item (id, name) VALUES ($1, $2), ($3, $2)', [2, 'two', 3])).toBe(2);
    // A ? inside a string literal is not a placeholder.
    expect(await conn.query(`SELECT id FROM item WHERE name = ? AND '?' = '?' ORDER BY id`, ['two'])).toEqual([{ id: '2' }, { id: '3' }]);
    expect(await conn.query('SELECT * FROM item WHERE id = $1', ['9007199254740993'])).toEqual([
      { id: '9007199254740993', name: "it's", price: '1.50', data: Buffer.from([1, 2, 3]), tags: ['a', 'b'], meta: { k: 1 }, born: new Date(2024, 0, 2) },
    ]);
    expect(await conn.query('SELECT count(*) AS n, $1::boolean AS b, $2::int AS i FROM item', [true, 7])).toEqual([{ n: '3', b: true, i: 7 }]);
    expect(await conn.execute('UPDATE item SET price = ? WHERE id < ?', ['2.00', 100])).toBe(2);
    expect(await conn.execute('DELETE FROM item WHERE id = 3')).toBe(1);
    expect(await conn.execute('CREATE INDEX item_name ON item (name)')).toBe(0);
  });

  it('runs a script of several statements; a query without parameters returns the last one', async () => {
    await conn.executeScript(`
      CREATE TYPE mood AS ENUM ('sad', 'ok');
      CREATE TABLE person (id serial PRIMARY KEY, m mood NOT NULL DEFAULT 'ok'); -- a comment
      INSERT INTO person (m) VALUES ('sad'), ('ok');
      CREATE FUNCTION twice(x int) RETURNS int LANGUAGE sql AS $$ SELECT x * 2; $$;`);
    expect(await conn.query(`SELECT 1 AS a; SELECT twice(count(*)::int) AS n FROM person WHERE m = 'sad'`)).toEqual([{ n: 2 }]);
    expect(await conn.execute(`UPDATE person SET m = 'ok'; UPDATE person SET m = 'sad' WHERE id = 1`)).toBe(1);
  });

  it('reports the server transaction status through BEGIN, an error and ROLLBACK', async () => {
    expect(conn.transactionStatus).toBe('I');
    await conn.execute('BEGIN');
    expect(conn.transactionStatus).toBe('T');
    await conn.execute('CREATE TABLE doomed (x int)');
    await expect(conn.execute('INSERT INTO doomed VALUES (?)', ['not a number'])).rejects.toMatchObject({ code: '22P02' });
    expect(conn.transactionStatus).toBe('E');
    await expect(conn.query('SELECT 1 AS one')).rejects.toMatchObject({ code: '25P02' });
    expect(conn.transactionStatus).toBe('E');
    await conn.execute('ROLLBACK');
    expect(conn.transactionStatus).toBe('I');
    // The DDL rolled back with the transaction.
    expect(await conn.query(`SELECT to_regclass('doomed') AS t`)).toEqual([{ t: null }]);
  });

  it('follows savepoints, BEGIN and COMMIT sent inside a script, and a COMMIT that rolls back', async () => {
    await conn.executeScript('BEGIN; SAVEPOINT s; CREATE TABLE kept (x int)');
    expect(conn.transactionStatus).toBe('T');
    await expect(conn.query('SELECT 1 / 0')).rejects.toMatchObject({ code: '22012' });
    expect(conn.transactionStatus).toBe('E');
    await conn.execute('ROLLBACK TO SAVEPOINT s');
    expect(conn.transactionStatus).toBe('T');
    await conn.executeScript('CREATE TABLE kept (x int); COMMIT');
    expect(conn.transactionStatus).toBe('I');
    expect(await conn.query(`SELECT to_regclass('kept')::text AS t`)).toEqual([{ t: 'kept' }]);

    await conn.execute('BEGIN');
    await conn.execute('INSERT INTO kept VALUES (1)');
    await expect(conn.execute('INSERT INTO kept VALUES (1 / 0)')).rejects.toMatchObject({ code: '22012' });
    // PostgreSQL answers COMMIT of a failed transaction with a rollback, not an error.
    await conn.execute('COMMIT');
    expect(conn.transactionStatus).toBe('I');
    expect(await conn.query('SELECT count(*) AS n FROM kept')).toEqual([{ n: '0' }]);
  });

  it('a missing table keeps its PostgreSQL error code and message', async () => {
    const error = await conn.query('SELECT * FROM no_such_table WHERE x = ?', [1]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '42P01', message: 'relation "no_such_table" does not exist' });
    await expect(conn.executeScript('SELECT 1; SELECT * FROM no_such_table')).rejects.toMatchObject({ code: '42P01', message: 'relation "no_such_table" does not exist' });
    await expect(conn.execute('INSERT INTO item (id, name) VALUES (2, ?)', ['dup'])).rejects.toMatchObject({ code: '23505', constraint: 'item_pkey' });
    expect(conn.transactionStatus).toBe('I');
  });

  it('runs statements sent at once one at a time, in order', async () => {
    await conn.execute('CREATE TABLE seq (n int)');
    const sent = [conn.execute('BEGIN'), ...[1, 2, 3, 4, 5].map((n) => conn.execute('INSERT INTO seq VALUES (?)', [n])), conn.query('SELECT array_agg(n ORDER BY n) AS ns FROM seq'), conn.execute('COMMIT')];
    const results = await Promise.all(sent);
    expect(results[6]).toEqual([{ ns: [1, 2, 3, 4, 5] }]);
    expect(conn.transactionStatus).toBe('I');
  });

  it('takes and releases advisory locks as the PostgreSQL adapter does', async () => {
    expect(await conn.query('SELECT pg_try_advisory_lock($1::bigint) AS ok', ['-4242424242424242'])).toEqual([{ ok: true }]);
    expect(await conn.query('SELECT pg_advisory_unlock($1::bigint) AS ok', ['-4242424242424242'])).toEqual([{ ok: true }]);
  });
});

describe('a data directory', () => {
  it('is made under the project root, and a reopened one keeps its tables', async () => {
    const url = 'pglite:./data/pg';
    const first = await openPglite(url, dir);
    expect(first.description).toBe(url);
    expect(first.dataDir).toBe(join(dir, 'data/pg'));
    expect(existsSync(join(dir, 'data/pg/PG_VERSION'))).toBe(true);
    await first.executeScript(`CREATE TABLE note (id int PRIMARY KEY, body text); CREATE INDEX note_body ON note (body)`);
    // A statement sent before close() still runs; one sent after is refused.
    const inserted = first.execute('INSERT INTO note VALUES (?, ?)', [1, 'kept']);
    await first.close();
    expect(await inserted).toBe(1);
    expect(first.transactionStatus).toBeNull();
    await expect(first.query('SELECT 1')).rejects.toThrow(UserError);

    const again = await openPglite(url, dir);
    try {
      expect(again.transactionStatus).toBe('I');
      expect(await again.query('SELECT id, body FROM note')).toEqual([{ id: 1, body: 'kept' }]);
      expect(await again.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'note' ORDER BY 1`)).toEqual([{ indexname: 'note_body' }, { indexname: 'note_pkey' }]);
    } finally {
      await again.close();
    }
  });
});
