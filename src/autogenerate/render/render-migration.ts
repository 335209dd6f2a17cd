// Operations as the TypeScript a revision file's `upgrade` and `downgrade` hold: one
// `await op.x(...)` per operation, calling exactly the `op` API a migration receives, so the
// file does what the diff said. Destructive lines get a comment saying what they lose.
import type { ColumnChanges, Operation } from '../../ops/operations.js';
import { conventionalName, DEFAULT_NAMING_CONVENTION } from '../../schema/naming.js';
import { RenderError } from '../autogenerate-errors.js';
import type { Diff } from '../compare/compare-schemas.js';
import { defaultComparisonHooks } from '../../dialect/comparison.js';
import { destructiveReason, type NarrowingCheck } from '../destructive.js';
import { reverseOps } from '../reverse.js';
import { addsEnumValuesOnly, hoistEnumAdditions } from '../compare/enum-changes.js';
import { columnSource, createTableSource, typeSource } from './render-table.js';
import { fragment, propertyKey, SchemaImports, stringLiteral, valueLiteral } from './source-text.js';

/** The three pieces `revision --autogenerate` puts into `script.ts.tmpl`. */
export interface RenderedMigration {
  /** `import { ... } from 'ambix/schema';` and a newline, or '' when nothing is imported. */
  readonly imports: string;
  /** The body of `async upgrade(op, ctx) { ... }`, indented. */
  readonly upgrade: string;
  /** The body of `async downgrade(op, ctx) { ... }`, indented. */
  readonly downgrade: string;
}

/**
 * How a migration is rendered.
 *
 * @example renderMigration(ops, reverseOps(ops), { isNarrowing: postgresHooks.isNarrowing, indent: '  ' })
 */
export interface RenderOptions {
  /** Which type changes lose data (the dialect's `isNarrowing`). Default: the neutral hooks'. */
  readonly isNarrowing?: NarrowingCheck;
  /** Indentation of each statement. Default four spaces (inside a method of defineMigration). */
  readonly indent?: string;
  /**
   * Wrap operations that only add enum values in `op.autocommitBlock(...)` (PostgreSQL: a value
   * added in a transaction cannot be used in it). Default false.
   */
  readonly autocommitEnumAdditions?: boolean;
}

const NO_CHANGES = '// No changes detected.';

/**
 * Renders the upgrade and downgrade of a revision. Unsupported operations (a table in another
 * database schema) throw {@link RenderError} rather than write code that does something else.
 *
 * @example
 * const diff = compareSchemas(db, models);
 * const { imports, upgrade, downgrade } = renderMigration(diff.ops, reverseOps(diff.ops));
 * // upgrade: "    await op.addColumn('llm_setting', 'timeout', integer().notNull().default(30));"
 */
export function renderMigration(ops: readonly Operation[], reverse: readonly Operation[], options: RenderOptions = {}): RenderedMigration {
  const im = new SchemaImports();
  const upgrade = renderBody(ops, im, options);
  const downgrade = renderBody(reverse, im, options);
  return Object.freeze({ imports: im.statement(), upgrade, downgrade });
}

/**
 * What `revision --autogenerate` writes for a diff: its operations, their reverse as the
 * downgrade, destructive lines judged by the diff's own dialect hooks, and each warning (a
 * change no operation expresses) as a comment at the top of the upgrade, so it is not lost.
 *
 * @example
 * const diff = await resolveRenames(compareSchemas(db, models, options), prompt);
 * const body = renderDiff(diff); // { imports, upgrade, downgrade } for script.ts.tmpl
 */
export function renderDiff(diff: Diff, options: Omit<RenderOptions, 'isNarrowing' | 'autocommitEnumAdditions'> = {}): RenderedMigration {
  const hooks = diff.options.dialect ?? defaultComparisonHooks;
  // The downgrade's enum additions run first too, outside its transaction (see hoistEnumAdditions).
  const down = hooks.addedEnumValuesNeedCommit ? hoistEnumAdditions(reverseOps(diff.ops)) : reverseOps(diff.ops);
  const rendered = renderMigration(diff.ops, down, { ...options, isNarrowing: hooks.isNarrowing, autocommitEnumAdditions: hooks.addedEnumValuesNeedCommit });
  if (diff.warnings.length === 0) return rendered;
  const indent = options.indent ?? '    ';
  const notes = diff.warnings.map((w) => `${indent}// ambix: warning — ${w.replace(/\r?\n/g, ' ')}`);
  return Object.freeze({ ...rendered, upgrade: [...notes, rendered.upgrade].join('\n') });
}

/**
 * One body: each operation's statement, destructive ones under a comment, indented.
 *
 * @example renderBody([{ kind: 'dropTable', table: 'task' }], new SchemaImports())
 * // "    // ambix: destructive — drops table task and its data\n    await op.dropTable('task');"
 */
export function renderBody(ops: readonly Operation[], im: SchemaImports, options: RenderOptions = {}): string {
  const indent = options.indent ?? '    ';
  const isNarrowing = options.isNarrowing ?? defaultComparisonHooks.isNarrowing;
  if (ops.length === 0) return indent + NO_CHANGES;
  const lines: string[] = [];
  const block = (op: Operation) => !!options.autocommitEnumAdditions && addsEnumValuesOnly(op);
  ops.forEach((op, i) => {
    const reason = destructiveReason(op, isNarrowing);
    const inner = [...(reason ? [`// ambix: destructive — ${reason}`] : []), ...statement(op, im)];
    if (!block(op)) {
      lines.push(...inner);
      return;
    }
    // Consecutive additions share one block; PostgreSQL commits them before the rest can use them.
    if (i === 0 || !block(ops[i - 1]!)) lines.push('// PostgreSQL cannot use a new enum value in the transaction that adds it: added and committed first.', 'await op.autocommitBlock(async () => {');
    lines.push(...inner.map((l) => `  ${l}`));
    if (i === ops.length - 1 || !block(ops[i + 1]!)) lines.push('});');
  });
  return lines.map((l) => indent + l).join('\n');
}

const list = (names: readonly string[]) => `[${names.map(stringLiteral).join(', ')}]`;
const call = (name: string, args: readonly string[]) => [`await op.${name}(${args.join(', ')});`];

/** A table in another database schema: `{ schema: '...' }`, the op API's trailing option. */
function inSchema(schema: string | undefined): string[] {
  return schema === undefined ? [] : [`schema: ${stringLiteral(schema)}`];
}

/** The trailing options object, or nothing when there is no option to give. */
function options(parts: readonly string[]): string[] {
  return parts.length ? [`{ ${parts.join(', ')} }`] : [];
}

function statement(op: Operation, im: SchemaImports): string[] {
  const s = op.kind === 'createTable' ? inSchema(op.table.schema) : 'schema' in op ? inSchema(op.schema) : [];
  const t = op.kind !== 'createTable' && 'table' in op && typeof op.table === 'string' ? stringLiteral(op.table) : '';
  switch (op.kind) {
    case 'createTable': {
      const source = createTableSource(op.table, im);
      const opts = [...s, ...(op.table.comment !== undefined ? [`comment: ${stringLiteral(op.table.comment)}`] : [])];
      if (opts.length === 0) return source;
      // The last line closes the columns (`});`) or the extras (`]);`): the options follow as the fourth argument.
      const last = source[source.length - 1]!;
      const closed = last === '});' ? `}, undefined, { ${opts.join(', ')} });` : `], { ${opts.join(', ')} });`;
      return [...source.slice(0, -1), closed];
    }
    case 'dropTable':
      return call('dropTable', [t, ...options(s)]);
    case 'renameTable':
      return call('renameTable', [t, stringLiteral(op.newName), ...options(s)]);
    case 'addColumn':
      return call('addColumn', [t, stringLiteral(op.column.name), columnSource(op.column, { primaryKey: op.column.primaryKey }, im), ...options(s)]);
    case 'dropColumn':
      return call('dropColumn', [t, stringLiteral(op.column), ...options(s)]);
    case 'alterColumn': {
      const { newName, ...rest } = op.changes;
      if (newName !== undefined && Object.values(rest).every((v) => v === undefined)) return call('renameColumn', [t, stringLiteral(op.column), stringLiteral(newName), ...options(s)]);
      return call('alterColumn', [t, stringLiteral(op.column), changesSource(op.changes, im, s)]);
    }
    case 'createIndex': {
      const i = op.index;
      const opts = [...(i.unique ? ['unique: true'] : []), ...(i.where !== undefined ? [`where: ${fragment({ kind: 'sql', text: i.where }, im)}`] : []), ...s];
      return call('createIndex', [stringLiteral(i.name), t, list(i.columns), ...options(opts)]);
    }
    case 'dropIndex':
      return call('dropIndex', [stringLiteral(op.name), t, ...options(s)]);
    case 'createUniqueConstraint':
      return call('createUniqueConstraint', [stringLiteral(op.constraint.name), t, list(op.constraint.columns), ...options(s)]);
    case 'createForeignKey': {
      const f = op.constraint;
      const opts = [...s, ...(f.refSchema !== undefined ? [`refSchema: ${stringLiteral(f.refSchema)}`] : []), ...(f.onDelete ? [`onDelete: ${stringLiteral(f.onDelete)}`] : []), ...(f.onUpdate ? [`onUpdate: ${stringLiteral(f.onUpdate)}`] : [])];
      return call('createForeignKey', [stringLiteral(f.name), t, stringLiteral(f.refTable), list(f.columns), list(f.refColumns), ...options(opts)]);
    }
    case 'createCheckConstraint':
      return call('createCheckConstraint', [stringLiteral(op.constraint.name), t, fragment({ kind: 'sql', text: op.constraint.expression }, im), ...options(s)]);
    case 'createPrimaryKey': {
      // The op API names every key; an unnamed one (read from SQLite) gets the convention's name.
      const name = op.constraint.name ?? conventionalName(DEFAULT_NAMING_CONVENTION, 'pk', { table: op.table, columns: op.constraint.columns });
      return call('createPrimaryKey', [stringLiteral(name), t, list(op.constraint.columns), ...options(s)]);
    }
    case 'alterEnum': {
      const byTable = new Map<string, string[]>();
      for (const c of op.columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c.column]);
      const columns = `columns: { ${[...byTable].map(([table, cols]) => `${propertyKey(table)}: ${list(cols)}`).join(', ')} }`;
      return call('alterEnum', [stringLiteral(op.name), list(op.values), ...options([columns, ...s])]);
    }
    case 'dropConstraint':
      return call('dropConstraint', [stringLiteral(op.name), t, ...options(s)]);
    case 'execute':
      return call('execute', [stringLiteral(op.sql)]);
    case 'bulkInsert':
      if (op.rows.length <= 1) return call('bulkInsert', [t, valueLiteral(op.rows), ...options(s)]);
      return [`await op.bulkInsert(${t}, [`, ...op.rows.map((r) => `  ${valueLiteral(r)},`), `]${s.length ? `, { ${s.join(', ')} }` : ''});`];
  }
}

/** The `{ type, nullable, default, comment, newName }` argument of alterColumn. */
function changesSource(ch: ColumnChanges, im: SchemaImports, schema: readonly string[] = []): string {
  const parts: string[] = [];
  if (ch.type !== undefined) parts.push(`type: ${typeSource(ch.type, im)}`);
  if (ch.nullable !== undefined) parts.push(`nullable: ${ch.nullable}`);
  // `null` drops the default; a literal NULL default is written the same way, which is what it means.
  if (ch.default !== undefined) parts.push(`default: ${ch.default === null ? 'null' : ch.default.kind === 'sql' ? fragment(ch.default, im) : valueLiteral(ch.default.value)}`);
  if (ch.comment !== undefined) parts.push(`comment: ${ch.comment === null ? 'null' : stringLiteral(ch.comment)}`);
  if (ch.newName !== undefined) parts.push(`newName: ${stringLiteral(ch.newName)}`);
  parts.push(...schema);
  return `{ ${parts.join(', ')} }`;
}
