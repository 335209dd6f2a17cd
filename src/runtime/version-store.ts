import { UserError } from '../errors.js';
import type { Table } from '../schema/model.js';
import type { VersionChange } from '../script/migration-plan.js';
import type { DatabaseAdapter } from '../dialect/adapter.js';
import type { SqlTarget } from './sql-target.js';

export interface VersionTableNames {
  versionTable: string;
  versionTableSchema: string | undefined;
  logTable: string;
}

/** The version table: Alembic's layout exactly, so `alembic_version` can be adopted as is. */
export function versionTableModel(names: VersionTableNames): Table {
  return {
    name: names.versionTable,
    ...(names.versionTableSchema ? { schema: names.versionTableSchema } : {}),
    columns: [{ name: 'version_num', type: { kind: 'varchar', length: 32 }, nullable: false, primaryKey: true, autoincrement: false }],
    primaryKey: { name: `${names.versionTable}_pkc`, columns: ['version_num'] },
    indexes: [],
    uniques: [],
    foreignKeys: [],
    checks: [],
  };
}

/** The log beside it: one row per step run, with the file's checksum. */
export function logTableModel(names: VersionTableNames): Table {
  const v = (name: string, length: number, nullable = false) => ({ name, type: { kind: 'varchar' as const, length }, nullable, primaryKey: false, autoincrement: false });
  return {
    name: names.logTable,
    ...(names.versionTableSchema ? { schema: names.versionTableSchema } : {}),
    columns: [
      { name: 'id', type: { kind: 'integer' }, nullable: false, primaryKey: true, autoincrement: true },
      v('revision', 32),
      v('direction', 8),
      v('checksum', 64, true),
      v('status', 16),
      v('started_at', 32),
      v('finished_at', 32, true),
      { name: 'duration_ms', type: { kind: 'integer' }, nullable: true, primaryKey: false, autoincrement: false },
    ],
    primaryKey: { name: `${names.logTable}_pkc`, columns: ['id'] },
    indexes: [],
    uniques: [],
    foreignKeys: [],
    checks: [],
  };
}

export interface LogEntry {
  revision: string;
  direction: 'up' | 'down';
  checksum: string | null;
  status: 'running' | 'done' | 'failed' | 'stamped';
  startedAt: Date;
  finishedAt?: Date;
}

/** Reads and writes the version and log tables through a target (online or offline). */
export class VersionStore {
  constructor(
    private readonly target: SqlTarget,
    private readonly names: VersionTableNames,
  ) {}

  private get q() {
    const d = this.target.dialect;
    const s = this.names.versionTableSchema ? `${d.quote(this.names.versionTableSchema)}.` : '';
    return { version: s + d.quote(this.names.versionTable), log: s + d.quote(this.names.logTable) };
  }

  /** Creates whichever of the two tables is missing (online), or writes their DDL (offline). */
  async ensure(adapter?: DatabaseAdapter): Promise<void> {
    const existing = adapter ? await adapter.introspect([this.names.versionTable, this.names.logTable]) : new Map<string, Table>();
    if (!existing.has(this.names.versionTable)) await this.target.run(this.target.dialect.createTableSql(versionTableModel(this.names)));
    if (!this.target.offline && !existing.has(this.names.logTable)) await this.target.run(this.target.dialect.createTableSql(logTableModel(this.names)));
  }

  /** The current heads; none when the version table does not exist yet. */
  async heads(adapter: DatabaseAdapter): Promise<string[]> {
    const tables = await adapter.introspect([this.names.versionTable, 'alembic_version', 'ambix_version']);
    const table = tables.get(this.names.versionTable);
    if (!table) {
      const other = ['alembic_version', 'ambix_version'].find((n) => n !== this.names.versionTable && tables.has(n));
      if (other) {
        const rows = await adapter.conn.query(`SELECT COUNT(*) AS n FROM ${adapter.dialect.quote(other)}`);
        if (Number(rows[0]?.n) > 0) {
          throw new UserError(
            `${adapter.description} has no ${this.names.versionTable} table but is managed with ${other}`,
            `Set versionTable: '${other}' in the config to adopt it, or pass --url for another database.`,
          );
        }
      }
      return [];
    }
    if (!table.columns.some((c) => c.name === 'version_num')) {
      throw new UserError(`${adapter.description} has a table ${this.names.versionTable} that is not a version table (no version_num column)`, 'Set versionTable in the config to a name ambix can own.');
    }
    const rows = await adapter.conn.query(`SELECT version_num FROM ${this.q.version}`);
    return rows.map((r) => String(r.version_num));
  }

  /** Applies head changes; online, an UPDATE or DELETE must hit exactly one row. */
  async apply(changes: readonly VersionChange[]): Promise<void> {
    for (const c of changes) {
      let n: number;
      if (c.kind === 'insert') n = await this.target.run({ sql: `INSERT INTO ${this.q.version} (version_num) VALUES (?)`, params: [c.revision] });
      else if (c.kind === 'delete') n = await this.target.run({ sql: `DELETE FROM ${this.q.version} WHERE version_num = ?`, params: [c.revision] });
      else n = await this.target.run({ sql: `UPDATE ${this.q.version} SET version_num = ? WHERE version_num = ?`, params: [c.to, c.from] });
      if (!this.target.offline && n !== 1) {
        throw new UserError(`The version table did not hold the expected row (${JSON.stringify(c)}): another process changed it`, 'Run `ambix current` to see where the database is.');
      }
    }
  }

  /** Removes every row (`stamp --purge`). */
  async purge(): Promise<void> {
    await this.target.run(`DELETE FROM ${this.q.version}`);
  }

  async log(entry: LogEntry): Promise<void> {
    if (this.target.offline) return;
    await this.target.run({
      sql: `INSERT INTO ${this.q.log} (revision, direction, checksum, status, started_at, finished_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      params: [
        entry.revision,
        entry.direction,
        entry.checksum,
        entry.status,
        entry.startedAt.toISOString(),
        entry.finishedAt?.toISOString() ?? null,
        entry.finishedAt ? entry.finishedAt.getTime() - entry.startedAt.getTime() : null,
      ],
    });
  }

  /** Marks the newest `running` row of a revision done (databases without transactional DDL). */
  async finish(revision: string, direction: 'up' | 'down', startedAt: Date, finishedAt: Date): Promise<void> {
    if (this.target.offline) return;
    await this.target.run({
      sql: `UPDATE ${this.q.log} SET status = 'done', finished_at = ?, duration_ms = ? WHERE revision = ? AND direction = ? AND status = 'running' AND started_at = ?`,
      params: [finishedAt.toISOString(), finishedAt.getTime() - startedAt.getTime(), revision, direction, startedAt.toISOString()],
    });
  }

  /**
   * Marks the newest `running` row of a revision `failed`: a step that failed before any of its
   * statements ran (databases without transactional DDL), so nothing is left to repair.
   */
  async abandon(revision: string, direction: 'up' | 'down', startedAt: Date): Promise<void> {
    if (this.target.offline) return;
    await this.target.run({
      sql: `UPDATE ${this.q.log} SET status = 'failed', finished_at = ? WHERE revision = ? AND direction = ? AND status = 'running' AND started_at = ?`,
      params: [new Date().toISOString(), revision, direction, startedAt.toISOString()],
    });
  }

  /**
   * Closes log rows left `running` (a crash mid-step on a database without transactional
   * DDL): `stamp` records the database's real state, so the open step no longer blocks.
   */
  async closeUnfinished(adapter: DatabaseAdapter): Promise<number> {
    if (this.target.offline || !(await adapter.introspect([this.names.logTable])).has(this.names.logTable)) return 0;
    return this.target.run({ sql: `UPDATE ${this.q.log} SET status = 'stamped', finished_at = ? WHERE status = 'running'`, params: [new Date().toISOString()] });
  }

  /** The log rows of steps that started and never finished (a process killed mid-way on MySQL). */
  async unfinished(adapter: DatabaseAdapter): Promise<{ revision: string; direction: string; startedAt: string }[]> {
    const rows = await this.rows(adapter, `SELECT revision, direction, started_at FROM ${this.q.log} WHERE status = 'running' ORDER BY id`);
    return rows.map((r) => ({ revision: String(r.revision), direction: String(r.direction), startedAt: String(r.started_at) }));
  }

  /** The checksum each revision's file had when it was last applied. */
  async appliedChecksums(adapter: DatabaseAdapter): Promise<Map<string, string>> {
    const rows = await this.rows(adapter, `SELECT revision, direction, checksum FROM ${this.q.log} WHERE status = 'done' ORDER BY id`);
    const out = new Map<string, string>();
    for (const r of rows) {
      if (r.direction === 'up' && r.checksum) out.set(String(r.revision), String(r.checksum));
      else out.delete(String(r.revision));
    }
    return out;
  }

  private async rows(adapter: DatabaseAdapter, sql: string): Promise<Record<string, unknown>[]> {
    const t = await adapter.introspect([this.names.logTable]);
    return t.has(this.names.logTable) ? adapter.conn.query(sql) : [];
  }
}

