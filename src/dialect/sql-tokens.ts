// SQL text as databases give it back differs from what the models say in ways that mean
// nothing: `(price > 0)` vs `price>0`, `"price"` vs `price`, `current_timestamp` vs
// `CURRENT_TIMESTAMP`. Comparing tokens instead of text keeps autogenerate from reporting
// such a CHECK or default as changed on every run.

/**
 * The tokens of a SQL expression: string literals kept exactly, quoted identifiers unquoted,
 * words lower-cased, whitespace dropped, and parentheses that wrap the whole expression removed.
 *
 * @example sqlTokens('("Price" > 0)') // ['price', '>', '0']
 */
export function sqlTokens(expr: string): string[] {
  const tokens: string[] = [];
  const re = /\s+|('(?:[^']|'')*')|"((?:[^"]|"")*)"|`((?:[^`]|``)*)`|\[([^\]]*)\]|([A-Za-z_][A-Za-z0-9_$]*)|(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|(<>|!=|<=|>=|\|\||::|.)/gy;
  for (let m = re.exec(expr); m && m[0] !== ''; m = re.exec(expr)) {
    if (m[1] !== undefined) tokens.push(m[1]);
    else if (m[2] !== undefined) tokens.push(m[2].replace(/""/g, '"').toLowerCase());
    else if (m[3] !== undefined) tokens.push(m[3].replace(/``/g, '`').toLowerCase());
    else if (m[4] !== undefined) tokens.push(m[4].toLowerCase());
    else if (m[5] !== undefined) tokens.push(m[5].toLowerCase());
    else if (m[6] !== undefined) tokens.push(String(Number(m[6])));
    else if (m[7] !== undefined) tokens.push(m[7] === '!=' ? '<>' : m[7]);
  }
  return stripOuterParens(tokens);
}

/** Removes `(` … `)` pairs that enclose the whole token list. */
function stripOuterParens(tokens: string[]): string[] {
  let t = tokens;
  while (t.length >= 2 && t[0] === '(' && t[t.length - 1] === ')' && closes(t) === t.length - 1) t = t.slice(1, -1);
  return t;
}

/** Where the parenthesis opened by the first token closes. */
function closes(tokens: readonly string[]): number {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === '(') depth++;
    else if (tokens[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Whether two SQL expressions say the same thing up to spacing, case, identifier quotes and
 * enclosing parentheses (string literals are compared exactly).
 *
 * @example sqlExpressionsEqual('("price" > 0)', 'PRICE>0') // true
 */
export function sqlExpressionsEqual(a: string, b: string): boolean {
  const x = sqlTokens(a);
  const y = sqlTokens(b);
  return x.length === y.length && x.every((t, i) => t === y[i]);
}
