import type { Catalog } from '../dialect.js';

const USER_SCHEMA = `nspname !~ '^pg_' AND nspname <> 'information_schema'`;

/** What `ambix test` snapshots on PostgreSQL besides tables: every user schema, and the objects in them. */
export const POSTGRES_CATALOG: Catalog = Object.freeze({
  userSchemas: `SELECT nspname AS s FROM pg_namespace WHERE ${USER_SCHEMA} ORDER BY 1`,
  objects: `
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
});
