#!/usr/bin/env python3
"""Markdown report of the answers that differ between two sets of answered
fixtures, e.g. the committed ones and a run of another Alembic:

    /usr/bin/python3 scripts/alembic-oracle/oracle.py --alembic-path system \\
        --output /tmp/v181 test/fixtures/alembic-graphs/*.json
    /usr/bin/python3 scripts/alembic-oracle/compare_runs.py \\
        test/fixtures/alembic-graphs /tmp/v181 > report.md
"""

import glob
import json
import os
import sys


def short(answer):
    if isinstance(answer, dict) and "steps" in answer:
        steps = " ".join(
            ("+" if d == "up" else "-") + r for d, r in answer["steps"]
        )
        return "%s => %s" % (steps or "(no steps)", answer["after"])
    if isinstance(answer, list) and answer and all(
        isinstance(x, str) and " " in x for x in answer
    ):
        return "<br>".join(answer)
    return json.dumps(answer)


def main():
    a_dir, b_dir = sys.argv[1], sys.argv[2]
    total = 0
    out = []
    for path in sorted(glob.glob(os.path.join(a_dir, "*.json"))):
        other = os.path.join(b_dir, os.path.basename(path))
        if not os.path.exists(other):
            continue
        with open(path) as fh:
            a = json.load(fh)
        with open(other) as fh:
            b = json.load(fh)
        rows = []
        for i, (q, x, y) in enumerate(zip(a["queries"], a["answers"], b["answers"])):
            if x != y:
                rows.append(
                    "| %d | `%s` | %s | %s |"
                    % (
                        i,
                        json.dumps(q).replace("|", "\\|"),
                        short(x).replace("|", "\\|"),
                        short(y).replace("|", "\\|"),
                    )
                )
        total += len(rows)
        if rows:
            out.append(
                "\n### %s (%s vs %s)\n"
                % (a["name"], a.get("alembicVersion"), b.get("alembicVersion"))
            )
            out.append("| # | query | %s | %s |" % (a.get("alembicVersion"), b.get("alembicVersion")))
            out.append("| --- | --- | --- | --- |")
            out.extend(rows)
    print("%d answers differ.\n" % total)
    print("\n".join(out))


if __name__ == "__main__":
    main()
