// The SQLite table rebuild, whole: which changes need it, batching several changes of one table in
// one migration into one copy, the views and triggers dropped and restored around the copy, the
// foreign-key check after it, and the messages that name the user's table rather than the copy.
// The runtime reaches it only through `Dialect.rebuild`.
import { UserError } from '../../errors.js';
import type { Operation } from '../../ops/operations.js';
import { alterTable } from '../../ops/table-alterations.js';
import type { Column, Table } from '../../schema/model.js';
import { isSqlFragment } from '../../schema/model.js';
import type { RebuildBatch, RebuildEnvironment, TableRebuild } from '../dialect.js';
import { quoteSqlite, sqliteCreateIndexSql, sqliteCreateTableSql } from './sqlite-ddl.js';
import { tableSurroundings, unsupportedForRebuild, type TableSurroundings } from './sqlite-introspector.js';

/** Prefix of the table a rebuild copies into; errors mentioning it are rewritten to the real name. */
const REBUILD_PREFIX = '_ambix_tmp_';

/** Whether SQLite's ALTER TABLE ADD COLUMN can add this column (else the table is rebuilt). */
export function canAddColumn(col: Column): boolean {
  if (col.primaryKey || col.unique) return false;
  if (col.default && isSqlFragment(col.default) && !/^(?:NULL|TRUE|FALSE|[-+]?\d+(?:\.\d+)?|'(?:[^']|'')*')$/i.test(col.default.text.trim())) return false;
  if (!col.nullable && (col.default === undefined || (!isSqlFragment(col.default) && col.default.value === null))) return false;
  return true;
}

/** Whether SQLite's ALTER TABLE DROP COLUMN refuses this column (an index, key or CHECK uses it): then the table is rebuilt. */
export function dropNeedsRebuild(t: Table, column: string): boolean {
  return (
    !!t.primaryKey?.columns.includes(column) ||
    t.indexes.some((i) => i.columns.includes(column)) ||
    t.uniques.some((u) => u.columns.includes(column)) ||
    t.foreignKeys.some((f) => f.columns.includes(column)) ||
    t.checks.length > 0 ||
    t.columns.some((c) => c.name === column && c.type.kind === 'enum')
  );
}

/**
 * Statements that turn table `from` into `to` by copying it: create the new definition under a
 * temporary name, copy the rows (`origins`: new column → the old one it copies, null for a new
 * column), drop the old table, rename, recreate indexes, and the views and triggers around it.
 */
export function rebuildSql(from: Table, to: Table, origins: ReadonlyMap<string, string | null>, around: TableSurroundings): string[] {
  const tmp = `${REBUILD_PREFIX}${to.name}`;
  const origin = (c: Column) => (origins.has(c.name) ? origins.get(c.name) : c.name);
  const copied = to.columns.filter((c) => {
    const o = origin(c);
    return o !== null && o !== undefined && from.columns.some((f) => f.name === o);
  });
  const out: string[] = [];
  for (const v of around.views) out.push(`DROP VIEW ${quoteSqlite(v.name)}`);
  for (const tr of around.triggers) out.push(`DROP TRIGGER IF EXISTS ${quoteSqlite(tr.name)}`);
  out.push(sqliteCreateTableSql(to, tmp));
  if (copied.length) {
    out.push(
      `INSERT INTO ${quoteSqlite(tmp)} (${copied.map((c) => quoteSqlite(c.name)).join(', ')}) SELECT ${copied.map((c) => quoteSqlite(origin(c)!)).join(', ')} FROM ${quoteSqlite(from.name)}`,
    );
  }
  out.push(`DROP TABLE ${quoteSqlite(from.name)}`);
  out.push(`ALTER TABLE ${quoteSqlite(tmp)} RENAME TO ${quoteSqlite(to.name)}`);
  for (const i of to.indexes) out.push(sqliteCreateIndexSql(to.name, i));
  for (const tr of around.triggers) out.push(tr.sql);
  for (const v of around.views) out.push(v.sql);
  return out;
}

interface Pending {
  from: Table;
  to: Table;
  /** New column name → the old column it copies from (null: a new column). */
  origins: Map<string, string | null>;
  ops: Operation[];
}

type TableOp = Parameters<typeof alterTable>[1];

/** One migration's rebuilds: changes of a table wait here and are carried out as one copy. */
class SqliteRebuildBatch implements RebuildBatch {
  private readonly waiting = new Map<string, Pending>();
  /** Tables rebuilt in this migration: checked for foreign-key violations before it commits. */
  private readonly rebuilt = new Set<string>();

  constructor(private readonly env: RebuildEnvironment) {}

  pending(table: string): Table | undefined {
    return this.waiting.get(table)?.to;
  }

  source(table: string, column: string): string | null | undefined {
    const p = this.waiting.get(table);
    return p ? p.origins.get(column) : undefined;
  }

  async add(op: Extract<Operation, { table: string }>): Promise<void> {
    const name = op.table;
    let p = this.waiting.get(name);
    if (!p) {
      const from = await this.env.table(name);
      if (this.env.conn) {
        const [row] = await this.env.conn.query(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`, [name]);
        const blocker = typeof row?.sql === 'string' ? unsupportedForRebuild(row.sql) : undefined;
        if (blocker) {
          throw new UserError(`ambix cannot rebuild table ${name} faithfully: ${blocker}`, 'SQLite cannot ALTER this in place; write the change by hand with op.execute (create, copy, drop, rename).');
        }
      }
      p = { from, to: from, origins: new Map(from.columns.map((c) => [c.name, c.name])), ops: [] };
      this.waiting.set(name, p);
    }
    p.to = alterTable(p.to, op as TableOp);
    if (op.kind === 'addColumn') p.origins.set(op.column.name, null);
    if (op.kind === 'dropColumn') p.origins.delete(op.column);
    if (op.kind === 'alterColumn' && op.changes.newName && op.changes.newName !== op.column) {
      p.origins.set(op.changes.newName, p.origins.get(op.column) ?? null);
      p.origins.delete(op.column);
    }
    p.ops.push(op);
  }

  async flush(table?: string): Promise<void> {
    const names = table === undefined ? [...this.waiting.keys()] : this.waiting.has(table) ? [table] : [];
    for (const name of names) {
      const p = this.waiting.get(name)!;
      this.waiting.delete(name);
      const around = this.env.conn ? await tableSurroundings(this.env.conn, name) : { triggers: [], views: [] };
      this.env.comment(`Rebuilding ${name} (${p.ops.map((o) => o.kind).join(', ')}): SQLite cannot ALTER this in place`);
      for (const s of rebuildSql(p.from, p.to, p.origins, around)) await this.env.send(s);
      this.rebuilt.add(name);
      this.env.rebuilt(p.to);
    }
  }

  /**
   * Migrations run with foreign-key enforcement off (dropping a parent for its copy would
   * cascade into its children), so what a copy broke is looked for before the migration commits.
   */
  async verify(): Promise<void> {
    await this.flush();
    if (!this.env.conn || this.rebuilt.size === 0) return;
    const rows = await this.env.conn.query('PRAGMA foreign_key_check');
    const bad = rows.map((r) => `${String(r.table)} row ${r.rowid ?? '?'} references a missing row of ${String(r.parent)}`);
    if (bad.length) {
      throw new UserError(
        `Foreign keys broken after rebuilding ${[...this.rebuilt].join(', ')}: ${bad.slice(0, 3).join('; ')}${bad.length > 3 ? ` (and ${bad.length - 3} more)` : ''}`,
        'Fix the data in the migration before the change, then run it again.',
      );
    }
  }
}

/** SQLite's table rebuild, as `Dialect.rebuild`. */
export const sqliteRebuild: TableRebuild = Object.freeze({
  begin: (env: RebuildEnvironment) => new SqliteRebuildBatch(env),
  explain(message: string, statement: string | undefined) {
    const copy = statement ? new RegExp(`^\\s*INSERT INTO "${REBUILD_PREFIX}([^"]+)"`).exec(statement) : null;
    return { reason: message.replaceAll(REBUILD_PREFIX, ''), statement: copy ? undefined : statement?.replaceAll(REBUILD_PREFIX, ''), copying: copy?.[1] };
  },
});
