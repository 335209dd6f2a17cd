import { UserError } from '../errors.js';

/** What the graph needs from a revision file, read from its source without running it. */
export interface RevisionHeader {
  revision: string;
  /** As written: `null` for a base, a string, or a list for a merge. */
  downRevision: string | string[] | null;
  branchLabels: string[];
  dependsOn: string[];
  /** The text of the leading doc comment, uncleaned (see `Revision.longdoc`). */
  rawDoc: string;
  /** The file, set by the reader. */
  path?: string;
}

const HEADER_FIELDS = ['revision', 'downRevision', 'branchLabels', 'dependsOn'] as const;
// Sticky regexes do the scanning: they run at native speed even before the JIT warms up,
// which is what matters for a CLI reading a thousand files once.
const TRIVIA = /(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;
const KEY = /(?:(?:async|get|set)\s+)?\*?\s*([A-Za-z_$][\w$]*)/y;
const STRING_OR_COMMENT = /["'`]|\/\/|\/\*/g;
const CAST = /(?:as|satisfies)\s+[\w$.[\]<>| ]+?(?=\s*[,}])/y;
const SIMPLE_STRING = /'([^'\\\n]*)'|"([^"\\\n]*)"|`([^`\\$]*)`/y;
type HeaderField = (typeof HEADER_FIELDS)[number];

/**
 * Reads the header of a revision file: the doc comment and the four literal fields of
 * `defineMigration({...})`. Scanning stops once the four fields are found, so the cost does
 * not grow with the body. A field that is not a literal is an error naming file, line and field.
 */
export function parseRevisionHeader(source: string, file: string): RevisionHeader {
  return fastHeader(source) ?? new HeaderScanner(source, file).parse();
}

// The shape `ambix revision` writes: the four fields first, as plain literals, in any order.
// One regex reads it; anything else (other order, escapes, comments between fields) goes to
// the scanner, which also gives the precise errors.
const LIT = String.raw`(?:'[^'\\\n]*'|"[^"\\\n]*"|null|undefined|\[\s*(?:(?:'[^'\\\n]*'|"[^"\\\n]*")\s*,?\s*)*\])`;
const FIELD = String.raw`\s*(revision|downRevision|branchLabels|dependsOn)\s*:\s*(${LIT})\s*,`;
// Anchored at the start of the file: doc comment, imports and line comments, then the call.
// Matching the whole prefix proves the call is code (not inside a string or comment), so the
// fast path needs no scan of its own.
const FAST = new RegExp(
  String.raw`^(?:#![^\n]*\n)?\s*(?:\/\*\*?([\s\S]*?)\*\/\s*)?(?:import\s[^;'"]*(?:'[^'\n]*'|"[^"\n]*")\s*;?\s*|\/\/[^\n]*\s*)*export\s+default\s+defineMigration\s*\(\s*\{${FIELD}${FIELD}${FIELD}${FIELD}`,
);
const FAST_ITEM = /'([^'\\\n]*)'|"([^"\\\n]*)"/g;

/**
 * The fast path: one anchored regex over the file, plain locals, no scanner. Returns
 * undefined for anything unusual (a field twice, an empty id), which the scanner then
 * reads or reports with file and line.
 */
function fastHeader(src: string): RevisionHeader | undefined {
  const m = FAST.exec(src);
  if (m === null) return undefined;
  let revision: string | string[] | null | undefined;
  let down: string | string[] | null | undefined;
  let labels: string | string[] | null | undefined;
  let deps: string | string[] | null | undefined;
  let seen = 0;
  for (let i = 2; i < 10; i += 2) {
    const value = fastValue(m[i + 1]!);
    switch (m[i]) {
      case 'revision':
        revision = value;
        seen |= 1;
        break;
      case 'downRevision':
        down = value;
        seen |= 2;
        break;
      case 'branchLabels':
        labels = value;
        seen |= 4;
        break;
      default:
        deps = value;
        seen |= 8;
    }
  }
  if (seen !== 15 || typeof revision !== 'string' || revision === '') return undefined;
  return {
    revision,
    downRevision: Array.isArray(down) && down.length <= 1 ? (down[0] ?? null) : (down ?? null),
    branchLabels: labels == null ? EMPTY : typeof labels === 'string' ? [labels] : labels,
    dependsOn: deps == null ? EMPTY : typeof deps === 'string' ? [deps] : deps,
    rawDoc: m[1] ?? '',
  };
}

const EMPTY = Object.freeze([]) as unknown as string[];

function fastValue(text: string): string | string[] | null {
  const c = text.charCodeAt(0);
  if (c === 39 || c === 34) return text.slice(1, -1);
  if (c !== 91) return null;
  if (text.length === 2) return EMPTY;
  const items: string[] = [];
  FAST_ITEM.lastIndex = 0;
  for (let m = FAST_ITEM.exec(text); m !== null; m = FAST_ITEM.exec(text)) items.push(m[1] ?? m[2]!);
  return items;
}

class HeaderScanner {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly file: string,
  ) {}

  parse(): RevisionHeader {
    const call = this.findCall();
    if (call < 0) {
      throw new UserError(
        `${this.file}: no \`defineMigration({ ... })\` call found`,
        'A revision file default-exports defineMigration({ revision, downRevision, upgrade, downgrade }); prefix helper files in versions/ with "_".',
      );
    }
    this.pos = call;
    this.skipTrivia();
    this.expect('(');
    this.skipTrivia();
    this.expect('{');
    const found: Partial<Record<HeaderField, string | string[] | null>> = {};
    let remaining = HEADER_FIELDS.length;
    for (;;) {
      this.skipTrivia();
      if (this.peek() === '}') break;
      if (this.src.startsWith('...', this.pos)) this.fail('a spread (...) in defineMigration({ ... }) hides the header fields; write them out');
      const keyStart = this.pos;
      const key = this.readKey();
      this.skipTrivia();
      const header = (HEADER_FIELDS as readonly string[]).includes(key) ? (key as HeaderField) : undefined;
      if (header && this.peek() === ':') {
        this.pos++;
        this.skipTrivia();
        if (header in found) this.fail(`'${header}' is given twice`, keyStart);
        found[header] = this.readLiteral(header);
        if (--remaining === 0) break;
      } else if (header && (this.peek() === ',' || this.peek() === '}')) {
        this.fail(`header field '${header}' must be a literal (a string, an array of strings, or null), not a shorthand reference`, keyStart);
      } else {
        this.skipValue();
      }
      this.skipTrivia();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== '}') this.fail(`expected ',' or '}' after '${key}'`);
    }
    return this.finish(found, call);
  }

  private finish(found: Partial<Record<HeaderField, string | string[] | null>>, call: number): RevisionHeader {
    const revision = found.revision;
    if (typeof revision !== 'string' || revision.length === 0) this.fail(`defineMigration({ ... }) needs \`revision: '<id>'\``, call);
    if (!('downRevision' in found)) this.fail(`defineMigration({ ... }) needs \`downRevision\` (null for the first revision)`, call);
    const list = (field: HeaderField): string[] => {
      const v = found[field];
      return v == null ? [] : typeof v === 'string' ? [v] : v;
    };
    const down = found.downRevision ?? null;
    return {
      revision: revision as string,
      downRevision: Array.isArray(down) && down.length === 0 ? null : Array.isArray(down) && down.length === 1 ? down[0]! : down,
      branchLabels: list('branchLabels'),
      dependsOn: list('dependsOn'),
      rawDoc: this.leadingDoc(),
    };
  }

  private leadingDoc(): string {
    let p = 0;
    if (this.src.startsWith('#!')) p = this.src.indexOf('\n') + 1 || this.src.length;
    while (p < this.src.length && /\s/.test(this.src[p]!)) p++;
    if (!this.src.startsWith('/*', p)) return '';
    const end = this.src.indexOf('*/', p + 2);
    if (end < 0) return '';
    return this.src.slice(p + (this.src.startsWith('/**', p) ? 3 : 2), end);
  }

  /** Position just after the identifier `defineMigration`, outside strings and comments. */
  private findCall(): number {
    const name = 'defineMigration';
    for (let i = this.src.indexOf(name); i >= 0; i = this.src.indexOf(name, i + 1)) {
      const before = this.src[i - 1];
      const after = this.src[i + name.length];
      if (before && /[\w$.]/.test(before)) continue;
      if (after && /[\w$]/.test(after)) continue;
      if (this.isCode(i)) {
        let p = i + name.length;
        while (p < this.src.length && /\s/.test(this.src[p]!)) p++;
        if (this.src[p] === '(') return i + name.length;
      }
    }
    return -1;
  }

  /** Whether offset `target` is code (not inside a string or comment), scanning from the start. */
  private isCode(target: number): boolean {
    this.pos = 0;
    for (;;) {
      STRING_OR_COMMENT.lastIndex = this.pos;
      const m = STRING_OR_COMMENT.exec(this.src);
      if (!m || m.index >= target) return true;
      this.pos = m.index;
      if (m[0] === '//' || m[0] === '/*') this.skipTrivia();
      else this.skipString();
      if (this.pos > target) return false;
    }
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) this.fail(`expected '${ch}'`);
    this.pos++;
  }

  private skipTrivia(): void {
    TRIVIA.lastIndex = this.pos;
    TRIVIA.exec(this.src);
    this.pos = TRIVIA.lastIndex;
    if (this.src.startsWith('/*', this.pos)) this.fail('unterminated comment');
  }

  private readKey(): string {
    const c = this.peek();
    if (c === '"' || c === "'") return this.readString();
    KEY.lastIndex = this.pos;
    const m = KEY.exec(this.src);
    if (!m) this.fail('expected a property name');
    this.pos = KEY.lastIndex;
    return m![1]!;
  }

  private readLiteral(field: HeaderField): string | string[] | null {
    const start = this.pos;
    let value: string | string[] | null;
    const c = this.peek();
    if (c === "'" || c === '"' || c === '`') value = this.readString(field);
    else if (this.src.startsWith('null', this.pos) && !/[\w$]/.test(this.src[this.pos + 4] ?? '')) {
      this.pos += 4;
      value = null;
    } else if (this.src.startsWith('undefined', this.pos) && !/[\w$]/.test(this.src[this.pos + 9] ?? '')) {
      this.pos += 9;
      value = null;
    } else if (c === '[') {
      this.pos++;
      const items: string[] = [];
      for (;;) {
        this.skipTrivia();
        if (this.peek() === ']') break;
        const q = this.peek();
        if (q !== "'" && q !== '"' && q !== '`') this.notLiteral(field, start);
        items.push(this.readString(field));
        this.skipTrivia();
        if (this.peek() === ',') this.pos++;
        else if (this.peek() !== ']') this.notLiteral(field, start);
      }
      this.pos++;
      value = items;
    } else this.notLiteral(field, start);
    this.skipTrivia();
    // `as const`, `as string[]` and the like change nothing about the value.
    CAST.lastIndex = this.pos;
    if (CAST.exec(this.src)) this.pos = CAST.lastIndex;
    this.skipTrivia();
    if (this.peek() !== ',' && this.peek() !== '}') this.notLiteral(field, start);
    return value!;
  }

  private notLiteral(field: string, start: number): never {
    const text = this.src.slice(start, this.src.indexOf('\n', start) >>> 0).trim().replace(/,$/, '');
    this.fail(`header field '${field}' must be a literal (a string, an array of strings, or null); found \`${text}\``, start);
  }

  private readString(field?: string): string {
    SIMPLE_STRING.lastIndex = this.pos;
    const simple = SIMPLE_STRING.exec(this.src);
    if (simple) {
      this.pos = SIMPLE_STRING.lastIndex;
      return simple[1] ?? simple[2] ?? simple[3]!;
    }
    const quote = this.src[this.pos]!;
    const start = this.pos;
    let out = '';
    this.pos++;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || (c === '\n' && quote !== '`')) this.fail('unterminated string', start);
      if (c === quote) {
        this.pos++;
        return out;
      }
      if (quote === '`' && c === '$' && this.src[this.pos + 1] === '{') {
        if (field) this.notLiteral(field, start);
        this.fail('a template with ${...} is not a literal', start);
      }
      if (c === '\\') {
        const n = this.src[this.pos + 1];
        out += n === 'n' ? '\n' : n === 't' ? '\t' : (n ?? '');
        this.pos += 2;
        continue;
      }
      out += c;
      this.pos++;
    }
  }

  private skipString(): void {
    const quote = this.src[this.pos]!;
    const start = this.pos;
    this.pos++;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) this.fail('unterminated string', start);
      if (c === '\\') {
        this.pos += 2;
        continue;
      }
      if (c === '\n' && quote !== '`') this.fail('unterminated string', start);
      if (quote === '`' && c === '$' && this.src[this.pos + 1] === '{') {
        this.pos += 2;
        this.skipBalanced('}');
        continue;
      }
      this.pos++;
      if (c === quote) return;
    }
  }

  /** Skips a property value up to the `,` or `}` that ends it at depth 0. */
  private skipValue(): void {
    const closers: string[] = [];
    let prevSignificant = '(';
    for (;;) {
      this.skipTrivia();
      const c = this.src[this.pos];
      if (c === undefined) this.fail('unexpected end of file inside defineMigration({ ... })');
      if (closers.length === 0 && (c === ',' || c === '}')) return;
      if (c === '"' || c === "'" || c === '`') this.skipString();
      else if (c === '/' && /[(,=:[!&|?{};+\-*%<>~^]|^$/.test(prevSignificant)) this.skipRegex();
      else if (c === '(' || c === '[' || c === '{') {
        closers.push(c === '(' ? ')' : c === '[' ? ']' : '}');
        this.pos++;
      } else if (c === ')' || c === ']' || c === '}') {
        if (closers.pop() !== c) this.fail(`unbalanced '${c}'`);
        this.pos++;
      } else this.pos++;
      prevSignificant = /\w/.test(c) ? this.keywordBefore() : c;
    }
  }

  private skipBalanced(closer: string): void {
    const closers = [closer];
    while (closers.length > 0) {
      this.skipTrivia();
      const c = this.src[this.pos];
      if (c === undefined) this.fail('unterminated template expression');
      if (c === '"' || c === "'" || c === '`') this.skipString();
      else if (c === '(' || c === '[' || c === '{') {
        closers.push(c === '(' ? ')' : c === '[' ? ']' : '}');
        this.pos++;
      } else if (c === ')' || c === ']' || c === '}') {
        closers.pop();
        this.pos++;
      } else this.pos++;
    }
  }

  /** After a word, a `/` starts a regex only when the word is a keyword like `return`. */
  private keywordBefore(): string {
    const m = /[\w$]+$/.exec(this.src.slice(Math.max(0, this.pos - 12), this.pos));
    return m && /^(return|typeof|case|do|else|in|of|yield|await|void|throw|delete)$/.test(m[0]) ? '(' : 'a';
  }

  private skipRegex(): void {
    const start = this.pos;
    this.pos++;
    let inClass = false;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || c === '\n') this.fail('unterminated regular expression', start);
      if (c === '\\') this.pos += 2;
      else {
        if (c === '[') inClass = true;
        else if (c === ']') inClass = false;
        else if (c === '/' && !inClass) break;
        this.pos++;
      }
    }
    this.pos++;
    while (/[a-z]/.test(this.src[this.pos] ?? '')) this.pos++;
  }

  private fail(message: string, at = this.pos): never {
    const line = this.src.slice(0, at).split('\n').length;
    throw new UserError(`${this.file}:${line}: ${message}`, 'Fix the revision file; ambix reads its header without running it.');
  }
}
