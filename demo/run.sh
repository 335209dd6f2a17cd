#!/usr/bin/env bash
# The manual's daily workflow on a SQLite demo project, driven through every ambix command
# that exists so far. Run with `npm run demo` (after `npm ci`). It works in demo/work/,
# which it recreates each time; the database is demo/work/data/app.db.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/demo/work"
rm -rf "$WORK" && mkdir -p "$WORK/node_modules"
ln -s "$ROOT" "$WORK/node_modules/ambix"   # what `npm install ambix` gives a project
cd "$WORK"
ambix() { echo "\$ ambix $*" >&2; node "$ROOT/bin/ambix.js" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }
sql() { echo "\$ sqlite3 data/app.db \"$1\"" >&2; node -e "const D=require('$ROOT/node_modules/better-sqlite3');const d=new D('data/app.db',{readonly:true});for(const r of d.prepare(process.argv[1]).all())console.log(Object.values(r).join(' | '))" "$1"; }
# Fills the upgrade/downgrade bodies of the newest revision file (what you do in your editor).
edit() {
  local file; file=$(ls -t migrations/versions/*.ts | head -n1)
  node -e '
    const fs = require("fs"); const [file, up, down, imports] = process.argv.slice(1);
    let s = fs.readFileSync(file, "utf8");
    s = s.replace("async upgrade(op, ctx) {\n\n  }", "async upgrade(op, ctx) {\n    " + up + "\n  }");
    s = s.replace("async downgrade(op, ctx) {\n\n  }", "async downgrade(op, ctx) {\n    " + down + "\n  }");
    s = s.replace("import { defineMigration } from '"'"'ambix'"'"';", "import { defineMigration } from '"'"'ambix'"'"';\n" + imports);
    fs.writeFileSync(file, s);' "$file" "$1" "$2" "import { integer, varchar, text, boolean, timestamp, sql } from 'ambix/schema';"
  echo "  (edited $(basename "$file"))" >&2
}

step "初始化设置: ambix init migrations (writes ambix.config.ts: url sqlite:./data/app.db)"
ambix init migrations
ambix list-templates

step "第5-6步 the first migration, then upgrade head"
ambix revision -m "initial migration: create tables" --rev-id 1a2b3c4d5e60
edit "await op.createTable('llm_setting', { id: integer().primaryKey(), provider: varchar(50).notNull().index(), model_name: text().notNull(), api_key: text().notNull() });
    await op.bulkInsert('llm_setting', [{ provider: 'openai', model_name: 'gpt-4o', api_key: 'k1' }, { provider: 'old_name', model_name: 'claude', api_key: 'k2' }]);" \
     "await op.dropTable('llm_setting');"
ambix upgrade head
ambix current
sql "SELECT id, provider, model_name FROM llm_setting"

step "日常开发流程 场景3: add a field with a default (timeout), review the SQL, upgrade"
ambix revision -m "add timeout to llm_setting" --rev-id 2b3c4d5e6f71
edit "await op.addColumn('llm_setting', 'timeout', integer().notNull().default(30));" "await op.dropColumn('llm_setting', 'timeout');"
ambix upgrade 1a2b3c4d5e60:head --sql
ambix upgrade head
sql "SELECT provider, timeout FROM llm_setting"

step "场景5: change a type (SQLite rebuilds the table, keeping rows and indexes), and 附录: a data migration"
ambix revision -m "api_key to varchar, rename old provider" --rev-id 3c4d5e6f7a82
edit "await op.alterColumn('llm_setting', 'api_key', { type: varchar(255) });
    await op.getBind().execute('UPDATE llm_setting SET provider = ? WHERE provider = ?', ['openai', 'old_name']);" \
     "await op.alterColumn('llm_setting', 'api_key', { type: text() });"
ambix upgrade head
sql "SELECT name, type FROM pragma_table_info('llm_setting')"
sql "SELECT provider, count(*) FROM llm_setting GROUP BY provider"
ambix history -i

step "紧急回滚: downgrade -1, look, upgrade +1 (a backup was written before each run)"
ambix downgrade -1
ambix current
ambix upgrade +1
ls data/*.bak >&2

step "团队协作: Alice and Bob branch from the same head; merge heads; upgrade"
ambix revision -m "alice: add task table" --rev-id 4d5e6f7a8b93
edit "await op.createTable('task', { id: integer().primaryKey(), title: text().notNull(), status: varchar(20).notNull().default('pending'), created_at: timestamp().notNull().default(sql\`CURRENT_TIMESTAMP\`) });" "await op.dropTable('task');"
ambix revision -m "bob: add is_active to llm_setting" --head 3c4d5e6f7a82 --splice --rev-id 5e6f7a8b9ca4
edit "await op.addColumn('llm_setting', 'is_active', boolean().notNull().default(true));" "await op.dropColumn('llm_setting', 'is_active');"
ambix heads
ambix branches
ambix upgrade heads
ambix current
echo "A new revision now needs a choice; this fails with what to do next:" >&2
ambix revision -m "next change" || true
ambix merge heads -m "merge alice and bob" --rev-id 6f7a8b9cadb5
ambix upgrade head
ambix current
ambix history

step "标记版本: stamp records a revision without running it"
ambix stamp 4d5e6f7a8b93
ambix current
ambix stamp head
ambix current -v

step "故障排查: the errors the manual lists, each with its fix"
ambix show 0bad || true
ambix upgrade 1a2b3c4d5e60:head || true
ambix downgrade base --sql || true

echo >&2
echo "Demo project left in $WORK (migrations/versions holds the revision files; data/app.db the database)." >&2
