import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../migrations.js';
import type { DialectUnderTest, TestDatabase } from './types.js';

export const sqliteUnderTest: DialectUnderTest = {
  name: 'sqlite',
  probe: async () => {},
  async create(): Promise<TestDatabase> {
    const dir = mkdtempSync(join(tmpdir(), 'ambix-sqlite-'));
    const file = join(dir, 'test.db');
    const run = <T>(f: (db: InstanceType<typeof Database>) => T): T => {
      const db = new Database(file);
      try {
        return f(db);
      } finally {
        db.close();
      }
    };
    const query = async <T>(sql: string, params: readonly unknown[] = []) => run((db) => (db.prepare(sql).reader ? (db.prepare(sql).all(...params) as T[]) : (db.prepare(sql).run(...params), [] as T[])));
    return {
      dialect: 'sqlite',
      url: `sqlite:${file}`,
      query,
      tableNames: async () => (await query<{ name: string }>(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`)).map((r) => r.name),
      columns: async (table) =>
        (await query<{ name: string; type: string; notnull: number; pk: number }>(`SELECT name, type, "notnull" AS notnull, pk FROM pragma_table_info(?)`, [table])).map((c) => ({ name: c.name, type: c.type.toLowerCase(), nullable: c.notnull === 0 && c.pk === 0 })),
      versions: async (table = 'ambix_version') => (await query<{ v: string }>(`SELECT version_num AS v FROM "${table}" ORDER BY version_num`)).map((r) => r.v),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};
