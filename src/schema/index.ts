/** A raw SQL fragment, for defaults and `op.execute`: sql`CURRENT_TIMESTAMP`. */
export interface SqlFragment {
  readonly kind: 'sql';
  readonly text: string;
}

/**
 * Tags raw SQL so ambix passes it through instead of quoting it as a value.
 *
 * @example created_at: timestamp().notNull().default(sql`CURRENT_TIMESTAMP`)
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  let text = strings[0]!;
  for (let i = 0; i < values.length; i++) text += String(values[i]) + strings[i + 1]!;
  return Object.freeze({ kind: 'sql' as const, text });
}
