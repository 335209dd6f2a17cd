// What the stairway compares: the schema a database holds (tables as introspection sees them,
// plus the names of views, triggers, types and routines), and the differences between two.
import { compareSchemas, defaultComparisonHooks, type ComparisonHooks } from '../../autogenerate/index.js';
import { mysqlComparisonHooks } from '../../autogenerate/hooks/mysql-hooks.js';
import { postgresComparisonHooks } from '../../autogenerate/hooks/postgres-hooks.js';
import type { DialectName } from '../../dialect/dialect.js';
import type { DatabaseAdapter } from '../../runtime/adapter.js';
import type { Schema, Table } from '../../schema/model.js';

export interface SchemaSnapshot {
  readonly schema: Schema;
  /** Other objects by kind and name (`view active_users`, `type status`), sorted. */
  readonly objects: readonly string[];
}

const HOOKS: Record<DialectName, ComparisonHooks> = {
  sqlite: { ...defaultComparisonHooks, supportsComments: false },
  postgres: postgresComparisonHooks,
  mysql: mysqlComparisonHooks,
};

const PG_USER_SCHEMAS = `SELECT nspname AS s FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' ORDER BY 1`;

const OBJECTS: Record<DialectName, string> = {
  sqlite: `SELECT type || ' ' || name AS o FROM sqlite_schema WHERE type IN ('view', 'trigger')`,
  postgres: `
SELECT 'schema ' || n.nspname AS o FROM pg_namespace n WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
UNION ALL SELECT 'extension ' || extname FROM pg_extension
UNION ALL SELECT (CASE t.typtype WHEN 'e' THEN 'type ' ELSE 'domain ' END) || n.nspname || '.' || t.typname
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype IN ('e', 'd') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
UNION ALL SELECT (CASE c.relkind WHEN 'v' THEN 'view ' WHEN 'm' THEN 'materialized view ' ELSE 'sequence ' END) || n.nspname || '.' || c.relname
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm', 'S') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
UNION ALL SELECT 'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
UNION ALL SELECT 'trigger ' || tg.tgname || ' on ' || n.nspname || '.' || c.relname
  FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT tg.tgisinternal AND n.nspname !~ '^pg_'`,
  mysql: `
SELECT CONCAT('view ', TABLE_NAME) AS o FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()
UNION ALL SELECT CONCAT('trigger ', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()
UNION ALL SELECT CONCAT(LOWER(ROUTINE_TYPE), ' ', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()
UNION ALL SELECT CONCAT('event ', EVENT_NAME) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()`,
};

interface MultiSchemaAdapter {
  introspectSchemas(schemas: readonly string[]): Promise<Map<string, Table>>;
}

/** The schema the database holds now. On PostgreSQL, every schema a migration can create tables in. */
export async function snapshot(adapter: DatabaseAdapter): Promise<SchemaSnapshot> {
  const name = adapter.dialect.name;
  let tables: Map<string, Table>;
  if (name === 'postgres' && 'introspectSchemas' in adapter) {
    const schemas = (await adapter.conn.query(PG_USER_SCHEMAS)).map((r) => String(r.s));
    tables = await (adapter as unknown as MultiSchemaAdapter).introspectSchemas(schemas);
  } else {
    tables = await adapter.introspect();
  }
  const objects = (await adapter.conn.query(OBJECTS[name])).map((r) => String(r.o)).sort();
  return { schema: { tables: [...tables.values()] }, objects };
}

/**
 * What changed from `before` to `after`, one line each: `+` there now and not before, `-` gone,
 * `~` changed (`~ column t.c type integer -> text` reads before -> after). Empty: the same schema.
 * The version and log tables (`ignoreTables`) are left out.
 */
export function schemaDifferences(before: SchemaSnapshot, after: SchemaSnapshot, dialect: DialectName, ignoreTables: readonly string[]): string[] {
  const diff = compareSchemas(before.schema, after.schema, { compareType: true, compareServerDefault: true, dialect: HOOKS[dialect], ignoreTables });
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
