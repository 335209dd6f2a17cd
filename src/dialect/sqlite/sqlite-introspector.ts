import { mentions } from '../../ops/table-alterations.js';
import type { CheckConstraint, Column, ColumnDefault, ColumnType, ForeignKey, Index, ReferentialAction, Table, UniqueConstraint } from '../../schema/model.js';
import type { Connection } from '../dialect.js';
import { parseCreateTable, type ParsedConstraint, type ParsedTable } from './create-table-parser.js';
import { parseSqliteType } from './sqlite-types.js';

type Row = Record<string, unknown>;

/** What a table needs beside its definition to survive a rebuild. */
export interface TableSurroundings {
  triggers: { name: string; sql: string }[];
  views: { name: string; sql: string }[];
}

/**
 * Reads tables from a live SQLite database in five queries whatever their number: the
 * pragma table-valued functions joined over `sqlite_schema`, merged with what only the
 * stored CREATE TABLE text holds (constraint names, CHECKs, enum values).
 */
export async function introspectSqlite(conn: Connection, only?: readonly string[]): Promise<Map<string, Table>> {
  const filter = only ? `AND m.name IN (${only.map(() => '?').join(', ')})` : '';
  const args = only ?? [];
  const tablesQ = conn.query(`SELECT m.name, m.sql FROM sqlite_schema m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ${filter} ORDER BY m.name`, args);
  const colsQ = conn.query(`SELECT m.name AS tbl, p.cid, p.name, p.type, p."notnull" AS not_null, p.dflt_value, p.pk, p.hidden FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p WHERE m.type = 'table' ${filter} ORDER BY m.name, p.cid`, args);
  const idxQ = conn.query(
    `SELECT m.name AS tbl, il.name AS idx, il."unique" AS is_unique, il.origin, il.partial, ii.seqno, ii.name AS col, s.sql FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = il.name WHERE m.type = 'table' ${filter} ORDER BY m.name, il.name, ii.seqno`,
    args,
  );
  const fkQ = conn.query(`SELECT m.name AS tbl, f.id, f.seq, f."table" AS ref, f."from" AS col, f."to" AS refcol, f.on_update, f.on_delete FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ${filter} ORDER BY m.name, f.id, f.seq`, args);
  const [tables, cols, idx, fks] = await Promise.all([tablesQ, colsQ, idxQ, fkQ]);
  const group = (rows: Row[]) => {
    const m = new Map<string, Row[]>();
    for (const r of rows) {
      const k = r.tbl as string;
      if (!m.has(k)) m.set(k, []);
      m.get(k)!.push(r);
    }
    return m;
  };
  const colsBy = group(cols);
  const idxBy = group(idx);
  const fkBy = group(fks);
  const out = new Map<string, Table>();
  for (const t of tables) {
    const name = t.name as string;
    out.set(name, buildTable(name, t.sql as string, colsBy.get(name) ?? [], idxBy.get(name) ?? [], fkBy.get(name) ?? []));
  }
  return out;
}

function buildTable(name: string, sql: string, cols: Row[], idx: Row[], fks: Row[]): Table {
  let parsed: ParsedTable | undefined;
  try {
    parsed = parseCreateTable(sql);
  } catch {
    parsed = undefined;
  }
  const parsedCol = (n: string) => parsed?.columns.find((c) => c.name.toLowerCase() === n.toLowerCase());
  const allConstraints: ParsedConstraint[] = [...(parsed?.constraints ?? []), ...(parsed?.columns.flatMap((c) => c.constraints) ?? [])];
  const pkCols = cols.filter((c) => Number(c.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk));
  const rowidAlias = pkCols.length === 1 && String(pkCols[0]!.type).toUpperCase() === 'INTEGER' && !parsed?.withoutRowid;
  const checks: CheckConstraint[] = [];
  const columns: Column[] = cols
    .filter((c) => Number(c.hidden) === 0)
    .map((c) => {
      const cname = c.name as string;
      const pc = parsedCol(cname);
      let type: ColumnType = parseSqliteType(String(c.type ?? ''));
      for (const k of pc?.constraints ?? []) {
        if (k.kind !== 'check') continue;
        const values = enumValues(k.expression ?? '', cname);
        if (values) type = { kind: 'enum', name: k.name ?? `${cname}_enum`, values };
        else checks.push({ name: k.name ?? `ck_${name}_${cname}`, expression: k.expression ?? '' });
      }
      const isPk = Number(c.pk) > 0;
      const col: Column = {
        name: cname,
        type,
        nullable: !isPk && Number(c.not_null) === 0,
        primaryKey: isPk,
        autoincrement: isPk && rowidAlias,
        ...(c.dflt_value !== null && c.dflt_value !== undefined ? { default: readDefault(String(c.dflt_value), type) } : {}),
      };
      return col;
    });
  for (const k of parsed?.constraints ?? []) if (k.kind === 'check') checks.push({ name: k.name ?? `ck_${name}_${checks.length + 1}`, expression: k.expression ?? '' });

  const pkConstraint = allConstraints.find((k) => k.kind === 'primaryKey');
  const byIndex = new Map<string, Row[]>();
  for (const r of idx) {
    const k = r.idx as string;
    if (!byIndex.has(k)) byIndex.set(k, []);
    byIndex.get(k)!.push(r);
  }
  const indexes: Index[] = [];
  const uniques: UniqueConstraint[] = [];
  for (const [iname, rows] of byIndex) {
    const columnsOf = rows.map((r) => r.col as string);
    const origin = rows[0]!.origin as string;
    if (origin === 'pk') continue;
    if (origin === 'u') {
      const named = allConstraints.find((k) => k.kind === 'unique' && sameColumns(k.columns, columnsOf));
      uniques.push({ name: named?.name ?? `uq_${name}_${columnsOf.join('_')}`, columns: columnsOf });
      continue;
    }
    const where = Number(rows[0]!.partial) ? /\bWHERE\b([\s\S]*)$/i.exec(String(rows[0]!.sql ?? ''))?.[1]?.trim() : undefined;
    indexes.push({ name: iname, columns: columnsOf, unique: Number(rows[0]!.is_unique) === 1, ...(where ? { where } : {}) });
  }
  const byFk = new Map<number, Row[]>();
  for (const r of fks) {
    const k = Number(r.id);
    if (!byFk.has(k)) byFk.set(k, []);
    byFk.get(k)!.push(r);
  }
  const foreignKeys: ForeignKey[] = [...byFk.values()].reverse().map((rows) => {
    const columnsOf = rows.map((r) => r.col as string);
    const ref = rows[0]!.ref as string;
    const named = allConstraints.find((k) => k.kind === 'foreignKey' && sameColumns(k.columns, columnsOf) && k.refTable?.toLowerCase() === ref.toLowerCase());
    const action = (v: unknown): ReferentialAction | undefined => {
      const a = String(v ?? '').toLowerCase();
      return a === '' || a === 'no action' ? undefined : (a as ReferentialAction);
    };
    const onDelete = action(rows[0]!.on_delete);
    const onUpdate = action(rows[0]!.on_update);
    return {
      name: named?.name ?? `fk_${name}_${columnsOf.join('_')}_${ref}`,
      columns: columnsOf,
      refTable: ref,
      refColumns: rows.map((r) => (r.refcol as string | null) ?? 'rowid'),
      ...(onDelete ? { onDelete } : {}),
      ...(onUpdate ? { onUpdate } : {}),
    };
  });
  return {
    name,
    columns,
    ...(pkCols.length ? { primaryKey: { ...(pkConstraint?.name ? { name: pkConstraint.name } : {}), columns: pkCols.map((c) => c.name as string) } } : {}),
    indexes,
    uniques,
    foreignKeys,
    checks,
  };
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x.toLowerCase() === b[i]!.toLowerCase());
}

/** `"status" IN ('a', 'b')` → ['a', 'b']: how ambix writes an enum on SQLite. */
function enumValues(expr: string, column: string): string[] | undefined {
  const m = /^\s*(?:"((?:[^"]|"")*)"|`([^`]*)`|\[([^\]]*)\]|(\w+))\s+IN\s*\(([\s\S]*)\)\s*$/i.exec(expr);
  if (!m) return undefined;
  const col = m[1]?.replace(/""/g, '"') ?? m[2] ?? m[3] ?? m[4];
  if (col?.toLowerCase() !== column.toLowerCase()) return undefined;
  const values: string[] = [];
  const list = m[5]!;
  const re = /\s*'((?:[^']|'')*)'\s*(,|$)/gy;
  let pos = 0;
  while (pos < list.length) {
    re.lastIndex = pos;
    const v = re.exec(list);
    if (!v) return undefined;
    values.push(v[1]!.replace(/''/g, "'"));
    pos = re.lastIndex;
    if (v[2] === '') break;
  }
  return values;
}

/** A stored default back into the model: quoted text and numbers are literals, the rest SQL. */
function readDefault(text: string, type: ColumnType): ColumnDefault {
  const t = text.trim();
  if (/^'(?:[^']|'')*'$/.test(t)) return { kind: 'literal', value: t.slice(1, -1).replace(/''/g, "'") };
  if (/^[-+]?\d+(?:\.\d+)?$/.test(t)) {
    if (type.kind === 'boolean' && (t === '0' || t === '1')) return { kind: 'literal', value: t === '1' };
    return { kind: 'literal', value: Number(t) };
  }
  if (/^null$/i.test(t)) return { kind: 'literal', value: null };
  if (/^(true|false)$/i.test(t)) return { kind: 'literal', value: /^true$/i.test(t) };
  const inner = /^\(([\s\S]*)\)$/.exec(t);
  return { kind: 'sql', text: inner ? inner[1]!.trim() : t };
}

/** Triggers and views that must be dropped and restored when `table` is rebuilt. */
export async function tableSurroundings(conn: Connection, table: string): Promise<TableSurroundings> {
  const rows = await conn.query(`SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE type IN ('trigger', 'view') AND sql IS NOT NULL ORDER BY rowid`);
  const triggers: TableSurroundings['triggers'] = [];
  const views: TableSurroundings['views'] = [];
  for (const r of rows) {
    const sql = r.sql as string;
    const hit = (r.tbl_name as string).toLowerCase() === table.toLowerCase() || mentions(sql, table);
    if (!hit) continue;
    (r.type === 'view' ? views : triggers).push({ name: r.name as string, sql });
  }
  return { triggers, views };
}

/** Whether the parsed table uses features ambix does not model, which a rebuild would lose. */
export function unsupportedForRebuild(sql: string): string | undefined {
  let parsed: ParsedTable;
  try {
    parsed = parseCreateTable(sql);
  } catch (error) {
    return `its definition could not be read (${(error as Error).message})`;
  }
  if (parsed.withoutRowid) return 'it is WITHOUT ROWID';
  if (parsed.strict) return 'it is STRICT';
  const gen = parsed.columns.find((c) => c.generated);
  if (gen) return `column ${gen.name} is GENERATED`;
  const coll = parsed.columns.find((c) => c.collate);
  if (coll) return `column ${coll.name} has COLLATE ${coll.collate}`;
  return undefined;
}
