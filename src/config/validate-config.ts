import { UserError } from '../errors.js';
import { nearestName } from '../util/nearest-name.js';
import type { AmbixConfig } from './define-config.js';
import { checkNamingConvention } from '../schema/naming.js';

type Check = (value: unknown) => string | undefined;

const isString: Check = (v) => (typeof v === 'string' && v.length > 0 ? undefined : 'a non-empty string');
const isBool: Check = (v) => (typeof v === 'boolean' ? undefined : 'true or false');
const isFunction: Check = (v) => (typeof v === 'function' ? undefined : 'a function');
const isPositiveInt: Check = (v) => (Number.isInteger(v) && (v as number) > 0 ? undefined : 'a positive whole number');
const isNonNegativeInt: Check = (v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : 'a whole number of milliseconds (>= 0)');
const isStringList: Check = (v) =>
  Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string' && s.length > 0) ? undefined : 'a non-empty array of strings';
const isStringOrList: Check = (v) => (isString(v) === undefined || isStringList(v) === undefined ? undefined : 'a string or an array of strings');
const isSqlName: Check = (v) =>
  typeof v === 'string' && /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(v) ? undefined : 'a table name (letters, digits, _; at most 63 characters)';
const isTimezone: Check = (v) => {
  if (typeof v !== 'string') return 'an IANA time zone name such as "UTC" or "Europe/Berlin"';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: v });
    return undefined;
  } catch {
    return 'an IANA time zone name such as "UTC" or "Europe/Berlin"';
  }
};
const isFileTemplate: Check = (v) => {
  // The manual's team convention names files `<date>_<description>` without the id: {slug}
  // alone is allowed (a name that is taken is refused when the file is written).
  if (typeof v !== 'string' || !(v.includes('{rev}') || v.includes('{slug}'))) return 'a string containing the {rev} or {slug} token';
  const unknown = [...v.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((t) => !FILE_TOKENS.has(t!));
  if (unknown.length) return `a template using only the tokens ${[...FILE_TOKENS].map((t) => `{${t}}`).join(' ')} (found {${unknown[0]}})`;
  if (/[\\/]/.test(v)) return 'a file name without folders';
  return undefined;
};
const isHooks: Check = (v) =>
  Array.isArray(v) &&
  v.every(
    (h) =>
      (typeof h === 'string' && h.trim().length > 0) ||
      typeof h === 'function' ||
      (Array.isArray(h) && h.length > 0 && h.every((a) => typeof a === 'string')),
  )
    ? undefined
    : 'an array of shell commands (strings), argv arrays or functions';

export const FILE_TOKENS = new Set(['rev', 'slug', 'year', 'month', 'day', 'hour', 'minute', 'second', 'epoch']);

const RULES: Record<keyof AmbixConfig, Check> = {
  url: isString,
  migrations: isString,
  schema: isStringOrList,
  versionLocations: isStringList,
  fileTemplate: isFileTemplate,
  timezone: isTimezone,
  truncateSlugLength: isPositiveInt,
  versionTable: isSqlName,
  versionTableSchema: isSqlName,
  logTable: isSqlName,
  transactionPerMigration: isBool,
  backup: isBool,
  lockTimeout: isNonNegativeInt,
  compareType: isBool,
  compareServerDefault: isBool,
  include: isFunction,
  postWriteHooks: isHooks,
  namingConvention: checkNamingConvention,
};

export const CONFIG_OPTIONS = Object.keys(RULES) as (keyof AmbixConfig)[];

/** Refuses an unknown option or a value of the wrong type, naming the file and the option. */
export function validateConfig(raw: unknown, file: string): AmbixConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UserError(
      `${file} must export a configuration object as its default export`,
      'Write `export default defineConfig({ ... })` (defineConfig comes from "ambix").',
      { code: 'CONFIG_INVALID' },
    );
  }
  for (const [key, value] of Object.entries(raw)) {
    const rule = (RULES as Record<string, Check | undefined>)[key];
    if (!rule) {
      const near = nearestName(key, CONFIG_OPTIONS);
      throw new UserError(
        `Unknown option '${key}' in ${file}`,
        near ? `Did you mean '${near}'?` : `Known options: ${CONFIG_OPTIONS.join(', ')}.`,
        { code: 'CONFIG_INVALID' },
      );
    }
    if (value === undefined) continue;
    const expected = rule(value);
    if (expected) throw new UserError(`Option '${key}' in ${file} must be ${expected}; got ${describe(value)}`, undefined, { code: 'CONFIG_INVALID' });
  }
  return raw as AmbixConfig;
}


function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  try {
    return String(JSON.stringify(value));
  } catch {
    return typeof value;
  }
}
