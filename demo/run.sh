#!/usr/bin/env bash
# The manual's daily workflow on a SQLite demo project, driven through every ambix command
# that exists so far. Run with `npm run demo` (after `npm ci`). It works in demo/work/,
# which it recreates each time.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/demo/work"
rm -rf "$WORK" && mkdir -p "$WORK/node_modules"
ln -s "$ROOT" "$WORK/node_modules/ambix"   # what `npm install ambix` gives a project
cd "$WORK"
ambix() { echo "\$ ambix $*" >&2; node "$ROOT/bin/ambix.js" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "初始化设置: ambix init migrations"
ambix init migrations
ambix list-templates

step "生成迁移: one revision per change, as in the manual's daily workflow"
ambix revision -m "initial migration: create tables" --rev-id 1a2b3c4d5e60
ambix revision -m "add timeout to llm_setting" --rev-id 2b3c4d5e6f71
ambix heads
ambix history

step "团队协作: Alice and Bob both branch from the same head"
ambix revision -m "alice: add task table" --rev-id 3c4d5e6f7a82
ambix revision -m "bob: add is_active to llm_setting" --head 2b3c4d5e6f71 --splice --rev-id 4d5e6f7a8b93
ambix heads
ambix branches
step "A new revision now needs a choice: this fails with what to do next"
ambix revision -m "next change" || echo "(exit $? as expected)" >&2

step "合并迁移: ambix merge heads"
ambix merge heads -m "merge alice and bob" --rev-id 5e6f7a8b9ca4
ambix heads
ambix history
ambix history -r 2b3c4d5e6f71:head
ambix show head -q
ambix heads --json

step "Branch labels and dependsOn: an independent 'billing' line that needs the core tables"
ambix revision -m "billing: invoices" --head base --branch-label billing --depends-on 1a2b3c4d5e60 --rev-id 6f7a8b9cadb5
ambix heads
ambix history -r base:billing@head

step "故障排查: the errors the manual lists, each with its fix"
ambix show 0bad || true
ambix revision -m "x" --head 1a2b3c4d5e60 || true

echo >&2
echo "Demo project left in $WORK (migrations/versions holds the revision files)." >&2
