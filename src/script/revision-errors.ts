import { MultipleHeadsError, RangeNotAncestorError, ResolutionError } from '../errors.js';
import type { RevisionMap } from './revision-map.js';

export interface CatchOptions {
  /** Message for a range that is not ancestor/descendant; `{start}` and `{end}` are filled. */
  ancestor?: string;
  /** Message for several heads where one was needed; `{head}` is filled. */
  multipleHeads?: string;
  start?: string | null;
  end?: string | null;
}

/** Turns graph errors into the messages Alembic users know, each with what to do next. */
export function catchRevisionErrors<T>(map: RevisionMap, fn: () => T, opts: CatchOptions = {}): T {
  try {
    return fn();
  } catch (error) {
    throw translateRevisionError(map, error, opts);
  }
}

export function translateRevisionError(map: RevisionMap, error: unknown, opts: CatchOptions = {}): unknown {
  if (error instanceof RangeNotAncestorError) {
    const start = opts.start ?? error.lower ?? 'base';
    const end = opts.end ?? error.upper ?? 'heads';
    const text = (opts.ancestor ?? 'Requested range {start}:{end} does not refer to ancestor/descendant revisions along the same branch')
      .replace('{start}', start)
      .replace('{end}', end);
    return new RangeNotAncestorError(error.lower, error.upper, text, 'See `ambix history` for how the revisions connect.');
  }
  if (error instanceof MultipleHeadsError) {
    if (opts.multipleHeads) return new MultipleHeadsError(error.heads, error.argument, opts.multipleHeads.replace('{head}', opts.end ?? error.argument), `The heads are ${error.heads.join(', ')}; join them with \`ambix merge heads -m "merge"\`.`);
    return new MultipleHeadsError(
      error.heads,
      error.argument,
      `Multiple head revisions are present for given argument '${opts.end ?? error.argument}'`,
      `The heads are ${error.heads.join(', ')}: target one ('<branchname>@head' or an id), 'heads' for all, or join them with \`ambix merge heads -m "merge"\`.`,
    );
  }
  if (error instanceof ResolutionError) {
    if (error.message.startsWith('Multiple revisions start with')) return new ResolutionError(error.message, error.argument, 'Give more characters of the id.');
    if (error.message.startsWith('Revision ') && error.message.includes('is not a member of branch')) return new ResolutionError(error.message, error.argument, 'Use a revision of that branch (see `ambix history`).');
    const heads = map.heads.length ? `Known heads: ${map.heads.join(', ')}` : 'There are no revisions yet';
    return new ResolutionError(`Can't locate revision identified by '${error.argument}'`, error.argument, `${heads}. Run \`ambix heads\` or \`ambix history\` to see the revisions.`);
  }
  return error;
}
