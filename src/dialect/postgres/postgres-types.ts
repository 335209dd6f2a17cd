import type { ColumnType } from '../../schema/model.js';
import { standardTypeSql } from '../standard-types.js';

/** PostgreSQL's own identifier quoting: `"name"`, with embedded quotes doubled. */
export function quotePg(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A table, index or type name, qualified by its schema when it has one.
 *
 * @example qualifiedPg('events', 'audit') // '"audit"."events"'
 */
export function qualifiedPg(name: string, schema?: string): string {
  return schema ? `${quotePg(schema)}.${quotePg(name)}` : quotePg(name);
}

/**
 * The declared type of a column on PostgreSQL. The model's `json` is `JSONB` (indexable,
 * what every PostgreSQL user wants); `blob` is `BYTEA`; an enum is its named type, created
 * beside the table (see `postgres-enums.ts`) and qualified with the table's schema.
 *
 * @example pgTypeSql({ kind: 'numeric', precision: 10, scale: 2 }) // 'NUMERIC(10, 2)'
 */
export function pgTypeSql(type: ColumnType, schema?: string): string {
  switch (type.kind) {
    case 'json':
      return 'JSONB';
    case 'blob':
      return 'BYTEA';
    case 'enum':
      return enumTypeSql(type.name, schema);
    default:
      return standardTypeSql(type);
  }
}

/**
 * An enum's type name as SQL. A name that already carries a schema (`'billing.status'`, as
 * introspection reports a type living outside its table's schema) is split, not quoted whole.
 */
export function enumTypeSql(name: string, schema?: string): string {
  const { schema: own, name: bare } = splitEnumName(name);
  return qualifiedPg(bare, own ?? schema);
}

/** `'billing.status'` → schema and name; a plain name has no schema of its own. */
export function splitEnumName(name: string): { schema: string | undefined; name: string } {
  const dot = name.indexOf('.');
  return dot > 0 ? { schema: name.slice(0, dot), name: name.slice(dot + 1) } : { schema: undefined, name };
}

/**
 * Reads `format_type()` output back into the model. What the server spells differently from
 * what ambix wrote is folded back: `character varying(50)` is `varchar(50)`, `jsonb` is the
 * model's `json`, `timestamp(6)` (the finest precision, so the same values) is `timestamp`.
 * Anything else (`json`, `inet`, arrays, `timestamp(3)`) stays `raw` with the server's spelling,
 * so a comparison sees it as different from the model's types rather than silently equal.
 *
 * @example parsePgType('character varying(50)') // { kind: 'varchar', length: 50 }
 */
export function parsePgType(formatted: string): ColumnType {
  const text = formatted.trim();
  const m = /^([a-z ]+?)(?:\((\d+)(?:,(\d+))?\))?( with(?:out)? time zone)?$/.exec(text);
  if (!m) return { kind: 'raw', sql: text };
  const base = m[1]!;
  const a = m[2] === undefined ? undefined : Number(m[2]);
  const b = m[3] === undefined ? undefined : Number(m[3]);
  const zone = m[4]?.trim();
  switch (base) {
    case 'integer':
      return { kind: 'integer' };
    case 'bigint':
      return { kind: 'bigint' };
    case 'smallint':
      return { kind: 'smallint' };
    case 'real':
      return { kind: 'real' };
    case 'double precision':
      return { kind: 'double' };
    case 'numeric':
      // NUMERIC(10) is stored as numeric(10,0): a zero scale reads back as the model writes it.
      return a === undefined ? { kind: 'numeric' } : b === undefined || b === 0 ? { kind: 'numeric', precision: a } : { kind: 'numeric', precision: a, scale: b };
    case 'text':
      return { kind: 'text' };
    case 'character varying':
      return a === undefined ? { kind: 'varchar' } : { kind: 'varchar', length: a };
    case 'character':
      return a === undefined ? { kind: 'char' } : { kind: 'char', length: a };
    case 'boolean':
      return { kind: 'boolean' };
    case 'date':
      return { kind: 'date' };
    case 'time':
      return zone === 'with time zone' || (a !== undefined && a !== 6) ? { kind: 'raw', sql: text } : { kind: 'time' };
    case 'timestamp':
      if (a !== undefined && a !== 6) return { kind: 'raw', sql: text };
      return zone === 'with time zone' ? { kind: 'timestamp', withTimezone: true } : { kind: 'timestamp' };
    case 'jsonb':
      return { kind: 'json' };
    case 'uuid':
      return { kind: 'uuid' };
    case 'bytea':
      return { kind: 'blob' };
    default:
      return { kind: 'raw', sql: text };
  }
}
