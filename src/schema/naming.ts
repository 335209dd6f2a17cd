// Deterministic names for every index and constraint the models leave unnamed, after
// SQLAlchemy's `naming_convention`: autogenerate compares and drops them by name, so the
// same model must give the same name on every machine and every run.
import { UserError } from '../errors.js';

/** The kinds of object a convention names: index, unique, foreign key, check, primary key. */
export type NamingKind = 'ix' | 'uq' | 'fk' | 'ck' | 'pk';

/**
 * Templates for unnamed indexes and constraints, and the longest name kept whole.
 *
 * Tokens: `{table}`, `{columns}` (column names joined by `_`), `{column_0}` (the first column),
 * `{referred_table}`, `{referred_columns}`, `{referred_column_0}` (foreign keys only) and
 * `{name}` (checks only: the name given to `check(name, ...)`).
 *
 * @example defineConfig({ namingConvention: { ix: 'idx_{table}_{columns}', maxLength: 63 } })
 */
export interface NamingConvention {
  readonly ix: string;
  readonly uq: string;
  readonly fk: string;
  readonly ck: string;
  readonly pk: string;
  /**
   * Generated names longer than this are cut and end in a hash of the whole name.
   * Default 63: PostgreSQL silently truncates identifiers there, MySQL allows 64.
   */
  readonly maxLength: number;
}

/** What the config's `namingConvention` option accepts: any subset of the defaults. */
export type NamingConventionInput = Partial<NamingConvention>;

/** Conventions this module resolved (frozen): passed in again, they need no second check. */
const RESOLVED = new WeakSet<object>();

function sealed(convention: NamingConvention): NamingConvention {
  RESOLVED.add(convention);
  return Object.freeze(convention);
}

/** The defaults, SQLAlchemy's recommended convention in ambix's token syntax. */
export const DEFAULT_NAMING_CONVENTION: NamingConvention = sealed({
  ix: 'ix_{table}_{columns}',
  uq: 'uq_{table}_{columns}',
  fk: 'fk_{table}_{columns}_{referred_table}',
  ck: 'ck_{table}_{name}',
  pk: 'pk_{table}',
  maxLength: 63,
});

const COLUMN_TOKENS = ['table', 'columns', 'column_0'];
const TOKENS: Record<NamingKind, readonly string[]> = {
  ix: COLUMN_TOKENS,
  uq: COLUMN_TOKENS,
  fk: [...COLUMN_TOKENS, 'referred_table', 'referred_columns', 'referred_column_0'],
  ck: ['table', 'name'],
  pk: COLUMN_TOKENS,
};
const KINDS = Object.keys(TOKENS) as NamingKind[];

/** The values a template's tokens stand for. */
export interface NameParts {
  readonly table: string;
  readonly columns?: readonly string[];
  readonly referredTable?: string;
  readonly referredColumns?: readonly string[];
  /** A check constraint's own name. */
  readonly name?: string;
}

/**
 * Why a value is not a usable `namingConvention`, or undefined when it is (the config
 * validator's rule).
 *
 * @example checkNamingConvention({ ix: 'ix_%(table_name)s' }) // 'a template in {token} syntax: ...'
 */
export function checkNamingConvention(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `an object with any of ${[...KINDS, 'maxLength'].join(', ')}`;
  for (const [key, template] of Object.entries(value)) {
    if (template === undefined) continue;
    if (key === 'maxLength') {
      if (!Number.isInteger(template) || (template as number) < 16) return 'an object whose maxLength is a whole number >= 16';
      continue;
    }
    if (!KINDS.includes(key as NamingKind)) return `an object with only the keys ${[...KINDS, 'maxLength'].join(', ')} (found '${key}')`;
    const problem = templateProblem(key as NamingKind, template);
    if (problem) return `an object whose '${key}' is ${problem}`;
  }
  return undefined;
}

function templateProblem(kind: NamingKind, template: unknown): string | undefined {
  if (typeof template !== 'string' || template.trim() === '') return 'a non-empty string';
  if (/%\(\w+\)s/.test(template)) {
    return `a template in {token} syntax, not SQLAlchemy's %(...)s (for example '${DEFAULT_NAMING_CONVENTION[kind]}')`;
  }
  const allowed = TOKENS[kind];
  for (const m of template.matchAll(/\{([^}]*)\}/g)) {
    if (!allowed.includes(m[1]!)) return `a template using only ${allowed.map((t) => `{${t}}`).join(' ')} (found {${m[1]}})`;
  }
  if (kind === 'ck' && !template.includes('{name}')) return 'a template containing {name}, or every check of a table would get the same name';
  return undefined;
}

/**
 * Applies defaults to a partial convention, refusing a bad template.
 *
 * @example resolveNamingConvention({ pk: '{table}_pkey' }).ix // 'ix_{table}_{columns}'
 */
export function resolveNamingConvention(input?: NamingConventionInput): NamingConvention {
  if (input === undefined) return DEFAULT_NAMING_CONVENTION;
  // The config's convention arrives resolved with every createTable of a run: check it once.
  if (RESOLVED.has(input)) return input as NamingConvention;
  const problem = checkNamingConvention(input);
  if (problem) throw new UserError(`Invalid namingConvention: it must be ${problem}`, `The defaults are ${JSON.stringify(DEFAULT_NAMING_CONVENTION)}.`);
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  return sealed({ ...DEFAULT_NAMING_CONVENTION, ...defined });
}

/**
 * The name a convention gives an unnamed index or constraint, shortened when too long.
 *
 * @example conventionalName(DEFAULT_NAMING_CONVENTION, 'fk', { table: 'chat', columns: ['config_id'], referredTable: 'llm_setting' })
 * // 'fk_chat_config_id_llm_setting'
 */
export function conventionalName(convention: NamingConvention, kind: NamingKind, parts: NameParts): string {
  return shortenName(renderTemplate(convention[kind], parts), convention.maxLength);
}

/**
 * A check's final name: its own name through the `ck` template, unless the name already
 * has the template's shape, so a name read back from the database is not prefixed twice.
 *
 * @example checkConstraintName(DEFAULT_NAMING_CONVENTION, 'product', 'price_positive') // 'ck_product_price_positive'
 * checkConstraintName(DEFAULT_NAMING_CONVENTION, 'product', 'ck_product_price_positive') // the same
 */
export function checkConstraintName(convention: NamingConvention, table: string, name: string): string {
  const marker = '\u0000';
  const [prefix = '', suffix = ''] = renderTemplate(convention.ck, { table, name: marker }).split(marker);
  if (name.length > prefix.length + suffix.length && name.startsWith(prefix) && name.endsWith(suffix)) return name;
  return shortenName(renderTemplate(convention.ck, { table, name }), convention.maxLength);
}

function renderTemplate(template: string, parts: NameParts): string {
  const values: Record<string, string | undefined> = {
    table: parts.table,
    columns: parts.columns?.join('_'),
    column_0: parts.columns?.[0],
    referred_table: parts.referredTable,
    referred_columns: parts.referredColumns?.join('_'),
    referred_column_0: parts.referredColumns?.[0],
    name: parts.name,
  };
  return template.replace(/\{(\w+)\}/g, (whole, token: string) => values[token] ?? whole);
}

/**
 * Cuts a name to `maxLength`, ending it in `_` and 8 hex digits of a hash of the whole name,
 * so two long names that share a prefix stay distinct and the result never changes.
 *
 * @example shortenName('ix_' + 'a'.repeat(80), 63).length // 63
 */
export function shortenName(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  const head = name.slice(0, maxLength - 9).replace(/_+$/, '');
  return `${head}_${fnv1a(name)}`;
}

/** FNV-1a 32-bit: stable across platforms and versions, and needs no crypto module. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
