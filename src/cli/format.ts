import type { Revision } from '../script/revision.js';

export interface LineOptions {
  includeBranches?: boolean;
  includeDoc?: boolean;
  includeParents?: boolean;
  treeIndicators?: boolean;
  current?: ReadonlySet<string> | undefined;
}

/** `<base>` or the parents, comma-separated. */
export function formatDown(rev: Revision): string {
  return rev.downRevisions.length === 0 ? '<base>' : rev.downRevisions.join(', ');
}

/** One listing line in Alembic's shape: `a, b -> c (label) (head) (mergepoint), message`. */
export function formatLine(rev: Revision, o: LineOptions = {}): string {
  let text = rev.revision;
  if (o.includeParents) {
    text = rev.dependencies.length ? `${formatDown(rev)} (${rev.dependencies.join(', ')}) -> ${text}` : `${formatDown(rev)} -> ${text}`;
  }
  if (o.includeBranches && rev.branchLabels.size) text += ` (${[...rev.branchLabels].join(', ')})`;
  if (rev.isRealHead) text += ' (head)';
  else if (rev.isHead) text += ' (effective head)';
  if (o.current?.has(rev.revision)) text += ' (current)';
  if (o.treeIndicators ?? true) {
    if (rev.isBranchPoint) text += ' (branchpoint)';
    if (rev.isMergePoint) text += ' (mergepoint)';
  }
  if (o.includeDoc) text += `, ${rev.doc}`;
  return text;
}

/** The `-v` detail block (Alembic's `log_entry`). */
export function formatVerbose(rev: Revision, current?: ReadonlySet<string>): string {
  let entry = `Rev: ${rev.revision}${rev.isHead ? ' (head)' : ''}${rev.isBranchPoint ? ' (branchpoint)' : ''}${rev.isMergePoint ? ' (mergepoint)' : ''}${current?.has(rev.revision) ? ' (current)' : ''}\n`;
  entry += rev.isMergePoint ? `Merges: ${formatDown(rev)}\n` : `Parent: ${formatDown(rev)}\n`;
  if (rev.dependencies.length) entry += `Also depends on: ${rev.dependencies.join(', ')}\n`;
  if (rev.isBranchPoint) entry += `Branches into: ${rev.nextrev.join(', ')}\n`;
  if (rev.branchLabels.size) entry += `Branch names: ${[...rev.branchLabels].join(', ')}\n`;
  entry += `Path: ${rev.path ?? ''}\n`;
  entry += `\n${rev.longdoc
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;
  return entry;
}

/** The `--json` record of a revision. */
export function toJson(rev: Revision, current?: ReadonlySet<string>) {
  return {
    revision: rev.revision,
    downRevisions: [...rev.downRevisions],
    branchLabels: [...rev.branchLabels],
    dependsOn: [...rev.dependencies],
    message: rev.doc,
    path: rev.path ?? null,
    isHead: rev.isHead,
    isBranchPoint: rev.isBranchPoint,
    isMergePoint: rev.isMergePoint,
    ...(current ? { isCurrent: current.has(rev.revision) } : {}),
  };
}
