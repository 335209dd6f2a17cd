// Runs Alembic itself (never the project's env.py) to render each revision's upgrade() and
// downgrade() as offline SQL. The Python below is the whole harness: it loads the revision
// files with Alembic, and for each revision runs exactly that one step in an offline
// MigrationContext whose starting heads are the revision's parents (down revisions and
// dependencies) -- the start:end range `alembic upgrade A:B --sql` would take if its start
// could name several revisions. Version-table statements and transaction framing are dropped.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../errors.js';

/** A Python interpreter that imports Alembic and SQLAlchemy. */
export interface AlembicPython {
  python: string;
  alembic: string;
  sqlalchemy: string;
}

export interface DriverRevision {
  file: string;
  revision: string;
  downRevision: string | readonly string[] | null;
  branchLabels: readonly string[];
  dependsOn: readonly string[];
}

export interface RenderedRevision {
  upgrade?: string[];
  downgrade?: string[];
  upgradeError?: string;
  downgradeError?: string;
  /** Alembic could not load the file (an import error, a syntax error...). */
  loadError?: string;
}

export interface DriverResult {
  alembic?: string;
  sqlalchemy?: string;
  /** Alembic could not be used at all (the graph failed to load, the harness crashed). */
  fatal?: string;
  revisions: Record<string, RenderedRevision>;
}

const PROBE = 'import json, alembic, sqlalchemy; print(json.dumps([alembic.__version__, sqlalchemy.__version__]))';

/**
 * The first interpreter that imports Alembic: `explicit` only when given, else
 * $AMBIX_PYTHON, python3, python, /usr/bin/python3. PYTHONPATH is honoured as usual.
 */
export function findAlembicPython(explicit?: string, env: Readonly<Record<string, string | undefined>> = process.env): { found: AlembicPython } | { tried: string[] } {
  const candidates = explicit ? [explicit] : [...new Set([env.AMBIX_PYTHON, 'python3', 'python', '/usr/bin/python3'].filter((p): p is string => !!p))];
  const tried: string[] = [];
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', PROBE], { encoding: 'utf8', env: { ...env, PYTHONDONTWRITEBYTECODE: '1' }, timeout: 30_000 });
    if (r.status === 0) {
      try {
        const [alembic, sqlalchemy] = JSON.parse(r.stdout.trim().split('\n').pop()!) as [string, string];
        return { found: { python, alembic, sqlalchemy } };
      } catch {
        // fall through: not the output we asked for
      }
    }
    const why = r.error ? ((r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : r.error.message) : (r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`);
    tried.push(`${python} (${why})`);
  }
  return { tried };
}

/** Renders every revision with Alembic, in one Python process. */
export function runAlembicDriver(
  python: string,
  job: { versions: string; url: string; sysPath: readonly string[]; cwd: string; revisions: readonly DriverRevision[] },
  env: Readonly<Record<string, string | undefined>> = process.env,
): DriverResult {
  const tmp = mkdtempSync(join(tmpdir(), 'ambix-import-alembic-'));
  try {
    const driver = join(tmp, 'driver.py');
    const input = join(tmp, 'job.json');
    const output = join(tmp, 'result.json');
    writeFileSync(driver, DRIVER);
    writeFileSync(input, JSON.stringify({ ...job, work: join(tmp, 'work'), versionTable: VERSION_TABLE }));
    const r = spawnSync(python, [driver, input, output], {
      cwd: job.cwd,
      encoding: 'utf8',
      env: { ...env, PYTHONDONTWRITEBYTECODE: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (!existsSync(output)) {
      const why = r.error ? r.error.message : (r.stderr.trim().split('\n').slice(-3).join(' | ') || `exit ${r.status}`);
      throw new UserError(`Alembic (${python}) failed while rendering the revisions: ${why}`, 'Run again with --no-alembic to import the graph and keep the Python bodies as comments.');
    }
    return JSON.parse(readFileSync(output, 'utf8')) as DriverResult;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A version table name no revision body uses: statements that mention it are Alembic's bookkeeping. */
const VERSION_TABLE = 'ambix_import_alembic_version_7c1e';

const DRIVER = String.raw`# ambix import-alembic: renders each Alembic revision's upgrade() and downgrade() as
# offline SQL (what 'alembic upgrade A:B --sql' writes), one revision at a time.
# Input and output are JSON files; the revision bodies may print what they like.
import io, json, os, shutil, sys

sys.dont_write_bytecode = True

job = json.load(open(sys.argv[1], encoding="utf-8"))
out_path = sys.argv[2]
result = {"revisions": {}}

def done():
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(result, f)

def describe(e):
    text = str(e).strip() or type(e).__name__
    name = type(e).__name__
    if name in ("CommandError",) or text.startswith(name):
        return text
    return name + ": " + text

try:
    import alembic, sqlalchemy
    from alembic.config import Config
    from alembic.runtime.environment import EnvironmentContext
    from alembic.runtime.migration import MigrationStep
    from alembic.script import ScriptDirectory
    from alembic.util import load_python_file
except BaseException as e:
    result["fatal"] = "cannot import Alembic: " + describe(e)
    done()
    sys.exit(0)

result["alembic"] = alembic.__version__
result["sqlalchemy"] = sqlalchemy.__version__
for p in reversed(job["sysPath"]):
    if p not in sys.path:
        sys.path.insert(0, p)

VT = job["versionTable"]
work = job["work"]
versions = os.path.join(work, "versions")
os.makedirs(versions, exist_ok=True)

# A file Alembic cannot load would stop it from loading any: it is replaced by a stub
# with the same header (read by ambix) and reported.
for r in job["revisions"]:
    entry = result["revisions"].setdefault(r["revision"], {})
    try:
        load_python_file(job["versions"], r["file"])
        shutil.copyfile(os.path.join(job["versions"], r["file"]), os.path.join(versions, r["file"]))
    except BaseException as e:
        if isinstance(e, KeyboardInterrupt):
            raise
        entry["loadError"] = describe(e)
        with open(os.path.join(versions, r["file"]), "w", encoding="utf-8") as f:
            f.write("revision = %r\ndown_revision = %r\nbranch_labels = %r\ndepends_on = %r\n" % (
                r["revision"], r["downRevision"], r["branchLabels"] or None, r["dependsOn"] or None))
            f.write("def upgrade():\n    raise RuntimeError('not loaded')\n\ndef downgrade():\n    raise RuntimeError('not loaded')\n")

try:
    script = ScriptDirectory(work, version_locations=[versions])
    script.revision_map.heads  # loads and checks the graph
except BaseException as e:
    if isinstance(e, KeyboardInterrupt):
        raise
    result["fatal"] = "Alembic cannot load the revisions: " + describe(e)
    done()
    sys.exit(0)

config = Config()
config.set_main_option("script_location", work)
config.set_main_option("sqlalchemy.url", job["url"])

def render(sc, upgrade):
    chunks = []
    if upgrade:
        start = list(sc._normalized_down_revisions) or None
        step = MigrationStep.upgrade_from_script(script.revision_map, sc)
    else:
        start = [sc.revision]
        step = MigrationStep.downgrade_from_script(script.revision_map, sc)

    def fn(heads, context):
        return [step]

    with EnvironmentContext(config, script, fn=fn, as_sql=True, starting_rev=start,
                            destination_rev=sc.revision if upgrade else None) as env:
        env.configure(url=job["url"], literal_binds=True, dialect_opts={"paramstyle": "named"},
                      version_table=VT, transactional_ddl=False, output_buffer=io.StringIO())
        impl = env.get_context().impl
        impl.static_output = lambda text: chunks.append(text)
        with env.begin_transaction():
            env.run_migrations()
    term = getattr(impl, "command_terminator", ";")
    statements = []
    for c in chunks:
        if c.startswith("-- Running ") or VT in c:
            continue
        if c.strip().rstrip(";").strip().upper() in ("BEGIN", "BEGIN TRANSACTION", "COMMIT", "GO"):
            continue
        if term and c.endswith(term):
            c = c[: -len(term)]
        statements.append(c)
    return statements

for r in job["revisions"]:
    entry = result["revisions"][r["revision"]]
    if "loadError" in entry:
        continue
    sc = script.get_revision(r["revision"])
    for direction in ("upgrade", "downgrade"):
        try:
            entry[direction] = render(sc, direction == "upgrade")
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt):
                raise
            entry[direction + "Error"] = describe(e)
done()
`;
