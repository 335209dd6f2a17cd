// The console summary of a diff: one line per change, `+` added, `-` removed, `~` changed,
// `?` a likely rename nobody confirmed, `!` something to do by hand. Destructive lines say so.
import { enumValuesRemoved, type Operation, type OperationKind } from '../../ops/operations.js';
import { typeName } from '../../schema/column-builder.js';
import type { ColumnDefault } from '../../schema/model.js';
import { destructiveReason, type NarrowingCheck } from '../destructive.js';
import { renameText, type Rename } from './rename-specs.js';

/** What a summary line reports: the kind of operation, a suggested rename, or a warning. */
export type SummaryKind = OperationKind | 'renameCandidate' | 'warning';

/**
 * One line of a diff's summary.
 *
 * @example { kind: 'dropColumn', text: '- column llm_setting.old_field (destructive)', destructive: true }
 */
export interface SummaryLine {
  readonly kind: SummaryKind;
  readonly text: string;
  readonly destructive: boolean;
}

/**
 * The summary lines of operations, then of unconfirmed rename candidates and warnings.
 *
 * @example summarize([{ kind: 'createTable', table }], [], [], isNarrowing) // [{ kind: 'createTable', text: '+ table task', destructive: false }]
 */
export function summarize(ops: readonly Operation[], candidates: readonly Rename[], warnings: readonly string[], isNarrowing: NarrowingCheck): SummaryLine[] {
  const lines: SummaryLine[] = [];
  for (const op of ops) {
    const destructive = destructiveReason(op, isNarrowing) !== undefined;
    for (const text of describe(op, isNarrowing)) lines.push(Object.freeze({ kind: op.kind, text, destructive }));
  }
  for (const c of candidates) {
    const what = c.kind === 'table' ? `table ${c.from} -> ${c.to}` : `column ${c.table}.${c.from} -> ${c.table}.${c.to}`;
    lines.push(Object.freeze({ kind: 'renameCandidate', text: `? ${what} may be a rename: --rename ${renameText(c)} keeps the data`, destructive: false }));
  }
  for (const w of warnings) lines.push(Object.freeze({ kind: 'warning', text: `! ${w}`, destructive: false }));
  return lines;
}

const list = (cols: readonly string[]) => `(${cols.join(', ')})`;

function describeDefault(d: ColumnDefault | null | undefined): string {
  if (d === undefined || d === null) return 'none';
  return d.kind === 'sql' ? d.text : JSON.stringify(d.value);
}

function describe(op: Operation, isNarrowing: NarrowingCheck): string[] {
  switch (op.kind) {
    case 'createTable':
      return [`+ table ${op.table.name}`];
    case 'dropTable':
      return [`- table ${op.table} (destructive)`];
    case 'renameTable':
      return [`~ table ${op.table} -> ${op.newName} (renamed)`];
    case 'addColumn': {
      const c = op.column;
      const risky = !c.nullable && (c.default === undefined || (c.default.kind === 'literal' && c.default.value === null));
      return [`+ column ${op.table}.${c.name}${risky ? ` (NOT NULL without a default: fails if ${op.table} has rows)` : ''}`];
    }
    case 'dropColumn':
      return [`- column ${op.table}.${op.column} (destructive)`];
    case 'alterColumn':
      return describeAlter(op, isNarrowing);
    case 'createIndex':
      return [`+ ${op.index.unique ? 'unique index' : 'index'} ${op.index.name} on ${op.table} ${list(op.index.columns)}${op.index.where ? ` where ${op.index.where}` : ''}`];
    case 'dropIndex':
      return [`- index ${op.name} on ${op.table}`];
    case 'createUniqueConstraint':
      return [`+ unique constraint ${op.constraint.name} on ${op.table} ${list(op.constraint.columns)}`];
    case 'createForeignKey': {
      const f = op.constraint;
      return [`+ foreign key ${f.name} on ${op.table} ${list(f.columns)} -> ${f.refTable} ${list(f.refColumns)}`];
    }
    case 'createCheckConstraint':
      return [`+ check constraint ${op.constraint.name} on ${op.table} (${op.constraint.expression})`];
    case 'createPrimaryKey':
      return [`+ primary key${op.constraint.name ? ` ${op.constraint.name}` : ''} on ${op.table} ${list(op.constraint.columns)}`];
    case 'dropConstraint': {
      const what = { unique: 'unique constraint', foreignKey: 'foreign key', check: 'check constraint', primaryKey: 'primary key' } as const;
      return [`- ${op.prior ? what[op.prior.kind] : 'constraint'} ${op.name} on ${op.table}`];
    }
    case 'alterEnum':
      return [describeEnum(op)];
    case 'execute':
      return ['! raw SQL'];
    case 'bulkInsert':
      return [`+ ${op.rows.length} row(s) into ${op.table}`];
  }
}

/** `~ enum mood (happy, sad) -> (happy, ok, sad) on task.mood (adds 'ok')`. */
function describeEnum(op: Extract<Operation, { kind: 'alterEnum' }>): string {
  const values = (v: readonly string[]) => `(${v.join(', ')})`;
  const on = op.columns.map((c) => `${c.table}.${c.column}`).join(', ');
  if (!op.prior) return `~ enum ${op.name} values ? -> ${values(op.values)} on ${on} (destructive)`;
  const added = op.values.filter((v) => !op.prior!.includes(v));
  const removed = enumValuesRemoved(op.prior, op.values);
  const kept = op.values.filter((v) => op.prior!.includes(v));
  const reordered = kept.some((v, i) => v !== op.prior!.filter((x) => op.values.includes(x))[i]);
  const quoted = (v: readonly string[]) => v.map((x) => `'${x}'`).join(', ');
  const notes = [...(added.length ? [`adds ${quoted(added)}`] : []), ...(removed.length ? [`removes ${quoted(removed)}, destructive`] : []), ...(reordered ? ['reordered'] : [])];
  return `~ enum ${op.name} ${values(op.prior)} -> ${values(op.values)} on ${on}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

function describeAlter(op: Extract<Operation, { kind: 'alterColumn' }>, isNarrowing: NarrowingCheck): string[] {
  const ch = op.changes;
  const p = op.prior ?? {};
  const out: string[] = [];
  let name = `${op.table}.${op.column}`;
  if (ch.newName !== undefined && ch.newName !== op.column) {
    out.push(`~ column ${name} -> ${op.table}.${ch.newName} (renamed)`);
    name = `${op.table}.${ch.newName}`;
  }
  if (ch.type !== undefined) {
    const from = p.type === undefined ? '?' : typeName(p.type);
    const narrowing = p.type === undefined ? ' (destructive)' : isNarrowing(p.type, ch.type) ? ' (narrowing, destructive)' : '';
    out.push(`~ column ${name} type ${from} -> ${typeName(ch.type)}${narrowing}`);
  }
  if (ch.nullable !== undefined) out.push(`~ column ${name} ${ch.nullable ? 'not null -> nullable' : 'nullable -> not null'}`);
  if (ch.default !== undefined) out.push(`~ column ${name} default ${'default' in p ? describeDefault(p.default) : '?'} -> ${describeDefault(ch.default)}`);
  if (ch.comment !== undefined) out.push(`~ column ${name} comment ${'comment' in p ? JSON.stringify(p.comment ?? null) : '?'} -> ${JSON.stringify(ch.comment)}`);
  return out;
}
