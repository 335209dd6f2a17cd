import type { CheckConstraint, Column, ColumnDefault, ColumnType, ForeignKey, Index, ReferentialAction, Table, UniqueConstraint } from '../../schema/model.js';
import type { Connection } from '../dialect.js';
import { isTextType, parseMysqlColumnType, unescapeMysqlString } from './mysql-types.js';

type Row = Record<string, unknown>;

/** Which server answers: their catalogs differ in a few columns and in how defaults are written. */
export type MysqlFlavor = 'mariadb' | 'mysql';

/** Clauses of a column that the neutral model has no field for, as DDL fragments. */
export interface MysqlColumnExtras {
  /** `utf8mb4_bin`: only when it differs from the table's collation. */
  readonly collate?: string;
  /** `AS (expr) VIRTUAL` / `AS (expr) STORED`. */
  readonly generated?: string;
  /** `CURRENT_TIMESTAMP` of `ON UPDATE CURRENT_TIMESTAMP`. */
  readonly onUpdate?: string;
  readonly invisible?: boolean;
}

/**
 * What introspected columns hold beyond the model, keyed by the column object. `MODIFY COLUMN`
 * restates the whole column, so the compiler writes these back instead of silently dropping them.
 */
const unmodelled = new WeakMap<Column, MysqlColumnExtras>();

/** The clauses of an introspected column that the model cannot hold (collation, ON UPDATE, ...). */
export function mysqlColumnExtras(column: Column): MysqlColumnExtras | undefined {
  return unmodelled.get(column);
}

/** How many catalog queries one introspection costs, whatever the number of tables. */
export const MYSQL_INTROSPECTION_QUERIES = 5;

/**
 * Reads the tables of the connection's current database in five `information_schema`
 * queries, whatever their number (TABLES, COLUMNS, STATISTICS, KEY_COLUMN_USAGE joined with
 * REFERENTIAL_CONSTRAINTS, CHECK_CONSTRAINTS), and normalises what the server rewrites so an
 * unchanged model reads back equal: `tinyint(1)` is boolean, display widths go, quoted
 * default text is unquoted, `current_timestamp()` is `CURRENT_TIMESTAMP`, MariaDB's
 * `longtext` + `CHECK (json_valid(col))` is json, and the index MySQL adds for a foreign key
 * is hidden.
 *
 * @example const tables = await introspectMysql(conn, 'mariadb', ['llm_setting']);
 */
export async function introspectMysql(conn: Connection, flavor: MysqlFlavor, only?: readonly string[]): Promise<Map<string, Table>> {
  if (only && only.length === 0) return new Map();
  const filter = (col: string) => (only ? ` AND ${col} IN (${only.map(() => '?').join(', ')})` : '');
  const args = only ?? [];
  const tables = await conn.query(
    `SELECT TABLE_NAME AS tbl, TABLE_COMMENT AS comment, TABLE_COLLATION AS coll FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'${filter('TABLE_NAME')} ORDER BY TABLE_NAME`,
    args,
  );
  if (tables.length === 0) return new Map();
  const cols = await conn.query(
    `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_TYPE AS ctype, DATA_TYPE AS dtype, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra, COLUMN_COMMENT AS comment, COLLATION_NAME AS coll, GENERATION_EXPRESSION AS gen FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()${filter('TABLE_NAME')} ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    args,
  );
  const stats = await conn.query(
    `SELECT TABLE_NAME AS tbl, INDEX_NAME AS idx, NON_UNIQUE AS non_unique, SEQ_IN_INDEX AS seq, COLUMN_NAME AS col FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()${filter('TABLE_NAME')} ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    args,
  );
  const fks = await conn.query(
    `SELECT k.TABLE_NAME AS tbl, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col, IF(k.REFERENCED_TABLE_SCHEMA = k.TABLE_SCHEMA, NULL, k.REFERENCED_TABLE_SCHEMA) AS ref_schema, k.REFERENCED_TABLE_NAME AS ref, k.REFERENCED_COLUMN_NAME AS refcol, r.UPDATE_RULE AS on_update, r.DELETE_RULE AS on_delete FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL${filter('k.TABLE_NAME')} ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    args,
  );
  const checks = await conn.query(
    flavor === 'mariadb'
      ? // MariaDB names CHECKs per table (the json check is named after its column), so match by table.
        `SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()${filter('TABLE_NAME')} ORDER BY TABLE_NAME, CONSTRAINT_NAME`
      : `SELECT tc.TABLE_NAME AS tbl, cc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS clause FROM information_schema.TABLE_CONSTRAINTS tc JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE = 'CHECK'${filter('tc.TABLE_NAME')} ORDER BY tc.TABLE_NAME, cc.CONSTRAINT_NAME`,
    args,
  );
  const colsBy = groupBy(cols, (r) => String(r.tbl));
  const statsBy = groupBy(stats, (r) => String(r.tbl));
  const fksBy = groupBy(fks, (r) => String(r.tbl));
  const checksBy = groupBy(checks, (r) => String(r.tbl));
  const out = new Map<string, Table>();
  for (const t of tables) {
    const name = String(t.tbl);
    out.set(name, buildTable(name, t, colsBy.get(name) ?? [], statsBy.get(name) ?? [], fksBy.get(name) ?? [], checksBy.get(name) ?? [], flavor));
  }
  return out;
}

function groupBy(rows: Row[], key: (r: Row) => string): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const k = key(r);
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(r);
  }
  return m;
}

function buildTable(name: string, t: Row, cols: Row[], stats: Row[], fkRows: Row[], checkRows: Row[], flavor: MysqlFlavor): Table {
  const foreignKeys = [...groupBy(fkRows, (r) => String(r.name)).entries()].map(([fkName, rows]): ForeignKey => {
    const onDelete = action(rows[0]!.on_delete);
    const onUpdate = action(rows[0]!.on_update);
    return Object.freeze({
      name: fkName,
      columns: rows.map((r) => String(r.col)),
      refTable: String(rows[0]!.ref),
      refColumns: rows.map((r) => String(r.refcol)),
      ...(rows[0]!.ref_schema ? { refSchema: String(rows[0]!.ref_schema) } : {}),
      ...(onDelete ? { onDelete } : {}),
      ...(onUpdate ? { onUpdate } : {}),
    });
  });

  let primaryKey: string[] | undefined;
  const indexes: Index[] = [];
  const uniques: UniqueConstraint[] = [];
  for (const [idx, rows] of groupBy(stats, (r) => String(r.idx))) {
    const columns = rows.map((r) => String(r.col));
    if (idx === 'PRIMARY') primaryKey = columns;
    // MySQL keeps no difference between a unique index and a unique constraint: both are uniques.
    else if (Number(rows[0]!.non_unique) === 0) uniques.push(Object.freeze({ name: idx, columns }));
    else if (!isImplicitFkIndex(idx, columns, foreignKeys)) indexes.push(Object.freeze({ name: idx, columns, unique: false }));
  }

  const jsonColumns = new Set<string>();
  const checks: CheckConstraint[] = [];
  for (const r of checkRows) {
    const clause = stripParens(String(r.clause));
    const json = /^json_valid\(\s*`((?:[^`]|``)+)`\s*\)$/i.exec(clause);
    // MariaDB's JSON is LONGTEXT plus this check: it is the type, not a constraint of the model.
    if (json && flavor === 'mariadb') jsonColumns.add(json[1]!.replace(/``/g, '`'));
    else checks.push(Object.freeze({ name: String(r.name), expression: clause }));
  }

  const tableCollation = t.coll === null || t.coll === undefined ? undefined : String(t.coll);
  const columns = cols.map((c): Column => {
    const cname = String(c.name);
    const extra = String(c.extra ?? '').toLowerCase();
    const isJson = jsonColumns.has(cname) && /text$/i.test(String(c.dtype));
    const type: ColumnType = isJson ? { kind: 'json' } : parseMysqlColumnType(String(c.ctype), cname);
    const isPk = primaryKey?.includes(cname) ?? false;
    const def = readDefault(c.dflt, type, extra, flavor);
    const comment = String(c.comment ?? '');
    const col: Column = Object.freeze({
      name: cname,
      type: Object.freeze(type),
      nullable: String(c.nullable) === 'YES',
      primaryKey: isPk,
      autoincrement: extra.includes('auto_increment'),
      ...(def ? { default: Object.freeze(def) } : {}),
      ...(comment ? { comment } : {}),
    });
    const extras = columnExtras(c, extra, type, tableCollation);
    if (extras) unmodelled.set(col, extras);
    return col;
  });

  return Object.freeze({
    name,
    columns,
    ...(primaryKey ? { primaryKey: Object.freeze({ columns: primaryKey }) } : {}),
    indexes,
    uniques,
    foreignKeys,
    checks,
    ...(t.comment ? { comment: String(t.comment) } : {}),
  });
}

/** MySQL names the index it adds for a foreign key after the constraint: it belongs to the key. */
function isImplicitFkIndex(name: string, columns: readonly string[], fks: readonly ForeignKey[]): boolean {
  return fks.some((f) => f.name === name && f.columns.length === columns.length && f.columns.every((c, i) => c === columns[i]));
}

function action(v: unknown): ReferentialAction | undefined {
  const a = String(v ?? '').toLowerCase();
  // RESTRICT is what MySQL reports when none was given; NO ACTION means the same there.
  return a === '' || a === 'restrict' || a === 'no action' ? undefined : (a as ReferentialAction);
}

function columnExtras(c: Row, extra: string, type: ColumnType, tableCollation: string | undefined): MysqlColumnExtras | undefined {
  const coll = c.coll === null || c.coll === undefined ? undefined : String(c.coll);
  const gen = /\b(virtual|stored|persistent) generated\b/.exec(extra);
  const onUpdate = /on update (current_timestamp(?:\(\d*\))?)/.exec(extra);
  const out: MysqlColumnExtras = {
    ...(coll && tableCollation && coll !== tableCollation && type.kind !== 'json' && isTextType(type) ? { collate: coll } : {}),
    ...(gen && c.gen ? { generated: `AS (${String(c.gen)}) ${gen[1] === 'virtual' ? 'VIRTUAL' : 'STORED'}` } : {}),
    ...(onUpdate ? { onUpdate: onUpdate[1]!.toUpperCase().replace(/\(\)$/, '') } : {}),
    ...(/\binvisible\b/.test(extra) ? { invisible: true } : {}),
  };
  return Object.keys(out).length ? Object.freeze(out) : undefined;
}

const NUMERIC_KINDS = new Set<ColumnType['kind']>(['integer', 'bigint', 'smallint', 'real', 'double', 'numeric']);

/**
 * A catalog default back into the model. MariaDB writes `COLUMN_DEFAULT` as SQL: `'x'` with
 * its quotes, numbers bare, `NULL` as the word, expressions as it prints them. MySQL writes
 * literals unquoted and flags expressions with `DEFAULT_GENERATED`.
 */
function readDefault(raw: unknown, type: ColumnType, extra: string, flavor: MysqlFlavor): ColumnDefault | undefined {
  if (raw === null || raw === undefined) return undefined;
  const text = String(raw).trim();
  if (flavor === 'mysql') {
    if (extra.includes('default_generated')) return expression(text);
    return literalFor(text, type);
  }
  // A nullable column's DEFAULT NULL is what it has without one.
  if (/^null$/i.test(text)) return undefined;
  if (/^'(?:[^'\\]|''|\\.)*'$/s.test(text)) return literalFor(unescapeMysqlString(text.slice(1, -1)), type);
  if (/^[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?$/i.test(text)) return literalFor(text, type);
  return expression(text);
}

function literalFor(text: string, type: ColumnType): ColumnDefault {
  if (type.kind === 'boolean' && (text === '0' || text === '1')) return { kind: 'literal', value: text === '1' };
  if (NUMERIC_KINDS.has(type.kind) && /^[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?$/i.test(text)) {
    const n = Number(text);
    // Past 2^53 a JS number would change the digits: keep them as SQL.
    return Number.isSafeInteger(n) || !/^[-+]?\d+$/.test(text) ? { kind: 'literal', value: n } : { kind: 'sql', text };
  }
  return { kind: 'literal', value: text };
}

/** `current_timestamp()` → `CURRENT_TIMESTAMP`, `curdate()` → `CURRENT_DATE`; other expressions as written, outer parentheses off. */
function expression(text: string): ColumnDefault {
  const t = stripParens(text);
  const now = /^(?:current_timestamp|now|localtimestamp|localtime)\s*\(\s*(\d*)\s*\)$|^current_timestamp$/i.exec(t);
  if (now) return { kind: 'sql', text: now[1] ? `CURRENT_TIMESTAMP(${now[1]})` : 'CURRENT_TIMESTAMP' };
  if (/^(?:curdate\(\)|current_date(?:\(\))?)$/i.test(t)) return { kind: 'sql', text: 'CURRENT_DATE' };
  if (/^(?:curtime\(\)|current_time(?:\(\))?)$/i.test(t)) return { kind: 'sql', text: 'CURRENT_TIME' };
  return { kind: 'sql', text: t };
}

/** `(a > 0)` → `a > 0`, only when the parentheses wrap the whole text. */
export function stripParens(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')')) {
    let depth = 0;
    let wraps = true;
    const body = t.slice(1, -1);
    for (const ch of body.replace(/'(?:[^'\\]|''|\\.)*'/gs, '')) {
      if (ch === '(') depth++;
      else if (ch === ')' && --depth < 0) {
        wraps = false;
        break;
      }
    }
    if (!wraps || depth !== 0) break;
    t = body.trim();
  }
  return t;
}
