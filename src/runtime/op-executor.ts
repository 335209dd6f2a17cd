import type { RebuildBatch, TableSource } from '../dialect/dialect.js';
import { statementSql } from '../dialect/statement.js';
import { UserError } from '../errors.js';
import { alterEnumColumns, tablesTouched, type AlterEnumOp, type Operation } from '../ops/operations.js';
import type { OpSink } from '../ops/op-api.js';
import type { Table } from '../schema/model.js';
import type { DatabaseAdapter } from '../dialect/adapter.js';
import type { OfflineSchema } from './offline-schema.js';
import type { SqlTarget } from './sql-target.js';

const JOINABLE = new Set<Operation['kind']>(['addColumn', 'dropColumn', 'alterColumn', 'createIndex', 'dropIndex', 'createUniqueConstraint', 'createForeignKey', 'createCheckConstraint', 'createPrimaryKey', 'dropConstraint']);

/**
 * Runs operations: compiles each through the dialect and sends the SQL to the target.
 * What the dialect cannot ALTER (SQLite) goes to its rebuild, where further changes to the same
 * table join the pending copy, so several alterations cost one. Anything that may look at the
 * table (raw SQL, inserts, getBind, the end of the migration) flushes first.
 */
export class OperationExecutor implements OpSink {
  private readonly rebuilds: RebuildBatch | undefined;
  /** The statement running now, for error messages. */
  current: string | undefined;
  /** Statements this migration has run: where DDL commits as it goes, a failure names them. */
  readonly ran: string[] = [];
  /** Whether the migration used its live connection (`op.getBind()`), whose statements `ran` does not list. */
  usedBind = false;

  usedConnection(): void {
    this.usedBind = true;
  }

  constructor(
    private readonly target: SqlTarget,
    private readonly adapter: DatabaseAdapter | undefined,
    private readonly offline: OfflineSchema | undefined,
    private readonly revision: string,
  ) {
    this.rebuilds = target.dialect.rebuild?.begin({
      table: async (name) => {
        const t = this.offline ? this.offline.require(name, this.revision) : (await this.adapter!.introspect([name])).get(name);
        if (!t) throw new UserError(`No table named '${name}'`, 'Check the name, or create the table first.');
        return t;
      },
      conn: target.offline ? undefined : adapter?.conn,
      send: (s) => this.send(s),
      comment: (text) => target.comment(text),
      rebuilt: (table) => this.offline?.put(table),
    });
  }

  /** Table definitions as the compiler should see them: pending rebuilds first. */
  private readonly tables: TableSource = {
    getTable: async (name, schema) => {
      const p = this.rebuilds?.pending(name);
      if (p) return p;
      if (this.offline) return this.offline.get(name, schema);
      return (await this.adapter!.introspect([name])).get(name);
    },
    // Offline only: online, who uses what is asked of the database itself.
    all: () => this.offline?.all() ?? [],
  };

  async run(op: Operation): Promise<void> {
    if (op.kind === 'alterEnum' && !this.target.dialect.capabilities.namedEnumTypes) {
      // Each column holds its own values (MySQL's inline ENUM, SQLite's CHECK): one type change per column.
      await this.refuseEnumLoss(op);
      for (const a of alterEnumColumns(op)) await this.run(a);
      return;
    }
    if (op.kind === 'execute') await this.flush();
    const touched = tablesTouched(op);
    const table = 'table' in op && typeof op.table === 'string' ? op.table : undefined;
    // A table already waiting for a rebuild takes further changes into the same copy.
    const joins = JOINABLE.has(op.kind) && table !== undefined && this.rebuilds?.pending(table) !== undefined;
    const compiled = joins ? 'rebuild' : await this.target.dialect.compile(op, this.tables);
    if (compiled === 'rebuild') {
      if (!this.rebuilds || table === undefined) throw new Error(`internal: ${this.target.dialect.displayName} asked for a rebuild of ${op.kind} it cannot do`);
      for (const t of touched) if (t !== table) await this.flush(t);
      await this.rebuilds.add(op as Extract<Operation, { table: string }>);
      return;
    }
    for (const t of touched) await this.flush(t);
    for (const s of compiled) await this.send(s);
    this.offline?.apply(op, this.revision);
  }

  /**
   * Online, where the database's own refusal would not name the value (MySQL: "Data truncated
   * for column", SQLite: "CHECK constraint failed"), an enum change that drops values rows still
   * hold is refused before any of its statements runs, naming the values and the column.
   */
  private async refuseEnumLoss(op: AlterEnumOp): Promise<void> {
    if (!this.adapter || this.target.offline) return;
    const q = (name: string) => this.target.dialect.quote(name);
    for (const c of op.columns) {
      // A table waiting for its rebuild still has its old columns: read the column it copies from.
      const pending = this.rebuilds?.source(c.table, c.column);
      const source = pending === undefined ? c.column : pending;
      if (source === null) continue;
      const rows = await this.adapter.conn.query(
        `SELECT DISTINCT ${q(source)} AS v FROM ${q(c.table)} WHERE ${q(source)} NOT IN (${op.values.map(() => '?').join(', ')}) LIMIT 5`,
        [...op.values],
      );
      if (rows.length === 0) continue;
      const held = rows.map((r) => `'${String(r.v)}'`).join(', ');
      throw new UserError(
        `enum ${op.name} can no longer hold ${held}: rows of ${c.table}.${c.column} still do`,
        `Update or delete those rows before the enum changes (op.execute in the same migration, before op.alterEnum), or keep ${rows.length > 1 ? 'those values' : 'that value'} in the enum.`,
      );
    }
  }

  /** Offline: takes a table's shape as declared (op.assumeTable). */
  assume(table: Table): void {
    this.offline?.put(table);
  }

  /** Carries out pending rebuilds: of one table, or all. */
  async flush(table?: string): Promise<void> {
    await this.rebuilds?.flush(table);
  }

  /** After the migration's last operation: pending rebuilds carried out, and what they may have broken checked. */
  async finish(): Promise<void> {
    await this.rebuilds?.verify();
  }

  private async send(s: Parameters<SqlTarget['run']>[0]): Promise<void> {
    this.current = statementSql(s);
    await this.target.run(s);
    if (!this.target.offline) this.ran.push(this.current);
    this.current = undefined;
  }
}
