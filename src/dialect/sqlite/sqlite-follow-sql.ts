import type { Column } from '../../schema/model.js';
import type { RawSqlEffects } from '../dialect.js';
import { parseCreateTable } from './create-table-parser.js';
import { parseSqliteType } from './sqlite-types.js';

/**
 * Offline, a table that raw SQL created (`op.execute('CREATE TABLE ...')`) is known from its
 * definition when it has only what ambix models plainly (columns, NOT NULL, a primary key), so a
 * later rebuild of it can be written; anything else leaves it unknown, and that rebuild says so.
 */
export function followSqliteSql(sql: string, effects: RawSqlEffects): void {
  for (const stmt of sql.split(/;\s*(?:\n|$)/)) {
    const s = stmt.trim();
    if (!/^CREATE\s+(?:TEMP\w*\s+)?TABLE\b/i.test(s)) continue;
    try {
      const p = parseCreateTable(s);
      if (p.constraints.length || p.columns.some((c) => c.constraints.some((k) => !['notNull', 'null', 'primaryKey'].includes(k.kind)))) continue;
      const cols: Column[] = p.columns.map((c) => ({
        name: c.name,
        type: parseSqliteType(c.typeText),
        nullable: !c.constraints.some((k) => k.kind === 'notNull' || k.kind === 'primaryKey'),
        primaryKey: c.constraints.some((k) => k.kind === 'primaryKey'),
        autoincrement: c.constraints.some((k) => k.kind === 'primaryKey') && /^INTEGER$/i.test(c.typeText.trim()),
      }));
      effects.created({ name: p.name, columns: cols, indexes: [], uniques: [], foreignKeys: [], checks: [] });
    } catch {
      // Not a definition ambix can read: the table stays unknown.
    }
  }
}
