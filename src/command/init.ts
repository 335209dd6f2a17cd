import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_NAMES } from '../config/load-config.js';
import { UserError } from '../errors.js';
import { renderTemplate } from '../script/revision-template.js';

export interface TemplateInfo {
  name: string;
  description: string;
}

/** The folder holding the templates that ship with ambix. */
export function templatesDir(): string {
  // dist/chunks/x.js or src/command/x.ts: both two levels below the package root.
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'templates', 'generic'))) return join(dir, 'templates');
  }
  throw new Error('internal: the templates folder of ambix is missing');
}

/** `ambix list-templates` */
export function listTemplates(): TemplateInfo[] {
  const root = templatesDir();
  return readdirSync(root)
    .sort()
    .map((name) => ({ name, description: (JSON.parse(readFileSync(join(root, name, 'template.json'), 'utf8')) as { description: string }).description }));
}

export interface InitOptions {
  cwd?: string;
  template?: string;
  /** Where to write the config (`-c`); default `ambix.config.ts` (or `.mjs`) in cwd. */
  config?: string | undefined;
}

export interface InitResult {
  directory: string;
  created: string[];
  /** The config file already existed and was left alone. */
  keptConfig: string | undefined;
}

/** `ambix init DIR`: the migrations folder, its template and README, and a config if none exists. */
export function init(dir: string, options: InitOptions = {}): InitResult {
  const cwd = options.cwd ?? process.cwd();
  const name = options.template ?? 'generic';
  const templates = listTemplates();
  if (!templates.some((t) => t.name === name)) {
    throw new UserError(`No template named '${name}'`, `Available: ${templates.map((t) => t.name).join(', ')} (see \`ambix list-templates\`).`);
  }
  const target = resolve(cwd, dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new UserError(`Directory ${target} already exists and is not empty`, 'Choose another directory, or empty this one first.');
  }
  const source = join(templatesDir(), name);
  const created: string[] = [];
  const write = (file: string, text: string) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text, { flag: 'wx' });
    created.push(file);
  };
  mkdirSync(target, { recursive: true });
  for (const file of readdirSync(source)) {
    if (file.startsWith('script.') || file === 'README.md') write(join(target, file), readFileSync(join(source, file), 'utf8'));
  }
  mkdirSync(join(target, 'versions'), { recursive: true });
  created.push(join(target, 'versions'));

  const existing = options.config ? (existsSync(resolve(cwd, options.config)) ? resolve(cwd, options.config) : undefined) : CONFIG_NAMES.map((n) => join(cwd, n)).find((f) => existsSync(f));
  if (!existing) {
    const configFile = options.config ? resolve(cwd, options.config) : join(cwd, name === 'javascript' ? 'ambix.config.mjs' : 'ambix.config.ts');
    const migrations = relative(dirname(configFile), target).split('\\').join('/') || '.';
    const text = renderTemplate(readFileSync(join(source, 'config.tmpl'), 'utf8').replace('{{migrations | literal}}', `'${migrations.replace(/'/g, "\\'")}'`), emptyVars(), 'config.tmpl');
    write(configFile, text);
  }
  return { directory: target, created, keptConfig: existing };
}

function emptyVars() {
  return { message: null, revision: null, downRevision: null, branchLabels: null, dependsOn: null, createDate: null, imports: null, upgrade: null, downgrade: null };
}
