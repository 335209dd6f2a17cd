// `compareSchemas`: the database's schema against the models', as ordered operations that
// turn the one into the other, each drop carrying what it drops, and a summary for the console.
import type { SchemaObjectRef } from '../../schema/model.js';
import type { Operation } from '../../ops/operations.js';
import type { Schema } from '../../schema/model.js';
import { defaultComparisonHooks, type ComparisonHooks } from '../../dialect/comparison.js';
import { compareTables, type ResolvedCompareOptions } from './compare-tables.js';
import { hoistEnumAdditions } from './enum-changes.js';
import { orderOps } from './order-ops.js';
import { recordPriors } from './record-priors.js';
import { applyRenames, foldIntoRenames, renameCandidates, type Rename } from './rename-specs.js';
import { summarize, type SummaryLine } from './summary.js';

/**
 * What `compareSchemas` compares and how.
 *
 * @example { compareType: config.compareType, compareServerDefault: config.compareServerDefault, include: config.include, dialect: sqliteHooks, ignoreTables: [config.versionTable] }
 */
export interface CompareOptions {
  /** Compare column types (the config's `compareType`). Default true. */
  readonly compareType?: boolean;
  /** Compare server defaults (the config's `compareServerDefault`). Default true. */
  readonly compareServerDefault?: boolean;
  /** The config's `include` filter: false leaves an object (on that side) out of the comparison. */
  readonly include?: (object: SchemaObjectRef) => boolean;
  /** The dialect's comparison hooks. Default {@link defaultComparisonHooks}. */
  readonly dialect?: ComparisonHooks;
  /** Tables never compared: the version and log tables (`name` or `schema.name`). */
  readonly ignoreTables?: readonly string[];
  /** Confirmed renames (see `resolveRenames`): a rename, not a drop and an add. */
  readonly renames?: readonly Rename[];
}

/**
 * The result of a comparison: the operations of the upgrade, in order, and what to tell the
 * user. It keeps its inputs so `resolveRenames` can compare again with confirmed renames.
 *
 * @example
 * const diff = compareSchemas(db, models, { ignoreTables: ['ambix_version'] });
 * for (const line of diff.summary) console.error(line.text);
 */
export interface Diff {
  readonly kind: 'diff';
  /** The upgrade, in an order the database accepts; drops and alters carry their `prior`. */
  readonly ops: readonly Operation[];
  readonly summary: readonly SummaryLine[];
  /** Likely renames still shown as a drop and an add. */
  readonly renameCandidates: readonly Rename[];
  /** Differences no operation expresses: to be done by hand. */
  readonly warnings: readonly string[];
  /** Whether any operation may lose data. */
  readonly destructive: boolean;
  readonly db: Schema;
  readonly models: Schema;
  readonly options: CompareOptions;
}

/**
 * Compares the database (`db`, from introspection) with the models and returns the
 * operations that make the database match them (Alembic's `compare_metadata` +
 * `produce_migrations`). Detects added and dropped tables and columns; changed type (with
 * `compareType`), nullability, server default (with `compareServerDefault`) and comment;
 * primary key changes; added, dropped and redefined indexes, uniques, foreign keys and checks.
 *
 * @example
 * const diff = compareSchemas(await introspect(), models, { dialect: sqliteComparisonHooks, ignoreTables: ['ambix_version', 'ambix_version_log'] });
 * if (diff.ops.length === 0) console.log('No changes detected');
 */
export function compareSchemas(db: Schema, models: Schema, options: CompareOptions = {}): Diff {
  const hooks = options.dialect ?? defaultComparisonHooks;
  const resolved: ResolvedCompareOptions = {
    compareType: options.compareType ?? true,
    compareServerDefault: options.compareServerDefault ?? true,
    include: options.include ?? (() => true),
    hooks,
    ignoreTables: options.ignoreTables ?? [],
  };
  const renamed = applyRenames(db, models, options.renames ?? [], hooks.nameKey);
  const found = compareTables(renamed.db, models, resolved);
  const folded = foldIntoRenames(renamed.ops, found, hooks.nameKey);
  const ordered = recordPriors(db, [...folded.ops, ...orderOps(folded.changes, hooks.nameKey)]);
  // Values PostgreSQL adds are committed before they can be used: such additions run first.
  const ops = hooks.addedEnumValuesNeedCommit ? hoistEnumAdditions(ordered) : ordered;
  const candidates = renameCandidates(folded.changes, hooks.nameKey);
  const summary = summarize(ops, candidates, found.warnings, hooks.isNarrowing);
  return Object.freeze({
    kind: 'diff' as const,
    ops: Object.freeze(ops),
    summary: Object.freeze(summary),
    renameCandidates: Object.freeze(candidates),
    warnings: Object.freeze([...found.warnings]),
    destructive: summary.some((l) => l.destructive),
    db,
    models,
    options,
  });
}
