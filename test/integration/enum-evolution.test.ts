// Evolving an enum on every dialect: a value added, then removed, through autogenerate, the
// offline SQL and the online upgrade/downgrade. PostgreSQL changes its named type (ADD VALUE,
// committed first; a removal builds the type again), MySQL restates the column's inline ENUM,
// SQLite rebuilds the table with the new CHECK. What must hold everywhere: the database then
// takes the new value (or refuses the removed one), a value still held by rows stops the
// migration with its name and changes nothing, and the downgrade restores the old values.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, serversAvailable, type DialectName, type TestDatabase } from '../helpers/dialects/index.js';
import { MigrationProject } from '../helpers/migrations.js';

/** The SQL `upgrade initial:add_ok --sql` writes to add 'ok' between 'happy' and 'sad'. */
const ADD_VALUE_SQL: Record<DialectName, RegExp[]> = {
  sqlite: [/CREATE TABLE "_ambix_tmp_task" \([^;]*CHECK \("mood" IN \('happy', 'ok', 'sad'\)\)/, /INSERT INTO "_ambix_tmp_task" \("id", "mood"\) SELECT "id", "mood" FROM "task";/, /ALTER TABLE "_ambix_tmp_task" RENAME TO "task";/],
  postgres: [/ALTER TYPE "mood" ADD VALUE IF NOT EXISTS 'ok' AFTER 'happy';/],
  mysql: [/ALTER TABLE `task` MODIFY COLUMN `mood` ENUM\('happy', ?'ok', ?'sad'\) NOT NULL DEFAULT 'happy';/],
};

/** What a downgrade that would drop a value still held by a row says. */
const HELD_VALUE_ERROR: Record<DialectName, RegExp> = {
  sqlite: /enum mood can no longer hold 'ok': rows of task\.mood still do/,
  postgres: /invalid input value for enum mood: "ok"/,
  mysql: /enum mood can no longer hold 'ok': rows of task\.mood still do/,
};

const models = (values: string[]) => `import { table, integer, enumType } from 'ambix/schema';
export const task = table('task', {
  id: integer().primaryKey(),
  mood: enumType('mood', ${JSON.stringify(values).replace(/"/g, "'")}).notNull().default('happy'),
});
export const note = table('note', {
  id: integer().primaryKey(),
  mood: enumType('mood', ${JSON.stringify(values).replace(/"/g, "'")}),
});
`;

// A dialect whose server is missing is skipped locally; under CI=true the file fails.
const up = await serversAvailable(DIALECTS);

for (const dialect of DIALECTS) {
  const name = dialect.name;
  describe.skipIf(!up.get(name))(name, () => {
    let db: TestDatabase;
    let p: MigrationProject;
    beforeEach(async () => {
      db = await dialect.create();
      p = new MigrationProject();
      p.config(`schema: './src/db/models.ts', url: '${db.url}', backup: false`);
    });
    afterEach(async () => {
      await db?.drop();
      p?.remove();
    });

    const ok = (r: { code: number; stderr: string; stdout: string }) => {
      expect(r.code, r.stderr + r.stdout).toBe(0);
      return r;
    };
    const file = (slug: string) => p.read(`migrations/versions/${p.ls('migrations/versions').find((f) => f.endsWith(`_${slug}.ts`))!}`);
    const idOf = (slug: string) => /Revision ID: (\w+)/.exec(file(slug))![1]!;
    /** Whether the database takes a row with this mood (the enum's values, as the database enforces them). */
    async function takes(value: string): Promise<boolean> {
      try {
        await db.query(`INSERT INTO note (id, mood) VALUES (999, '${value}')`);
      } catch {
        return false;
      }
      await db.query('DELETE FROM note WHERE id = 999');
      return true;
    }

    it('adding a value: check lists it, autogenerate writes op.alterEnum, the database takes it; the downgrade refuses while a row holds it', async () => {
      p.write('src/db/models.ts', models(['happy', 'sad']));
      ok(p.ambix('revision', '--autogenerate', '-m', 'initial'));
      ok(p.ambix('upgrade', 'head'));
      await db.query(`INSERT INTO task (id, mood) VALUES (1, 'sad')`);
      expect(await takes('ok')).toBe(false);

      p.write('src/db/models.ts', models(['happy', 'ok', 'sad']));
      const c = p.ambix('check');
      expect(c.code).toBe(1);
      expect(c.stdout).toContain("~ enum mood (happy, sad) -> (happy, ok, sad) on note.mood, task.mood (adds 'ok')");
      ok(p.ambix('revision', '--autogenerate', '-m', 'add ok'));
      const text = file('add_ok');
      expect(text).toContain("await op.alterEnum('mood', ['happy', 'ok', 'sad'], { columns: { note: ['mood'], task: ['mood'] } });");
      expect(text).toContain("await op.alterEnum('mood', ['happy', 'sad'], { columns: { note: ['mood'], task: ['mood'] } });");
      // Only PostgreSQL needs the value committed before the migration can use it.
      expect(text.includes('await op.autocommitBlock(async () => {')).toBe(name === 'postgres');

      const sql = ok(p.ambix('upgrade', `${idOf('initial')}:${idOf('add_ok')}`, '--sql'));
      for (const re of ADD_VALUE_SQL[name]) expect(sql.stdout).toMatch(re);

      ok(p.ambix('upgrade', 'head'));
      expect(await takes('ok')).toBe(true);
      await db.query(`UPDATE task SET mood = 'ok' WHERE id = 1`);
      expect(ok(p.ambix('check')).stderr).toContain('No new upgrade operations detected.');

      const down = p.ambix('downgrade', '-1');
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(HELD_VALUE_ERROR[name]);
      expect(await db.versions()).toEqual([idOf('add_ok')]);
      expect(await takes('ok')).toBe(true);

      await db.query(`UPDATE task SET mood = 'sad' WHERE id = 1`);
      ok(p.ambix('downgrade', '-1'));
      expect(await db.versions()).toEqual([idOf('initial')]);
      expect(await takes('ok')).toBe(false);
      expect(await db.query(`SELECT mood FROM task`)).toEqual([{ mood: 'sad' }]);
    });

    it('replacing a value: widened first, defaults moved, then narrowed; rows keep their values', async () => {
      p.write('src/db/models.ts', models(['happy', 'sad']));
      ok(p.ambix('revision', '--autogenerate', '-m', 'initial'));
      ok(p.ambix('upgrade', 'head'));
      await db.query(`INSERT INTO task (id, mood) VALUES (1, 'happy'), (2, 'sad')`);

      // 'sad' gives way to 'meh', which becomes the default.
      p.write('src/db/models.ts', models(['happy', 'meh']).replace(".default('happy')", ".default('meh')"));
      ok(p.ambix('revision', '--autogenerate', '-m', 'meh'));
      const text = file('meh');
      expect(text).toContain("await op.alterEnum('mood', ['happy', 'meh', 'sad'], { columns: { note: ['mood'], task: ['mood'] } });");
      expect(text).toContain("await op.alterEnum('mood', ['happy', 'meh'], { columns: { note: ['mood'], task: ['mood'] } });");
      expect(text).toContain("// ambix: destructive — removes 'sad' from enum mood");

      // A row still holds 'sad': the upgrade stops, naming it, and leaves the database as it was.
      const refused = p.ambix('upgrade', 'head');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(name === 'postgres' ? /invalid input value for enum mood: "sad"/ : /enum mood can no longer hold 'sad': rows of task\.mood still do/);
      expect(await db.versions()).toEqual([idOf('initial')]);
      expect(await takes('sad')).toBe(true);

      await db.query(`UPDATE task SET mood = 'happy' WHERE id = 2`);
      if (name === 'mysql') {
        // MySQL committed the widening and the new default before the narrowing stopped: the
        // message lists them, and `stamp` back to where the database is records the repair.
        expect(refused.stderr).toMatch(/may be partly applied \(this database commits DDL as it goes\): the statements it ran before the failure: \(1\) ALTER TABLE `note` MODIFY COLUMN `mood` ENUM/);
        expect(p.ambix('upgrade', 'head').stderr).toContain('never finished');
        ok(p.ambix('stamp', idOf('initial')));
      }
      ok(p.ambix('upgrade', 'head'));
      expect(await takes('meh')).toBe(true);
      expect(await takes('sad')).toBe(false);
      await db.query(`INSERT INTO task (id) VALUES (3)`);
      expect(await db.query(`SELECT id, mood FROM task ORDER BY id`)).toEqual([
        { id: 1, mood: 'happy' },
        { id: 2, mood: 'happy' },
        { id: 3, mood: 'meh' },
      ]);
      expect(ok(p.ambix('check')).stderr).toContain('No new upgrade operations detected.');

      await db.query(`DELETE FROM task WHERE id = 3`);
      ok(p.ambix('downgrade', '-1'));
      expect(await takes('sad')).toBe(true);
      expect(await takes('meh')).toBe(false);
    });
  });
}
