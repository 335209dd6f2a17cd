/**
 * Rewrites `?` placeholders as PostgreSQL's `$1..$n`, leaving alone every `?` inside string
 * literals (`'..'`, `E'..'`), quoted identifiers, dollar-quoted bodies and comments. The runtime
 * writes `?` for every dialect (version table, log); `pg` only understands `$n`.
 *
 * SQL that already uses `$n` is returned as it is, so a user's `getBind().query('... $1', [x])`
 * works too — and so does a jsonb `?` operator there, which would otherwise read as a placeholder.
 *
 * @example toNumberedPlaceholders("UPDATE t SET a = ? WHERE b = '?' AND c = ?") // "UPDATE t SET a = $1 WHERE b = '?' AND c = $2"
 */
export function toNumberedPlaceholders(sql: string): string {
  if (!sql.includes('?')) return sql;
  let out = '';
  let n = 0;
  let i = 0;
  let numbered = false;
  while (i < sql.length) {
    const skip = skipQuoted(sql, i);
    if (skip > i) {
      out += sql.slice(i, skip);
      i = skip;
      continue;
    }
    const ch = sql[i]!;
    if (ch === '$' && /\d/.test(sql[i + 1] ?? '') && !/[\w$]/.test(sql[i - 1] ?? '')) numbered = true;
    if (ch === '?') {
      out += `$${++n}`;
    } else {
      out += ch;
    }
    i++;
  }
  return numbered ? sql : out;
}

/** The end of the quoted run (string, identifier, dollar quote, comment) starting at `i`, or `i`. */
function skipQuoted(sql: string, i: number): number {
  const ch = sql[i]!;
  const next = sql[i + 1];
  if (ch === "'" || ((ch === 'E' || ch === 'e') && next === "'" && !/[\w$]/.test(sql[i - 1] ?? ''))) {
    const escapes = ch !== "'";
    let j = escapes ? i + 2 : i + 1;
    while (j < sql.length) {
      if (escapes && sql[j] === '\\') j += 2;
      else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
      else if (sql[j] === "'") return j + 1;
      else j++;
    }
    return sql.length;
  }
  if (ch === '"') {
    const end = sql.indexOf('"', i + 1);
    // A doubled "" inside an identifier is two adjacent quoted runs: the same result.
    return end < 0 ? sql.length : end + 1;
  }
  if (ch === '-' && next === '-') {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end;
  }
  if (ch === '/' && next === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  if (ch === '$' && !/[\w$]/.test(sql[i - 1] ?? '')) {
    const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))?.[0];
    if (tag) {
      const end = sql.indexOf(tag, i + tag.length);
      return end < 0 ? sql.length : end + tag.length;
    }
  }
  return i;
}
