// SQLite keeps a table's definition as the text of its CREATE TABLE. The pragmas give
// columns, indexes and foreign keys, but not constraint names, CHECK expressions or
// per-column clauses; this reads them from the text.

export interface ParsedColumn {
  name: string;
  typeText: string;
  /** Column-level constraints, in order. */
  constraints: ParsedConstraint[];
  collate?: string;
  generated: boolean;
}

export interface ParsedConstraint {
  name?: string;
  kind: 'primaryKey' | 'unique' | 'check' | 'foreignKey' | 'notNull' | 'null' | 'default';
  columns: string[];
  /** CHECK expression, DEFAULT expression (as written). */
  expression?: string;
  refTable?: string;
  refColumns?: string[];
  onDelete?: string;
  onUpdate?: string;
  autoincrement?: boolean;
}

export interface ParsedTable {
  name: string;
  columns: ParsedColumn[];
  constraints: ParsedConstraint[];
  withoutRowid: boolean;
  strict: boolean;
}

interface Token {
  text: string;
  /** Unquoted identifier text, or the keyword upper-cased. */
  value: string;
  type: 'ident' | 'quoted' | 'string' | 'number' | 'punct' | 'op';
  start: number;
  end: number;
}

const TOKEN = /\s+|--[^\n]*|\/\*[\s\S]*?\*\/|("(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\])|('(?:[^']|'')*')|([A-Za-z_][A-Za-z0-9_$]*)|(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)|([(),;.])|(\|\||<<|>>|<=|>=|==|!=|<>|[-+*/%<>=&|~!])/gy;

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < sql.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(sql);
    if (!m) throw new Error(`cannot read CREATE TABLE near: ${sql.slice(start, start + 30)}`);
    const [text, quoted, str, ident, num, punct, op] = m;
    const end = TOKEN.lastIndex;
    if (quoted) tokens.push({ text: quoted, value: unquote(quoted), type: 'quoted', start, end });
    else if (str) tokens.push({ text: str, value: str.slice(1, -1).replace(/''/g, "'"), type: 'string', start, end });
    else if (ident) tokens.push({ text: ident, value: ident.toUpperCase(), type: 'ident', start, end });
    else if (num) tokens.push({ text: num, value: num, type: 'number', start, end });
    else if (punct) tokens.push({ text: punct, value: punct, type: 'punct', start, end });
    else if (op) tokens.push({ text: op, value: op, type: 'op', start, end });
    else void text;
  }
  return tokens;
}

function unquote(q: string): string {
  const c = q[0]!;
  if (c === '[') return q.slice(1, -1);
  return q.slice(1, -1).replaceAll(c + c, c);
}

const CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS']);

/** Parses `CREATE TABLE` as SQLite stored it. */
export function parseCreateTable(sql: string): ParsedTable {
  const t = tokenize(sql);
  let i = 0;
  const word = (w: string) => t[i]?.type === 'ident' && t[i]!.value === w;
  const expectWord = (w: string) => {
    if (!word(w)) throw new Error(`expected ${w} in ${sql.slice(0, 80)}`);
    i++;
  };
  const name = (): string => {
    const tok = t[i++];
    if (!tok || (tok.type !== 'ident' && tok.type !== 'quoted' && tok.type !== 'string')) throw new Error(`expected a name in ${sql.slice(0, 80)}`);
    return tok.type === 'ident' ? tok.text : tok.value;
  };
  /** Index of the matching close paren for the open paren at `from`. */
  const closeOf = (from: number): number => {
    let depth = 0;
    for (let k = from; k < t.length; k++) {
      if (t[k]!.text === '(') depth++;
      else if (t[k]!.text === ')' && --depth === 0) return k;
    }
    throw new Error('unbalanced parentheses in CREATE TABLE');
  };
  const textOf = (a: number, b: number) => (a > b ? '' : sql.slice(t[a]!.start, t[b]!.end));
  const nameList = (): string[] => {
    const open = i;
    const close = closeOf(open);
    const names: string[] = [];
    for (i = open + 1; i < close; i++) {
      if (t[i]!.text === ',') continue;
      names.push(t[i]!.type === 'ident' ? t[i]!.text : t[i]!.value);
      // skip COLLATE x / ASC / DESC after an indexed column
      while (i + 1 < close && t[i + 1]!.text !== ',') i++;
    }
    i = close + 1;
    return names;
  };

  expectWord('CREATE');
  if (word('TEMP') || word('TEMPORARY')) i++;
  expectWord('TABLE');
  if (word('IF')) i += 3;
  let tableName = name();
  if (t[i]?.text === '.') {
    i++;
    tableName = name();
  }
  if (t[i]?.text !== '(') throw new Error('CREATE TABLE ... AS SELECT is not supported');
  const bodyEnd = closeOf(i);
  i++;
  const columns: ParsedColumn[] = [];
  const constraints: ParsedConstraint[] = [];

  const readConstraint = (columnName?: string): ParsedConstraint | 'collate' | 'generated' | undefined => {
    let cname: string | undefined;
    if (word('CONSTRAINT')) {
      i++;
      cname = name();
    }
    const kw = t[i]?.value;
    const base = (kind: ParsedConstraint['kind']): ParsedConstraint => ({ ...(cname ? { name: cname } : {}), kind, columns: columnName ? [columnName] : [] });
    if (kw === 'PRIMARY') {
      i += 2; // PRIMARY KEY
      const c = base('primaryKey');
      if (!columnName) c.columns = nameList();
      if (word('ASC') || word('DESC')) i++;
      skipConflict();
      if (word('AUTOINCREMENT')) {
        i++;
        c.autoincrement = true;
      }
      return c;
    }
    if (kw === 'NOT') {
      i += 2;
      skipConflict();
      return base('notNull');
    }
    if (kw === 'NULL') {
      i++;
      skipConflict();
      return base('null');
    }
    if (kw === 'UNIQUE') {
      i++;
      const c = base('unique');
      if (!columnName) c.columns = nameList();
      skipConflict();
      return c;
    }
    if (kw === 'CHECK') {
      i++;
      const close = closeOf(i);
      const c = base('check');
      c.expression = textOf(i + 1, close - 1);
      i = close + 1;
      return c;
    }
    if (kw === 'DEFAULT') {
      i++;
      const c = base('default');
      if (t[i]?.text === '(') {
        const close = closeOf(i);
        c.expression = textOf(i, close);
        i = close + 1;
      } else {
        const start = i;
        if (t[i]?.type === 'op') i++;
        i++;
        c.expression = textOf(start, i - 1);
      }
      return c;
    }
    if (kw === 'COLLATE') {
      i += 2;
      return 'collate';
    }
    if (kw === 'GENERATED' || kw === 'AS') {
      while (i < bodyEnd && t[i]!.text !== '(') i++;
      i = closeOf(i) + 1;
      if (word('STORED') || word('VIRTUAL')) i++;
      return 'generated';
    }
    if (kw === 'FOREIGN' || kw === 'REFERENCES') {
      const c = base('foreignKey');
      if (kw === 'FOREIGN') {
        i += 2;
        c.columns = nameList();
      }
      expectWord('REFERENCES');
      c.refTable = name();
      c.refColumns = t[i]?.text === '(' ? nameList() : [];
      for (;;) {
        if (word('ON')) {
          const which = t[i + 1]!.value;
          i += 2;
          let action = t[i++]!.value;
          if (action === 'SET' || action === 'NO') action += ` ${t[i++]!.value}`;
          if (which === 'DELETE') c.onDelete = action.toLowerCase();
          else c.onUpdate = action.toLowerCase();
        } else if (word('MATCH')) i += 2;
        else if (word('NOT') || word('DEFERRABLE')) {
          while (i < bodyEnd && t[i]!.text !== ',' && !(word('CONSTRAINT') || word('PRIMARY') || word('UNIQUE') || word('CHECK'))) i++;
        } else break;
      }
      return c;
    }
    return undefined;
  };
  function skipConflict(): void {
    if (word('ON') && t[i + 1]?.value === 'CONFLICT') i += 3;
  }

  while (i < bodyEnd) {
    if (t[i]!.text === ',') {
      i++;
      continue;
    }
    const kw = t[i]!.type === 'ident' ? t[i]!.value : '';
    if (['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'].includes(kw)) {
      const c = readConstraint();
      if (c && typeof c === 'object') constraints.push(c);
      continue;
    }
    const colName = name();
    const typeStart = i;
    while (i < bodyEnd && t[i]!.text !== ',' && !(t[i]!.type === 'ident' && CONSTRAINT_START.has(t[i]!.value))) {
      if (t[i]!.text === '(') i = closeOf(i) + 1;
      else i++;
    }
    const col: ParsedColumn = { name: colName, typeText: textOf(typeStart, i - 1), constraints: [], generated: false };
    while (i < bodyEnd && t[i]!.text !== ',') {
      const c = readConstraint(colName);
      if (c === 'collate') col.collate = t[i - 1]!.value;
      else if (c === 'generated') col.generated = true;
      else if (c) col.constraints.push(c);
      else throw new Error(`unexpected '${t[i]!.text}' in column ${colName}`);
    }
    columns.push(col);
  }
  i = bodyEnd + 1;
  let withoutRowid = false;
  let strict = false;
  while (i < t.length) {
    if (word('WITHOUT')) withoutRowid = true;
    if (word('STRICT')) strict = true;
    i++;
  }
  return { name: tableName, columns, constraints, withoutRowid, strict };
}
