import { mysqlExpressionKey, mysqlStoredType, sameMysqlDefault } from './mysql-normalize.js';
import type { ColumnDefault, ColumnType, Index, ReferentialAction, Schema } from '../../schema/model.js';
import { defaultComparisonHooks, type ComparisonHooks } from '../comparison.js';
import { MYSQL_CAPABILITIES } from './mysql-dialect.js';

/**
 * MySQL/MariaDB reads back its own spellings: `tinyint(1)` for boolean, display widths,
 * `CHAR(36)` for uuid, unnamed enums, re-printed CHECKs, `'NULL'` as the default of every
 * nullable column. Both sides go through the same normalisation before comparing, and names
 * are matched without case (table names follow the server's case rules, columns never care).
 */
export const mysqlComparisonHooks: ComparisonHooks = Object.freeze({
  ...defaultComparisonHooks,
  typesEqual: (db: ColumnType, model: ColumnType) => defaultComparisonHooks.typesEqual(mysqlStoredType(db), mysqlStoredType(model)),
  defaultsEqual: (db: ColumnDefault | undefined, model: ColumnDefault | undefined) => sameMysqlDefault(db, model),
  expressionsEqual: (db: string, model: string) => mysqlExpressionKey(db) === mysqlExpressionKey(model),
  nameKey: (name: string) => name.toLowerCase(),
  supportsComments: MYSQL_CAPABILITIES.columnComments,
  // MySQL keeps no enum names (introspection names an ENUM after its column): any enum is the models' enum.
  sameEnum: () => true,
  // InnoDB checks NO ACTION at once, as RESTRICT, and reports either as RESTRICT: one action there.
  referentialAction: (action: ReferentialAction | undefined) => (action === undefined || action === 'restrict' ? 'no action' : action),
});

/**
 * MySQL keeps one kind of unique: a unique index and a unique constraint read back alike.
 * Where the models declare a unique index, the database's unique of the same name and
 * columns is taken as that index, so an unchanged model compares equal.
 */
export function reconcileMysqlUniques(db: Schema, models: Schema): Schema {
  const modelIndexes = new Map<string, Index>();
  for (const t of models.tables) for (const i of t.indexes) if (i.unique) modelIndexes.set(`${t.name.toLowerCase()}.${i.name.toLowerCase()}`, i);
  return {
    tables: db.tables.map((t) => {
      const moved = t.uniques.filter((u) => {
        const i = modelIndexes.get(`${t.name.toLowerCase()}.${u.name.toLowerCase()}`);
        return !!i && i.columns.length === u.columns.length && i.columns.every((c, k) => c.toLowerCase() === u.columns[k]!.toLowerCase());
      });
      if (moved.length === 0) return t;
      return {
        ...t,
        uniques: t.uniques.filter((u) => !moved.includes(u)),
        indexes: [...t.indexes, ...moved.map((u) => ({ name: u.name, columns: u.columns, unique: true }))],
      };
    }),
  };
}
