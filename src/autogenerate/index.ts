// Autogenerate: compare the database with the models (compare/), confirm renames
// (renames.ts), build the downgrade (reverse.ts) and write both as migration source (render/).
export { applyOps, applyTo, tableKey } from '../ops/schema-state.js';
export { IrreversibleOperationError, RenderError } from './autogenerate-errors.js';
export { compareSchemas } from './compare/compare-schemas.js';
export type { CompareOptions, Diff } from './compare/compare-schemas.js';
export { defaultComparisonHooks } from '../dialect/comparison.js';
export type { ComparisonHooks } from '../dialect/comparison.js';
export { sqlExpressionsEqual, sqlTokens } from '../dialect/sql-tokens.js';
export { sortByDependencies } from './compare/order-ops.js';
export { renameText } from './compare/rename-specs.js';
export type { SummaryKind, SummaryLine } from './compare/summary.js';
export { destructiveReason } from './destructive.js';
export type { NarrowingCheck } from './destructive.js';
export { parseRenameArgs, resolveRenames } from './renames.js';
export type { Rename, RenameCandidate, RenameChoices, RenameResolver } from './renames.js';
export { renderBody, renderDiff, renderMigration } from './render/render-migration.js';
export type { RenderedMigration, RenderOptions } from './render/render-migration.js';
export { reverseOps } from './reverse.js';
