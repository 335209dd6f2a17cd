import type { Dialect } from '../dialect/dialect.js';
import { UserError } from '../errors.js';
import type { Operation } from '../ops/operations.js';
import { applyTo, tableKey } from '../ops/schema-state.js';
import type { Table } from '../schema/model.js';

/**
 * The schema as offline SQL renders it. With no database to read, a SQLite rebuild (or MySQL's
 * MODIFY COLUMN) needs the table's definition from the operations before it; a table shaped by
 * raw SQL that ambix could not read is unknown, and needing it is a clear error.
 */
export class OfflineSchema {
  private readonly tables = new Map<string, Table>();
  /** Tables changed by SQL ambix could not follow: name → the revision that did it. */
  private readonly unknown = new Map<string, string>();

  constructor(private readonly dialect: Dialect) {}

  get(name: string, schema?: string): Table | undefined {
    return this.tables.get(tableKey(name, schema));
  }

  /** Every table known now. */
  all(): Iterable<Table> {
    return this.tables.values();
  }

  put(table: Table): void {
    this.tables.set(tableKey(table.name, table.schema), table);
    this.unknown.delete(table.name);
  }

  /** The definition a change needs, or an error that says how to proceed. */
  require(name: string, revision: string): Table {
    const t = this.tables.get(tableKey(name));
    if (t) return t;
    const by = this.unknown.get(name);
    throw new UserError(
      `Offline (--sql), ambix cannot rebuild table ${name} in revision ${revision}: ${by ? `raw SQL in revision ${by} changed it in a way ambix cannot follow` : 'no earlier operation defines it'}`,
      `Run this migration online, or declare the table's current shape first with op.assumeTable('${name}', { ... }).`,
    );
  }

  /** Follows one operation. What the tracked schema cannot place (a table it never saw) leaves it as it is. */
  apply(op: Operation, revision: string): void {
    if (op.kind === 'execute') return this.followSql(op.sql, revision);
    // A table this run never saw (created before `start`, or by SQL it could not read) stays unknown.
    applyTo(this.tables, op, { partial: true });
  }

  /**
   * Raw DDL on a table makes it unknown; the dialect may learn more from the SQL (SQLite reads a
   * CREATE TABLE it can parse). No other dialect's parser is ever used on it.
   */
  private followSql(sql: string, revision: string): void {
    for (const stmt of sql.split(/;\s*(?:\n|$)/)) {
      const m = /^\s*(?:CREATE\s+(?:TEMP\w*\s+)?|ALTER\s+|DROP\s+)TABLE\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?["`[]?(\w+)/i.exec(stmt);
      if (m) this.markUnknown(m[1]!, revision);
    }
    this.dialect.followRawSql?.(sql, { created: (table) => this.put(table), unknown: (name) => this.markUnknown(name, revision) });
  }

  private markUnknown(name: string, revision: string): void {
    this.tables.delete(tableKey(name));
    this.unknown.set(name, revision);
  }
}
