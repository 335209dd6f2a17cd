// A table and its columns as `ambix/schema` source, written so that running it through
// `op.createTable()` (which names things by the default convention) builds the very same
// Table: column-level `.primaryKey()`, `.index()`, `.unique()` and `.references()` where the
// default convention gives the object its name, explicit names in the extras otherwise.
import type { Column, ColumnDefault, ColumnType, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint } from '../../schema/model.js';
import { normalizeDefault } from '../../schema/column-defaults.js';
import { checkConstraintName, conventionalName, DEFAULT_NAMING_CONVENTION } from '../../schema/naming.js';
import { fragment, memberAccess, propertyKey, SchemaImports, stringLiteral, valueLiteral } from './source-text.js';

/**
 * A column type as its builder call.
 *
 * @example typeSource({ kind: 'varchar', length: 50 }, imports) // 'varchar(50)'
 */
export function typeSource(type: ColumnType, im: SchemaImports): string {
  switch (type.kind) {
    case 'numeric':
      return `${im.use('numeric')}(${[type.precision, type.scale].filter((x) => x !== undefined).join(', ')})`;
    case 'varchar':
    case 'char':
      return `${im.use(type.kind)}(${type.length ?? ''})`;
    case 'timestamp':
      return `${im.use('timestamp')}(${type.withTimezone ? '{ withTimezone: true }' : ''})`;
    case 'enum':
      return `${im.use('enumType')}(${stringLiteral(type.name)}, [${type.values.map(stringLiteral).join(', ')}])`;
    case 'raw':
      return `${im.use('rawType')}(${stringLiteral(type.sql)})`;
    case 'integer':
    case 'bigint':
    case 'smallint':
    case 'real':
    case 'double':
    case 'text':
    case 'boolean':
    case 'date':
    case 'time':
    case 'json':
    case 'uuid':
    case 'blob':
      return `${im.use(type.kind)}()`;
  }
}

/**
 * A server default as the argument of `.default()` / `alterColumn({ default })`: the literal
 * itself when the column's type accepts it, else the SQL it stands for (sql`'x'`), so a
 * default read from a database always renders to code that runs.
 *
 * @example defaultSource({ kind: 'integer' }, { kind: 'literal', value: 'abc' }, imports) // "sql`'abc'`"
 */
export function defaultSource(type: ColumnType, def: ColumnDefault, im: SchemaImports): string {
  if (def.kind === 'sql') return fragment(def, im);
  if (def.value === null || normalizeDefault(type, def.value).ok) return valueLiteral(def.value);
  const v = def.value;
  const text = typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v);
  return fragment({ kind: 'sql', text }, im);
}

/** What a column says beside its type, when it is rendered inside a table. */
export interface ColumnExtras {
  /** `.primaryKey()`, with `{ autoincrement }` when it differs from the type's default. */
  readonly primaryKey?: boolean;
  readonly index?: 'index' | 'uniqueIndex';
  readonly unique?: boolean;
  /** A single-column foreign key of `table`, as `.references()`. */
  readonly references?: { readonly foreignKey: ForeignKey; readonly table: string };
}

/**
 * A column as its builder chain: `varchar(50).notNull().default('x')`.
 *
 * @example columnSource({ name: 'timeout', type: { kind: 'integer' }, nullable: false, primaryKey: false, autoincrement: false }, {}, imports)
 * // 'integer().notNull()'
 */
export function columnSource(c: Column, extras: ColumnExtras, im: SchemaImports): string {
  let s = typeSource(c.type, im);
  if (extras.primaryKey) {
    const byDefault = c.type.kind === 'integer';
    s += c.autoincrement === byDefault ? '.primaryKey()' : `.primaryKey({ autoincrement: ${c.autoincrement} })`;
  } else if (!c.nullable) s += '.notNull()';
  if (c.default !== undefined) s += `.default(${defaultSource(c.type, c.default, im)})`;
  if (extras.index) s += extras.index === 'uniqueIndex' ? '.index().unique()' : '.index()';
  else if (extras.unique) s += '.unique()';
  if (extras.references) s += referencesSource(extras.references.foreignKey, extras.references.table);
  if (c.comment !== undefined) s += `.comment(${stringLiteral(c.comment)})`;
  return s;
}

function referencesSource(fk: ForeignKey, table: string): string {
  const target = [fk.refSchema, fk.refTable, fk.refColumns[0]].filter((x) => x !== undefined).join('.');
  const options = [
    ...(fk.onDelete ? [`onDelete: ${stringLiteral(fk.onDelete)}`] : []),
    ...(fk.onUpdate ? [`onUpdate: ${stringLiteral(fk.onUpdate)}`] : []),
    ...(fk.name !== defaultForeignKeyName(table, fk) ? [`name: ${stringLiteral(fk.name)}`] : []),
  ];
  return `.references(${stringLiteral(target)}${options.length ? `, { ${options.join(', ')} }` : ''})`;
}

function defaultForeignKeyName(table: string, fk: ForeignKey): string {
  return conventionalName(DEFAULT_NAMING_CONVENTION, 'fk', { table, columns: fk.columns, referredTable: fk.refTable, referredColumns: fk.refColumns });
}

/**
 * `op.createTable(...)` for a table, one column per line, as lines indented from the statement.
 *
 * @example createTableSource(getTable(task), imports).join('\n')
 */
export function createTableSource(t: Table, im: SchemaImports): string[] {
  const conv = DEFAULT_NAMING_CONVENTION;
  const single = (cols: readonly string[], name: string) => cols.length === 1 && cols[0] === name;
  const flagged = t.columns.filter((c) => c.primaryKey).map((c) => c.name);
  const pk: PrimaryKey | undefined = t.primaryKey ?? (flagged.length ? { columns: flagged } : undefined);
  const pkColumn = pk && pk.columns.length === 1 ? t.columns.find((c) => c.name === pk.columns[0]) : undefined;
  // .primaryKey() names the key by the convention; a key the database numbers keeps that even
  // under another name, because only the column form can say `autoincrement`.
  const pkInline = pkColumn !== undefined && (pkColumn.autoincrement || pk!.name === undefined || pk!.name === conventionalName(conv, 'pk', { table: t.name, columns: pk!.columns }));

  const indexes = [...t.indexes];
  const uniques = [...t.uniques];
  const foreignKeys = [...t.foreignKeys];
  const take = <T>(list: T[], pred: (x: T) => boolean): T | undefined => {
    const i = list.findIndex(pred);
    return i < 0 ? undefined : list.splice(i, 1)[0];
  };
  const lines = [`await op.createTable(${stringLiteral(t.name)}, {`];
  for (const c of t.columns) {
    const ix = take(indexes, (i: Index) => single(i.columns, c.name) && i.where === undefined && i.name === conventionalName(conv, 'ix', { table: t.name, columns: [c.name] }));
    const uq = ix ? undefined : take(uniques, (u: UniqueConstraint) => single(u.columns, c.name) && u.name === conventionalName(conv, 'uq', { table: t.name, columns: [c.name] }));
    const fk = take(foreignKeys, (f: ForeignKey) => single(f.columns, c.name));
    const extras: ColumnExtras = {
      primaryKey: pkInline && pkColumn === c,
      ...(ix ? { index: ix.unique ? 'uniqueIndex' : 'index' } : {}),
      unique: uq !== undefined,
      ...(fk ? { references: { foreignKey: fk, table: t.name } } : {}),
    };
    lines.push(`  ${propertyKey(c.name)}: ${columnSource(c, extras, im)},`);
  }
  const col = (name: string) => memberAccess('t', name);
  const cols = (names: readonly string[]) => names.map(col).join(', ');
  const tail: string[] = [];
  if (pk && !pkInline) tail.push(`${im.use('primaryKey')}({ ${pk.name !== undefined ? `name: ${stringLiteral(pk.name)}, ` : ''}columns: [${cols(pk.columns)}] })`);
  for (const i of indexes) tail.push(`${im.use(i.unique ? 'uniqueIndex' : 'index')}(${stringLiteral(i.name)}).on(${cols(i.columns)})${i.where !== undefined ? `.where(${fragment({ kind: 'sql', text: i.where }, im)})` : ''}`);
  for (const u of uniques) tail.push(`${im.use('unique')}(${stringLiteral(u.name)}).on(${cols(u.columns)})`);
  for (const k of t.checks) {
    const exact = checkConstraintName(conv, t.name, k.name) !== k.name;
    tail.push(`${im.use('check')}(${stringLiteral(k.name)}, ${fragment({ kind: 'sql', text: k.expression }, im)}${exact ? ', { exactName: true }' : ''})`);
  }
  for (const f of foreignKeys) {
    const targets = f.refColumns.map((rc) => stringLiteral([f.refSchema, f.refTable, rc].filter((x) => x !== undefined).join('.')));
    const actions = `${f.onDelete ? `, onDelete: ${stringLiteral(f.onDelete)}` : ''}${f.onUpdate ? `, onUpdate: ${stringLiteral(f.onUpdate)}` : ''}`;
    tail.push(`${im.use('foreignKey')}({ name: ${stringLiteral(f.name)}, columns: [${cols(f.columns)}], foreignColumns: [${targets.join(', ')}]${actions} })`);
  }
  if (tail.length === 0) lines.push('});');
  else lines.push('}, (t) => [', ...tail.map((x) => `  ${x},`), ']);');
  return lines;
}
