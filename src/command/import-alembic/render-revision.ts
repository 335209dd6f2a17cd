// The bodies of an imported revision: Alembic's SQL as `op.execute(sql`...`)` calls, or,
// where there is no SQL, a body that refuses to run until it is ported by hand.

/** Escapes text for a template literal: backslashes, backticks and `${`. */
export function escapeTemplateLiteral(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

/** One `await op.execute(sql`...`);` per statement, after a line saying where the SQL came from. */
export function sqlBody(statements: readonly string[], note: string, indent = '    '): string {
  const lines = [`${indent}// ${note}`];
  if (statements.length === 0) lines.push(`${indent}// (no SQL)`);
  for (const s of statements) lines.push(`${indent}await op.execute(sql\`${escapeTemplateLiteral(s)}\`);`);
  return lines.join('\n');
}

/** A body that throws a UserError saying it must be ported by hand. */
export function portByHandBody(revision: string, direction: 'upgrade' | 'downgrade', reason: string, indent = '    '): string {
  const message = `Revision ${revision}: ${direction}() was imported from Alembic without SQL and must be ported by hand`;
  const hint = 'Rewrite it with op.* calls; the Alembic source is kept at the end of the revision file.';
  return [`${indent}// ambix import-alembic: ${reason}`, `${indent}throw new UserError(${JSON.stringify(message)}, ${JSON.stringify(hint)});`].join('\n');
}

/** The Alembic source, verbatim, as a block comment for the end of the file. */
export function pythonSourceComment(fileName: string, source: string): string {
  const body = source.replace(/\r\n/g, '\n').replace(/\*\//g, '*\\/').replace(/\n+$/, '');
  return `\n/* Alembic revision ${fileName}, as it was imported (port the parts that have no SQL above):\n\n${body}\n*/\n`;
}
