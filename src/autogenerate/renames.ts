// Which drop-and-add pairs are really renames. Only the user knows: the CLI asks on a
// terminal and takes `--rename old=new`; tests pass fixed answers. A confirmed rename keeps
// the data (renameTable / alterColumn { newName }); an unconfirmed one stays a destructive
// drop and add, and the summary says how to make it a rename.
import { UserError } from '../errors.js';
import { defaultComparisonHooks } from '../dialect/comparison.js';
import { compareSchemas, type Diff } from './compare/compare-schemas.js';
import type { Rename } from './compare/rename-specs.js';
import { summarize } from './compare/summary.js';

export type { Rename } from './compare/rename-specs.js';
/** A likely rename offered to the resolver. */
export type RenameCandidate = Rename;

/**
 * Answers whether a candidate is a rename: the CLI prompts on a terminal, tests answer fixed.
 *
 * @example const yes: RenameResolver = async (c) => c.kind === 'table' && c.from === 'user_old';
 */
export type RenameResolver = (candidate: RenameCandidate) => Promise<boolean> | boolean;

/** Renames given outright (`--rename`) and, for the other candidates, who to ask. */
export interface RenameChoices {
  /** Confirmed renames, applied whether or not they look alike (the user said so). */
  readonly renames?: readonly Rename[];
  /** Asked about each remaining candidate; without it they stay drops and adds. */
  readonly ask?: RenameResolver;
}

/**
 * The diff again, with renames confirmed: given as a resolver to ask, a fixed list (`--rename`),
 * or both ({@link RenameChoices}). Tables first (fixed ones, then asking about each
 * candidate), then columns, whose candidates may be inside a table just renamed. A candidate
 * whose table or column was already taken by a confirmed rename is not asked.
 *
 * @example
 * const diff = await resolveRenames(compareSchemas(db, models), async (c) => c.from === 'title' && c.to === 'name');
 * const fixed = await resolveRenames(diff, { renames: parseRenameArgs(['llm_setting.key=llm_setting.api_key']), ask: prompt });
 */
export async function resolveRenames(diff: Diff, resolver: RenameResolver | RenameChoices | readonly Rename[]): Promise<Diff> {
  const choices: RenameChoices = typeof resolver === 'function' ? { ask: resolver } : isRenameList(resolver) ? { renames: resolver } : resolver;
  const fixed = choices.renames ?? [];
  const key = (diff.options.dialect ?? defaultComparisonHooks).nameKey;
  const confirmed: Rename[] = [...(diff.options.renames ?? [])];
  const declined: Rename[] = [];
  const compare = () => compareSchemas(diff.db, diff.models, { ...diff.options, renames: [...confirmed] });
  const same = (a: Rename, b: Rename) => a.kind === b.kind && key(a.from) === key(b.from) && key(a.to) === key(b.to) && (a.kind === 'table' || (b.kind === 'column' && key(a.table) === key(b.table)));

  let current = diff;
  for (const kind of ['table', 'column'] as const) {
    confirmed.push(...fixed.filter((r) => r.kind === kind));
    current = compare();
    if (!choices.ask) continue;
    let asked = false;
    for (const c of current.renameCandidates) {
      if (c.kind !== kind) continue;
      // One rename per table or column: once `a` became `b`, neither is offered again.
      const taken = confirmed.some((r) => r.kind === kind && (r.kind === 'table' || (c.kind === 'column' && key(r.table) === key(c.table))) && (key(r.from) === key(c.from) || key(r.to) === key(c.to)));
      if (taken) continue;
      if (await choices.ask(c)) confirmed.push(c);
      else declined.push(c);
      asked = true;
    }
    if (asked) current = compare();
  }
  const open = current.renameCandidates.filter((c) => !declined.some((d) => same(c, d)));
  if (open.length === current.renameCandidates.length) return current;
  const hooks = current.options.dialect ?? defaultComparisonHooks;
  return Object.freeze({ ...current, renameCandidates: Object.freeze(open), summary: Object.freeze(summarize(current.ops, open, current.warnings, hooks.isNarrowing)) });
}

function isRenameList(value: RenameChoices | readonly Rename[]): value is readonly Rename[] {
  return Array.isArray(value);
}

const IDENT = /^[^\s.=]+$/;

/**
 * Parses `--rename` values: `old=new` renames a table, `table.old=table.new` a column (within
 * its table). Malformed, self- or doubly-renamed values are a {@link UserError}.
 *
 * @example parseRenameArgs(['task_old=task', 'task.title=task.name'])
 * // [{ kind: 'table', from: 'task_old', to: 'task' }, { kind: 'column', table: 'task', from: 'title', to: 'name' }]
 */
export function parseRenameArgs(values: readonly string[]): Rename[] {
  const out: Rename[] = [];
  const usage = 'Write --rename old_table=new_table, or --rename table.old_column=table.new_column.';
  for (const raw of values) {
    const value = raw.trim();
    const parts = value.split('=');
    if (parts.length !== 2) throw new UserError(`--rename '${raw}' is not old=new`, usage);
    const [left, right] = parts.map((p) => p.trim()) as [string, string];
    if (left === '' || right === '') throw new UserError(`--rename '${raw}' needs a name on both sides of '='`, usage);
    const l = left.split('.');
    const r = right.split('.');
    if (![...l, ...r].every((p) => IDENT.test(p))) throw new UserError(`--rename '${raw}': names may not be empty or contain spaces`, usage);
    let rename: Rename;
    if (l.length === 1 && r.length === 1) rename = { kind: 'table', from: left, to: right };
    else if (l.length === 2 && r.length === 2) {
      if (l[0] !== r[0]) throw new UserError(`--rename '${raw}' moves a column from table ${l[0]} to table ${r[0]}`, 'A column is renamed within its table: --rename table.old=table.new (rename the table itself with its own --rename).');
      rename = { kind: 'column', table: l[0]!, from: l[1]!, to: r[1]! };
    } else if (l.length > 2 || r.length > 2) {
      throw new UserError(`--rename '${raw}' has more than one '.' on a side`, usage);
    } else {
      throw new UserError(`--rename '${raw}' renames a table on one side and a column on the other`, usage);
    }
    if (rename.from === rename.to) throw new UserError(`--rename '${raw}' renames ${rename.from} to itself`, usage);
    const where = (x: Rename) => (x.kind === 'column' ? `${x.table}.` : '');
    const clash = out.find((o) => o.kind === rename.kind && where(o) === where(rename) && (o.from === rename.from || o.to === rename.to));
    if (clash) throw new UserError(`--rename '${raw}' conflicts with --rename '${where(clash)}${clash.from}=${where(clash)}${clash.to}'`, 'Rename each table or column once.');
    out.push(Object.freeze(rename));
  }
  return out;
}
