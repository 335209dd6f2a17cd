// `ambix/schema`: the model DSL. Model files import it, so it stays free of the loader and
// the database code (loadModels lives in the main entry).
import { UserError } from '../errors.js';
import { isSqlFragment, type SqlFragment } from './model.js';
import { isTableColumn } from './table-column.js';

export type {
  CheckConstraint,
  Column,
  ColumnDefault,
  ColumnReference,
  ColumnType,
  ColumnTypeKind,
  ForeignKey,
  Index,
  PrimaryKey,
  ReferentialAction,
  Schema,
  SqlFragment,
  Table,
  UniqueConstraint,
} from './model.js';
export { isSqlFragment } from './model.js';
export { bigint, blob, boolean, char, date, double, enumType, integer, json, numeric, rawType, real, smallint, text, time, timestamp, uuid, varchar } from './columns.js';
export type { BaseConfig, BigintMode } from './columns.js';
export { isColumnBuilder, toColumn } from './column-builder.js';
export type { BuilderConfig, ColumnBuilder, PrimaryKeyOptions, ReferenceOptions, ReferenceTarget } from './column-builder.js';
export { buildTable, columnConstraints, getTable, isTable, table } from './table.js';
export type { BuildTableOptions, DefinedTable, TableColumns, TableExtras, TableOptions } from './table.js';
export { isTableColumn } from './table-column.js';
export type { TableColumn } from './table-column.js';
export { check, foreignKey, index, isTableExtra, primaryKey, unique, uniqueIndex } from './table-extras.js';
export type { CheckDefinition, ColumnTarget, ForeignKeyDefinition, IndexDefinition, PrimaryKeyDefinition, TableExtra, UniqueDefinition } from './table-extras.js';
export type { ColumnsShape, InferInsert, InferInsertModel, InferSelect, InferSelectModel } from './infer.js';
export { DEFAULT_NAMING_CONVENTION, conventionalName, resolveNamingConvention, shortenName } from './naming.js';
export type { NamingConvention, NamingConventionInput, NamingKind } from './naming.js';
export { validateSchema, validateTable } from './validate-schema.js';
export type { ValidateOptions } from './validate-schema.js';

/**
 * Tags raw SQL so ambix passes it through instead of quoting it as a value. A table's column
 * (`t.price`) stands for its name and a nested sql`...` for its text; anything else is
 * written as `String(value)` — it is SQL text, not a bound parameter.
 *
 * @example created_at: timestamp().notNull().default(sql`CURRENT_TIMESTAMP`)
 * @example (t) => [check('price_positive', sql`${t.price} > 0`)]
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  let text = strings[0]!;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // Most often a misspelt column (`t.pirce`): refuse it rather than write "undefined > 0".
    if (v === undefined) throw new UserError(`sql\`${strings.join('${…}')}\`: value #${i + 1} is undefined`, 'Check the name of the column or variable interpolated there.');
    text += (isSqlFragment(v) ? v.text : isTableColumn(v) ? v.name : String(v)) + strings[i + 1]!;
  }
  return Object.freeze({ kind: 'sql' as const, text });
}
