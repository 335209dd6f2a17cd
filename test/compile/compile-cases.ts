// What each operation compiles to on every dialect, as `ambix upgrade --sql` writes it: the
// operation goes through the offline path of a real run (OperationExecutor → OfflineTarget, the
// schema tracked by OfflineSchema, SQLite's table rebuild included), and the text written is
// compared with the case's expected SQL. No database server is needed.
//
// A case holds ONE record of expected output per dialect (`Record<DialectName, Expected>`):
// leaving a dialect out is a type error. A refusal is expected as the UserError's message.
// The text is compared exactly, except for the blank line after the last statement. The
// expected strings are what the code writes today, reviewed: a case whose output looks wrong
// says so in a comment (LOOKS WRONG) instead of hiding it.
import { describe, expect, it } from 'vitest';
import type { Dialect, DialectName } from '../../src/dialect/dialect.js';
import { loadDialect } from '../../src/dialect/registry.js';
import { UserError } from '../../src/errors.js';
import { createOpApi, type Operations } from '../../src/ops/op-api.js';
import type { Operation, OperationKind } from '../../src/ops/operations.js';
import { resolveNamingConvention } from '../../src/schema/naming.js';
import type { Table } from '../../src/schema/model.js';
import { OfflineSchema } from '../../src/runtime/offline-schema.js';
import { OperationExecutor } from '../../src/runtime/op-executor.js';
import { OfflineTarget } from '../../src/runtime/sql-target.js';
import { VersionStore } from '../../src/runtime/version-store.js';

/** The SQL families ('sqlite' | 'postgres' | 'mysql'): a new one makes every case below a type error until it has its SQL. */
export type { DialectName };
export const DIALECT_NAMES = Object.keys({ sqlite: true, postgres: true, mysql: true } satisfies Record<DialectName, true>) as DialectName[];

/** A refusal: the UserError's message, exactly. */
export interface Refusal {
  readonly refused: string;
}

/** What one dialect writes for a case: the SQL text (trailing blank lines trimmed), or a refusal. */
export type Expected = string | Refusal;

/** One record per case: every dialect must be there (a missing key is a type error). */
export type ExpectedSql = Record<DialectName, Expected>;

export interface CompileCase {
  /** Tables the case starts from, taken as declared (what `op.assumeTable` does). */
  readonly given?: readonly Table[];
  /**
   * The run renders from base: the version table is created first (not part of the expected
   * text), so the PostgreSQL compiler knows the database started empty. Without it the run is a
   * range that starts later (`ambix upgrade a1:b2 --sql`) and enum types are created and dropped
   * by guarded blocks.
   */
  readonly fromBase?: boolean;
  /** The operations, as data; or a migration body written with `op` (its argument checks included). */
  readonly ops: readonly Operation[] | ((op: Operations) => Promise<void>);
  readonly expected: ExpectedSql;
}

/** Where each operation kind has its cases: a new kind is a type error here until it has some. */
export const CASES_OF_KIND = {
  createTable: 'tables.test.ts',
  dropTable: 'tables.test.ts',
  renameTable: 'tables.test.ts',
  addColumn: 'columns.test.ts',
  dropColumn: 'columns.test.ts',
  alterColumn: 'columns.test.ts',
  alterEnum: 'enums.test.ts',
  createIndex: 'indexes.test.ts',
  dropIndex: 'indexes.test.ts',
  createUniqueConstraint: 'constraints.test.ts',
  createForeignKey: 'constraints.test.ts',
  createCheckConstraint: 'constraints.test.ts',
  createPrimaryKey: 'constraints.test.ts',
  dropConstraint: 'constraints.test.ts',
  execute: 'data.test.ts',
  bulkInsert: 'data.test.ts',
} as const satisfies Record<OperationKind, string>;

export function refused(message: string): Refusal {
  return { refused: message };
}

/** The SQL `ambix upgrade --sql` writes for the case's operations on one dialect, or the UserError it refuses with. */
export async function offlineSql(dialect: DialectName, c: Omit<CompileCase, 'expected'>): Promise<Expected> {
  const compiler: Dialect = (await loadDialect(dialect)).compiler();
  let text = '';
  const target = new OfflineTarget(compiler, (t) => void (text += t));
  if (c.fromBase) await new VersionStore(new OfflineTarget(compiler, () => {}), { versionTable: 'ambix_version', versionTableSchema: undefined, logTable: 'ambix_version_log' }).ensure();
  const executor = new OperationExecutor(target, undefined, new OfflineSchema(compiler), 'r1');
  for (const t of c.given ?? []) executor.assume(t);
  try {
    if (typeof c.ops === 'function') {
      const op = createOpApi({
        sink: executor,
        live: undefined,
        displayName: compiler.displayName,
        schemas: compiler.capabilities.schemas,
        revision: 'r1',
        namingConvention: resolveNamingConvention(),
        begin: async () => void (await target.run('BEGIN')),
        commit: async () => void (await target.run('COMMIT')),
        inTransaction: () => false,
      });
      await c.ops(op);
    } else {
      for (const o of c.ops) await executor.run(o);
    }
    await executor.finish();
  } catch (error) {
    if (error instanceof UserError) return refused(error.message);
    throw error;
  }
  return text.trimEnd();
}

/** One `it` per case and dialect: the text written must equal the case's record. */
export function compileCases(title: string, cases: Record<string, CompileCase>): void {
  describe(title, () => {
    for (const [name, c] of Object.entries(cases)) {
      describe(name, () => {
        for (const dialect of DIALECT_NAMES) {
          it(dialect, async () => {
            expect(await offlineSql(dialect, c)).toEqual(c.expected[dialect]);
          });
        }
      });
    }
  });
}
