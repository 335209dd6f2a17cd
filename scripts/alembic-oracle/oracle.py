#!/usr/bin/env python3
"""Ground-truth oracle: answers revision-graph questions by running Alembic.

For every fixture file given on the command line this script
  * builds a throwaway Alembic project in a temporary directory, one
    migration file per fixture revision, named NNNN_<rev>.py so that sorted
    file-name order is the fixture's list order;
  * answers every query by running Alembic for real (the `alembic` CLI in a
    subprocess, or alembic_api.py for the questions the CLI has no command
    for), upgrades and downgrades against a real SQLite database whose
    migrations record each step in a `steps` table;
  * rewrites the file's "answers" (one per query, same order), sets
    "alembicVersion", and records any warning Alembic emitted under
    "warnings" ([{"query": index, "messages": [...]}]);
  * answers with PYTHONHASHSEED=0 (--hash-seed), and re-runs fixtures in
    which a revision has two or more depends_on under further seeds
    (--check-seeds): Alembic orders such dependencies by set iteration, so
    the queries whose answer changes are listed under "hashSeedDependent"
    ([{"query": index, "variants": [answer, ...]}], seed 0's first).

Usage (see test/fixtures/alembic-graphs/README.md):
    scripts/alembic-oracle/setup_alembic.sh      # once: Alembic into /tmp
    /usr/bin/python3 scripts/alembic-oracle/oracle.py \
        test/fixtures/alembic-graphs/*.json
Which Alembic is asked: --alembic-path DIR (put first on the children's
PYTHONPATH), else $ALEMBIC_ORACLE_PATH, else /tmp/alembic-new when it
holds an alembic package, else whatever the children can import
(`--alembic-path system` forces that).
Options: --output DIR writes the answered fixtures to DIR instead of
rewriting them in place; --jobs N runs N Alembic processes at once.
"""

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = sys.executable
API_HELPER = os.path.join(HERE, "alembic_api.py")
DEFAULT_PATH = "/tmp/alembic-new"

INI_TEMPLATE = """\
[alembic]
script_location = {location}
path_separator = os
"""

# env.py of the throwaway project.  The database file comes from the
# environment so that every upgrade/downgrade query gets its own database.
ENV_PY = '''\
import os

from alembic import context
from sqlalchemy import create_engine, text

engine = create_engine("sqlite:///" + os.environ["ORACLE_DB"])
with engine.begin() as conn:
    conn.execute(
        text(
            "CREATE TABLE IF NOT EXISTS steps ("
            "id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "direction TEXT NOT NULL, revision TEXT NOT NULL)"
        )
    )

with engine.connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
'''

REVISION_TEMPLATE = '''\
"""{message}

Revision ID: {revision}
Revises: {revises}
"""
from alembic import op

revision = {revision!r}
down_revision = {down_revision!r}
branch_labels = {branch_labels!r}
depends_on = {depends_on!r}


def upgrade():
    op.execute("INSERT INTO steps (direction, revision) VALUES ('up', {revision_sql})")


def downgrade():
    op.execute("INSERT INTO steps (direction, revision) VALUES ('down', {revision_sql})")
'''

WARNING_LINE = re.compile(r"\b(\w*Warning): (.*)$")


def _tuple_or_none(value):
    if value is None:
        return None
    if isinstance(value, str):
        return value
    value = tuple(value)
    return value if value else None


def build_project(fixture, root):
    versions = os.path.join(root, "versions")
    os.makedirs(versions)
    with open(os.path.join(root, "env.py"), "w") as fh:
        fh.write(ENV_PY)
    ini = os.path.join(root, "alembic.ini")
    with open(ini, "w") as fh:
        fh.write(INI_TEMPLATE.format(location=root))
    width = max(4, len(str(len(fixture["revisions"]))))
    for number, rev in enumerate(fixture["revisions"], start=1):
        down = _tuple_or_none(rev.get("downRevision"))
        name = "%0*d_%s.py" % (width, number, rev["revision"])
        with open(os.path.join(versions, name), "w") as fh:
            fh.write(
                REVISION_TEMPLATE.format(
                    message=rev.get("message") or "rev %s" % rev["revision"],
                    revision=rev["revision"],
                    revises=(
                        ", ".join(down) if isinstance(down, tuple) else down
                    ),
                    down_revision=down,
                    branch_labels=_tuple_or_none(rev.get("branchLabels")),
                    depends_on=_tuple_or_none(rev.get("dependsOn")),
                    revision_sql="'%s'" % rev["revision"].replace("'", "''"),
                )
            )
    return ini


class Runner:
    def __init__(self, ini, root, env):
        self.ini = ini
        self.root = root
        self.env = env

    def cli(self, *args, db=None):
        env = dict(self.env)
        if db is not None:
            env["ORACLE_DB"] = db
        proc = subprocess.run(
            [PYTHON, "-m", "alembic", "-c", self.ini] + list(args),
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
        )
        return proc


def warnings_of(text):
    found = []
    for line in text.splitlines():
        m = WARNING_LINE.search(line)
        if m and "Traceback" not in line:
            found.append("%s: %s" % (m.group(1), m.group(2).strip()))
    return found


def failure_of(proc):
    """Classify a failed CLI run: Alembic's own error message, or a crash."""
    # the CLI prints "FAILED: <message>" on stdout; warnings go to stderr
    for stream in (proc.stdout, proc.stderr):
        lines = stream.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("FAILED: "):
                text = "\n".join([line[len("FAILED: "):]] + lines[i + 1:])
                return {"error": text.strip()}
    if "Traceback (most recent call last)" in proc.stderr:
        tail = [l for l in proc.stderr.splitlines() if l.strip()]
        # the exception line is the last unindented one
        for line in reversed(tail):
            if not line.startswith(" "):
                return {"crash": normalize_crash(line.strip())}
    return {
        "crash": "exit status %d: %s"
        % (proc.returncode, (proc.stderr or proc.stdout).strip()[-500:])
    }


def normalize_crash(text):
    """'pkg.mod.SomeError: msg' -> 'SomeError: msg'; drop an empty message."""
    name, sep, message = text.partition(": ")
    if " " not in name:
        name = name.rsplit(".", 1)[-1]
    message = message.strip()
    return "%s: %s" % (name, message) if message else name


def first_token(line):
    return re.split(r"[ ,]", line.strip(), 1)[0]


def parse_history_ids(lines):
    ids = []
    for line in lines:
        if " -> " not in line:
            continue
        rest = line.split(" -> ", 1)[1]
        ids.append(re.split(r"[ ,]", rest, 1)[0])
    return ids


def clean_lines(text):
    lines = [l.rstrip() for l in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def answer_cli(runner, query):
    """heads / branchPoints / history / historyLines."""
    kind = query["kind"]
    if kind == "heads":
        args = ["heads"]
        if query.get("resolveDependencies"):
            args.append("--resolve-dependencies")
    elif kind == "branchPoints":
        args = ["branches"]
    elif kind in ("history", "historyLines"):
        args = ["history"]
        if query.get("range") is not None:
            args.append("--rev-range=%s" % query["range"])
    else:
        raise ValueError(kind)
    proc = runner.cli(*args)
    warns = warnings_of(proc.stderr)
    if proc.returncode != 0:
        return failure_of(proc), warns
    lines = clean_lines(proc.stdout)
    if kind == "heads":
        value = [first_token(l) for l in lines if l.strip()]
    elif kind == "branchPoints":
        value = [
            first_token(l) for l in lines if l.strip() and not l[0].isspace()
        ]
    elif kind == "history":
        value = parse_history_ids(lines)
    else:
        value = lines
    return value, warns


def read_db(db):
    conn = sqlite3.connect(db)
    try:
        steps = [
            [d, r]
            for d, r in conn.execute(
                "SELECT direction, revision FROM steps ORDER BY id"
            )
        ]
        try:
            heads = sorted(
                r for (r,) in conn.execute(
                    "SELECT version_num FROM alembic_version"
                )
            )
        except sqlite3.OperationalError:
            heads = []
        return steps, heads
    finally:
        conn.close()


def version_rows(db):
    """alembic_version rows in storage (insertion) order."""
    conn = sqlite3.connect(db)
    try:
        return [
            r
            for (r,) in conn.execute(
                "SELECT version_num FROM alembic_version ORDER BY rowid"
            )
        ]
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def answer_migration(runner, query, index, workdir):
    """upgrade / downgrade against a real SQLite database."""
    db = os.path.join(workdir, "q%04d.db" % index)
    if os.path.exists(db):
        os.remove(db)
    warns = []
    notes = []
    current = list(query.get("current") or [])
    if current:
        # The order of `current` is the row order of alembic_version, which
        # Alembic reads back unordered (so, on SQLite, in insertion order);
        # it decides which head `downgrade -1` starts from.
        proc = runner.cli("stamp", "--purge", current[0], db=db)
        for rev in current[1:]:
            if proc.returncode != 0:
                break
            proc = runner.cli("stamp", rev, db=db)
        ok = proc.returncode == 0 and version_rows(db) == current
        if not ok:
            # fall back to one stamp of all the heads at once
            proc = runner.cli("stamp", "--purge", *current, db=db)
            ok = proc.returncode == 0 and version_rows(db) == current
        if not ok:
            # last resort: write the version table by hand
            notes.append(
                "oracle: alembic stamp could not produce %r; version table "
                "written directly" % (current,)
            )
            conn = sqlite3.connect(db)
            conn.execute(
                "CREATE TABLE IF NOT EXISTS alembic_version "
                "(version_num VARCHAR(32) NOT NULL PRIMARY KEY)"
            )
            conn.execute("DELETE FROM alembic_version")
            conn.executemany(
                "INSERT INTO alembic_version VALUES (?)",
                [(r,) for r in current],
            )
            conn.commit()
            conn.close()
        conn = sqlite3.connect(db)
        conn.execute(
            "CREATE TABLE IF NOT EXISTS steps (id INTEGER PRIMARY KEY "
            "AUTOINCREMENT, direction TEXT NOT NULL, revision TEXT NOT NULL)"
        )
        conn.execute("DELETE FROM steps")
        conn.commit()
        conn.close()
    proc = runner.cli(query["kind"], query["target"], db=db)
    warns.extend(warnings_of(proc.stderr))
    if proc.returncode != 0:
        answer = failure_of(proc)
    else:
        steps, heads = read_db(db)
        answer = {"steps": steps, "after": heads}
    os.remove(db)
    return answer, warns + notes


def answer_all(fixture, pool, env):
    """Answers every query of one fixture with the Alembic env points at."""
    queries = fixture["queries"]
    root = tempfile.mkdtemp(prefix="alembic-oracle-")
    try:
        ini = build_project(fixture, root)
        runner = Runner(ini, root, env)

        # questions for the Python API, answered in one child process
        api_ops = []
        api_index = {}
        for i, q in enumerate(queries):
            if q["kind"] in ("bases", "mergePoints", "resolve"):
                api_index[i] = len(api_ops)
                op = {"op": q["kind"]}
                if q["kind"] == "resolve":
                    op["id"] = q["id"]
                api_ops.append(op)
        req = os.path.join(root, "api-request.json")
        with open(req, "w") as fh:
            json.dump({"ini": ini, "ops": api_ops}, fh)
        api_future = pool.submit(
            subprocess.run,
            [PYTHON, API_HELPER, req],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
        )

        futures = {}
        for i, q in enumerate(queries):
            if i in api_index:
                continue
            if q["kind"] in ("upgrade", "downgrade"):
                futures[i] = pool.submit(answer_migration, runner, q, i, root)
            elif q["kind"] in (
                "heads",
                "branchPoints",
                "history",
                "historyLines",
            ):
                futures[i] = pool.submit(answer_cli, runner, q)
            else:
                raise SystemExit(
                    "%s: query %d has unknown kind %r"
                    % (fixture.get("name"), i, q["kind"])
                )

        api_proc = api_future.result()
        if api_proc.returncode != 0:
            raise SystemExit(
                "%s: alembic_api.py failed:\n%s"
                % (fixture.get("name"), api_proc.stderr)
            )
        api = json.loads(api_proc.stdout)

        answers = []
        warnings_out = []
        for i, q in enumerate(queries):
            if i in api_index:
                res = api["results"][api_index[i]]
                warns = res.pop("warnings", [])
                answer = res["value"] if "value" in res else res
            else:
                answer, warns = futures[i].result()
            answers.append(answer)
            if warns:
                # keep order, drop repeats
                warnings_out.append(
                    {"query": i, "messages": list(dict.fromkeys(warns))}
                )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return api["version"], answers, warnings_out


def needs_seed_check(fixture):
    """Alembic keeps a revision's normalized depends_on in a set, so with two
    or more of them the order it walks them in follows Python's string hash
    (PYTHONHASHSEED).  Only such fixtures are re-run under other seeds."""
    return any(
        len(rev.get("dependsOn") or []) >= 2 for rev in fixture["revisions"]
    )


def process_fixture(path, pool, env, output_dir, check_seeds=()):
    with open(path) as fh:
        fixture = json.load(fh)
    queries = fixture["queries"]
    version, answers, warnings_out = answer_all(fixture, pool, env)

    unstable = []
    if check_seeds and needs_seed_check(fixture):
        runs = []
        for seed in check_seeds:
            seed_env = dict(env)
            seed_env["PYTHONHASHSEED"] = str(seed)
            runs.append(answer_all(fixture, pool, seed_env)[1])
        for i in range(len(queries)):
            variants = [answers[i]]
            for other in runs:
                if other[i] not in variants:
                    variants.append(other[i])
            if len(variants) > 1:
                unstable.append({"query": i, "variants": variants})

    out = {}
    for key in ("name", "description"):
        if key in fixture:
            out[key] = fixture[key]
    out["alembicVersion"] = version
    for key, value in fixture.items():
        if key not in out and key not in (
            "revisions",
            "queries",
            "answers",
            "warnings",
            "hashSeedDependent",
        ):
            out[key] = value
    out["revisions"] = fixture["revisions"]
    out["queries"] = queries
    out["answers"] = answers
    if warnings_out:
        out["warnings"] = warnings_out
    if unstable:
        out["hashSeedDependent"] = unstable
    target = (
        os.path.join(output_dir, os.path.basename(path)) if output_dir else path
    )
    with open(target, "w") as fh:
        fh.write(dump_fixture(out))
    return path, len(queries), version, len(unstable)


def dump_fixture(doc):
    """JSON with one list element per line: readable and diff-friendly."""
    parts = []
    for key, value in doc.items():
        if isinstance(value, list):
            if value:
                inner = ",\n".join(
                    "    " + json.dumps(v, ensure_ascii=False) for v in value
                )
                parts.append("  %s: [\n%s\n  ]" % (json.dumps(key), inner))
            else:
                parts.append("  %s: []" % json.dumps(key))
        else:
            parts.append(
                "  %s: %s" % (json.dumps(key), json.dumps(value, ensure_ascii=False))
            )
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("fixtures", nargs="+")
    parser.add_argument("--output", help="write answered fixtures here")
    parser.add_argument("--jobs", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--alembic-path", help="directory holding alembic")
    parser.add_argument(
        "--hash-seed",
        default=os.environ.get("PYTHONHASHSEED", "0"),
        help="PYTHONHASHSEED of the Alembic processes that give the answers",
    )
    parser.add_argument(
        "--check-seeds",
        default="1,2,3,4,5,6,7,8",
        help="comma-separated extra seeds to re-run fixtures with several "
        "depends_on under ('' to skip); answers that change are listed "
        "under hashSeedDependent",
    )
    args = parser.parse_args()
    check_seeds = [s for s in args.check_seeds.split(",") if s.strip()]

    env = dict(os.environ)
    path = args.alembic_path or os.environ.get("ALEMBIC_ORACLE_PATH")
    if path is None and os.path.isdir(os.path.join(DEFAULT_PATH, "alembic")):
        path = DEFAULT_PATH
    if path and path != "system":
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (os.path.abspath(path), env.get("PYTHONPATH")) if p
        )
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONHASHSEED"] = str(args.hash_seed)
    env.setdefault("PYTHONWARNINGS", "default")
    if args.output:
        os.makedirs(args.output, exist_ok=True)

    lock = threading.Lock()
    total = 0
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        # the per-fixture drivers only wait on child futures; give them
        # their own small pool so they never starve the workers
        with ThreadPoolExecutor(max_workers=4) as drivers:
            jobs = [
                drivers.submit(
                    process_fixture, p, pool, env, args.output, check_seeds
                )
                for p in args.fixtures
            ]
            for job in jobs:
                path, n, version, unstable = job.result()
                with lock:
                    total += n
                    print(
                        "%s: %d queries (alembic %s)%s"
                        % (
                            path,
                            n,
                            version,
                            "; %d depend on the hash seed" % unstable
                            if unstable
                            else "",
                        ),
                        flush=True,
                    )
    print("%d fixtures, %d queries" % (len(args.fixtures), total))


if __name__ == "__main__":
    main()
