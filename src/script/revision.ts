/** What a revision declares about its place in the graph. */
export interface RevisionInput {
  revision: string;
  downRevision: string | readonly string[] | null;
  dependsOn?: readonly string[];
  branchLabels?: readonly string[];
  /** The file it came from, for messages. */
  path?: string;
  /** The leading doc comment of the file, cleaned. */
  longdoc?: string;
  /** Or the raw text between its comment markers, cleaned on first use. */
  rawDoc?: string;
}

const NO_LABELS: ReadonlySet<string> = new Set();
// One shared empty list: most revisions have no labels, dependencies or children yet, and a
// thousand fresh empty arrays are garbage the collector must sweep on every `heads`.
const NONE: readonly string[] = Object.freeze([]);

/**
 * One node of the revision graph. Children (`nextrev`) are kept in file order, which is
 * the tie-break ambix uses wherever Alembic leaves an order open.
 */
export class Revision {
  readonly revision: string;
  /** The parents named by `downRevision`, in the order written (Alembic's versioned down revisions). */
  readonly downRevisions: readonly string[];
  /** `dependsOn` as written: revision ids or branch labels. */
  readonly dependencies: readonly string[];
  /** The labels this file declares. */
  readonly declaredBranchLabels: readonly string[];
  private labels: Set<string> | undefined;
  resolvedDependencies: readonly string[] = NONE;
  /** Dependencies not already implied by an ancestor's dependencies. */
  normalizedResolvedDependencies: readonly string[] = NONE;
  /** Parents and resolved dependencies (set once the graph is built). */
  allDownRevisions: readonly string[] = [];
  /** Parents and the dependencies no ancestor already implies. */
  normalizedDownRevisions: readonly string[] = [];
  /** Children that name this revision in `downRevision`, in file order. */
  nextrev: readonly string[] = NONE;
  /** Children by `downRevision` or `dependsOn`. */
  allNextrev: readonly string[] = NONE;
  readonly path: string | undefined;
  private doccache: string | undefined;
  private readonly rawDoc: string | undefined;

  constructor(
    input: RevisionInput,
    /** Position in file order. */
    readonly order: number,
  ) {
    this.revision = input.revision;
    this.downRevisions = input.downRevision == null ? [] : typeof input.downRevision === 'string' ? [input.downRevision] : [...input.downRevision];
    this.dependencies = input.dependsOn?.length ? [...input.dependsOn] : NONE;
    this.declaredBranchLabels = input.branchLabels?.length ? [...input.branchLabels] : NONE;
    if (this.declaredBranchLabels.length) this.labels = new Set(this.declaredBranchLabels);
    this.path = input.path;
    this.doccache = input.longdoc;
    this.rawDoc = input.rawDoc;
    this.allDownRevisions = this.normalizedDownRevisions = this.downRevisions;
  }

  /** Declared labels plus those inherited along the branch. */
  get branchLabels(): ReadonlySet<string> {
    return this.labels ?? NO_LABELS;
  }

  addBranchLabels(labels: Iterable<string>): void {
    this.labels ??= new Set();
    for (const l of labels) this.labels.add(l);
  }

  /** The file's doc comment (Alembic's `longdoc`). */
  get longdoc(): string {
    this.doccache ??= (this.rawDoc ?? '').replace(/^[ \t]*\* ?|[ \t\r]+$/gm, '').trim();
    return this.doccache;
  }

  /** The message: the first paragraph of the doc comment. */
  get doc(): string {
    return this.longdoc.split('\n\n')[0]!;
  }

  /** `downRevision` as Alembic holds it: null, one id, or several. */
  get downRevision(): string | readonly string[] | null {
    return this.downRevisions.length === 0 ? null : this.downRevisions.length === 1 ? this.downRevisions[0]! : this.downRevisions;
  }

  /** Called by the map once dependencies are resolved and normalised. */
  settleDependencies(): void {
    if (this.resolvedDependencies.length === 0) return;
    this.allDownRevisions = dedupe([...this.downRevisions, ...this.resolvedDependencies]);
    this.normalizedDownRevisions = dedupe([...this.downRevisions, ...this.normalizedResolvedDependencies]);
  }

  addNextrev(child: Revision): void {
    const id = child.revision;
    if (!this.allNextrev.includes(id)) this.allNextrev = this.allNextrev.length ? [...this.allNextrev, id] : [id];
    if (child.downRevisions.includes(this.revision) && !this.nextrev.includes(id)) {
      // A revision with one child (most of them) shares the one-element list with allNextrev.
      this.nextrev = this.nextrev.length ? [...this.nextrev, id] : this.allNextrev.length === 1 ? this.allNextrev : [id];
    }
  }

  get isHead(): boolean {
    return this.nextrev.length === 0;
  }
  /** No child at all, counting dependents. */
  get isRealHead(): boolean {
    return this.allNextrev.length === 0;
  }
  get isBase(): boolean {
    return this.downRevisions.length === 0;
  }
  get isRealBase(): boolean {
    return this.downRevisions.length === 0 && this.dependencies.length === 0;
  }
  get isBranchPoint(): boolean {
    return this.nextrev.length > 1;
  }
  get isRealBranchPoint(): boolean {
    return this.allNextrev.length > 1;
  }
  get isMergePoint(): boolean {
    return this.downRevisions.length > 1;
  }
}

export function dedupe<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
