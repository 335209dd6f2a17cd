#!/usr/bin/env bash
# The manual's daily workflow on a SQLite demo project: edit the models, autogenerate,
# review, upgrade, downgrade; plus data migrations, branches and merges, stamp, and the
# errors the manual lists. Run with `npm run demo` (after `npm ci`). It works in demo/work/,
# which it recreates each time; the database is demo/work/data/app.db.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/demo/work"
rm -rf "$WORK" && mkdir -p "$WORK/node_modules" "$WORK/src/db"
ln -s "$ROOT" "$WORK/node_modules/ambix"   # what `npm install ambix` gives a project
cd "$WORK"
ambix() { echo "\$ ambix $*" >&2; node "$ROOT/dist/cli.cjs" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }
sql() { echo "\$ sqlite3 data/app.db \"$1\"" >&2; node -e "const D=require('$ROOT/node_modules/better-sqlite3');const d=new D('data/app.db');const s=d.prepare(process.argv[1]);if(s.reader)for(const r of s.all())console.log(Object.values(r).join(' | '));else s.run()" "$1"; }
newest() { ls -t migrations/versions/*.ts | head -n1; }
# The models, as a user edits src/db/models.ts between migrations.
models() {
  local extra_llm="${1:-}" extra_tables="${2:-}"
  cat > src/db/models.ts <<MODELS
import { table, integer, varchar, text, boolean, timestamp, sql, index } from 'ambix/schema';

export const llmSetting = table('llm_setting', {
  id: integer().primaryKey(),
  provider: varchar(50).notNull().index(),
  model_name: text().notNull(),
  api_key: text().notNull(),$extra_llm
});

export const chatSession = table('chat_session', {
  id: integer().primaryKey(),
  config_id: integer().notNull().references(() => llmSetting.id, { onDelete: 'cascade' }),
  created_at: timestamp().notNull().default(sql\`CURRENT_TIMESTAMP\`),
}, (t) => [index('ix_chat_session_created').on(t.created_at)]);
$extra_tables
MODELS
  echo "  (edited src/db/models.ts)" >&2
}

step "初始化设置: ambix init migrations, then point the config at the models"
ambix init migrations
cat > ambix.config.ts <<'EOF2'
import { defineConfig } from 'ambix';

export default defineConfig({
  url: 'sqlite:./data/app.db',
  migrations: 'migrations',
  schema: './src/db/models.ts',
});
EOF2
models

step "第5-6步 the initial migration: autogenerate, review, upgrade"
ambix revision --autogenerate -m "initial migration: create tables"
sed -n '/async upgrade/,/^});/p' "$(newest)" >&2
ambix upgrade head
ambix current
sql "INSERT INTO llm_setting (provider, model_name, api_key) VALUES ('openai', 'gpt-4o', 'k1'), ('old_name', 'claude', 'k2')"

step "日常开发流程 场景3: add a field with a default; check sees it; autogenerate; review the SQL; upgrade"
models "
  timeout: integer().notNull().default(30),"
ambix check || true
ambix revision --autogenerate -m "add timeout to llm_setting"
ambix upgrade "$(ambix heads -q --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].downRevisions[0]))')":head --sql
ambix upgrade head
sql "SELECT provider, timeout FROM llm_setting"
ambix check

step "场景5: change a type (SQLite rebuilds the table, keeping rows and indexes)"
models "
  timeout: integer().notNull().default(30),"
sed -i 's/api_key: text().notNull(),/api_key: varchar(255).notNull(),/' src/db/models.ts
ambix revision --autogenerate -m "api_key to varchar"
ambix upgrade head
sql "SELECT name, type FROM pragma_table_info('llm_setting')"

step "附录 a data migration with a live connection (written by hand)"
ambix revision -m "rename the old provider"
node -e '
  const fs = require("fs"); const f = process.argv[1]; let s = fs.readFileSync(f, "utf8");
  s = s.replace("async upgrade(op, ctx) {\n\n  }", "async upgrade(op, ctx) {\n    const r = await op.getBind().execute(\"UPDATE llm_setting SET provider = ? WHERE provider = ?\", [\"openai\", \"old_name\"]);\n    ctx.log(`updated ${r.rowsAffected} row(s)`);\n  }");
  fs.writeFileSync(f, s);' "$(newest)"
ambix upgrade head
sql "SELECT provider, count(*) FROM llm_setting GROUP BY provider"

step "场景2 a rename: autogenerate warns and asks; --rename keeps the data"
sed -i 's/  api_key: varchar(255).notNull(),/  secret_key: varchar(255).notNull(),/' src/db/models.ts
ambix check || true
ambix revision --autogenerate -m "rename api_key to secret_key" --rename llm_setting.api_key=llm_setting.secret_key
ambix upgrade head
sql "SELECT id, secret_key FROM llm_setting"
ambix history -i

step "紧急回滚: downgrade -1, look, upgrade +1 (a backup was written before each run)"
ambix downgrade -1
ambix current
sql "SELECT id, api_key FROM llm_setting"
ambix upgrade +1
ls data/*.bak >&2

step "团队协作: Alice adds a table (autogenerate) while Bob branches from the same head by hand"
BASE=$(ambix heads -q --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].revision))')
models "
  timeout: integer().notNull().default(30),
  is_active: boolean().notNull().default(true)," "export const task = table('task', {
  id: integer().primaryKey(),
  title: text().notNull(),
  status: varchar(20).notNull().default('pending'),
});"
sed -i 's/api_key: text().notNull(),/secret_key: varchar(255).notNull(),/' src/db/models.ts
ambix revision -m "alice: add task table"
node -e '
  const fs = require("fs"); const f = process.argv[1]; let s = fs.readFileSync(f, "utf8");
  s = s.replace("import { defineMigration } from '"'"'ambix'"'"';", "import { defineMigration } from '"'"'ambix'"'"';\nimport { integer, text, varchar } from '"'"'ambix/schema'"'"';");
  s = s.replace("async upgrade(op, ctx) {\n\n  }", "async upgrade(op, ctx) {\n    await op.createTable(\"task\", { id: integer().primaryKey(), title: text().notNull(), status: varchar(20).notNull().default(\"pending\") });\n  }");
  s = s.replace("async downgrade(op, ctx) {\n\n  }", "async downgrade(op, ctx) {\n    await op.dropTable(\"task\");\n  }");
  fs.writeFileSync(f, s);' "$(newest)"
ambix revision -m "bob: add is_active to llm_setting" --head "$BASE" --splice
node -e '
  const fs = require("fs"); const f = process.argv[1]; let s = fs.readFileSync(f, "utf8");
  s = s.replace("import { defineMigration } from '"'"'ambix'"'"';", "import { defineMigration } from '"'"'ambix'"'"';\nimport { boolean } from '"'"'ambix/schema'"'"';");
  s = s.replace("async upgrade(op, ctx) {\n\n  }", "async upgrade(op, ctx) {\n    await op.addColumn(\"llm_setting\", \"is_active\", boolean().notNull().default(true));\n  }");
  s = s.replace("async downgrade(op, ctx) {\n\n  }", "async downgrade(op, ctx) {\n    await op.dropColumn(\"llm_setting\", \"is_active\");\n  }");
  fs.writeFileSync(f, s);' "$(newest)"
ambix heads
ambix branches
echo "A new revision now needs a choice; this fails with what to do next:" >&2
ambix revision -m "next change" || true
ambix upgrade heads
ambix merge heads -m "merge alice and bob"
ambix upgrade head
ambix current
ambix check
ambix history

step "标记版本: stamp records a revision without running it"
ambix stamp "$BASE"
ambix current
ambix stamp head
ambix current -v

step "故障排查: the errors the manual lists, each with its fix"
ambix show 0bad || true
sed -i 's/  title: text().notNull(),/  title: text().notNull(),\n  owner_id: integer().references("llmconfig.id"),/' src/db/models.ts
ambix check || true
sed -i '/owner_id/d' src/db/models.ts
echo "错误1/3 Target database is not up to date: autogenerate while the database is behind" >&2
ambix downgrade "$BASE" -q
ambix revision --autogenerate -m "too early" || true
ambix upgrade head -q
ambix check

step "团队协作: before a merge request, the migration test suite on a scratch copy (single head, upgrade, models match, stairway)"
ambix test

echo >&2
echo "Demo project left in $WORK (src/db/models.ts the models; migrations/versions the revisions; data/app.db the database)." >&2
