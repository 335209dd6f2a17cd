import type { TableSource } from '../dialect/dialect.js';
import { statementSql } from '../dialect/statement.js';
import { UserError } from '../errors.js';
import { alterEnumColumns, tablesTouched, type AlterEnumOp, type Operation } from '../ops/operations.js';
import { alterTable } from '../ops/table-alterations.js';
import type { Table } from '../schema/model.js';
import type { DatabaseAdapter } from './adapter.js';
import type { OfflineSchema } from './offline-schema.js';
import type { SqlTarget } from './sql-target.js';

const JOINABLE = new Set<Operation['kind']>(['addColumn', 'dropColumn', 'alterColumn', 'createIndex', 'dropIndex', 'createUniqueConstraint', 'createForeignKey', 'createCheckConstraint', 'createPrimaryKey', 'dropConstraint']);

interface PendingRebuild {
  from: Table;
  to: Table;
  /** New column name → the old column it copies from (null: a new column). */
  origins: Map<string, string | null>;
  ops: Operation[];
}

/**
 * Runs operations: compiles each through the dialect and sends the SQL to the target.
 * What the dialect cannot ALTER (SQLite) becomes a pending rebuild of that table; further
 * such changes to the same table join it, so several alterations cost one copy. Anything
 * that may look at the table (raw SQL, inserts, getBind, the end of the migration) flushes first.
 */
export class OperationExecutor {
  private readonly pending = new Map<string, PendingRebuild>();
  /** Tables rebuilt in this migration: checked for foreign-key violations before commit. */
  readonly rebuilt = new Set<string>();
  /** The statement running now, for error messages. */
  current: string | undefined;
  /** Statements this migration has run: where DDL commits as it goes, a failure names them. */
  readonly ran: string[] = [];
  /** Whether the migration used its live connection (`op.getBind()`), whose statements `ran` does not list. */
  usedBind = false;

  constructor(
    private readonly target: SqlTarget,
    private readonly adapter: DatabaseAdapter | undefined,
    private readonly offline: OfflineSchema | undefined,
    private readonly revision: string,
  ) {}

  /** Table definitions as the compiler should see them: pending rebuilds first. */
  private readonly tables: TableSource = {
    getTable: async (name) => {
      const p = this.pending.get(name);
      if (p) return p.to;
      if (this.offline) return this.offline.get(name);
      return (await this.adapter!.introspect([name])).get(name);
    },
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
    // A table already waiting for a rebuild takes further changes into the same copy.
    if (JOINABLE.has(op.kind) && this.pending.has((op as { table: string }).table)) {
      const name = (op as { table: string }).table;
      for (const t of touched) if (t !== name) await this.flush(t);
      await this.addToRebuild(name, op as Extract<Operation, { table: string }>);
      return;
    }
    const compiled = await this.target.dialect.compile(op, this.tables);
    if (compiled === 'rebuild') {
      const name = (op as { table: string }).table;
      for (const t of touched) if (t !== name) await this.flush(t);
      await this.addToRebuild(name, op as Extract<Operation, { table: string }>);
      return;
    }
    for (const t of touched) await this.flush(t);
    for (const s of compiled) await this.send(s);
    this.offline?.apply(op, this.revision);
  }

  private async addToRebuild(name: string, op: Extract<Operation, { table: string }>): Promise<void> {
    let p = this.pending.get(name);
    if (!p) {
      const from = this.offline ? this.offline.require(name, this.revision) : (await this.adapter!.introspect([name])).get(name);
      if (!from) throw new UserError(`No table named '${name}'`, 'Check the name, or create the table first.');
      const blocker = this.adapter?.rebuildBlocker ? await this.adapter.rebuildBlocker(name) : undefined;
      if (blocker) {
        throw new UserError(`ambix cannot rebuild table ${name} faithfully: ${blocker}`, 'SQLite cannot ALTER this in place; write the change by hand with op.execute (create, copy, drop, rename).');
      }
      p = { from, to: from, origins: new Map(from.columns.map((c) => [c.name, c.name])), ops: [] };
      this.pending.set(name, p);
    }
    p.to = alterTable(p.to, op as Parameters<typeof alterTable>[1]);
    if (op.kind === 'addColumn') p.origins.set(op.column.name, null);
    if (op.kind === 'dropColumn') p.origins.delete(op.column);
    if (op.kind === 'alterColumn' && op.changes.newName && op.changes.newName !== op.column) {
      p.origins.set(op.changes.newName, p.origins.get(op.column) ?? null);
      p.origins.delete(op.column);
    }
    p.ops.push(op);
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
      const p = this.pending.get(c.table);
      const source = p ? p.origins.get(c.column) : c.column;
      if (source === null || source === undefined) continue;
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
    const names = table === undefined ? [...this.pending.keys()] : this.pending.has(table) ? [table] : [];
    for (const name of names) {
      const p = this.pending.get(name)!;
      this.pending.delete(name);
      const dialect = this.target.dialect;
      if (!dialect.rebuildSql) throw new Error(`internal: ${dialect.name} asked for a rebuild it cannot do`);
      const extras = this.adapter ? await this.adapter.surroundings(name) : { triggers: [], views: [] };
      this.target.comment(`Rebuilding ${name} (${p.ops.map((o) => o.kind).join(', ')}): SQLite cannot ALTER this in place`);
      for (const s of dialect.rebuildSql(p.from, p.to, p.origins, extras)) await this.send(s);
      this.rebuilt.add(name);
      this.offline?.put(p.to);
    }
  }

  private async send(s: Parameters<SqlTarget['run']>[0]): Promise<void> {
    this.current = statementSql(s);
    await this.target.run(s);
    if (!this.target.offline) this.ran.push(this.current);
    this.current = undefined;
  }
}
