import type { ColumnType } from '../../schema/model.js';
import { standardTypeSql } from '../standard-types.js';

/**
 * The declared type of a column on SQLite. Declared with the model's own names
 * (`VARCHAR(64)`, `BOOLEAN`, `TIMESTAMP`), which SQLite keeps verbatim, so introspection
 * reads back what the models say; SQLite derives its storage affinity from them.
 */
export function sqliteTypeSql(type: ColumnType): string {
  switch (type.kind) {
    case 'json':
      return 'JSON';
    case 'blob':
      return 'BLOB';
    case 'enum':
      // The values live in a CHECK named after the enum (see the compiler).
      return `VARCHAR(${Math.max(1, ...type.values.map((v) => v.length))})`;
    default:
      return standardTypeSql(type);
  }
}

/** Reads a declared type back into the model. */
export function parseSqliteType(text: string): ColumnType {
  const m = /^\s*([A-Za-z ]+?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/.exec(text);
  if (!m) return { kind: 'raw', sql: text };
  const name = m[1]!.toUpperCase().replace(/\s+/g, ' ');
  const a = m[2] === undefined ? undefined : Number(m[2]);
  const b = m[3] === undefined ? undefined : Number(m[3]);
  switch (name) {
    case 'INTEGER':
    case 'INT':
      return { kind: 'integer' };
    case 'BIGINT':
      return { kind: 'bigint' };
    case 'SMALLINT':
      return { kind: 'smallint' };
    case 'REAL':
    case 'FLOAT':
      return { kind: 'real' };
    case 'DOUBLE':
    case 'DOUBLE PRECISION':
      return { kind: 'double' };
    case 'NUMERIC':
    case 'DECIMAL':
      return a === undefined ? { kind: 'numeric' } : b === undefined ? { kind: 'numeric', precision: a } : { kind: 'numeric', precision: a, scale: b };
    case 'TEXT':
    case 'CLOB':
      return { kind: 'text' };
    case 'VARCHAR':
    case 'CHARACTER VARYING':
    case 'NVARCHAR':
      return a === undefined ? { kind: 'varchar' } : { kind: 'varchar', length: a };
    case 'CHAR':
    case 'CHARACTER':
    case 'NCHAR':
      return a === undefined ? { kind: 'char' } : { kind: 'char', length: a };
    case 'BOOLEAN':
    case 'BOOL':
      return { kind: 'boolean' };
    case 'DATE':
      return { kind: 'date' };
    case 'TIME':
      return { kind: 'time' };
    case 'TIMESTAMP':
    case 'DATETIME':
      return { kind: 'timestamp' };
    case 'TIMESTAMP WITH TIME ZONE':
    case 'TIMESTAMPTZ':
      return { kind: 'timestamp', withTimezone: true };
    case 'JSON':
      return { kind: 'json' };
    case 'UUID':
      return { kind: 'uuid' };
    case 'BLOB':
      return { kind: 'blob' };
    default:
      return { kind: 'raw', sql: text.trim() };
  }
}
