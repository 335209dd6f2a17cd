import type { CheckConstraint, Column, ColumnType, ForeignKey, Index, PrimaryKey, ReferentialAction, Table, UniqueConstraint } from '../../schema/model.js';
import type { Connection } from '../dialect.js';
import { readPgDefault } from './postgres-literals.js';
import { parsePgType } from './postgres-types.js';

type Row = Record<string, unknown>;

/** A table to read: in `schema`, or in the connection's current schema when it has none. */
export interface PgTableRef {
  readonly schema?: string;
  readonly name: string;
}

/** What to read: some tables, or every table of some schemas (default: the current schema). */
export interface PgIntrospectionFilter {
  readonly tables?: readonly PgTableRef[];
  readonly schemas?: readonly string[];
}

/** A table read back, with the schema it really lives in (its `Table.schema` is unset in the current schema). */
export interface PgIntrospectedTable {
  readonly schema: string;
  readonly table: Table;
}

export interface PgIntrospection {
  readonly currentSchema: string;
  readonly tables: readonly PgIntrospectedTable[];
}

/** How many catalog queries {@link introspectPostgres} sends, whatever the number of tables. */
export const PG_INTROSPECTION_QUERIES = 4;

const TABLES_SQL = `
SELECT c.oid::bigint AS oid, n.nspname AS schema, c.relname AS name, pg_catalog.obj_description(c.oid, 'pg_class') AS comment, current_schema() AS current_schema
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND (
  CASE WHEN $1::text[] IS NULL THEN n.nspname::text = ANY(COALESCE($3::text[], ARRAY[current_schema()::text]))
  ELSE (n.nspname::text, c.relname::text) IN (SELECT COALESCE(s, current_schema()::text), t FROM unnest($1::text[], $2::text[]) AS x(s, t)) END)
ORDER BY n.nspname, c.relname`;

const COLUMNS_SQL = `
SELECT a.attrelid::bigint AS oid, a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
  pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default_expr, a.attidentity AS identity, a.attgenerated AS generated,
  pg_catalog.col_description(a.attrelid, a.attnum) AS comment, t.typtype, t.typname, tn.nspname AS type_schema,
  CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END AS enum_values
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

const CONSTRAINTS_SQL = `
SELECT con.conrelid::bigint AS oid, con.conname AS name, con.contype AS type,
  ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord) JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
  ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord) JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns,
  rc.relname AS ref_table, rn.nspname AS ref_schema, con.confupdtype AS on_update, con.confdeltype AS on_delete,
  CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid, true) END AS definition
FROM pg_catalog.pg_constraint con
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.conrelid = ANY($1::oid[]) AND con.contype IN ('p', 'u', 'f', 'c')
ORDER BY con.conrelid, con.conname`;

// Indexes that back a constraint (primary key, unique, exclusion) are the constraint's, not separate indexes.
const INDEXES_SQL = `
SELECT i.indrelid::bigint AS oid, ic.relname AS name, i.indisunique AS is_unique, pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
  ARRAY(SELECT CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true) ELSE a.attname::text END
        FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
        LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE k.ord <= i.indnkeyatts ORDER BY k.ord) AS columns
FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
WHERE i.indrelid = ANY($1::oid[])
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname`;

/**
 * Reads tables from PostgreSQL's catalog in {@link PG_INTROSPECTION_QUERIES} queries whatever
 * their number: the tables, then their columns (types, defaults, identity, comments, enum
 * values), constraints and indexes, each for all tables at once. What the server rewrites is
 * normalised (see `readPgDefault`, `parsePgType`) so an unchanged model reads back equal.
 *
 * @example const { tables } = await introspectPostgres(conn, { tables: [{ name: 'task' }] });
 */
export async function introspectPostgres(conn: Connection, filter: PgIntrospectionFilter = {}): Promise<PgIntrospection> {
  const refs = filter.tables;
  const tableRows = await conn.query(TABLES_SQL, [refs ? refs.map((r) => r.schema ?? null) : null, refs ? refs.map((r) => r.name) : null, filter.schemas ? [...filter.schemas] : null]);
  let currentSchema = tableRows[0]?.current_schema as string | undefined;
  if (tableRows.length === 0) {
    currentSchema = (await conn.query('SELECT current_schema() AS s'))[0]?.s as string;
    return { currentSchema: currentSchema ?? 'public', tables: [] };
  }
  const current = currentSchema ?? 'public';
  const oids = tableRows.map((r) => String(r.oid));
  const [cols, cons, idx] = await Promise.all([conn.query(COLUMNS_SQL, [oids]), conn.query(CONSTRAINTS_SQL, [oids]), conn.query(INDEXES_SQL, [oids])]);
  const colsBy = groupByOid(cols);
  const consBy = groupByOid(cons);
  const idxBy = groupByOid(idx);
  const tables = tableRows.map((t): PgIntrospectedTable => {
    const oid = String(t.oid);
    const schema = t.schema as string;
    return { schema, table: buildTable(t, schema === current ? undefined : schema, colsBy.get(oid) ?? [], consBy.get(oid) ?? [], idxBy.get(oid) ?? [], current) };
  });
  return { currentSchema: current, tables };
}

function groupByOid(rows: Row[]): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const k = String(r.oid);
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(r);
  }
  return m;
}

const ACTIONS: Record<string, ReferentialAction | undefined> = { a: undefined, r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

function buildTable(t: Row, schema: string | undefined, cols: Row[], cons: Row[], idx: Row[], currentSchema: string): Table {
  const realSchema = schema ?? currentSchema;
  const pkRow = cons.find((c) => c.type === 'p');
  const pkCols = pkRow ? (pkRow.columns as string[]) : [];
  const columns = cols.map((c) => readColumn(c, realSchema, pkCols));
  const primaryKey: PrimaryKey | undefined = pkRow ? { name: pkRow.name as string, columns: pkCols } : undefined;
  const uniques: UniqueConstraint[] = [];
  const foreignKeys: ForeignKey[] = [];
  const checks: CheckConstraint[] = [];
  for (const c of cons) {
    const name = c.name as string;
    if (c.type === 'u') uniques.push({ name, columns: c.columns as string[] });
    else if (c.type === 'c') checks.push({ name, expression: checkExpression(String(c.definition ?? '')) });
    else if (c.type === 'f') {
      const onDelete = ACTIONS[String(c.on_delete)];
      const onUpdate = ACTIONS[String(c.on_update)];
      foreignKeys.push({
        name,
        columns: c.columns as string[],
        refTable: c.ref_table as string,
        refColumns: c.ref_columns as string[],
        ...(c.ref_schema !== currentSchema ? { refSchema: c.ref_schema as string } : {}),
        ...(onDelete ? { onDelete } : {}),
        ...(onUpdate ? { onUpdate } : {}),
      });
    }
  }
  const indexes: Index[] = idx.map((i) => ({
    name: i.name as string,
    columns: i.columns as string[],
    unique: i.is_unique === true,
    ...(i.predicate ? { where: String(i.predicate) } : {}),
  }));
  return {
    name: t.name as string,
    ...(schema !== undefined ? { schema } : {}),
    columns,
    ...(primaryKey ? { primaryKey } : {}),
    indexes,
    uniques,
    foreignKeys,
    checks,
    ...(t.comment !== null && t.comment !== undefined ? { comment: String(t.comment) } : {}),
  };
}

function readColumn(c: Row, tableSchema: string, pkCols: readonly string[]): Column {
  const name = c.name as string;
  const type = readType(c, tableSchema);
  const expr = c.default_expr === null || c.default_expr === undefined ? undefined : String(c.default_expr);
  // identity (GENERATED ... AS IDENTITY) or a serial's nextval(): the database numbers the column.
  const autoincrement = (c.identity === 'a' || c.identity === 'd') || (expr !== undefined && /^nextval\(/i.test(expr));
  const generated = c.generated === 's';
  const isPk = pkCols.includes(name);
  return {
    name,
    type,
    nullable: c.not_null !== true,
    primaryKey: isPk,
    autoincrement,
    // A generated column's expression is not a default: kept as raw SQL so it is not lost from view.
    ...(expr !== undefined && !autoincrement ? { default: generated ? { kind: 'sql' as const, text: expr } : readPgDefault(expr, type) } : {}),
    ...(c.comment !== null && c.comment !== undefined ? { comment: String(c.comment) } : {}),
  };
}

function readType(c: Row, tableSchema: string): ColumnType {
  if (c.typtype === 'e') {
    const typeSchema = c.type_schema as string;
    return { kind: 'enum', name: typeSchema === tableSchema ? (c.typname as string) : `${typeSchema}.${c.typname as string}`, values: (c.enum_values as string[]) ?? [] };
  }
  if (c.typtype === 'd') return { kind: 'raw', sql: String(c.type) };
  return parsePgType(String(c.type));
}

/** `CHECK (price > 0::numeric) NOT VALID` → `price > 0::numeric` (PostgreSQL's own rendering of the expression). */
function checkExpression(definition: string): string {
  const m = /^CHECK\s*\(([\s\S]*)\)(?:\s+NOT VALID)?(?:\s+NO INHERIT)?$/i.exec(definition.trim());
  return m ? m[1]!.trim() : definition;
}
