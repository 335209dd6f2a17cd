"""Child process used by oracle.py for questions that Alembic answers only
through its Python API (there is no CLI command for them).

Usage: python3 alembic_api.py REQUEST.json
The request is {"ini": "/path/alembic.ini", "ops": [{"op": ...}, ...]}.
Prints one JSON object: {"version": "x.y.z", "results": [...]} where each
result is {"value": ...} or {"error": "..."} or {"crash": "..."}, plus
"warnings": [...] when Alembic emitted any warning while answering.

Whatever `alembic` is importable (PYTHONPATH) is the one being asked.
"""

import json
import sys
import warnings


def _rev_id(rev):
    """Alembic hands back Script objects, None (base) or the string 'base'."""
    if rev is None:
        return None
    if isinstance(rev, str):
        return rev
    return rev.revision


def main() -> None:
    with open(sys.argv[1]) as fh:
        request = json.load(fh)

    import alembic
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    config = Config(request["ini"])
    results = []
    for op in request["ops"]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                # a fresh ScriptDirectory per question: nothing memoized
                # from an earlier question can leak into this answer
                script = ScriptDirectory.from_config(config)
                kind = op["op"]
                if kind == "bases":
                    value = list(script.get_bases())
                elif kind == "mergePoints":
                    value = [
                        sc.revision
                        for sc in script.walk_revisions()
                        if sc.is_merge_point
                    ]
                elif kind == "resolve":
                    value = [_rev_id(r) for r in script.get_revisions(op["id"])]
                else:
                    raise ValueError("unknown op %r" % kind)
                result = {"value": value}
            except CommandError as exc:
                result = {"error": str(exc)}
            except Exception as exc:  # an internal error of Alembic's
                message = str(exc).strip()
                result = {
                    "crash": "%s: %s" % (type(exc).__name__, message)
                    if message
                    else type(exc).__name__
                }
        messages = [
            "%s: %s" % (w.category.__name__, w.message) for w in caught
        ]
        if messages:
            result["warnings"] = messages
        results.append(result)

    json.dump({"version": alembic.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
