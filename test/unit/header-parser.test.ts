import { describe, expect, it } from 'vitest';
import { parseRevisionHeader } from '../../src/script/header-parser.js';

const canonical = `/**
 * add timeout to llm_setting
 *
 * Revision ID: 3f1c2a9b8d7e
 * Revises: 9a8b7c6d5e4f
 * Create Date: 2026-02-04 15:30:00
 */
import { defineMigration } from 'ambix';

export default defineMigration({
  revision: '3f1c2a9b8d7e',
  downRevision: '9a8b7c6d5e4f',
  branchLabels: [],
  dependsOn: [],
  async upgrade(op) {},
  async downgrade(op) {},
});
`;

describe('reading a revision header without running the file', () => {
  it('reads the four fields and the doc comment of the file ambix writes', () => {
    const h = parseRevisionHeader(canonical, 'x.ts');
    expect(h).toMatchObject({ revision: '3f1c2a9b8d7e', downRevision: '9a8b7c6d5e4f', branchLabels: [], dependsOn: [] });
    expect(h.rawDoc).toContain('add timeout to llm_setting');
  });

  it('reads fields in any order, after the functions, with comments, escapes and casts', () => {
    const src = `import { defineMigration } from 'ambix';
// defineMigration({ revision: 'not-this' }) in a comment is ignored
const note = "defineMigration({ revision: 'nor this' })";
export default defineMigration({
  async upgrade(op) { await op.execute(\`UPDATE t SET a = '}' WHERE b = /x/.test('{') \`); const r = /[}{'"]/g; },
  downgrade: async (op) => { if (1 / 2 > 0) { return; } },
  dependsOn: ['core'] as const,
  /* the parent */ downRevision: ["a1", 'b\\'2'],
  branchLabels: 'feature',
  'revision': \`m3\`,
});`;
    expect(parseRevisionHeader(src, 'x.ts')).toMatchObject({ revision: 'm3', downRevision: ['a1', "b'2"], branchLabels: ['feature'], dependsOn: ['core'] });
  });

  it('treats null, undefined and an empty list as a base', () => {
    for (const v of ['null', 'undefined', '[]']) {
      expect(parseRevisionHeader(`defineMigration({ revision: 'a', downRevision: ${v}, upgrade() {}, downgrade() {} })`, 'x.ts').downRevision).toBeNull();
    }
  });

  it('refuses a header field that is not a literal, naming file, line and field', () => {
    const src = `import { defineMigration } from 'ambix';\nconst prev = 'abc';\nexport default defineMigration({\n  revision: 'def',\n  downRevision: prev,\n});`;
    expect(() => parseRevisionHeader(src, 'v/x.ts')).toThrow("v/x.ts:5: header field 'downRevision' must be a literal (a string, an array of strings, or null); found `prev`");
    expect(() => parseRevisionHeader(`defineMigration({ revision: \`a\${b}\`, downRevision: null })`, 'x.ts')).toThrow("header field 'revision' must be a literal");
    expect(() => parseRevisionHeader(`defineMigration({ revision, downRevision: null })`, 'x.ts')).toThrow('not a shorthand');
  });

  it('reports a syntax error in the header with its line', () => {
    expect(() => parseRevisionHeader(`defineMigration({\n  revision: 'a',\n  downRevision: 'b\n})`, 'x.ts')).toThrow('x.ts:3: unterminated string');
    expect(() => parseRevisionHeader(`defineMigration({\n  revision: 'a' 'b',\n})`, 'x.ts')).toThrow(/x\.ts:2: header field 'revision' must be a literal/);
  });

  it('says what is missing', () => {
    expect(() => parseRevisionHeader(`export const x = 1;`, 'x.ts')).toThrow('x.ts: no `defineMigration({ ... })` call found');
    expect(() => parseRevisionHeader(`defineMigration({ downRevision: null })`, 'x.ts')).toThrow("needs `revision: '<id>'`");
    expect(() => parseRevisionHeader(`defineMigration({ revision: 'a' })`, 'x.ts')).toThrow('needs `downRevision`');
  });

  it('the fast path and the scanner agree', () => {
    const variants = [canonical, canonical.replace("branchLabels: [],", "branchLabels: ['x', \"y\"],"), canonical.replace("downRevision: '9a8b7c6d5e4f'", "downRevision: ['p', 'q']")];
    for (const v of variants) {
      // Breaking the canonical shape (a comment between fields) forces the scanner.
      const scanned = parseRevisionHeader(v.replace('  branchLabels', '  /* x */ branchLabels'), 'x.ts');
      const fast = parseRevisionHeader(v, 'x.ts');
      expect({ ...scanned, rawDoc: '' }).toEqual({ ...fast, rawDoc: '' });
    }
  });
});
