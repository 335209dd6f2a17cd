// `ambix import-alembic`: an Alembic project (test/fixtures/alembic-project: a branch point,
// a labelled branch, a depends_on across branches and a merge) imported into an ambix project.
// The graph and the fallback bodies are tested everywhere; the SQL bodies and the adoption of
// an Alembic-migrated database need Alembic, and are skipped (saying so) where it is missing.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../helpers/migrations.js';
import { Project, repoRoot } from '../helpers/project.js';

const FIXTURE = join(repoRoot, 'test/fixtures/alembic-project');

/** The first interpreter that imports Alembic, as import-alembic looks for one. */
function findAlembic(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const py of [...new Set([process.env.AMBIX_PYTHON, 'python3', 'python', '/usr/bin/python3'].filter((p): p is string => !!p))]) {
    const r = spawnSync(py, ['-c', 'import alembic, sqlalchemy'], { encoding: 'utf8', env });
    if (r.status === 0) return py;
  }
  return undefined;
}
const python = findAlembic();
const SKIP = 'skipped: Alembic is not installed (no python3/python//usr/bin/python3 imports alembic; set AMBIX_PYTHON)';
if (!python) console.warn(`import-alembic: SQL-body and adoption tests ${SKIP}`);
const withAlembic = python ? it : it.skip;
const title = (t: string) => (python ? t : `${t} [${SKIP}]`);
// Alembic 1.20 unpacked by scripts/alembic-oracle/setup_alembic.sh, when present.
const NEW_ALEMBIC = '/tmp/alembic-new';
const hasNewAlembic = existsSync(join(NEW_ALEMBIC, 'alembic')) && !!findAlembic({ ...process.env, PYTHONPATH: NEW_ALEMBIC });

const IDS = ['1a2b3c4d5e6f', '2b3c4d5e6f70', '3c4d5e6f7081', '4d5e6f708192', '5e6f708192a3', '6f708192a3b4'];
// What `alembic history` prints for the fixture (checked against the real one below when Alembic is here).
const ALEMBIC_HISTORY = [
  '5e6f708192a3, 4d5e6f708192 -> 6f708192a3b4 (audit) (head) (mergepoint), merge posts and audit',
  '2b3c4d5e6f70 -> 5e6f708192a3, add post table',
  '3c4d5e6f7081 (2b3c4d5e6f70) -> 4d5e6f708192 (audit), backfill audit log from emails',
  '1a2b3c4d5e6f -> 3c4d5e6f7081 (audit), create audit log',
  '1a2b3c4d5e6f -> 2b3c4d5e6f70, add email to user',
  '<base> -> 1a2b3c4d5e6f (branchpoint), create user table',
].join('\n');

let p: Project;
beforeEach(() => {
  p = new Project('ambix-import-alembic-');
  expect(p.ambix('init', 'migrations').code).toBe(0);
  config();
  cpSync(FIXTURE, join(p.dir, 'alembic-project'), { recursive: true });
});
afterEach(() => p.remove());

function config(url = 'sqlite:./app.db', extra = "versionTable: 'alembic_version'"): void {
  p.write('ambix.config.ts', `import { defineConfig } from 'ambix';\nexport default defineConfig({ url: '${url}', migrations: 'migrations', ${extra} });\n`);
}
const ok = (r: { code: number; stderr: string; stdout: string }) => {
  expect(r.code, r.stderr + r.stdout).toBe(0);
  return r;
};
const files = () => p.ls('migrations/versions');
const fileOf = (id: string) => p.read(`migrations/versions/${files().find((f) => f.includes(id))!}`);
function alembic(...args: string[]) {
  const r = spawnSync(python!, ['-m', 'alembic', '-c', 'alembic.ini', ...args], { cwd: join(p.dir, 'alembic-project'), encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}
function schema(file: string): [string, string][] {
  const db = new Database(join(p.dir, file), { readonly: true });
  try {
    const rows = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE name NOT LIKE 'alembic_version%' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string; sql: string | null }[];
    return rows.map((r) => [r.name, (r.sql ?? '').replace(/\s+/g, ' ')]);
  } finally {
    db.close();
  }
}

describe('graph import (no Alembic needed)', () => {
  it('writes one file per revision with the same ids, parents, labels, dependencies and messages, named by fileTemplate', () => {
    const r = ok(p.ambix('import-alembic', 'alembic-project', '--no-alembic'));
    expect(files()).toEqual([
      '20240301_1a2b3c4d5e6f_create_user_table.ts',
      '20240302_2b3c4d5e6f70_add_email_to_user.ts',
      '20240303_3c4d5e6f7081_create_audit_log.ts',
      '20240304_4d5e6f708192_backfill_audit_log_from_emails.ts',
      '20240305_5e6f708192a3_add_post_table.ts',
      '20240306_6f708192a3b4_merge_posts_and_audit.ts',
    ]);
    expect(fileOf('1a2b3c4d5e6f')).toContain("  revision: '1a2b3c4d5e6f',\n  downRevision: null,\n  branchLabels: [],\n  dependsOn: [],");
    expect(fileOf('3c4d5e6f7081')).toContain("  downRevision: '1a2b3c4d5e6f',\n  branchLabels: ['audit'],");
    expect(fileOf('4d5e6f708192')).toContain("  downRevision: '3c4d5e6f7081',\n  branchLabels: [],\n  dependsOn: ['2b3c4d5e6f70'],");
    expect(fileOf('6f708192a3b4')).toContain("  downRevision: ['5e6f708192a3', '4d5e6f708192'],");
    // Message (both paragraphs) and the Create Date of the docstring.
    expect(fileOf('3c4d5e6f7081')).toMatch(/^\/\*\*\n \* create audit log\n \*\s*\n \* A second paragraph that is not part of the message\.\n \*\n \* Revision ID: 3c4d5e6f7081\n \* Revises: 1a2b3c4d5e6f\n \* Create Date: 2024-03-03 11:30:00\.000000\n/);
    expect(r.stderr).toContain('Alembic not used (--no-alembic)');
    expect(r.stderr).toContain('Imported 6 revisions; 6 to port by hand.');
    expect(ok(p.ambix('history')).stdout.trim()).toBe(ALEMBIC_HISTORY);
    expect(ok(p.ambix('heads')).stdout).toBe('6f708192a3b4 (audit) (head)\n');
    expect(ok(p.ambix('show', 'audit@head')).stdout).toContain('Rev: 6f708192a3b4 (head) (mergepoint)\nMerges: 5e6f708192a3, 4d5e6f708192\n');
  });

  it('fallback: the Python is kept as a comment and the bodies throw a UserError saying they must be ported by hand', () => {
    const r = ok(p.ambix('import-alembic', 'alembic-project/versions', '--no-alembic'));
    expect(r.stderr).toMatch(/Importing 0001_1a2b3c4d5e6f_create_user_table\.py -> migrations\/versions\/20240301_1a2b3c4d5e6f_create_user_table\.ts \.\.\. done; port upgrade and downgrade by hand/);
    const text = fileOf('2b3c4d5e6f70');
    expect(text).toContain("import { UserError } from 'ambix';");
    expect(text).toContain('throw new UserError("Revision 2b3c4d5e6f70: upgrade() was imported from Alembic without SQL and must be ported by hand"');
    const original = readFileSync(join(FIXTURE, 'versions/0002_2b3c4d5e6f70_add_email_to_user.py'), 'utf8');
    expect(text).toContain(`/* Alembic revision 0002_2b3c4d5e6f70_add_email_to_user.py, as it was imported (port the parts that have no SQL above):\n\n${original.trimEnd()}\n*/\n`);
    const up = p.ambix('upgrade', 'head');
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('Revision 1a2b3c4d5e6f: upgrade() was imported from Alembic without SQL and must be ported by hand');
    expect(up.stderr).toContain('the Alembic source is kept at the end of the revision file');
    expect(up.stderr).not.toContain('    at '); // no stack trace
  });

  it('ambix revision continues the graph from the imported head', () => {
    ok(p.ambix('import-alembic', 'alembic-project', '--no-alembic'));
    ok(p.ambix('revision', '-m', 'next', '--rev-id', '7a7a7a7a7a7a'));
    expect(p.ambix('heads').stdout).toBe('7a7a7a7a7a7a (audit) (head)\n');
    expect(fileOf('7a7a7a7a7a7a')).toContain("downRevision: '6f708192a3b4',");
    expect(p.ambix('history').stdout.split('\n')[0]).toBe('6f708192a3b4 -> 7a7a7a7a7a7a (audit) (head), next');
  });

  it('takes alembic.ini, honours --dest, and refuses to import the same revisions twice', () => {
    const r = ok(p.ambix('import-alembic', 'alembic-project/alembic.ini', '--no-alembic', '--dest', 'elsewhere'));
    expect(p.ls('elsewhere')).toHaveLength(6);
    expect(r.stderr).toContain('is not a version location of this project');
    ok(p.ambix('import-alembic', 'alembic-project', '--no-alembic'));
    const again = p.ambix('import-alembic', 'alembic-project', '--no-alembic');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`The project already has revisions ${IDS.join(', ')} (imported before?)`);
  });

  it('a header that is not a literal is an error naming the file and line, and nothing is written', () => {
    const file = join(p.dir, 'alembic-project/versions/0005_5e6f708192a3_add_post_table.py');
    writeFileSync(file, readFileSync(file, 'utf8').replace("down_revision = '2b3c4d5e6f70'", 'down_revision = PARENT'));
    const r = p.ambix('import-alembic', 'alembic-project', '--no-alembic');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`FAILED: ${file}:14: 'down_revision' must be a literal (a string, None, or a tuple/list of strings); found \`down_revision = PARENT\``);
    expect(files()).toEqual([]);
  });

  it('a down_revision that names no file is refused before anything is written', () => {
    const file = join(p.dir, 'alembic-project/versions/0005_5e6f708192a3_add_post_table.py');
    writeFileSync(file, readFileSync(file, 'utf8').replace("down_revision = '2b3c4d5e6f70'", "down_revision = 'ffffffffffff'"));
    const r = p.ambix('import-alembic', 'alembic-project', '--no-alembic');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("has downRevision 'ffffffffffff', which no revision file declares");
    expect(files()).toEqual([]);
  });

  it('a path without Alembic revisions, and a --python without Alembic, are clear errors', () => {
    const none = p.ambix('import-alembic', 'migrations');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No Alembic revision files (*.py) in');
    const py = p.ambix('import-alembic', 'alembic-project', '--python', join(p.dir, 'no-such-python'));
    expect(py.code).toBe(1);
    expect(py.stderr).toContain('cannot import Alembic and SQLAlchemy');
    expect(files()).toEqual([]);
  });
});

describe('SQL bodies rendered by Alembic', () => {
  withAlembic(title('each body is the SQL of `alembic upgrade/downgrade --sql` for that revision, one op.execute per statement'), () => {
    const r = ok(p.ambixWith({ AMBIX_PYTHON: python! }, 'import-alembic', 'alembic-project'));
    expect(r.stderr).toMatch(/Imported 6 revisions \(SQL by Alembic [\d.]+ for sqlite\); 1 to port by hand\./);
    const add = fileOf('2b3c4d5e6f70');
    expect(add).toContain("import { sql } from 'ambix/schema';");
    expect(add).toMatch(/ {4}\/\/ Alembic [\d.]+ offline SQL \(sqlite\) of 0002_2b3c4d5e6f70_add_email_to_user\.py upgrade\(\), the step 1a2b3c4d5e6f -> 2b3c4d5e6f70\n {4}await op\.execute\(sql`ALTER TABLE user ADD COLUMN email VARCHAR\(120\)`\);\n {4}await op\.execute\(sql`CREATE UNIQUE INDEX ix_user_email ON user \(email\)`\);\n/);
    // Backticks and ${ in the SQL are escaped in the template literal.
    expect(add).toContain("await op.execute(sql`UPDATE \"user\" SET email = name || '@example.com' WHERE name <> '\\`\\${x}\\`'`);");
    // No version-table statements, no transaction framing, no "-- Running" comments.
    for (const id of IDS) expect(fileOf(id).split('/* Alembic revision')[0]).not.toMatch(/alembic_version|ambix_import|BEGIN|COMMIT|-- Running/);
    // The batch downgrade cannot be rendered offline on SQLite: that direction is ported by hand, with Alembic's reason.
    expect(add).toContain('throw new UserError("Revision 2b3c4d5e6f70: downgrade() was imported from Alembic without SQL and must be ported by hand"');
    expect(add).toContain('batch mode with dialect sqlite requires a live database connection');
    expect(r.stderr).toContain('0002_2b3c4d5e6f70_add_email_to_user.py: downgrade: Alembic could not render downgrade() offline');
    // A revision with a dependency runs from both its parent and its dependency: only its own SQL.
    expect(fileOf('4d5e6f708192')).toContain('upgrade(), the step 3c4d5e6f7081 + 2b3c4d5e6f70 -> 4d5e6f708192\n');
    expect(fileOf('4d5e6f708192').match(/op\.execute/g)).toHaveLength(2);
    // The merge runs from both parents at once: its own two statements, nothing of either branch.
    const merge = fileOf('6f708192a3b4');
    expect(merge).toContain('upgrade(), the step 5e6f708192a3 + 4d5e6f708192 -> 6f708192a3b4\n');
    expect(merge).toContain('downgrade(), the step 6f708192a3b4 -> 5e6f708192a3 + 4d5e6f708192\n');
    expect(merge.match(/await op\.execute/g)).toHaveLength(4);
    expect(merge).toContain("await op.execute(sql`ALTER TABLE audit_log ADD COLUMN post_id INTEGER`);");
    expect(merge).toContain("await op.execute(sql`ALTER TABLE audit_log DROP COLUMN post_id`);");
    expect(merge).not.toContain('/* Alembic revision'); // fully rendered: no Python kept
  });

  withAlembic(title('after import, ambix reads the database Alembic migrated: current, history, revision, then upgrade'), () => {
    alembic('upgrade', 'head');
    config('sqlite:./alembic-project/alembic.db');
    ok(p.ambixWith({ AMBIX_PYTHON: python! }, 'import-alembic', 'alembic-project'));
    expect(ok(p.ambix('current')).stdout).toBe('6f708192a3b4 (head) (mergepoint)\n');
    const alembicHistory = alembic('history').trim();
    expect(alembicHistory).toBe(ALEMBIC_HISTORY);
    expect(ok(p.ambix('history')).stdout.trim()).toBe(alembicHistory);
    ok(p.ambix('revision', '-m', 'next', '--rev-id', '7a7a7a7a7a7a'));
    expect(fileOf('7a7a7a7a7a7a')).toContain("downRevision: '6f708192a3b4',");
    ok(p.ambix('upgrade', 'head', '--no-backup'));
    expect(ok(p.ambix('current')).stdout).toBe('7a7a7a7a7a7a (head)\n');
  });

  withAlembic(title('ambix upgrade head on an empty database makes the schema (and rows) Alembic makes; downgrade stops at the body to port'), () => {
    alembic('upgrade', 'head');
    ok(p.ambixWith({ AMBIX_PYTHON: python! }, 'import-alembic', 'alembic-project'));
    ok(p.ambix('upgrade', 'head', '--no-backup'));
    expect(ok(p.ambix('current')).stdout).toBe('6f708192a3b4 (head) (mergepoint)\n');
    const alembicSchema = schema('alembic-project/alembic.db');
    expect(alembicSchema.map(([n]) => n)).toEqual(['audit_log', 'ix_audit_log_user_id', 'ix_post_author_id', 'ix_user_email', 'post', 'user']);
    expect(schema('app.db')).toEqual(alembicSchema);
    const db = new Database(join(p.dir, 'app.db'), { readonly: true });
    expect(db.prepare('SELECT event FROM audit_log ORDER BY id').all()).toEqual([{ event: 'merged' }]);
    db.close();
    const down = p.ambix('downgrade', 'base', '--no-backup');
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Revision 2b3c4d5e6f70: downgrade() was imported from Alembic without SQL and must be ported by hand');
    expect(ok(p.ambix('current')).stdout).toBe('2b3c4d5e6f70\n');
  });

  withAlembic(title('a file Alembic cannot load is reported and kept as Python; the others still get SQL'), () => {
    const file = join(p.dir, 'alembic-project/versions/0004_4d5e6f708192_backfill_audit_from_emails.py');
    writeFileSync(file, readFileSync(file, 'utf8').replace('from alembic import op\n', 'from alembic import op\nimport no_such_module_for_ambix\n'));
    const r = ok(p.ambixWith({ AMBIX_PYTHON: python! }, 'import-alembic', 'alembic-project'));
    expect(r.stderr).toContain("0004_4d5e6f708192_backfill_audit_from_emails.py: upgrade: Alembic could not load the file: ModuleNotFoundError: No module named 'no_such_module_for_ambix'.");
    expect(fileOf('4d5e6f708192')).toContain('import no_such_module_for_ambix');
    expect(fileOf('4d5e6f708192').match(/throw new UserError/g)).toHaveLength(2);
    expect(fileOf('3c4d5e6f7081')).toContain('await op.execute(sql`CREATE TABLE audit_log (');
    expect(fileOf('6f708192a3b4')).toContain('await op.execute(sql`ALTER TABLE audit_log ADD COLUMN post_id INTEGER`);');
    // Alembic's cache files never land in the user's folder.
    expect(readdirSync(join(p.dir, 'alembic-project/versions')).some((n) => n === '__pycache__')).toBe(false);
  });

  withAlembic(title('the dialect follows the config URL, or --dialect'), () => {
    config('postgresql://u@localhost/app');
    ok(p.ambixWith({ AMBIX_PYTHON: python! }, 'import-alembic', 'alembic-project'));
    expect(fileOf('1a2b3c4d5e6f')).toContain('await op.execute(sql`CREATE TABLE "user" (\n    id SERIAL NOT NULL, ');
    // PostgreSQL drops a column without a batch: nothing to port by hand.
    expect(fileOf('2b3c4d5e6f70')).toContain('await op.execute(sql`ALTER TABLE "user" DROP COLUMN email`);');
    const mysql = new Project('ambix-import-alembic-');
    try {
      ok(mysql.ambix('init', 'migrations'));
      ok(mysql.ambixWith({ AMBIX_PYTHON: python! }, 'import-alembic', join(FIXTURE, 'versions'), '--dialect', 'mysql'));
      expect(mysql.read(`migrations/versions/${mysql.ls('migrations/versions')[0]}`)).toContain('id INTEGER NOT NULL AUTO_INCREMENT');
    } finally {
      mysql.remove();
    }
  });

  // SQLAlchemy 2.0 words some DDL differently (DEFAULT 0 for DEFAULT (0)): the files match statement for statement.
  (python && hasNewAlembic ? it : it.skip)(python && hasNewAlembic ? 'Alembic 1.20 (PYTHONPATH=/tmp/alembic-new) renders the same files, statement for statement' : 'Alembic 1.20 renders the same files [skipped: run scripts/alembic-oracle/setup_alembic.sh for /tmp/alembic-new]', () => {
    const shape = (text: string) => text.replace(/Alembic [\d.]+ offline/g, 'Alembic X offline').replace(/sql`(?:[^`\\]|\\.)*`/g, 'sql`...`').replace(/\/\/ ambix import-alembic: .*/g, '');
    ok(p.ambixWith({ AMBIX_PYTHON: python! }, 'import-alembic', 'alembic-project'));
    const before = Object.fromEntries(IDS.map((id) => [id, shape(fileOf(id))]));
    const q = new Project('ambix-import-alembic-');
    try {
      ok(q.ambix('init', 'migrations'));
      const r = ok(q.ambixWith({ AMBIX_PYTHON: '/usr/bin/python3', PYTHONPATH: NEW_ALEMBIC }, 'import-alembic', FIXTURE, '--dialect', 'sqlite'));
      expect(r.stderr).toContain('SQL by Alembic 1.20');
      for (const id of IDS) {
        const f = q.ls('migrations/versions').find((n) => n.includes(id))!;
        expect(shape(q.read(`migrations/versions/${f}`)), id).toBe(before[id]);
      }
      expect(q.read(`migrations/versions/${q.ls('migrations/versions')[1]}`)).toContain("await op.execute(sql`ALTER TABLE user ADD COLUMN email VARCHAR(120)`);");
    } finally {
      q.remove();
    }
  });
});
