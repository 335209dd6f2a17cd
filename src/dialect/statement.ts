/** One SQL statement: plain text, or text with bound parameters (`?`/`$1` by dialect). */
export type Statement = string | { readonly sql: string; readonly params: readonly unknown[] };

export function statementSql(s: Statement): string {
  return typeof s === 'string' ? s : s.sql;
}
