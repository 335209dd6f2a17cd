// The layout ARCHITECTURE.md describes, checked: dependencies point one way between the rooms of
// src/, no module imports itself back through others, no code outside src/dialect/ asks for a
// dialect by name, and every capability flag a dialect declares is read somewhere.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Lower rooms never import higher ones: `cli -> command -> {runtime, autogenerate, script, config, loader} -> dialect -> {ops, schema} -> errors`. */
const RANK: Record<string, number> = { errors: 0, util: 0, schema: 1, ops: 2, dialect: 3, loader: 4, script: 5, config: 5, autogenerate: 5, runtime: 6, command: 7, cli: 8, '(package)': 9 };

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const sources = new Map(files(SRC).map((f) => [f, readFileSync(f, 'utf8')]));

function roomOf(file: string): string {
  const parts = relative(SRC, file).split('/');
  if (parts.length === 1) return parts[0] === 'errors.ts' ? 'errors' : '(package)';
  return parts[0]!;
}

/** Every relative import, static or dynamic: file -> the files it names, and whether only types come from each. */
const imports = new Map(
  [...sources].map(([file, text]) => [
    file,
    [...text.matchAll(/^(import|export)(\s+type\b)?[^;]*?\bfrom\s*'(\.{1,2}\/[^']+)'|\bimport\s*\(\s*'(\.{1,2}\/[^']+)'|^import\s+'(\.{1,2}\/[^']+)'/gm)].map((m) => ({
      file: resolve(dirname(file), (m[3] ?? m[4] ?? m[5])!.replace(/\.js$/, '.ts')),
      typeOnly: !!m[2],
    })),
  ]),
);

describe('the layout', () => {
  it('knows every room of src/', () => {
    expect([...new Set([...sources.keys()].map(roomOf))].filter((r) => !(r in RANK))).toEqual([]);
  });

  it('imports point one way: from a room to a lower one, never up or sideways', () => {
    const against: string[] = [];
    for (const [file, targets] of imports) {
      for (const { file: target } of targets) {
        const [from, to] = [roomOf(file), roomOf(target)];
        if (from !== to && RANK[to]! >= RANK[from]!) against.push(`${relative(SRC, file)} -> ${relative(SRC, target)}`);
      }
    }
    expect(against).toEqual([]);
  });

  // Types may refer back and forth (a type costs nothing at run time); modules that run may not.
  it('has no import cycles between modules that run', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const walk = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const t of imports.get(file) ?? []) if (!t.typeOnly && sources.has(t.file)) walk(t.file, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of sources.keys()) walk(file, []);
    expect(cycles).toEqual([]);
  });

  it('nothing outside src/dialect/ compares a dialect name: it asks a capability or a hook', () => {
    const named: string[] = [];
    for (const [file, text] of sources) {
      if (relative(SRC, file).startsWith('dialect/')) continue;
      for (const [n, line] of text.split('\n').entries()) {
        if (/(?:===|!==)\s*'(?:sqlite|postgres|mysql|pglite|libsql)'|'(?:sqlite|postgres|mysql|pglite|libsql)'\s*(?:===|!==)|dialect\.name\s*(?:===|!==)|case\s+'(?:sqlite|postgres|mysql)'/.test(line)) named.push(`${relative(SRC, file)}:${n + 1}: ${line.trim()}`);
      }
    }
    expect(named).toEqual([]);
  });

  it('every capability flag is read somewhere', () => {
    const declared = readFileSync(join(SRC, 'dialect/dialect.ts'), 'utf8');
    const block = /export interface Capabilities \{([\s\S]*?)\n\}/.exec(declared)![1]!;
    const flags = [...block.matchAll(/readonly (\w+):/g)].map((m) => m[1]!);
    expect(flags.length).toBeGreaterThan(3);
    const reads = [...sources.values()].join('\n');
    expect(flags.filter((f) => !new RegExp(`[Cc]apabilities\\.${f}\\b|CAPABILITIES\\.${f}\\b`).test(reads))).toEqual([]);
  });
});
