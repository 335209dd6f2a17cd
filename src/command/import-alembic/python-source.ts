// Reads what ambix needs from an Alembic revision file without running Python: the module
// docstring and the module-level literal assignments of `revision`, `down_revision`,
// `branch_labels` and `depends_on` (Alembic's own templates write exactly these).
import { UserError } from '../../errors.js';

export interface AlembicRevisionSource {
  /** The file, for messages. */
  file: string;
  revision: string;
  downRevision: string | string[] | null;
  branchLabels: string[];
  dependsOn: string[];
  /** The module docstring, decoded and stripped (Alembic's `Script.longdoc`). */
  longdoc: string;
}

const FIELDS = ['revision', 'down_revision', 'branch_labels', 'depends_on'] as const;
type Field = (typeof FIELDS)[number];

type Token =
  | { kind: 'string'; value: string; literal: boolean; line: number; col: number; text: string }
  | { kind: 'name'; value: string; line: number; col: number; text: string }
  | { kind: 'op'; value: string; line: number; col: number; text: string }
  | { kind: 'other'; value: string; line: number; col: number; text: string }
  | { kind: 'newline'; value: ''; line: number; col: number; text: string };

/**
 * Parses one Alembic revision file. A header field that is not a simple literal (a string,
 * None, or a tuple/list/set of strings) is an error naming the file and line.
 */
export function parseAlembicRevision(source: string, file: string): AlembicRevisionSource {
  const lines = tokenizeLogicalLines(source, file);
  const found: Partial<Record<Field, { value: string | string[] | null; line: number }>> = {};
  let longdoc = '';
  lines.forEach((tokens, i) => {
    const first = tokens[0]!;
    if (i === 0 && first.kind === 'string' && tokens.every((t) => t.kind === 'string')) {
      if (tokens.some((t) => t.kind === 'string' && !t.literal)) return;
      longdoc = tokens.map((t) => t.value).join('').trim();
      return;
    }
    if (first.col !== 0 || first.kind !== 'name') return;
    const field = (FIELDS as readonly string[]).includes(first.value) ? (first.value as Field) : undefined;
    if (!field) return;
    let p = 1;
    // `revision: str = "abc"`: skip the annotation up to the `=` at depth 0.
    if (tokens[p]?.value === ':' && tokens[p]?.kind === 'op') {
      let depth = 0;
      p++;
      while (p < tokens.length && !(depth === 0 && tokens[p]!.kind === 'op' && tokens[p]!.value === '=')) {
        const v = tokens[p]!.value;
        if (tokens[p]!.kind === 'op' && '([{'.includes(v)) depth++;
        else if (tokens[p]!.kind === 'op' && ')]}'.includes(v)) depth--;
        p++;
      }
      if (p >= tokens.length) return; // an annotation without a value assigns nothing
    }
    const eq = tokens[p];
    if (!eq || eq.kind !== 'op' || eq.value !== '=') {
      if (eq && eq.kind === 'op' && /^[-+*/%&|^@<>]+=$|^\/\/=$|^\*\*=$/.test(eq.value)) fail(file, first.line, `'${field}' must be assigned a literal once; found \`${lineText(source, first.line)}\``);
      return;
    }
    const valueTokens = tokens.slice(p + 1);
    if (valueTokens.some((t) => t.kind === 'op' && t.value === '=')) {
      fail(file, first.line, `'${field}' must be assigned a literal on its own; found \`${lineText(source, first.line)}\``);
    }
    found[field] = { value: literalValue(valueTokens, field, file, first.line, source), line: first.line };
  });

  const revision = found.revision;
  if (!revision) fail(file, 1, "no module-level `revision = '<id>'` assignment", 'ambix reads the revision identifiers of an Alembic file statically; write them as plain literals.');
  if (typeof revision.value !== 'string' || revision.value === '') fail(file, revision.line, '`revision` must be a non-empty string');
  if (!found.down_revision) fail(file, 1, 'no module-level `down_revision = ...` assignment (None for the first revision)');
  const list = (f: Field): string[] => {
    const v = found[f]?.value;
    return v == null ? [] : typeof v === 'string' ? [v] : v;
  };
  const down = found.down_revision.value;
  return {
    file,
    revision: revision.value,
    downRevision: Array.isArray(down) ? (down.length === 0 ? null : down.length === 1 ? down[0]! : down) : down,
    branchLabels: list('branch_labels'),
    dependsOn: list('depends_on'),
    longdoc,
  };
}

function literalValue(tokens: readonly Token[], field: Field, file: string, line: number, source: string): string | string[] | null {
  const bad = (): never => fail(file, line, `'${field}' must be a literal (a string, None, or a tuple/list of strings); found \`${lineText(source, line)}\``);
  if (tokens.length === 0) bad();
  if (tokens.length === 1 && tokens[0]!.kind === 'name' && tokens[0]!.value === 'None') return null;
  // Adjacent strings concatenate; commas at depth 0 make a tuple (`'a', 'b'`).
  let inner = tokens;
  let bracketed = false;
  const open = tokens[0]!;
  const close = tokens[tokens.length - 1]!;
  if (open.kind === 'op' && close.kind === 'op' && ((open.value === '(' && close.value === ')') || (open.value === '[' && close.value === ']') || (open.value === '{' && close.value === '}'))) {
    inner = tokens.slice(1, -1);
    bracketed = true;
  }
  const items: string[] = [];
  let current = '';
  let have = false;
  let sawComma = false;
  for (const t of inner) {
    if (t.kind === 'string') {
      if (!t.literal) bad();
      current += t.value;
      have = true;
    } else if (t.kind === 'op' && t.value === ',') {
      if (!have) bad();
      items.push(current);
      current = '';
      have = false;
      sawComma = true;
    } else bad();
  }
  if (have) items.push(current);
  if (!bracketed && !sawComma) {
    if (items.length !== 1) bad();
    return items[0]!;
  }
  // `('a')` is a parenthesised string, not a tuple.
  if (bracketed && open.value === '(' && !sawComma && items.length === 1) return items[0]!;
  if (bracketed && open.value === '{' && items.length === 0) bad(); // `{}` is a dict
  return items;
}

function lineText(source: string, line: number): string {
  return (source.split('\n')[line - 1] ?? '').trim();
}

function fail(file: string, line: number, message: string, hint = 'Edit the Alembic file so the field is a plain literal, then import again.'): never {
  throw new UserError(`${file}:${line}: ${message}`, hint);
}

const OPS3 = ['**=', '//=', '>>=', '<<=', '...'];
const OPS2 = ['->', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', '==', '!=', '<=', '>=', '**', '//', '<<', '>>', ':='];

/**
 * Python tokens grouped into logical lines (brackets and backslashes join physical lines;
 * comments and blank lines vanish). Each token records its line and column.
 */
function tokenizeLogicalLines(src: string, file: string): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  const flush = () => {
    if (cur.length) out.push(cur);
    cur = [];
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      if (depth === 0) flush();
      line++;
      i++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) {
      i += src[i + 1] === '\r' ? 3 : 2;
      line++;
      lineStart = i;
      continue;
    }
    const col = i - lineStart;
    const startLine = line;
    const start = i;
    const prefix = /^([rRbBuUfF]{0,2})(['"])/.exec(src.slice(i, i + 3));
    if (prefix && /^(|r|u|b|f|br|rb|fr|rf)$/i.test(prefix[1]!)) {
      const pre = prefix[1]!.toLowerCase();
      const quote = prefix[2]!;
      i += pre.length;
      const triple = src.startsWith(quote.repeat(3), i);
      const delim = triple ? quote.repeat(3) : quote;
      i += delim.length;
      const bodyStart = i;
      for (;;) {
        if (i >= src.length) fail(file, startLine, 'unterminated string', 'Fix the Python syntax of the file.');
        const ch = src[i]!;
        if (ch === '\\') {
          if (src[i + 1] === '\n') {
            line++;
            lineStart = i + 2;
          }
          i += 2;
          continue;
        }
        if (ch === '\n') {
          if (!triple) fail(file, startLine, 'unterminated string', 'Fix the Python syntax of the file.');
          line++;
          lineStart = i + 1;
        }
        if (src.startsWith(delim, i)) break;
        i++;
      }
      const body = src.slice(bodyStart, i);
      i += delim.length;
      const raw = pre.includes('r');
      cur.push({ kind: 'string', value: raw ? body.replace(/\r\n/g, '\n') : decodeEscapes(body.replace(/\r\n/g, '\n')), literal: !pre.includes('f') && !pre.includes('b'), line: startLine, col, text: src.slice(start, i) });
      continue;
    }
    const word = /^[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/.exec(src.slice(i, i + 200));
    if (word) {
      i += word[0].length;
      cur.push({ kind: 'name', value: word[0], line: startLine, col, text: word[0] });
      continue;
    }
    const num = /^(?:\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?[jJ]?|\.\d[\d_]*(?:[eE][+-]?\d+)?[jJ]?|0[xXoObB][\da-fA-F_]+)/.exec(src.slice(i, i + 100));
    if (num) {
      i += num[0].length;
      cur.push({ kind: 'other', value: num[0], line: startLine, col, text: num[0] });
      continue;
    }
    const op = OPS3.find((o) => src.startsWith(o, i)) ?? OPS2.find((o) => src.startsWith(o, i)) ?? c;
    i += op.length;
    if (op === '(' || op === '[' || op === '{') depth++;
    else if ((op === ')' || op === ']' || op === '}') && depth > 0) depth--;
    if (op === ';' && depth === 0) {
      flush();
      continue;
    }
    cur.push({ kind: 'op', value: op, line: startLine, col, text: op });
  }
  flush();
  return out;
}

function decodeEscapes(s: string): string {
  return s.replace(/\\(?:\n|([\\'"abfnrtv])|([0-7]{1,3})|x([\da-fA-F]{2})|u([\da-fA-F]{4})|U([\da-fA-F]{8})|N\{[^}]*\}|(.))/gs, (whole, simple: string | undefined, oct: string | undefined, x: string | undefined, u: string | undefined, U: string | undefined, other: string | undefined) => {
    if (whole === '\\\n') return '';
    if (simple) return ({ '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' } as Record<string, string>)[simple]!;
    if (oct) return String.fromCharCode(parseInt(oct, 8));
    if (x || u) return String.fromCharCode(parseInt((x ?? u)!, 16));
    if (U) return String.fromCodePoint(parseInt(U, 16));
    if (other !== undefined) return whole; // unknown escapes stay as written, as in Python
    return whole;
  });
}

/** Alembic's message (`Script.doc`) and the rest of the docstring without the Revision ID/Revises/Create Date lines. */
export function splitDocstring(longdoc: string): { message: string; createDate: string | undefined } {
  const createDate = /^[ \t]*Create Date:[ \t]*(.*?)[ \t]*$/m.exec(longdoc)?.[1] || undefined;
  const kept = longdoc
    .split('\n')
    .filter((l) => !/^[ \t]*(?:Revision ID|Revises|Create Date):/.test(l))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { message: kept, createDate };
}
