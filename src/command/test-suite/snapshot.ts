// What the stairway compares: the schema a database holds (tables as introspection sees them,
// plus the names of views, triggers, types and routines), and the differences between two.
import { compareSchemas } from '../../autogenerate/index.js';
import type { DatabaseAdapter } from '../../dialect/adapter.js';
import type { ComparisonHooks } from '../../dialect/comparison.js';
import type { DialectModule } from '../../dialect/dialect.js';
import type { Schema, Table } from '../../schema/model.js';

export interface SchemaSnapshot {
  readonly schema: Schema;
  /** Other objects by kind and name (`view active_users`, `type status`), sorted. */
  readonly objects: readonly string[];
}

/** The schema the database holds now. On PostgreSQL, every schema a migration can create tables in. */
export async function snapshot(adapter: DatabaseAdapter, dialect: Pick<DialectModule, 'catalog'>): Promise<SchemaSnapshot> {
  let tables: Map<string, Table>;
  if (dialect.catalog.userSchemas && adapter.introspectSchemas) {
    const schemas = (await adapter.conn.query(dialect.catalog.userSchemas)).map((r) => String(r.s));
    tables = await adapter.introspectSchemas(schemas);
  } else {
    tables = await adapter.introspect();
  }
  const objects = (await adapter.conn.query(dialect.catalog.objects)).map((r) => String(r.o)).sort();
  return { schema: { tables: [...tables.values()] }, objects };
}

/**
 * What changed from `before` to `after`, one line each: `+` there now and not before, `-` gone,
 * `~` changed (`~ column t.c type integer -> text` reads before -> after). Empty: the same schema.
 * The version and log tables (`ignoreTables`) are left out.
 */
export function schemaDifferences(before: SchemaSnapshot, after: SchemaSnapshot, hooks: ComparisonHooks, ignoreTables: readonly string[]): string[] {
  const diff = compareSchemas(before.schema, after.schema, { compareType: true, compareServerDefault: true, dialect: hooks, ignoreTables });
  const lines = diff.summary
    .filter((l) => l.kind !== 'renameCandidate')
    // Notes meant for a migration about to run (data loss, NOT NULL on rows) say nothing here.
    .map((l) => l.text.replace(/ \((destructive|NOT NULL without a default[^)]*)\)$/, ''));
  const was = new Set(before.objects);
  const now = new Set(after.objects);
  for (const o of after.objects) if (!was.has(o)) lines.push(`+ ${o}`);
  for (const o of before.objects) if (!now.has(o)) lines.push(`- ${o}`);
  return lines;
}
