// Generated model sets for the property tests: plain specs, rendered to a real
// `ambix/schema` model file, so autogenerate sees exactly what a user writes.
import fc from 'fast-check';

export type TypeSpec =
  | { kind: 'integer' | 'bigint' | 'smallint' | 'real' | 'double' | 'text' | 'boolean' | 'date' | 'time' | 'json' | 'uuid' | 'blob' }
  | { kind: 'varchar' | 'char'; length: number }
  | { kind: 'numeric'; precision: number; scale: number }
  | { kind: 'timestamp'; withTimezone: boolean }
  | { kind: 'enum'; name: string; values: string[] };

export interface ColumnSpec {
  name: string;
  type: TypeSpec;
  notNull: boolean;
  /** Source text of the default argument, e.g. `30`, `'it''s'`, sql`CURRENT_TIMESTAMP`. */
  default?: string;
  index?: boolean;
  unique?: boolean;
  /** A foreign key to an earlier table's id. */
  ref?: { table: string; onDelete?: 'cascade' | 'set null' };
}

export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  checks: { name: string; expression: string }[];
}

export type ModelSpec = TableSpec[];

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma', 'kappa', 'zeta'];

function defaultFor(type: TypeSpec): fc.Arbitrary<string | undefined> {
  const none = fc.constant(undefined);
  switch (type.kind) {
    case 'integer':
    case 'bigint':
    case 'smallint':
      return fc.oneof(none, fc.integer({ min: -100, max: 1000 }).map(String));
    case 'real':
    case 'double':
      return fc.oneof(none, fc.constantFrom('1.5', '0', '-2.25'));
    case 'numeric':
      return fc.oneof(none, fc.constantFrom(...(type.scale >= 2 ? [`'1.50'`, `'0.00'`] : [`'1'`, `'0'`])));
    case 'text':
    case 'varchar':
    case 'char': {
      const max = 'length' in type ? type.length : 20;
      return fc.oneof(none, fc.constantFrom(`'x'`, `'it\\'s'`, `'pending'`).filter((s) => s.length - 2 <= max));
    }
    case 'boolean':
      return fc.oneof(none, fc.constantFrom('true', 'false'));
    case 'date':
      return fc.oneof(none, fc.constant(`'2024-01-02'`));
    case 'time':
      return fc.oneof(none, fc.constant(`'12:34:56'`));
    case 'timestamp':
      return fc.oneof(none, fc.constant('sql`CURRENT_TIMESTAMP`'));
    case 'enum':
      return fc.oneof(none, fc.constantFrom(...type.values.map((v) => `'${v}'`)));
    case 'json':
    case 'uuid':
    case 'blob':
      return none;
  }
}

const typeArb: fc.Arbitrary<TypeSpec> = fc.oneof(
  fc.constantFrom<TypeSpec>(
    { kind: 'integer' },
    { kind: 'bigint' },
    { kind: 'smallint' },
    { kind: 'real' },
    { kind: 'double' },
    { kind: 'text' },
    { kind: 'boolean' },
    { kind: 'date' },
    { kind: 'time' },
    { kind: 'json' },
    { kind: 'uuid' },
    { kind: 'blob' },
  ),
  fc.record({ kind: fc.constantFrom('varchar' as const, 'char' as const), length: fc.integer({ min: 4, max: 120 }) }),
  fc.record({ kind: fc.constant('numeric' as const), precision: fc.integer({ min: 4, max: 12 }), scale: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('timestamp' as const), withTimezone: fc.boolean() }),
  fc.constantFrom(['a', 'b'], ['new', 'open', 'closed']).map((values) => ({ kind: 'enum' as const, name: `st_${values.length}`, values: [...values] })),
);

function columnArb(name: string, earlierTables: string[]): fc.Arbitrary<ColumnSpec> {
  return typeArb.chain((type) =>
    fc.record({
      name: fc.constant(name),
      type: fc.constant(type),
      notNull: fc.boolean(),
      default: defaultFor(type),
      index: fc.boolean().map((b) => b && !['json', 'blob', 'text'].includes(type.kind)),
      unique: fc.boolean().map((b) => b && ['integer', 'varchar', 'uuid'].includes(type.kind)),
    }),
  ).chain((c) =>
    earlierTables.length && c.type.kind === 'integer' && !c.default
      ? fc.option(fc.record({ table: fc.constantFrom(...earlierTables), onDelete: fc.constantFrom(undefined, 'cascade' as const) }), { nil: undefined }).map((ref) => (ref ? { ...c, ref, unique: false } : c))
      : fc.constant(c),
  );
}

function tableArb(name: string, earlier: string[]): fc.Arbitrary<TableSpec> {
  return fc.integer({ min: 1, max: 5 }).chain((n) =>
    fc
      .tuple(...Array.from({ length: n }, (_, i) => columnArb(`${WORDS[i % WORDS.length]}_${i}`, earlier)))
      .chain((columns) => {
        const numeric = columns.filter((c) => ['integer', 'smallint', 'bigint'].includes(c.type.kind));
        return fc.record({
          name: fc.constant(name),
          columns: fc.constant(columns),
          checks: numeric.length ? fc.subarray([{ name: `${numeric[0]!.name}_nonneg`, expression: `${numeric[0]!.name} >= -1000` }]) : fc.constant([]),
        });
      }),
  );
}

/** 1 to 3 tables; later tables may reference earlier ones. */
export const modelSpecArb: fc.Arbitrary<ModelSpec> = fc.integer({ min: 1, max: 3 }).chain((n) => {
  const names = Array.from({ length: n }, (_, i) => `t${i}`);
  return fc.tuple(...names.map((name, i) => tableArb(name, names.slice(0, i))));
});

function typeSource(t: TypeSpec): string {
  switch (t.kind) {
    case 'varchar':
    case 'char':
      return `${t.kind}(${t.length})`;
    case 'numeric':
      return `numeric(${t.precision}, ${t.scale})`;
    case 'timestamp':
      return t.withTimezone ? 'timestamp({ withTimezone: true })' : 'timestamp()';
    case 'enum':
      return `enumType('${t.name}', [${t.values.map((v) => `'${v}'`).join(', ')}])`;
    default:
      return `${t.kind}()`;
  }
}

/** The model file a user would write for the spec. */
export function renderModels(spec: ModelSpec): string {
  const lines = [`import { table, integer, bigint, smallint, real, double, numeric, text, varchar, char, boolean, date, time, timestamp, json, uuid, blob, enumType, check, sql } from 'ambix/schema';`, ''];
  for (const t of spec) {
    lines.push(`export const ${t.name} = table('${t.name}', {`);
    lines.push(`  id: integer().primaryKey(),`);
    for (const c of t.columns) {
      let s = typeSource(c.type);
      s += c.notNull ? '.notNull()' : '.nullable()';
      if (c.default !== undefined) s += `.default(${c.default})`;
      if (c.index) s += '.index()';
      if (c.unique) s += '.unique()';
      if (c.ref) s += `.references('${c.ref.table}.id'${c.ref.onDelete ? `, { onDelete: '${c.ref.onDelete}' }` : ''})`;
      lines.push(`  ${c.name}: ${s},`);
    }
    lines.push(t.checks.length ? `}, () => [${t.checks.map((k) => `check('${k.name}', sql\`${k.expression}\`)`).join(', ')}]);` : `});`);
    lines.push('');
  }
  return lines.join('\n');
}

/** One edit a developer makes to the models between two migrations. */
export type Edit =
  | { kind: 'addTable'; table: TableSpec }
  | { kind: 'dropTable'; name: string }
  | { kind: 'addColumn'; table: string; column: ColumnSpec }
  | { kind: 'dropColumn'; table: string; column: string }
  | { kind: 'alterColumn'; table: string; column: string; to: Partial<Pick<ColumnSpec, 'type' | 'notNull' | 'default'>> }
  | { kind: 'renameColumn'; table: string; from: string; to: string }
  | { kind: 'renameTable'; from: string; to: string };

/** Applies an edit; returns the new spec and the `--rename` argument it needs, if any. */
export function applyEdit(spec: ModelSpec, e: Edit): { spec: ModelSpec; rename?: string } {
  const tables = spec.map((t) => ({ ...t, columns: [...t.columns], checks: [...t.checks] }));
  const find = (n: string) => tables.find((t) => t.name === n)!;
  switch (e.kind) {
    case 'addTable':
      return { spec: [...tables, e.table] };
    case 'dropTable':
      return { spec: tables.filter((t) => t.name !== e.name) };
    case 'addColumn':
      find(e.table).columns.push(e.column);
      return { spec: tables };
    case 'dropColumn': {
      const t = find(e.table);
      t.columns = t.columns.filter((c) => c.name !== e.column);
      t.checks = t.checks.filter((k) => !k.expression.startsWith(`${e.column} `));
      return { spec: tables };
    }
    case 'alterColumn': {
      const t = find(e.table);
      t.columns = t.columns.map((c) => (c.name === e.column ? { ...c, ...e.to } : c));
      return { spec: tables };
    }
    case 'renameColumn': {
      const t = find(e.table);
      t.columns = t.columns.map((c) => (c.name === e.from ? { ...c, name: e.to } : c));
      t.checks = t.checks.map((k) => (k.expression.startsWith(`${e.from} `) ? { name: k.name, expression: k.expression.replace(e.from, e.to) } : k));
      return { spec: tables, rename: `${e.table}.${e.from}=${e.table}.${e.to}` };
    }
    case 'renameTable': {
      for (const t of tables) for (const c of t.columns) if (c.ref?.table === e.from) c.ref = { ...c.ref, table: e.to };
      find(e.from).name = e.to;
      return { spec: tables, rename: `${e.from}=${e.to}` };
    }
  }
}

/**
 * New names for an edit of `spec`: `prefix` and the first number no table or column of the spec
 * has. They depend on the spec alone (not on what was generated before in the process), so a
 * seed generates the same sequences whatever ran first and however many runs there are.
 */
function freshNames(spec: ModelSpec): (prefix: string) => string {
  const used = new Set(spec.flatMap((t) => [t.name, ...t.columns.map((c) => c.name)]));
  let n = 0;
  return (prefix) => {
    let name: string;
    do name = `${prefix}${++n}`;
    while (used.has(name));
    used.add(name);
    return name;
  };
}

/** An edit that makes sense for the spec (no drop of a referenced table, widening alters only). */
export function editArb(spec: ModelSpec): fc.Arbitrary<Edit> {
  const fresh = freshNames(spec);
  const referenced = new Set(spec.flatMap((t) => t.columns.flatMap((c) => (c.ref ? [c.ref.table] : []))));
  const added = fresh('added_');
  const options: fc.Arbitrary<Edit>[] = [
    tableArb(fresh('n'), []).map((table) => ({ kind: 'addTable' as const, table })),
    fc.constantFrom(...spec.map((t) => t.name)).chain((table) =>
      fc.constantFrom({ kind: 'integer' } as TypeSpec, { kind: 'varchar', length: 40 } as TypeSpec, { kind: 'boolean' } as TypeSpec).map((type) => ({
        kind: 'addColumn' as const,
        table,
        column: { name: added, type, notNull: false },
      })),
    ),
  ];
  const droppable = spec.filter((t) => !referenced.has(t.name));
  if (droppable.length > 1) options.push(fc.constantFrom(...droppable.map((t) => ({ kind: 'dropTable' as const, name: t.name }))));
  const cols = spec.flatMap((t) => t.columns.filter((c) => !c.ref).map((c) => ({ t, c })));
  if (cols.length) {
    options.push(fc.constantFrom(...cols.map(({ t, c }) => ({ kind: 'dropColumn' as const, table: t.name, column: c.name }))));
    options.push(fc.constantFrom(...cols.map(({ t, c }) => ({ kind: 'renameColumn' as const, table: t.name, from: c.name, to: fresh(`${c.name}_r`) }))));
    const widen = cols.filter(({ c }) => c.type.kind === 'varchar' || c.notNull);
    if (widen.length) {
      options.push(
        fc.constantFrom(
          ...widen.map(({ t, c }) => ({
            kind: 'alterColumn' as const,
            table: t.name,
            column: c.name,
            to: c.type.kind === 'varchar' ? { type: { kind: 'varchar' as const, length: c.type.length + 30 } } : { notNull: false },
          })),
        ),
      );
    }
  }
  options.push(fc.constantFrom(...spec.map((t) => ({ kind: 'renameTable' as const, from: t.name, to: fresh(`${t.name}_r`) }))));
  return fc.oneof(...options);
}

/** A starting spec and a few edits, each valid for the spec it applies to. */
export const editSequenceArb: fc.Arbitrary<{ start: ModelSpec; edits: Edit[] }> = modelSpecArb.chain((start) => {
  const step = (spec: ModelSpec, n: number): fc.Arbitrary<Edit[]> =>
    n === 0 ? fc.constant([]) : editArb(spec).chain((e) => step(applyEdit(spec, e).spec, n - 1).map((rest) => [e, ...rest]));
  return fc.integer({ min: 1, max: 4 }).chain((n) => step(start, n).map((edits) => ({ start, edits })));
});
