// The config and every migration import this module, so it stays small: the commands
// below load their implementation on first call (see api.ts), keeping `heads` fast.
export { defineConfig } from './config/define-config.js';
export type { AmbixConfig, PostWriteHook, SchemaObjectRef } from './config/define-config.js';
export type { LoadConfigOptions, ResolvedConfig } from './config/load-config.js';
export { defineMigration } from './ops/define-migration.js';
export type { Migration, MigrationContext } from './ops/define-migration.js';
export type { Operations, Bind, Inspector, InSchema, AlterColumnOptions } from './ops/op-api.js';
export { UserError, RevisionError, ResolutionError, MultipleHeadsError, RangeNotAncestorError, MigrationError, DriftError, DriverMissingError } from './errors.js';
export type { ErrorCode, StepReport } from './errors.js';
export { IrreversibleOperationError, RenderError } from './autogenerate/autogenerate-errors.js';
export type { RevisionInput } from './script/revision.js';
export type { RevisionOptions, RevisionResult } from './command/revision.js';
export * from './api.js';
