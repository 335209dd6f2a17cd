// Constraint clauses as the SQL standard writes them, which SQLite, PostgreSQL and MySQL all
// accept: one spelling, each dialect quoting and qualifying names its own way.
import type { CheckConstraint, ForeignKey, PrimaryKey, UniqueConstraint } from '../schema/model.js';

export interface ConstraintSql {
  unique(u: UniqueConstraint): string;
  foreignKey(fk: ForeignKey): string;
  check(ck: CheckConstraint): string;
  /** `CONSTRAINT name PRIMARY KEY (...)`, or without the name when it has none. */
  primaryKey(pk: PrimaryKey): string;
}

/**
 * @example constraintSql(quotePg, qualifiedPg).unique({ name: 'uq_a', columns: ['x'] }) // 'CONSTRAINT "uq_a" UNIQUE ("x")'
 */
export function constraintSql(quote: (name: string) => string, qualify: (name: string, schema?: string) => string): ConstraintSql {
  const list = (cols: readonly string[]) => cols.map(quote).join(', ');
  return {
    unique: (u) => `CONSTRAINT ${quote(u.name)} UNIQUE (${list(u.columns)})`,
    foreignKey(fk) {
      let sql = `CONSTRAINT ${quote(fk.name)} FOREIGN KEY (${list(fk.columns)}) REFERENCES ${qualify(fk.refTable, fk.refSchema)} (${list(fk.refColumns)})`;
      if (fk.onDelete) sql += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
      if (fk.onUpdate) sql += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
      return sql;
    },
    check: (ck) => `CONSTRAINT ${quote(ck.name)} CHECK (${ck.expression})`,
    primaryKey: (pk) => `${pk.name ? `CONSTRAINT ${quote(pk.name)} ` : ''}PRIMARY KEY (${list(pk.columns)})`,
  };
}
