// Row types from column builders, computed by the compiler only (nothing here runs).
import type { BuilderConfig, ColumnBuilder } from './column-builder.js';

/** The columns argument of `table()`: column name → builder. */
export type ColumnsShape = Record<string, ColumnBuilder<any>>;

/** The type-level description of a builder. */
export type ConfigOf<B> = B extends ColumnBuilder<infer C> ? C : never;

/** Flattens an intersection so editors and `toEqualTypeOf` show one object type. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** What a column holds in a selected row: its data, or `null` when nullable. */
export type SelectValue<C extends BuilderConfig> = C['notNull'] extends true ? C['data'] : C['data'] | null;

/** Whether an insert may leave the column out: nullable, a server default, or numbered by the database. */
export type InsertOptional<C extends BuilderConfig> = C['notNull'] extends true ? (C['hasDefault'] extends true ? true : C['autoincrement'] extends true ? true : false) : true;

type RequiredKeys<T extends ColumnsShape> = { [K in keyof T]: InsertOptional<ConfigOf<T[K]>> extends true ? never : K }[keyof T];
type OptionalKeys<T extends ColumnsShape> = { [K in keyof T]: InsertOptional<ConfigOf<T[K]>> extends true ? K : never }[keyof T];

/**
 * A row as selected: every column, nullable ones as `T | null`.
 *
 * @example type Task = InferSelect<{ id: ReturnType<typeof integer> }>
 */
export type InferSelect<T extends ColumnsShape> = Simplify<{ -readonly [K in keyof T]: SelectValue<ConfigOf<T[K]>> }>;

/**
 * A row as inserted: columns with a default, nullable ones and an autoincrement key are optional.
 *
 * @example const row: typeof llmSetting.$inferInsert = { provider: 'openai', model_name: 'gpt', api_key: 'k' };
 */
export type InferInsert<T extends ColumnsShape> = Simplify<
  { -readonly [K in RequiredKeys<T>]: SelectValue<ConfigOf<T[K]>> } & { -readonly [K in OptionalKeys<T>]?: SelectValue<ConfigOf<T[K]>> }
>;

/**
 * The selected row type of a table, like `typeof t.$inferSelect`.
 *
 * @example type LlmSetting = InferSelectModel<typeof llmSetting>
 */
export type InferSelectModel<T extends { readonly $inferSelect: unknown }> = T['$inferSelect'];

/**
 * The insert row type of a table, like `typeof t.$inferInsert`.
 *
 * @example type NewLlmSetting = InferInsertModel<typeof llmSetting>
 */
export type InferInsertModel<T extends { readonly $inferInsert: unknown }> = T['$inferInsert'];
