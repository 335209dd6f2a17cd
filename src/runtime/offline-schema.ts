import { parseCreateTable } from '../dialect/sqlite/create-table-parser.js';
import { UserError } from '../errors.js';
import { alterEnumColumns, type Operation } from '../ops/operations.js';
import { alterTable } from '../ops/table-alterations.js';
import type { Column, Table } from '../schema/model.js';
import { parseSqliteType } from '../dialect/sqlite/sqlite-types.js';

/**
 * The schema as offline SQL renders it. With no database to read, a SQLite rebuild needs
 * the table's definition from the operations before it; a table shaped by raw SQL that
 * ambix could not read is unknown, and rebuilding it is a clear error.
 */
export class OfflineSchema {
  private readonly tables = new Map<string, Table>();
  /** Tables changed by SQL ambix could not follow: name → the revision that did it. */
  private readonly unknown = new Map<string, string>();

  get(name: string): Table | undefined {
    return this.tables.get(name);
  }

  put(table: Table): void {
    this.tables.set(table.name, table);
    this.unknown.delete(table.name);
  }

  /** The definition a rebuild needs, or an error that says how to proceed. */
  require(name: string, revision: string): Table {
    const t = this.tables.get(name);
    if (t) return t;
    const by = this.unknown.get(name);
    throw new UserError(
      `Offline (--sql), ambix cannot rebuild table ${name} in revision ${revision}: ${by ? `raw SQL in revision ${by} changed it in a way ambix cannot follow` : 'no earlier operation defines it'}`,
      `Run this migration online, or declare the table's current shape first with op.assumeTable('${name}', { ... }).`,
    );
  }

  apply(op: Operation, revision: string): void {
    switch (op.kind) {
      case 'createTable':
        this.put(op.table);
        return;
      case 'dropTable':
        this.tables.delete(op.table);
        return;
      case 'renameTable': {
        const t = this.tables.get(op.table);
        this.tables.delete(op.table);
        if (t) this.put({ ...t, name: op.newName });
        return;
      }
      case 'bulkInsert':
        return;
      case 'execute':
        this.followSql(op.sql, revision);
        return;
      case 'alterEnum':
        for (const a of alterEnumColumns(op)) this.apply(a, revision);
        return;
      default: {
        const t = this.tables.get(op.table);
        if (t) this.tables.set(op.table, alterTable(t, op));
      }
    }
  }

  /** Learns tables from raw CREATE TABLE; marks tables that other raw DDL touches as unknown. */
  private followSql(sql: string, revision: string): void {
    for (const stmt of sql.split(/;\s*(?:\n|$)/)) {
      const s = stmt.trim();
      if (/^CREATE\s+(?:TEMP\w*\s+)?TABLE\b/i.test(s)) {
        try {
          const p = parseCreateTable(s);
          const cols: Column[] = p.columns.map((c) => ({
            name: c.name,
            type: parseSqliteType(c.typeText),
            nullable: !c.constraints.some((k) => k.kind === 'notNull' || k.kind === 'primaryKey'),
            primaryKey: c.constraints.some((k) => k.kind === 'primaryKey'),
            autoincrement: c.constraints.some((k) => k.kind === 'primaryKey') && /^INTEGER$/i.test(c.typeText.trim()),
          }));
          if (p.constraints.length || p.columns.some((c) => c.constraints.some((k) => !['notNull', 'null', 'primaryKey'].includes(k.kind)))) throw new Error('constraints');
          this.put({ name: p.name, columns: cols, indexes: [], uniques: [], foreignKeys: [], checks: [] });
        } catch {
          this.markUnknown(/TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`[]?(\w+)/i.exec(s)?.[1], revision);
        }
        continue;
      }
      const m = /^(?:ALTER|DROP)\s+TABLE\s+(?:IF\s+EXISTS\s+)?["`[]?(\w+)/i.exec(s);
      if (m) this.markUnknown(m[1], revision);
    }
  }

  private markUnknown(name: string | undefined, revision: string): void {
    if (!name) return;
    this.tables.delete(name);
    this.unknown.set(name, revision);
  }
}
