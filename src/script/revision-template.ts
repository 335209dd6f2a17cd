import { UserError } from '../errors.js';

export type TemplateValue = string | readonly string[] | null;

/** The variables a `script.ts.tmpl` may use; `{{name | literal}}` renders a TypeScript literal. */
export const TEMPLATE_VARIABLES = ['message', 'revision', 'downRevision', 'branchLabels', 'dependsOn', 'createDate', 'imports', 'upgrade', 'downgrade'] as const;
export type TemplateVariables = Record<(typeof TEMPLATE_VARIABLES)[number], TemplateValue>;

/**
 * Renders a revision template: `{{name}}` inserts text (lists comma-joined, null empty),
 * `{{name | literal}}` inserts a TypeScript literal (`'a'`, `['a', 'b']`, `null`).
 */
export function renderTemplate(template: string, vars: TemplateVariables, file: string): string {
  return template.replace(/\{\{\s*(\w+)\s*(?:\|\s*(\w+)\s*)?\}\}/g, (_, name: string, filter: string | undefined) => {
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) {
      throw new UserError(`${file}: unknown template variable '${name}'`, `Known variables: ${TEMPLATE_VARIABLES.join(', ')}.`);
    }
    const value = vars[name as keyof TemplateVariables];
    if (filter === 'literal') return literal(value);
    if (filter !== undefined) throw new UserError(`${file}: unknown template filter '${filter}'`, 'The only filter is `literal`: {{downRevision | literal}}.');
    if (value === null) return '';
    if (typeof value !== 'string') return value.join(', ');
    // The message sits in a block comment: keep it from closing the comment early.
    return name === 'message' ? value.replace(/\*\//g, '*\\/').replace(/\r?\n/g, '\n * ') : value;
  });
}

export function literal(value: TemplateValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  return `[${value.map(quote).join(', ')}]`;
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}
