// TypeScript source text for values: string literals, sql`...` templates, object keys, and
// the `ambix/schema` names a rendered migration uses. Escaping is exact, because a user's
// CHECK or default may hold quotes, backslashes, newlines or `${`.
import type { SqlFragment } from '../../schema/model.js';

/**
 * The names a rendered migration imports from 'ambix/schema', collected as the code is written.
 *
 * @example const im = new SchemaImports(); im.use('integer'); im.statement() // "import { integer } from 'ambix/schema';\n"
 */
export class SchemaImports {
  private readonly names = new Set<string>();

  /** Records `name` as used and returns it, so a call site reads `im.use('integer')`. */
  use(name: string): string {
    this.names.add(name);
    return name;
  }

  /** `import { integer, sql } from 'ambix/schema';` and a newline, or '' when nothing is used. */
  statement(): string {
    const sorted = [...this.names].sort();
    return sorted.length ? `import { ${sorted.join(', ')} } from 'ambix/schema';\n` : '';
  }
}

/**
 * A string literal for any text: single-quoted, or double-quoted when that spares escaping
 * a quote the text holds (`"it's"`), as a formatter would write it.
 *
 * @example stringLiteral("it's") // the source text "it's", quotes included
 */
export function stringLiteral(text: string): string {
  const q = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    // Control characters and the two JavaScript line separators would break the line.
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + q;
}

/**
 * A sql`...` template whose cooked text is exactly `text` (backticks, backslashes and `${`
 * escaped), with `sql` recorded as imported.
 *
 * @example sqlTemplate('price > 0', imports) // 'sql`price > 0`'
 */
export function sqlTemplate(text: string, imports: SchemaImports): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === '`') out += '\\`';
    else if (ch === '$' && text[i + 1] === '{') out += '\\$';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${imports.use('sql')}\`${out}\``;
}

/** A sql fragment as source. @example fragment(sql`now()`, imports) // 'sql`now()`' */
export function fragment(f: SqlFragment, imports: SchemaImports): string {
  return sqlTemplate(f.text, imports);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * An object literal key: bare when it is an identifier, quoted otherwise (`__proto__`
 * computed, or it would set the object's prototype instead of a column).
 *
 * @example propertyKey('api_key') // 'api_key'; propertyKey('my-col') // "'my-col'"
 */
export function propertyKey(name: string): string {
  if (name === '__proto__') return `[${stringLiteral(name)}]`;
  return IDENTIFIER.test(name) ? name : stringLiteral(name);
}

/** `t.name`, or `t['my-col']` when the name is no identifier. */
export function memberAccess(object: string, name: string): string {
  return IDENTIFIER.test(name) ? `${object}.${name}` : `${object}[${stringLiteral(name)}]`;
}

/**
 * A plain value as source: strings, numbers, booleans, null, bigint, Date, arrays and plain
 * objects (the rows of a bulkInsert). Anything else is written as its JSON.
 *
 * @example valueLiteral({ id: 1, name: "O'Hara" }) // "{ id: 1, name: 'O\\'Hara' }"
 */
export function valueLiteral(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : Number.isFinite(value) ? String(value) : value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return `new Date(${stringLiteral(value.toISOString())})`;
  if (Array.isArray(value)) return `[${value.map(valueLiteral).join(', ')}]`;
  if (typeof value === 'object' && value !== null && value.constructor === Object) {
    const entries = Object.entries(value).map(([k, v]) => `${propertyKey(k)}: ${valueLiteral(v)}`);
    return entries.length ? `{ ${entries.join(', ')} }` : '{}';
  }
  return valueLiteral(JSON.parse(JSON.stringify(value) ?? 'null'));
}
