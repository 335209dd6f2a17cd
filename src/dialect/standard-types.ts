import type { ColumnType } from '../schema/model.js';

/** The column types every dialect spells its own way: json, blob and enum. */
export type DialectSpecificType = Extract<ColumnType, { kind: 'json' | 'blob' | 'enum' }>;

/**
 * A column type in the SQL standard's spelling, which SQLite keeps verbatim and PostgreSQL
 * accepts as is. The types each dialect spells its own way are left to the dialect.
 *
 * @example standardTypeSql({ kind: 'numeric', precision: 10, scale: 2 }) // 'NUMERIC(10, 2)'
 */
export function standardTypeSql(type: Exclude<ColumnType, DialectSpecificType>): string {
  switch (type.kind) {
    case 'integer':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'smallint':
      return 'SMALLINT';
    case 'real':
      return 'REAL';
    case 'double':
      return 'DOUBLE PRECISION';
    case 'numeric':
      return type.precision !== undefined ? `NUMERIC(${type.precision}${type.scale !== undefined ? `, ${type.scale}` : ''})` : 'NUMERIC';
    case 'text':
      return 'TEXT';
    case 'varchar':
      return type.length !== undefined ? `VARCHAR(${type.length})` : 'VARCHAR';
    case 'char':
      return type.length !== undefined ? `CHAR(${type.length})` : 'CHAR';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME';
    case 'timestamp':
      return type.withTimezone ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP';
    case 'uuid':
      return 'UUID';
    case 'raw':
      return type.sql;
  }
}
