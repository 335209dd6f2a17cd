#!/usr/bin/env python3
"""Writes the skeletons (revisions + queries) of the alembic-graphs fixtures.

    /usr/bin/python3 scripts/alembic-oracle/make_fixtures.py [--force] OUTDIR

Only files that do not exist yet are written unless --force is given (which
also drops their answers).  Answers are then filled in by oracle.py.  The
fixture files are the source of truth; this script only saves typing.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle import dump_fixture  # noqa: E402


def R(rev, down=None, labels=(), deps=(), msg=None):
    if isinstance(down, tuple):
        down = list(down)
    return {
        "revision": rev,
        "downRevision": down,
        "branchLabels": list(labels),
        "dependsOn": list(deps),
        "message": msg or "rev %s" % rev,
    }


def battery(ranges=(), resolves=(), ups=None, downs=None, extra_lines=()):
    q = [
        {"kind": "heads"},
        {"kind": "heads", "resolveDependencies": True},
        {"kind": "bases"},
        {"kind": "branchPoints"},
        {"kind": "mergePoints"},
        {"kind": "history"},
        {"kind": "historyLines"},
    ]
    for r in ranges:
        q.append({"kind": "history", "range": r})
    for r in extra_lines:
        q.append({"kind": "historyLines", "range": r})
    for r in resolves:
        q.append({"kind": "resolve", "id": r})
    for kind, table in (("upgrade", ups or []), ("downgrade", downs or [])):
        for current, targets in table:
            for t in targets:
                q.append({"kind": kind, "current": list(current), "target": t})
    return q


CASES = []


def case(name, description, revisions, queries):
    CASES.append(
        {
            "name": name,
            "description": description,
            "revisions": revisions,
            "queries": queries,
        }
    )


# 1 -------------------------------------------------------------------------
A, B, C, D, E = (
    "3f1c9a7b2d10",
    "8e4d2c6a9b31",
    "c07a5e1f4d22",
    "5b9e3d7c1a43",
    "e2f8a6c4b054",
)
case(
    "linear-five",
    "Five revisions in one line with real-looking ids; relative targets, "
    "prefixes and over-walks.",
    [
        R(A, None, msg="create user"),
        R(B, A, msg="add email"),
        R(C, B, msg="create post"),
        R(D, C, msg="add index"),
        R(E, D, msg="drop legacy"),
    ],
    battery(
        ranges=["base:%s" % C, "%s:%s" % (B, D), "%s:heads" % C, "%s:" % D,
                ":%s" % B, "%s:%s" % (D, B), "-2:", "%s:+2" % B],
        resolves=[A, E, "3f1c", "3f1", "c07a5", "head", "heads", "base",
                  "%s+1" % B, "%s-2" % D, "head-1", "heads-2", "-1", "-2",
                  "+1", "%s+9" % B],
        ups=[
            ([], ["head", "heads", "+1", "+2", "+5", "+6", B, "%s+1" % B,
                  "head-1", "base+2", "3f1c", "-1"]),
            ([B], ["head", "+1", "+2", "-1", A, D, "e2f8", "%s+2" % A]),
            ([E], ["head", "+1", E]),
        ],
        downs=[
            ([E], ["-1", "-2", "base", B, "%s-1" % C, "3f1c", "head-2",
                   "+1", E, "%s+1" % D, "-5", "-6"]),
            ([C], ["-1", "-3", "-4", "base", D, "heads", "%s-1" % E]),
            ([], ["base", "-1"]),
        ],
    ),
)

# 2 -------------------------------------------------------------------------
case(
    "linear-shuffled-files",
    "A single line of five revisions whose files are not in chain order "
    "(file order d, b, e, a, c): order must come from the graph only.",
    [
        R("n4", "n3", msg="fourth"),
        R("n2", "n1", msg="second"),
        R("n5", "n4", msg="fifth"),
        R("n1", None, msg="first"),
        R("n3", "n2", msg="third"),
    ],
    battery(
        ranges=["n2:n4", "base:n3", "n3:"],
        resolves=["n1", "n5", "head", "base", "n2+2", "n5-4", "n5-5",
                  "n1-1", "heads"],
        ups=[
            ([], ["head", "+1", "+3", "n3", "n1+1"]),
            (["n2"], ["head", "+2", "n4"]),
        ],
        downs=[
            (["n5"], ["-1", "-4", "-5", "base", "n2", "n3-1"]),
            (["n3"], ["base", "n1", "-2"]),
        ],
    ),
)

# 3 -------------------------------------------------------------------------
case(
    "branch-and-merge",
    "One branch point, two branches of two revisions (b-branch files "
    "first), merged, then one more revision.",
    [
        R("r", None, msg="root"),
        R("b1", "r", msg="b one"),
        R("a1", "r", msg="a one"),
        R("b2", "b1", msg="b two"),
        R("a2", "a1", msg="a two"),
        R("m", ("a2", "b2"), msg="merge a and b"),
        R("t", "m", msg="tail"),
    ],
    battery(
        ranges=["base:a2", "base:b2", "a1:m", "b1:heads", "r:m", "a2:b2"],
        resolves=["head", "heads", "m-1", "t-1", "t-2", "r+1", "a1+1",
                  "a2@head", "b1@base", "a1@a2", "b1@a2", "-1", "-2"],
        ups=[
            ([], ["head", "a2", "b1", "m", "+1", "+2", "r+1", "a1+2",
                  "a1@head", "b2@head"]),
            (["a2"], ["head", "+1", "b2", "m"]),
            (["a1", "b1"], ["head", "heads", "+1", "a2", "m", "b1+1"]),
            (["a2", "b2"], ["+1", "m", "head"]),
            (["r"], ["+1", "head", "b2"]),
        ],
        downs=[
            (["t"], ["-1", "-2", "m", "base", "r", "a1", "b1", "a2", "m-1",
                     "a1@base", "b2@-1"]),
            (["m"], ["-1", "a2", "r"]),
            (["a2", "b2"], ["-1", "-2", "a1", "b1", "r", "base",
                            "a2@-1", "b2@-1", "a1@base"]),
            (["a1", "b2"], ["-1", "r"]),
            (["b2", "a2"], ["-1", "-2"]),
        ],
    ),
)

# 4 -------------------------------------------------------------------------
R0, X1, Y1, Z1, X2, Z2, M3, T3 = (
    "9d3e1a5b7c01",
    "f4a28c1e6b02",
    "2c7b9e0d4a03",
    "a8e5d3f1c204",
    "6b1f0a9e3d05",
    "0e9c4b2a7f06",
    "d5c3a1e8b907",
    "47f2e9c0a108",
)
case(
    "merge-of-three",
    "Three branches off one root merged by a revision with three parents; "
    "ids out of alphabetical order.",
    [
        R(R0, None, msg="root"),
        R(X1, R0, msg="x one"),
        R(Y1, R0, msg="y one"),
        R(Z1, R0, msg="z one"),
        R(X2, X1, msg="x two"),
        R(Z2, Z1, msg="z two"),
        R(M3, (X2, Y1, Z2), msg="merge x y z"),
        R(T3, M3, msg="after merge"),
    ],
    battery(
        ranges=["base:%s" % X2, "%s:%s" % (Z1, M3), "%s:heads" % Y1,
                "%s:%s" % (R0, M3)],
        resolves=["d5c3", "%s-1" % M3, "%s-1" % T3, "%s+1" % R0,
                  "%s+1" % X1, "%s@head" % Y1, "heads", "a8e5@head"],
        ups=[
            ([], ["head", X2, Y1, Z2, M3, "+1", "+2", "%s@head" % Z1]),
            ([X2], ["head", "+1", Z2]),
            ([X2, Y1, Z2], ["+1", "head", M3]),
            ([X1, Z1], ["+1", "head", "heads", Y1]),
            ([X2, Y1], ["head"]),
        ],
        downs=[
            ([T3], ["-1", "-2", M3, R0, X1, Y1, Z1, "base"]),
            ([M3], ["-1", X2, "%s@-1" % Y1]),
            ([X2, Y1, Z2], ["-1", R0, X1, Z1, "base", "%s@base" % Y1]),
        ],
    ),
)

# 5 -------------------------------------------------------------------------
case(
    "two-roots",
    "Two independent lines (two bases, as made with --head base), files "
    "interleaved q1, p1, q2, p2, q3; no branch labels.",
    [
        R("q1", None, msg="q first"),
        R("p1", None, msg="p first"),
        R("q2", "q1", msg="q second"),
        R("p2", "p1", msg="p second"),
        R("q3", "q2", msg="q third"),
    ],
    battery(
        ranges=["base:p2", "base:q2", "q1:heads", "p1:q3"],
        resolves=["head", "heads", "base", "p1@head", "q1@head", "q3@base",
                  "p2@base", "-1", "q3-1", "p1+1"],
        ups=[
            ([], ["heads", "head", "p2", "q2", "+1", "p1@head", "q2@head",
                  "p1@+1", "q1@+2", "q3"]),
            (["p2"], ["heads", "q1", "+1", "q3"]),
            (["p1", "q1"], ["+1", "heads", "p2", "q1@head"]),
            (["p2", "q1"], ["+1", "q2"]),
        ],
        downs=[
            (["p2", "q3"], ["-1", "-2", "base", "p1", "q1", "q2@base",
                            "p1@base", "p2@-1", "q3@-2", "q1@base"]),
            (["q3", "p2"], ["-1"]),
            (["p1", "q1"], ["-1", "base", "p1@base"]),
        ],
    ),
)

# 6 -------------------------------------------------------------------------
case(
    "branch-labels",
    "Two labelled branches (shop, blog) off one shared root; targets "
    "label@head, label@base, label@+n, label@-n, label@REV.",
    [
        R("r0", None, msg="root"),
        R("b1", "r0", labels=["blog"], msg="blog one"),
        R("s1", "r0", labels=["shop"], msg="shop one"),
        R("s2", "s1", msg="shop two"),
        R("b2", "b1", msg="blog two"),
        R("s3", "s2", msg="shop three"),
    ],
    battery(
        ranges=["base:shop@head", "blog@base:blog@head", "r0:s3", "shop@s2:"],
        resolves=["shop@head", "blog@head", "shop@base", "blog@base",
                  "shop@s2", "blog@s2", "shop@-1", "blog@-1", "shop@+1",
                  "shop@heads", "blog@heads", "heads", "head", "shop",
                  "nosuch@head", "r0@head", "s3-2", "shop@s1+1"],
        ups=[
            ([], ["shop@head", "blog@head", "shop@+1", "shop@+2", "blog@+2",
                  "shop@s2", "heads", "head", "shop@b1"]),
            (["s1"], ["shop@+1", "shop@head", "blog@head", "blog@+1",
                      "heads"]),
            (["s2"], ["blog@+1", "blog@head", "shop@+1", "+1"]),
            (["s3", "b1"], ["blog@head", "heads", "head", "+1", "shop@+1"]),
            (["s2", "b2"], ["+1", "shop@+1", "shop@head"]),
            (["r0"], ["shop@head", "+1", "blog@+1"]),
        ],
        downs=[
            (["s3", "b2"], ["shop@base", "blog@base", "shop@-1", "blog@-1",
                            "shop@-2", "shop@-3", "-1", "base", "r0", "s1",
                            "shop@s1", "blog@b1", "blog@s1", "s2-1"]),
            (["s3", "b1"], ["blog@-1", "blog@base", "shop@-1"]),
            (["b2", "s3"], ["-1"]),
            (["s1"], ["shop@-1", "shop@base", "blog@base", "-1"]),
        ],
    ),
)

# 7 -------------------------------------------------------------------------
M1, M2, M4, N1, N2 = (
    "1975ea83b712",
    "ae1027a6acf5",
    "27c6a30d7c24",
    "3cac04ae8714",
    "55af2cb1c267",
)
case(
    "independent-labeled-roots",
    "Two independent labelled bases (model, networking), the layout of "
    "Alembic's branch docs; real-looking ids, files interleaved.",
    [
        R(M1, None, labels=["model"], msg="create account table"),
        R(N1, None, labels=["networking"], msg="create networking branch"),
        R(M2, M1, msg="add a column"),
        R(N2, N1, msg="add ip number table"),
        R(M4, M2, msg="add shopping cart table"),
    ],
    battery(
        ranges=["networking@base:networking@head", "base:model@head",
                "%s:%s" % (M1, M4)],
        resolves=["model@head", "networking@head", "networking@base",
                  "model@base", "networking@+1", "model@-1", "heads", "head",
                  "networking@%s" % M2, "model@%s" % M2, "3cac@head",
                  "networking@3cac"],
        ups=[
            ([], ["networking@head", "model@head", "heads", "head",
                  "networking@+1", "model@+2", "networking@+3",
                  "%s@head" % N1, "+1"]),
            ([M4], ["networking@head", "networking@+1", "heads", "+1"]),
            ([N2], ["model@+1", "model@head", "heads"]),
            ([M2, N1], ["networking@+1", "model@+1", "+1", "heads"]),
        ],
        downs=[
            ([M4, N2], ["networking@base", "model@base", "networking@-1",
                        "model@-1", "model@-2", "-1", "base", M1, N1,
                        "networking@%s" % N1, "model@-3", "model@-4"]),
            ([N2, M4], ["-1"]),
            ([M1], ["model@-1", "networking@base", "-1"]),
        ],
    ),
)

# 8 -------------------------------------------------------------------------
case(
    "depends-on-across-branches",
    "Two labelled roots (core, billing); bl2 depends_on c2 in the other "
    "branch: upgrades of billing pull core in, downgrades of core take "
    "billing down first.",
    [
        R("c1", None, labels=["core"], msg="core one"),
        R("bl1", None, labels=["billing"], msg="billing one"),
        R("c2", "c1", msg="core two"),
        R("bl2", "bl1", deps=["c2"], msg="billing two needs core two"),
        R("c3", "c2", msg="core three"),
        R("bl3", "bl2", msg="billing three"),
    ],
    battery(
        ranges=["base:bl2", "c2:heads", "bl1:bl3", "base:billing@head"],
        resolves=["heads", "head", "billing@head", "core@head", "bl2-1",
                  "billing@-1", "core@base", "billing@base", "c2@head",
                  "bl3-2"],
        ups=[
            ([], ["billing@head", "bl2", "billing@+1", "billing@+2",
                  "core@head", "heads", "head", "bl3", "+1"]),
            (["bl1"], ["bl2", "billing@+1", "billing@head", "heads"]),
            (["c1", "bl1"], ["bl2", "heads", "+1", "billing@+1"]),
            (["c3"], ["billing@head", "bl2", "billing@+1"]),
            (["c2", "bl1"], ["bl2", "billing@+1"]),
        ],
        downs=[
            (["c3", "bl3"], ["core@base", "billing@base", "c1", "c2", "bl1",
                             "base", "-1", "core@-1", "core@-2",
                             "billing@-1", "billing@-2", "c2@-1",
                             "bl2@-1"]),
            (["bl3", "c3"], ["-1", "c1"]),
            (["c2", "bl2"], ["core@-1", "c1", "core@base", "billing@-1",
                             "-1"]),
            (["bl3"], ["core@base", "c1", "-1", "bl1", "base"]),
        ],
    ),
)

# 9 -------------------------------------------------------------------------
U1, U2, U3, V1, V2, V3 = (
    "b7e4c2a19f01",
    "04d9f6e3b202",
    "e6a1b8d05c03",
    "7c2f0e9a4b04",
    "c9b3d7e1f005",
    "5e8a2c6b0d06",
)
case(
    "depends-on-branch-label",
    "depends_on that names a branch label ('auth'): it resolves to the "
    "revision that declares the label, not to the branch head.",
    [
        R(U1, None, labels=["auth"], msg="auth users"),
        R(V1, None, labels=["audit"], msg="audit log"),
        R(U2, U1, msg="auth tokens"),
        R(V2, V1, deps=["auth"], msg="audit needs auth"),
        R(U3, U2, msg="auth sessions"),
        R(V3, V2, deps=[U3], msg="audit needs sessions"),
    ],
    battery(
        ranges=["base:%s" % V2, "audit@base:audit@head"],
        resolves=["audit@head", "auth@head", "auth", "audit", "heads",
                  "%s-1" % V2, "audit@-1", "auth@base"],
        ups=[
            ([], ["audit@head", V2, "audit@+2", "auth@head", "heads",
                  "audit@+1"]),
            ([V1], [V2, "audit@+1", "audit@head"]),
            ([U1, V1], [V2, "audit@head", "+1"]),
            ([U2, V2], ["audit@head", "audit@+1", "heads"]),
        ],
        downs=[
            ([U3, V3], ["auth@base", "audit@base", U1, U2, "auth@-1",
                        "audit@-1", "audit@-2", "-1", "base"]),
            ([U2, V2], ["auth@base", "auth@-1", "audit@-1", U1]),
        ],
    ),
)

# 10 ------------------------------------------------------------------------
case(
    "depends-on-several",
    "A revision that depends_on three revisions in three independent "
    "lines; files z, y, x: which dependency goes first is file order.",
    [
        R("z1", None, msg="z one"),
        R("y1", None, msg="y one"),
        R("x1", None, msg="x one"),
        R("z2", "z1", msg="z two"),
        R("y2", "y1", msg="y two"),
        R("x2", "x1", msg="x two"),
        R("w1", None, deps=["x1", "z2", "y2"], msg="w needs x1 z2 y2"),
        R("w2", "w1", msg="w two"),
    ],
    battery(
        ranges=["base:w1", "z1:w2", "base:x2"],
        resolves=["heads", "head", "w1-1", "w2-1", "w1@head", "z1@head",
                  "x1@head"],
        ups=[
            ([], ["w1", "w2", "heads", "head", "w1@head", "x2", "+1"]),
            (["x1"], ["w1", "heads"]),
            (["z2", "y1"], ["w1", "w2"]),
            (["x2", "y2", "z2"], ["w1", "heads", "+1"]),
        ],
        downs=[
            (["w2", "x2"], ["x1", "z1", "y1", "base", "-1", "w1", "w1-1",
                            "x1@base", "z2@-1"]),
            (["w1", "x1"], ["-1", "base", "y1"]),
            (["w2", "x2", "y2", "z2"], ["z1", "y2@-1", "w1@base"]),
        ],
    ),
)

# 11 ------------------------------------------------------------------------
case(
    "merge-ancestor-parent",
    "A 'merge' whose two parents are ancestor and descendant of each other "
    "(m merges a and b where b descends from a): record what Alembic does.",
    [
        R("r", None, msg="root"),
        R("a", "r", msg="a"),
        R("b", "a", msg="b"),
        R("m", ("a", "b"), msg="bogus merge"),
        R("n", "m", msg="after"),
    ],
    battery(
        ranges=["base:m", "a:n"],
        resolves=["head", "heads", "m-1", "n-1", "b+1", "a+1", "a@head"],
        ups=[
            ([], ["head", "m", "+3", "+4", "b"]),
            (["a"], ["head", "+1", "m"]),
            (["b"], ["head", "+1", "m"]),
            # not a state Alembic itself would leave behind: a and b are
            # ancestor and descendant (the oracle writes it directly)
            (["a", "b"], ["head", "m"]),
        ],
        downs=[
            (["n"], ["-1", "-2", "b", "a", "r", "base"]),
            (["m"], ["-1", "a", "b", "base"]),
            (["a", "b"], ["base", "r"]),
        ],
    ),
)

# 12 ------------------------------------------------------------------------
case(
    "depends-on-ancestor",
    "depends_on entries that name an ancestor of the revision (redundant "
    "dependencies) and one that names the parent itself.",
    [
        R("k0", None, msg="root"),
        R("k1", "k0", msg="one"),
        R("k2", "k1", deps=["k0"], msg="two needs root"),
        R("k3", "k2", deps=["k2"], msg="three needs its parent"),
        R("j1", "k1", deps=["k1", "k0"], msg="side branch needs ancestors"),
    ],
    battery(
        ranges=["base:k3", "k1:heads"],
        resolves=["heads", "head", "k3-1", "k2-2", "k1+1", "j1-1", "k3@head"],
        ups=[
            ([], ["heads", "k3", "j1", "+2", "+3", "k2@head"]),
            (["k1"], ["heads", "+1", "k3", "j1"]),
            (["k3"], ["heads", "j1"]),
        ],
        downs=[
            (["k3", "j1"], ["k1", "k0", "base", "-1", "k2", "k3@-1",
                            "j1@-1", "k2@base"]),
            (["k3"], ["-1", "-2", "-3", "k0"]),
        ],
    ),
)

# 13 ------------------------------------------------------------------------
P1, P2, P3, P4, P5 = (
    "abcd12340001",
    "abcd56780002",
    "abce99990003",
    "1234abcd0004",
    "abcd12345005",
)
case(
    "ambiguous-prefix",
    "Ids that share prefixes: a prefix naming two revisions is an error, "
    "as is one shorter than four characters.",
    [
        R(P1, None, msg="first"),
        R(P2, P1, msg="second"),
        R(P3, P2, msg="third"),
        R(P4, P3, msg="fourth"),
        R(P5, P4, msg="fifth"),
    ],
    battery(
        ranges=["abcd:heads", "abce:1234", "base:abcd5"],
        resolves=["abcd", "abc", "abce", "abcd1", "abcd1234", "abcd12345",
                  "abcd5", "1234", "123", "ABCD", "abcd12340001",
                  "abcd@head", "abce+1", "abcd-1", "ab", "a"],
        ups=[
            ([], ["abcd", "abce", "abcd5", "abcd1234", "abcd12345", "1234",
                  "abc", "abce+1"]),
            ([P2], ["abcd", "abcd1234", "abcd1234+0"]),
        ],
        downs=[
            ([P5], ["abcd", "abce", "abcd5", "abcd1234", "123", "abce-1"]),
        ],
    ),
)

# 14 ------------------------------------------------------------------------
case(
    "unknown-ids",
    "Queries that name revisions, labels or prefixes that do not exist.",
    [
        R("aaaa1111", None, labels=["main"], msg="first"),
        R("bbbb2222", "aaaa1111", msg="second"),
        R("cccc3333", "bbbb2222", msg="third"),
    ],
    battery(
        ranges=["deadbeef:heads", "base:deadbeef", "nosuch@base:heads"],
        resolves=["deadbeef", "dead", "zz", "nosuch@head", "main@deadbeef",
                  "deadbeef@head", "main@head", "main@bbbb", "deadbeef+1",
                  "deadbeef-1", "main@+5", "bbbb-5", "", "@head", "main@"],
        ups=[
            ([], ["deadbeef", "nosuch@head", "main@deadbeef", "deadbeef+1",
                  "main@head", "dead", "zz"]),
            (["bbbb2222"], ["deadbeef", "nosuch@+1", "main@+1",
                            "main@+2", "cccc"]),
        ],
        downs=[
            (["cccc3333"], ["deadbeef", "nosuch@base", "nosuch@-1",
                            "main@-1", "deadbeef-1", "main@base", "dead"]),
        ],
    ),
)

# 15 ------------------------------------------------------------------------
case(
    "multiple-heads",
    "An unmerged branch: two heads, so 'head' is ambiguous; 'heads', "
    "REV@head and downgrade -1 from several current heads.",
    [
        R("r", None, msg="root"),
        R("a", "r", msg="trunk"),
        R("c1", "a", msg="c branch one"),
        R("b1", "a", msg="b branch one"),
        R("b2", "b1", msg="b branch two"),
    ],
    battery(
        ranges=["base:b2", "a:heads", "c1:b2", "base:head"],
        resolves=["head", "heads", "base", "b1@head", "c1@head", "a@head",
                  "a@heads", "b2@base", "-1", "-2", "a+1", "b2-2", "c1-1"],
        ups=[
            ([], ["head", "heads", "b2", "c1", "+2", "+3", "a+1", "b1@head",
                  "c1@head", "a@head"]),
            (["a"], ["+1", "head", "heads", "b1", "c1@+1", "b1@+1"]),
            (["b2"], ["heads", "head", "c1", "+1"]),
            (["b1", "c1"], ["head", "heads", "+1", "b2", "b1@+1"]),
        ],
        downs=[
            (["b2", "c1"], ["-1", "-2", "-3", "a", "r", "base", "b1",
                            "b1@base", "c1@-1", "b2@-1", "b2@-2"]),
            (["c1", "b2"], ["-1", "-2"]),
            (["b1", "c1"], ["-1", "a"]),
        ],
    ),
)

# 16 ------------------------------------------------------------------------
case(
    "tie-order-parallel-branches",
    "Two unmerged branches off one root; the zeta branch's files come "
    "before alpha's, so file order and alphabetical order disagree.",
    [
        R("root", None, msg="root"),
        R("zeta1", "root", msg="zeta one"),
        R("zeta2", "zeta1", msg="zeta two"),
        R("alpha1", "root", msg="alpha one"),
        R("alpha2", "alpha1", msg="alpha two"),
        R("mid3", "zeta2", msg="zeta three"),
    ],
    battery(
        ranges=["root:heads", "base:heads", "zeta1:heads"],
        resolves=["heads", "zeta1@head", "alpha1@head"],
        ups=[
            ([], ["heads", "mid3", "alpha2", "zeta1@head", "alpha1@head"]),
            (["root"], ["heads"]),
            (["zeta1", "alpha1"], ["heads"]),
        ],
        downs=[
            (["mid3", "alpha2"], ["base", "root", "-1", "zeta1@base",
                                  "alpha1@base"]),
            (["alpha2", "mid3"], ["base", "root", "-1"]),
        ],
    ),
)

# 17 ------------------------------------------------------------------------
case(
    "tie-order-merged-branches",
    "Three branches merged; files ordered c, a, b (interleaved) while ids "
    "sort a, b, c: history and upgrade order follow files.",
    [
        R("base0", None, msg="root"),
        R("c_one", "base0", msg="c one"),
        R("a_one", "base0", msg="a one"),
        R("c_two", "c_one", msg="c two"),
        R("b_one", "base0", msg="b one"),
        R("a_two", "a_one", msg="a two"),
        R("b_two", "b_one", msg="b two"),
        R("merge", ("a_two", "b_two", "c_two"), msg="merge all"),
    ],
    battery(
        ranges=["base0:merge", "a_one:merge", "base:heads"],
        resolves=["merge-1", "heads"],
        ups=[
            ([], ["head", "merge", "a_two", "b_two", "c_two"]),
            (["base0"], ["head"]),
            (["a_one", "b_one", "c_one"], ["head", "merge"]),
            (["c_two"], ["head"]),
        ],
        downs=[
            (["merge"], ["base", "base0", "a_one", "c_one", "b_two", "-1"]),
            (["a_two", "b_two", "c_two"], ["base0", "base", "-1"]),
        ],
    ),
)

# 18 ------------------------------------------------------------------------
G1, G2, H1, H2, K1 = (
    "f0000000aa01",
    "f0000000aa02",
    "10000000bb01",
    "10000000bb02",
    "80000000cc01",
)
case(
    "tie-order-two-roots",
    "Three independent lines whose ids sort h, k, g but whose files come "
    "g, h, k (first line listed first): order of heads, bases, history.",
    [
        R(G1, None, msg="g one"),
        R(H1, None, msg="h one"),
        R(G2, G1, msg="g two"),
        R(K1, None, msg="k one"),
        R(H2, H1, msg="h two"),
    ],
    battery(
        ranges=["base:heads", "%s:heads" % H1],
        resolves=["heads", "base"],
        ups=[
            ([], ["heads", "+1"]),
            ([G1], ["heads"]),
            ([K1], ["heads"]),
        ],
        downs=[
            ([G2, H2, K1], ["base", "-1"]),
            ([K1, H2, G2], ["base", "-1"]),
            ([H2, G2], ["-1"]),
        ],
    ),
)

# 19 ------------------------------------------------------------------------
case(
    "label-on-branch-point",
    "A branch label on a revision that is itself a branch point: both "
    "branches inherit it, so label@head names two heads.",
    [
        R("s0", None, msg="root"),
        R("s1", "s0", labels=["core"], msg="labelled branch point"),
        R("s2a", "s1", msg="left"),
        R("s2b", "s1", msg="right"),
        R("s3", "s2b", msg="right again"),
    ],
    battery(
        ranges=["core@base:heads", "base:core@head"],
        resolves=["core@head", "core@heads", "core@base", "core", "core@-1",
                  "core@s2a", "heads"],
        ups=[
            ([], ["core@head", "core@heads", "heads", "core@+1", "core@+2",
                  "core"]),
            (["s1"], ["core@+1", "core@head", "heads"]),
        ],
        downs=[
            (["s2a", "s3"], ["core@base", "core@-1", "core@s1", "s1", "s0",
                             "-1"]),
        ],
    ),
)

# 20 ------------------------------------------------------------------------
case(
    "criss-cross-merges",
    "Two branch points and two merges (r->a,b; m1=a+b; b->x; m2=m1+x), "
    "files listed out of id order.",
    [
        R("r", None, msg="root"),
        R("b", "r", msg="b"),
        R("a", "r", msg="a"),
        R("x", "b", msg="x off b"),
        R("m1", ("a", "b"), msg="merge a b"),
        R("m2", ("m1", "x"), msg="merge m1 x"),
        R("z", "m2", msg="tail"),
    ],
    battery(
        ranges=["base:m1", "b:heads", "a:m2", "x:z"],
        resolves=["heads", "m2-1", "z-1", "b+1", "a+1", "x@head", "a@head"],
        ups=[
            ([], ["head", "m1", "x", "m2", "+1", "+2"]),
            (["m1"], ["head", "+1", "x"]),
            (["x"], ["head", "m1", "+1"]),
            (["a", "b"], ["m1", "x", "head", "heads"]),
            (["a", "x"], ["head", "m1"]),
        ],
        downs=[
            (["z"], ["-1", "-2", "m1", "x", "b", "a", "r", "base"]),
            (["m1", "x"], ["-1", "b", "a", "r"]),
            (["m2"], ["m1", "x", "b"]),
        ],
    ),
)

# 21 ------------------------------------------------------------------------
case(
    "cycle",
    "Revisions whose down_revisions form a cycle (a->b->c->a under a "
    "root): Alembic refuses the whole map.",
    [
        R("r", None, msg="root"),
        R("a", ("r", "c"), msg="a"),
        R("b", "a", msg="b"),
        R("c", "b", msg="c"),
    ],
    battery(
        resolves=["a", "heads"],
        ups=[([], ["heads", "a"])],
        downs=[(["r"], ["base"])],
    ),
)

# 22 ------------------------------------------------------------------------
case(
    "missing-down-revision",
    "A revision whose down_revision names a revision that has no file.",
    [
        R("r", None, msg="root"),
        R("a", "r", msg="a"),
        R("b", "gone", msg="orphan"),
    ],
    battery(
        resolves=["a", "b", "heads"],
        ups=[([], ["heads", "a"])],
        downs=[(["a"], ["base"])],
    ),
)

# 23 ------------------------------------------------------------------------
case(
    "depends-on-head-of-other-root",
    "A labelled line whose second revision depends_on the head of another "
    "unlabelled line; --resolve-dependencies heads differ from heads.",
    [
        R("e1", None, msg="e one"),
        R("e2", "e1", msg="e two"),
        R("f1", None, labels=["feat"], msg="f one"),
        R("f2", "f1", deps=["e2"], msg="f two needs e head"),
    ],
    battery(
        ranges=["base:f2", "e1:heads"],
        resolves=["heads", "head", "feat@head", "f2-1", "e2@head",
                  "feat@base", "e1@head"],
        ups=[
            ([], ["heads", "head", "feat@head", "f2", "e2", "+1",
                  "feat@+1", "feat@+2"]),
            (["e2"], ["feat@head", "heads", "head", "+1"]),
            (["f1"], ["f2", "heads", "feat@+1"]),
        ],
        downs=[
            (["f2"], ["e1", "base", "-1", "feat@base", "feat@-1", "e2@-1",
                      "f1"]),
            (["e2", "f1"], ["-1", "base", "e1"]),
        ],
    ),
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    total = 0
    for n, c in enumerate(CASES, start=1):
        path = os.path.join(args.outdir, "%02d-%s.json" % (n, c["name"]))
        total += len(c["queries"])
        if os.path.exists(path) and not args.force:
            continue
        doc = dict(c)
        doc["answers"] = []
        with open(path, "w") as fh:
            fh.write(dump_fixture(doc))
    print("%d cases, %d queries" % (len(CASES), total))


if __name__ == "__main__":
    main()
