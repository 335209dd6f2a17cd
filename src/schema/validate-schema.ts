// Checks on the neutral model, before any SQL: what one table must satisfy on its own, and
// what a whole schema must satisfy (foreign keys that resolve, names used once). Each problem
// is one UserError that says which object and what to do. Names are compared ignoring case,
// as SQLite and MySQL compare them.
import { nearestName } from '../util/nearest-name.js';
import { UserError } from '../errors.js';
import type { Column, Table } from './model.js';

export interface ValidateOptions {
  /** Longest table, column, index or constraint name accepted. Default 63 (PostgreSQL's limit). */
  readonly maxIdentifierLength?: number;
  /**
   * Index names (unique ones included) need only be unique within their table, as on MySQL;
   * elsewhere they share the schema's namespace with constraints. Default false.
   */
  readonly indexNamesPerTable?: boolean;
}

const INTEGER_KINDS = ['integer', 'bigint', 'smallint'];

/**
 * Refuses a table that no database would create as written: unknown columns in its keys,
 * indexes and constraints, a name used twice, a nullable key column, names past the length limit.
 *
 * @example validateTable(getTable(task))
 */
export function validateTable(table: Table, options: ValidateOptions = {}): void {
  const max = options.maxIdentifierLength ?? 63;
  const t = `Table ${table.name}`;
  checkName(table.name, 'table', 'Table name', max);
  if (table.columns.length === 0) throw new UserError(`${t} has no columns`, 'A table needs at least one column.');
  const seen = new Map<string, string>();
  for (const c of table.columns) {
    checkName(c.name, 'column', `${t}: column name`, max);
    const other = seen.get(c.name.toLowerCase());
    if (other !== undefined) throw new UserError(`${t} has two columns named '${other}' and '${c.name}'`, 'Column names are compared ignoring case; rename one.');
    seen.set(c.name.toLowerCase(), c.name);
  }
  const known = () => `Columns of ${table.name}: ${table.columns.map((c) => c.name).join(', ')}.`;
  const columnsOf = (cols: readonly string[], what: string): Column[] => {
    if (cols.length === 0) throw new UserError(`${t}: ${what} has no columns`);
    const dup = cols.find((c, i) => cols.indexOf(c) !== i);
    if (dup !== undefined) throw new UserError(`${t}: ${what} lists column '${dup}' twice`);
    return cols.map((name) => {
      const c = table.columns.find((x) => x.name === name);
      if (!c) throw new UserError(`${t}: ${what} names unknown column '${name}'`, known());
      return c;
    });
  };

  const pk = table.primaryKey;
  if (pk) {
    const keyCols = columnsOf(pk.columns, `primary key${pk.name ? ` ${pk.name}` : ''}`);
    for (const c of keyCols) if (c.nullable) throw new UserError(`${t}: primary key column '${c.name}' is nullable`, 'Primary key columns are NOT NULL.');
    const flagged = table.columns.filter((c) => c.primaryKey && !pk.columns.includes(c.name));
    if (flagged.length) throw new UserError(`${t}: column '${flagged[0]!.name}' is marked primaryKey but the primary key is (${pk.columns.join(', ')})`);
  }
  for (const c of table.columns) {
    if (!c.autoincrement) continue;
    const single = (pk ? pk.columns : table.columns.filter((x) => x.primaryKey).map((x) => x.name)).length === 1;
    if (!c.primaryKey || !single || !INTEGER_KINDS.includes(c.type.kind)) {
      throw new UserError(`${t}: column '${c.name}' autoincrements but is not a single-column integer primary key`, 'Only a single integer, bigint or smallint primary key column is numbered by the database.');
    }
  }
  for (const ix of table.indexes) columnsOf(ix.columns, `index ${ix.name}`);
  for (const uq of table.uniques) columnsOf(uq.columns, `unique constraint ${uq.name}`);
  for (const fk of table.foreignKeys) {
    columnsOf(fk.columns, `foreign key ${fk.name}`);
    if (fk.refColumns.length !== fk.columns.length) {
      throw new UserError(`${t}: foreign key ${fk.name} has ${fk.columns.length} column(s) but references ${fk.refColumns.length}`, 'Give one referenced column per column.');
    }
  }
  for (const ck of table.checks) {
    if (ck.expression.trim() === '') throw new UserError(`${t}: check constraint ${ck.name} has no expression`);
  }
  const names = new Map<string, string>();
  forEachNamedObject(table, (what, name) => {
    checkName(name, what, `${t}: ${what} name`, max);
    const other = names.get(name.toLowerCase());
    if (other !== undefined) throw new UserError(`${t}: the name '${name}' is used by ${other} and by ${what}`, 'Index and constraint names must be unique; give one of them another name.');
    names.set(name.toLowerCase(), what);
  });
}

/**
 * Refuses a schema with a problem that would only show as a database error halfway through a
 * migration: a table defined twice, a foreign key to an unknown table or column (or to columns
 * that are neither a primary key nor unique), an index or constraint name used twice, one enum
 * name with two lists of values. Each table is checked with {@link validateTable} too.
 *
 * @example validateSchema([getTable(llmSetting), getTable(chatSession)])
 */
export function validateSchema(tables: readonly Table[], options: ValidateOptions = {}): void {
  const byName = new Map<string, Table>();
  const key = (schema: string | undefined, name: string) => `${schema ?? ''}\u0000${name.toLowerCase()}`;
  for (const table of tables) {
    validateTable(table, options);
    const k = key(table.schema, table.name);
    const other = byName.get(k);
    if (other) {
      throw new UserError(`Duplicate table name '${qualified(table)}'${other.name !== table.name ? ` (also defined as '${other.name}')` : ''}`, 'Each table is defined once (names are compared ignoring case); rename one, or export the same table() once.');
    }
    byName.set(k, table);
  }
  for (const table of tables) {
    for (const fk of table.foreignKeys) {
      const schema = fk.refSchema ?? table.schema;
      const what = `Table ${table.name}: foreign key ${fk.name} (${fk.columns.join(', ')})`;
      const target = [...byName.values()].find((x) => x.name === fk.refTable && x.schema === schema);
      if (!target) {
        const known = tables.filter((x) => x.schema === schema).map((x) => x.name);
        const near = nearestName(fk.refTable, known);
        throw new UserError(
          `${what} references unknown table '${schema ? `${schema}.` : ''}${fk.refTable}'`,
          `${near ? `Did you mean '${near}'? ` : ''}Known tables: ${known.length ? known.join(', ') : '(none)'}.`,
        );
      }
      for (const col of fk.refColumns) {
        if (!target.columns.some((c) => c.name === col)) {
          const near = nearestName(col, target.columns.map((c) => c.name));
          throw new UserError(`${what} references unknown column ${target.name}.${col}`, `${near ? `Did you mean '${near}'? ` : ''}Columns of ${target.name}: ${target.columns.map((c) => c.name).join(', ')}.`);
        }
      }
      if (!isUniqueKey(target, fk.refColumns)) {
        throw new UserError(
          `${what} references ${target.name} (${fk.refColumns.join(', ')}), which is neither its primary key nor unique`,
          `The database needs a unique key to reference: make ${target.name}.${fk.refColumns.join(', ')} unique, or reference its primary key.`,
        );
      }
    }
  }
  const names = new Map<string, string>();
  const enums = new Map<string, { values: readonly string[]; where: string }>();
  for (const table of tables) {
    forEachNamedObject(table, (what, name) => {
      // Index names are per schema on PostgreSQL and SQLite, per table on MySQL (where foreign key
      // and check names are per schema): without a dialect, unique everywhere is portable.
      const perTable = options.indexNamesPerTable === true && (what === 'index' || what === 'unique constraint');
      const k = perTable ? `${key(table.schema, table.name)}\u0000${name.toLowerCase()}` : key(table.schema, name);
      const other = names.get(k);
      if (other !== undefined) {
        throw new UserError(`The name '${name}' is used twice: by ${what} of table ${table.name} and by ${other}`, perTable ? 'Index names must be unique within their table; give one of them another name.' : 'Index and constraint names must be unique in the schema; give one of them another name.');
      }
      names.set(k, `${what} of table ${table.name}`);
    });
    for (const c of table.columns) {
      if (c.type.kind !== 'enum') continue;
      const k = key(table.schema, c.type.name);
      const prev = enums.get(k);
      const where = `${table.name}.${c.name}`;
      if (prev && prev.values.join('\u0000') !== c.type.values.join('\u0000')) {
        throw new UserError(`Enum type '${c.type.name}' has different values in ${prev.where} (${prev.values.join(', ')}) and ${where} (${c.type.values.join(', ')})`, 'One enum name is one database type: give the same values, or another name.');
      }
      if (!prev) enums.set(k, { values: c.type.values, where });
    }
  }
}

/** Every index and constraint name of a table, with what it names (no list built: this runs for every table an upgrade creates). */
function forEachNamedObject(table: Table, visit: (what: string, name: string) => void): void {
  if (table.primaryKey?.name) visit('primary key', table.primaryKey.name);
  for (const i of table.indexes) visit('index', i.name);
  for (const u of table.uniques) visit('unique constraint', u.name);
  for (const f of table.foreignKeys) visit('foreign key', f.name);
  for (const c of table.checks) visit('check constraint', c.name);
}

function isUniqueKey(table: Table, columns: readonly string[]): boolean {
  const same = (cols: readonly string[]) => cols.length === columns.length && cols.every((c) => columns.includes(c));
  const pk = table.primaryKey?.columns ?? table.columns.filter((c) => c.primaryKey).map((c) => c.name);
  return (
    same(pk) ||
    table.uniques.some((u) => same(u.columns)) ||
    table.indexes.some((i) => i.unique && !i.where && same(i.columns)) ||
    (columns.length === 1 && table.columns.some((c) => c.name === columns[0] && c.unique === true))
  );
}

function checkName(name: unknown, what: string, where: string, max: number): void {
  if (typeof name !== 'string' || name.trim() === '') throw new UserError(`${where} is empty`, `Every ${what} needs a non-empty name.`);
  if (name.length > max) {
    throw new UserError(`${where} '${name}' is ${name.length} characters long; the limit is ${max}`, 'PostgreSQL silently cuts names at 63 characters, so autogenerate would never match it: choose a shorter name.');
  }
}

function qualified(t: Table): string {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}

