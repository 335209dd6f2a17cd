// PostgreSQL enums are types of their own, outside any table. ambix creates an enum's type with
// the first column that uses it and drops it with the last, so a model never has to manage
// `CREATE TYPE` by hand. The compiler asks an `EnumState` what exists: online it reads the
// catalog (exact, at the moment the operation compiles), offline it tracks what the rendered
// operations did.
import type { Connection, TableSource } from '../dialect.js';
import { splitEnumName } from './postgres-types.js';

/** An enum type: its schema (undefined: the connection's current schema) and name. */
export interface EnumRef {
  readonly schema: string | undefined;
  readonly name: string;
}

/** A table, or one of its columns, that stops using an enum. */
export interface EnumUser {
  readonly schema: string | undefined;
  readonly table: string;
  /** Undefined: every column of the table. */
  readonly column?: string;
}

/**
 * What the compiler did to enum types, for the offline tracker. Who uses a type is not an event:
 * offline, it is read from the tracked schema (the one `applyOps` keeps, renames and assumed
 * tables included); online, from the catalog.
 */
export type EnumEvent =
  /** `guarded`: created only if missing, so other users may exist that this run never saw. */
  | { readonly kind: 'created'; readonly type: EnumRef; readonly guarded?: boolean }
  | { readonly kind: 'dropped'; readonly type: EnumRef };

/**
 * Whether enum types exist and who uses them. `undefined` answers "cannot know" (offline,
 * rendering a range that starts past base); the compiler then writes SQL that decides on the
 * server (a guarded `DO` block) instead of guessing.
 */
export interface EnumState {
  exists(type: EnumRef): Promise<boolean | undefined>;
  /** Whether any column other than `except` uses the type (`tables`: the tables as the run knows them). */
  usedOutside(type: EnumRef, except: EnumUser, tables: TableSource): Promise<boolean | undefined>;
  note(event: EnumEvent): void;
  /** Offline: from here on the database is known to start empty (the version table is being created). */
  startsEmpty(): void;
  /** The type's values in order; undefined when not known (offline). */
  values(type: EnumRef): Promise<readonly string[] | undefined>;
  /**
   * The table columns of the type (or of its array type) as far as known: all of them online,
   * those this rendering has seen offline. A partition's or child table's inherited column is
   * left out (ALTER TABLE on the parent changes it).
   */
  users(type: EnumRef, tables: TableSource): Promise<readonly EnumColumnUser[]>;
}

/** A table column of an enum type; `array` when it holds an array of it. */
export interface EnumColumnUser {
  readonly schema: string | undefined;
  readonly table: string;
  readonly column: string;
  readonly array?: boolean;
}

/** The enum a column type names, as a reference in the table's schema (or its own). */
export function enumRef(typeName: string, tableSchema: string | undefined): EnumRef {
  const { schema, name } = splitEnumName(typeName);
  return { schema: schema ?? tableSchema, name };
}

/** Reads the live catalog: what exists right now, in this transaction. */
export function liveEnumState(conn: Connection): EnumState {
  return {
    async exists(type) {
      const rows = await conn.query(
        `SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE t.typname = $1 AND n.nspname = COALESCE($2::text, current_schema())`,
        [type.name, type.schema ?? null],
      );
      return rows.length > 0;
    },
    async usedOutside(type, except) {
      // Columns of the type or of its array type, and domains over it, keep it alive; an index's
      // own columns do not (they go with the column they index).
      const rows = await conn.query(
        `SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
         WHERE t.typname = $1 AND tn.nspname = COALESCE($2::text, current_schema()) AND (
           EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace
                   WHERE (a.atttypid = t.oid OR a.atttypid = t.typarray) AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind NOT IN ('i', 'I')
                     AND NOT (cn.nspname = COALESCE($3::text, current_schema()) AND c.relname = $4 AND ($5::text IS NULL OR a.attname = $5)))
           OR EXISTS (SELECT 1 FROM pg_catalog.pg_type d WHERE d.typbasetype = t.oid))`,
        [type.name, type.schema ?? null, except.schema ?? null, except.table, except.column ?? null],
      );
      return rows.length > 0;
    },
    note() {},
    startsEmpty() {},
    async values(type) {
      const rows = await conn.query(
        `SELECT e.enumlabel::text AS v FROM pg_catalog.pg_enum e JOIN pg_catalog.pg_type t ON t.oid = e.enumtypid JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
         WHERE t.typname = $1 AND n.nspname = COALESCE($2::text, current_schema()) ORDER BY e.enumsortorder`,
        [type.name, type.schema ?? null],
      );
      return rows.length ? rows.map((r) => r.v as string) : undefined;
    },
    async users(type) {
      const rows = await conn.query(
        `SELECT CASE WHEN cn.nspname = current_schema() THEN NULL ELSE cn.nspname END AS schema, c.relname AS "table", a.attname AS "column", a.atttypid = t.typarray AS "array"
         FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
         JOIN pg_catalog.pg_attribute a ON a.atttypid = t.oid OR a.atttypid = t.typarray
         JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace
         WHERE t.typname = $1 AND tn.nspname = COALESCE($2::text, current_schema()) AND c.relkind IN ('r', 'p')
           AND a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount = 0
         ORDER BY cn.nspname, c.relname, a.attnum`,
        [type.name, type.schema ?? null],
      );
      return rows.map((r) => ({ schema: (r.schema as string | null) ?? undefined, table: r.table as string, column: r.column as string, ...(r.array ? { array: true } : {}) }));
    },
  };
}

/** The columns of the known tables whose type is the enum `type` (offline: the tracked schema). */
function columnsOf(type: EnumRef, tables: TableSource): EnumColumnUser[] {
  const out: EnumColumnUser[] = [];
  for (const t of tables.all?.() ?? []) {
    for (const c of t.columns) {
      if (c.type.kind !== 'enum') continue;
      const ref = enumRef(c.type.name, t.schema);
      if (ref.name === type.name && (ref.schema ?? '') === (type.schema ?? '')) out.push({ schema: t.schema, table: t.name, column: c.name });
    }
  }
  return out;
}

function isUser(u: EnumColumnUser, except: EnumUser): boolean {
  return (u.schema ?? '') === (except.schema ?? '') && u.table === except.table && (except.column === undefined || u.column === except.column);
}

/**
 * Offline bookkeeping of which enum types exist, fed by the compiler as it renders each
 * operation; who uses them comes from the tracked schema. Rendering from base (the version table
 * is created first) knows everything; a range that starts later knows only what it has seen,
 * and says `undefined` for the rest.
 */
export function trackedEnumState(): EnumState {
  /** Types created in this rendering (`complete`: every user is known), and types dropped in it. */
  const created = new Map<string, { complete: boolean }>();
  const dropped = new Set<string>();
  let fromEmpty = false;
  const key = (t: EnumRef) => `${t.schema ?? ''}\u0000${t.name}`;
  return {
    async exists(type) {
      const k = key(type);
      if (created.has(k)) return true;
      if (dropped.has(k) || fromEmpty) return false;
      return undefined;
    },
    async usedOutside(type, except, tables) {
      if (columnsOf(type, tables).some((u) => !isUser(u, except))) return true;
      const k = key(type);
      if (dropped.has(k) || fromEmpty) return false;
      return created.get(k)?.complete ? false : undefined;
    },
    note(event) {
      const k = key(event.type);
      if (event.kind === 'created') {
        created.set(k, { complete: !event.guarded });
        dropped.delete(k);
      } else {
        created.delete(k);
        dropped.add(k);
      }
    },
    startsEmpty() {
      fromEmpty = true;
    },
    async values() {
      return undefined;
    },
    async users(type, tables) {
      return columnsOf(type, tables);
    },
  };
}
