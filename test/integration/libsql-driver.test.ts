// The libsql: driver on local files through @libsql/client's native part: one connection for
// every statement (ambix's own BEGIN, COMMIT and PRAGMAs included), values in and out as
// better-sqlite3 gives them, and what a migrator needs of SQLite's pragmas and VACUUM INTO.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createClient } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibsqlConnection, openLibsql } from '../../src/dialect/libsql/libsql-driver.js';
import { parseLibsqlUrl } from '../../src/dialect/libsql/libsql-url.js';
import { UserError } from '../../src/errors.js';

let dir: string;
const open: LibsqlConnection[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ambix-libsql-'));
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  rmSync(dir, { recursive: true, force: true });
});

async function connect(url = 'libsql:file:./data/app.db', options: { busyTimeout?: number } = {}): Promise<LibsqlConnection> {
  const conn = await openLibsql(url, dir, options);
  open.push(conn);
  return conn;
}

describe('opening', () => {
  it('resolves a relative file against the project root and creates its folder', async () => {
    const conn = await connect();
    expect(conn.file).toBe(join(dir, 'data/app.db'));
    expect(existsSync(join(dir, 'data/app.db'))).toBe(true);
    expect(conn.description).toBe('libsql:file:./data/app.db');
    expect(conn.remote).toBe(false);
  });

  it('reads file:, file:///, file::memory: and libsql://host URLs', () => {
    expect(parseLibsqlUrl('libsql:file:/abs/app.db', dir)).toEqual({ kind: 'file', path: '/abs/app.db' });
    expect(parseLibsqlUrl('libsql:file:///abs/my%20app.db', dir)).toEqual({ kind: 'file', path: '/abs/my app.db' });
    expect(parseLibsqlUrl('libsql:file:app.db', dir)).toEqual({ kind: 'file', path: join(dir, 'app.db') });
    expect(parseLibsqlUrl('libsql:file::memory:', dir)).toEqual({ kind: 'memory' });
    expect(parseLibsqlUrl('libsql://db-org.turso.io?authToken=abc', dir)).toEqual({ kind: 'remote', url: 'https://db-org.turso.io', authToken: 'abc' });
    expect(parseLibsqlUrl('libsql://localhost:8080?tls=0', dir)).toEqual({ kind: 'remote', url: 'http://localhost:8080', authToken: undefined });
    expect(() => parseLibsqlUrl('libsql:file:./app.db?mode=ro', dir)).toThrow(UserError);
  });

  it('an in-memory database lives as long as its one connection', async () => {
    const conn = await connect('libsql:file::memory:');
    await conn.execute('CREATE TABLE t (x INTEGER)');
    await conn.execute('INSERT INTO t VALUES (?)', [1]);
    expect(await conn.query('SELECT x FROM t')).toEqual([{ x: 1 }]);
    expect(conn.file).toBeUndefined();
  });

  it('a server it cannot reach is a UserError naming the URL with its authToken masked', async () => {
    const error = await openLibsql('libsql://127.0.0.1:9?tls=0&authToken=s3cret', dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('CONNECTION_FAILED');
    expect((error as UserError).message).toContain('libsql://127.0.0.1:9?tls=0&authToken=***');
    expect((error as UserError).message).not.toContain('s3cret');
  });

  it('a file that is not a database is a UserError', async () => {
    writeFileSync(join(dir, 'junk.db'), 'x'.repeat(4096));
    await expect(openLibsql('libsql:file:./junk.db', dir)).rejects.toThrow(`${join(dir, 'junk.db')} is not a SQLite database`);
  });
});

describe('statements', () => {
  it('binds parameters and reads values back as better-sqlite3 does', async () => {
    const conn = await connect();
    await conn.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, s TEXT, r REAL, b BLOB, flag INTEGER, at TEXT)');
    const at = new Date('2024-05-06T07:08:09.000Z');
    expect(await conn.execute('INSERT INTO t (n, s, r, b, flag, at) VALUES (?, ?, ?, ?, ?, ?)', [42, 'héllo', 1.5, new Uint8Array([1, 2, 3]), true, at])).toBe(1);
    expect(await conn.execute('INSERT INTO t (n, s, b, flag) VALUES (?, ?, ?, ?)', [2n ** 60n, null, Buffer.from([9]), false])).toBe(1);
    const rows = await conn.query('SELECT * FROM t ORDER BY id');
    expect(rows[0]).toEqual({ id: 1, n: 42, s: 'héllo', r: 1.5, b: Buffer.from([1, 2, 3]), flag: 1, at: '2024-05-06T07:08:09.000Z' });
    expect(Buffer.isBuffer(rows[0]!.b)).toBe(true);
    // Integers beyond 2^53 stay exact, as bigint.
    expect(rows[1]).toMatchObject({ id: 2, n: 2n ** 60n, s: null, b: Buffer.from([9]), flag: 0, r: null, at: null });
    expect(await conn.execute('UPDATE t SET s = ? WHERE id > ?', ['x', 0])).toBe(2);
    expect(await conn.execute(`UPDATE t SET s = 'y'`)).toBe(2);
    expect(await conn.execute('CREATE INDEX ix_t_s ON t (s)')).toBe(0);
    expect(await conn.query('SELECT 1 AS a, 2 AS a')).toEqual([{ a: 2 }]);
  });

  it('runs a script of several statements', async () => {
    const conn = await connect();
    await conn.executeScript(`CREATE TABLE a (x INTEGER);
      INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);
      CREATE TABLE b (y TEXT); -- a comment
      CREATE TRIGGER a_ins AFTER INSERT ON a BEGIN INSERT INTO b VALUES ('row ' || NEW.x); END;`);
    await conn.execute('INSERT INTO a VALUES (?)', [3]);
    expect(await conn.query('SELECT count(*) AS n FROM a')).toEqual([{ n: 3 }]);
    expect(await conn.query('SELECT y FROM b')).toEqual([{ y: 'row 3' }]);
  });

  it('refuses a second statement where libsql would silently drop it', async () => {
    const conn = await connect();
    await conn.execute('CREATE TABLE a (x INTEGER)');
    await expect(conn.execute('INSERT INTO a VALUES (?); DELETE FROM a', [1])).rejects.toThrow('more than one statement');
    await expect(conn.query('SELECT 1; SELECT 2')).rejects.toThrow('more than one statement');
    expect(await conn.query(`SELECT ';' AS s; -- trailing comment`)).toEqual([{ s: ';' }]);
  });

  it('a bad statement fails with SQLite error codes', async () => {
    const conn = await connect();
    await expect(conn.query('SELEC 1')).rejects.toMatchObject({ code: 'SQLITE_ERROR', message: 'near "SELEC": syntax error' });
    await expect(conn.query('SELECT * FROM nope')).rejects.toMatchObject({ code: 'SQLITE_ERROR', message: 'no such table: nope' });
    await conn.execute('CREATE TABLE u (x TEXT UNIQUE)');
    await conn.execute(`INSERT INTO u VALUES ('a')`);
    await expect(conn.execute('INSERT INTO u VALUES (?)', ['a'])).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: u.x' });
  });
});

describe('one connection: transactions and pragmas', () => {
  it('(@libsql/client 0.18) client.execute() does not keep a BEGIN: its file: client is a pool that rolls back what a call leaves open', async () => {
    const client = createClient({ url: `file:${join(dir, 'client.db')}` });
    try {
      await client.execute('CREATE TABLE t (x INTEGER)');
      await client.execute('BEGIN IMMEDIATE');
      await client.execute('INSERT INTO t VALUES (1)');
      await expect(client.execute('ROLLBACK')).rejects.toThrow('no transaction is active');
      expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]?.n).toBe(1);
      // Each new connection of libSQL has foreign keys on.
      expect((await client.execute('PRAGMA foreign_keys')).rows[0]?.foreign_keys).toBe(1);
    } finally {
      client.close();
    }
  });

  it('BEGIN then ROLLBACK through execute() leaves nothing', async () => {
    const conn = await connect();
    await conn.execute('CREATE TABLE t (x INTEGER)');
    await conn.execute('BEGIN IMMEDIATE');
    await conn.execute('INSERT INTO t VALUES (?)', [1]);
    await conn.execute('CREATE TABLE u (y INTEGER)');
    expect(await conn.query('SELECT count(*) AS n FROM t')).toEqual([{ n: 1 }]);
    await conn.execute('ROLLBACK');
    expect(await conn.query('SELECT count(*) AS n FROM t')).toEqual([{ n: 0 }]);
    expect(await conn.query(`SELECT name FROM sqlite_schema WHERE name = 'u'`)).toEqual([]);
  });

  it('inTransaction follows BEGIN and COMMIT, and a second connection sees the commit only', async () => {
    const conn = await connect();
    await conn.execute('CREATE TABLE t (x INTEGER)');
    expect(conn.inTransaction).toBe(false);
    await conn.execute('BEGIN');
    expect(conn.inTransaction).toBe(true);
    await conn.execute('INSERT INTO t VALUES (?)', [1]);
    const other = await connect();
    expect(await other.query('SELECT count(*) AS n FROM t')).toEqual([{ n: 0 }]);
    await conn.execute('COMMIT');
    expect(conn.inTransaction).toBe(false);
    expect(await other.query('SELECT count(*) AS n FROM t')).toEqual([{ n: 1 }]);
    await conn.executeScript('BEGIN IMMEDIATE; INSERT INTO t VALUES (2);');
    expect(conn.inTransaction).toBe(true);
    await conn.execute('END');
    expect(conn.inTransaction).toBe(false);
    await conn.close();
    expect(conn.inTransaction).toBe(false);
  });

  it('answers the pragmas the SQLite adapter and introspector ask', async () => {
    const conn = await connect();
    expect(await conn.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 0 }]);
    expect(await conn.query('PRAGMA journal_mode = WAL')).toEqual([{ journal_mode: 'wal' }]);
    expect(await conn.execute('PRAGMA synchronous = NORMAL')).toBe(0);
    expect(await conn.query('PRAGMA synchronous')).toEqual([{ synchronous: 1 }]);
    await conn.executeScript(`CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
      CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE CASCADE, v TEXT DEFAULT 'x');
      CREATE INDEX ix_c_v ON c (v) WHERE v IS NOT NULL;
      INSERT INTO c (p_id) VALUES (42);`);
    expect(await conn.query('PRAGMA foreign_key_check')).toEqual([{ table: 'c', rowid: 1, parent: 'p', fkid: 0 }]);
    expect(await conn.query('PRAGMA table_info(c)')).toEqual([
      { cid: 0, name: 'id', type: 'INTEGER', notnull: 0, dflt_value: null, pk: 1 },
      { cid: 1, name: 'p_id', type: 'INTEGER', notnull: 0, dflt_value: null, pk: 0 },
      { cid: 2, name: 'v', type: 'TEXT', notnull: 0, dflt_value: "'x'", pk: 0 },
    ]);
    expect(await conn.query('PRAGMA index_list(c)')).toEqual([{ seq: 0, name: 'ix_c_v', unique: 0, origin: 'c', partial: 1 }]);
    expect(await conn.query('PRAGMA foreign_key_list(c)')).toEqual([{ id: 0, seq: 0, table: 'p', from: 'p_id', to: 'id', on_update: 'NO ACTION', on_delete: 'CASCADE', match: 'NONE' }]);
    expect(await conn.query(`SELECT m.name AS tbl, il.name AS idx, ii.name AS col FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii WHERE m.type = 'table' AND m.name IN (?, ?) ORDER BY 1, 2`, ['c', 'p'])).toEqual([
      { tbl: 'c', idx: 'ix_c_v', col: 'v' },
      { tbl: 'p', idx: 'sqlite_autoindex_p_1', col: 'name' },
    ]);
    expect(await conn.query(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`, ['p'])).toEqual([{ sql: 'CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)' }]);
    // Foreign keys are off, so a parent table can be dropped without emptying its children.
    await conn.execute(`INSERT INTO p (id, name) VALUES (42, 'x')`);
    await conn.execute('DROP TABLE p');
    expect(await conn.query('SELECT count(*) AS n FROM c')).toEqual([{ n: 1 }]);
  });

  it('VACUUM INTO writes a copy another connection can read', async () => {
    const conn = await connect();
    await conn.executeScript(`PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);`);
    await conn.execute('BEGIN');
    await expect(conn.execute('VACUUM INTO ?', [join(dir, 'in-tx.db')])).rejects.toThrow('cannot VACUUM from within a transaction');
    await conn.execute('ROLLBACK');
    await conn.execute('VACUUM INTO ?', [join(dir, 'backup.db')]);
    await expect(conn.execute('VACUUM INTO ?', [join(dir, 'backup.db')])).rejects.toThrow('output file already exists');
    const copy = await connect('libsql:file:./backup.db');
    expect(await copy.query('SELECT x FROM t ORDER BY x')).toEqual([{ x: 1 }, { x: 2 }]);
    // The copy is a plain file, in rollback-journal mode: nothing of the WAL is needed.
    expect(await copy.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'delete' }]);
  });

  it('a locked database fails with SQLITE_BUSY, and the connection works once the lock is gone', async () => {
    const holder = await connect();
    await holder.execute('CREATE TABLE t (x INTEGER)');
    const waiter = await connect('libsql:file:./data/app.db', { busyTimeout: 0 });
    await holder.execute('BEGIN IMMEDIATE');
    const busy = { code: 'SQLITE_BUSY', message: 'database is locked' };
    await expect(waiter.execute('BEGIN IMMEDIATE')).rejects.toMatchObject(busy);
    await expect(waiter.execute('INSERT INTO t VALUES (?)', [1])).rejects.toMatchObject(busy);
    expect(waiter.inTransaction).toBe(false);
    await holder.execute('COMMIT');
    // libsql leaves a prepared statement that failed busy in progress; the driver has it finalized.
    await waiter.execute('BEGIN IMMEDIATE');
    await waiter.execute('INSERT INTO t VALUES (?)', [2]);
    await waiter.execute('COMMIT');
    await holder.execute('BEGIN EXCLUSIVE');
    await holder.execute('COMMIT');
    expect(await holder.query('SELECT x FROM t')).toEqual([{ x: 2 }]);
  });

  it('a read that failed busy keeps no shared lock behind (rollback journal)', async () => {
    const holder = await connect();
    await holder.execute('CREATE TABLE t (x INTEGER)');
    expect(await holder.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'delete' }]);
    const reader = await connect('libsql:file:./data/app.db', { busyTimeout: 0 });
    await holder.execute('BEGIN EXCLUSIVE');
    await expect(reader.query('SELECT count(*) AS n FROM t WHERE x > ?', [0])).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    await holder.execute('COMMIT');
    // Left in progress, the failed read would hold a shared lock, and this would be busy.
    await holder.execute('BEGIN EXCLUSIVE');
    await holder.execute('COMMIT');
  });

  it('close() lets go of the file: another connection can then take it out of WAL mode', async () => {
    const first = await connect();
    expect(await first.query('PRAGMA journal_mode = WAL')).toEqual([{ journal_mode: 'wal' }]);
    await first.execute('CREATE TABLE t (x INTEGER)');
    await first.execute('INSERT INTO t VALUES (?)', [1]);
    await first.query('SELECT x FROM t');
    await first.close();
    // libsql closes a connection only once its statements are collected; left open, it would make this busy.
    const second = await connect();
    expect(await second.query('PRAGMA journal_mode = DELETE')).toEqual([{ journal_mode: 'delete' }]);
  });

  it('waits busyTimeout for a lock before failing', async () => {
    const holder = await connect();
    const waiter = await connect('libsql:file:./data/app.db', { busyTimeout: 300 });
    await holder.execute('BEGIN IMMEDIATE');
    const started = Date.now();
    await expect(waiter.execute('BEGIN IMMEDIATE')).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await holder.execute('ROLLBACK');
  });
});

/**
 * A stand-in for sqld/Turso: Hrana v3 over HTTP (the pipeline and cursor endpoints), each stream
 * (baton) one better-sqlite3 connection with foreign keys on. In a worker thread, because libsql's
 * remote client blocks the main thread while it waits for the server.
 */
const HRANA_SERVER = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const streams = new Map();
const requests = [];
let next = 1;
const out = (v) => v === null ? { type: 'null' } : typeof v === 'bigint' ? { type: 'integer', value: String(v) } : typeof v === 'number' ? { type: 'float', value: v } : Buffer.isBuffer(v) ? { type: 'blob', base64: v.toString('base64') } : { type: 'text', value: v };
const arg = (v) => v.type === 'null' ? null : v.type === 'integer' ? BigInt(v.value) : v.type === 'blob' ? Buffer.from(v.base64, 'base64') : v.value;
function run(db, stmt) {
  const s = db.prepare(stmt.sql).safeIntegers(true);
  const args = (stmt.args || []).map(arg);
  if (!s.reader) return { cols: [], rows: [], affected_row_count: s.run(...args).changes, last_insert_rowid: null };
  return { cols: s.columns().map((c) => ({ name: c.name, decltype: c.type })), rows: s.raw(true).all(...args).map((r) => r.map(out)), affected_row_count: 0, last_insert_rowid: null };
}
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const msg = JSON.parse(body || '{}');
    const id = msg.baton ? Number(msg.baton) : next++;
    if (!streams.has(id)) streams.set(id, new Database(workerData.file));
    const db = streams.get(id);
    const note = (what) => requests.push({ stream: id, auth: req.headers.authorization, what });
    if (req.url.endsWith('/cursor')) {
      const lines = [{ baton: String(id), base_url: null }];
      msg.batch.steps.forEach((step, i) => {
        note(step.stmt.sql);
        try {
          const r = run(db, step.stmt);
          lines.push({ type: 'step_begin', step: i, cols: r.cols }, ...r.rows.map((row) => ({ type: 'row', row })), { type: 'step_end', affected_row_count: r.affected_row_count, last_inserted_rowid: null });
        } catch (e) { lines.push({ type: 'step_error', step: i, error: { message: e.message, code: e.code } }); }
      });
      return res.end(lines.map((l) => JSON.stringify(l)).join('\\n') + '\\n');
    }
    let closed = false;
    const results = msg.requests.map((r) => {
      try {
        if (r.type === 'close') { closed = true; return { type: 'ok', response: { type: 'close' } }; }
        if (r.type === 'get_autocommit') return { type: 'ok', response: { type: 'get_autocommit', is_autocommit: !db.inTransaction } };
        if (r.type === 'describe') { const s = db.prepare(r.sql); return { type: 'ok', response: { type: 'describe', result: { params: [], cols: s.reader ? s.columns().map((c) => ({ name: c.name, decltype: c.type })) : [], is_explain: false, is_readonly: s.readonly } } }; }
        if (r.type === 'execute') { note(r.stmt.sql); return { type: 'ok', response: { type: 'execute', result: run(db, r.stmt) } }; }
        if (r.type === 'batch') {
          const step_results = [], step_errors = [];
          for (const step of r.batch.steps) {
            note(step.stmt.sql);
            try { step_results.push(run(db, step.stmt)); step_errors.push(null); } catch (e) { step_results.push(null); step_errors.push({ message: e.message, code: e.code }); }
          }
          return { type: 'ok', response: { type: 'batch', result: { step_results, step_errors } } };
        }
        return { type: 'error', error: { message: 'unsupported: ' + r.type } };
      } catch (e) { return { type: 'error', error: { message: e.message, code: e.code } }; }
    });
    if (closed) { db.close(); streams.delete(id); }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ baton: closed ? null : String(id), base_url: null, results }));
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', () => parentPort.postMessage({ requests: requests.splice(0) }));
`;

interface HranaRequest {
  stream: number;
  auth: string | undefined;
  what: string;
}

describe('remote (libsql://, against a Hrana v3 stand-in)', () => {
  let worker: Worker;
  let port: number;
  beforeEach(async () => {
    worker = new Worker(HRANA_SERVER, { eval: true, workerData: { file: join(dir, 'server.db'), betterSqlite3: createRequire(import.meta.url).resolve('better-sqlite3') } });
    port = await new Promise<number>((r) => worker.once('message', (m: { port: number }) => r(m.port)));
  });
  afterEach(async () => {
    await worker.terminate();
  });
  const requests = () => new Promise<HranaRequest[]>((r) => {
    worker.once('message', (m: { requests: HranaRequest[] }) => r(m.requests));
    worker.postMessage('requests');
  });

  it('sends the authToken, keeps a transaction on one stream, and turns foreign keys off for it', async () => {
    const conn = await connect(`libsql://127.0.0.1:${port}?tls=0&authToken=t0ken`);
    expect(conn.remote).toBe(true);
    expect(conn.description).toBe(`libsql://127.0.0.1:${port}?tls=0&authToken=***`);
    await conn.executeScript('CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE CASCADE)');
    expect(await conn.execute('INSERT INTO p VALUES (?), (?)', [1, 2])).toBe(2);
    expect(await conn.execute('INSERT INTO c (p_id) VALUES (1), (2)')).toBe(2);
    await requests();

    await conn.execute('BEGIN IMMEDIATE');
    expect(conn.inTransaction).toBe(true);
    expect(await conn.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 0 }]);
    await conn.execute('DROP TABLE p');
    expect(await conn.query('SELECT count(*) AS n FROM c')).toEqual([{ n: 2 }]);
    await conn.execute('ROLLBACK');
    expect(conn.inTransaction).toBe(false);
    const inTransaction = await requests();
    expect(new Set(inTransaction.map((r) => r.stream)).size).toBe(1);
    expect(inTransaction.every((r) => r.auth === 'Bearer t0ken')).toBe(true);
    expect(inTransaction[0]!.what).toMatch(/^PRAGMA foreign_keys = OFF/);

    // Outside a transaction each statement is a stream of its own: foreign keys are on there.
    expect(await conn.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    await conn.execute('DROP TABLE p');
    expect(await conn.query('SELECT count(*) AS n FROM c')).toEqual([{ n: 2 }]);
  });

  it('VACUUM INTO is refused by the client for a remote database', async () => {
    const conn = await connect(`libsql://127.0.0.1:${port}?tls=0`);
    await expect(conn.execute(`VACUUM INTO 'copy.db'`)).rejects.toThrow('Sqlite3UnsupportedStatement');
  });
});
