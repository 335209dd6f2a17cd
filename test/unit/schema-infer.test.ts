import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  bigint, blob, boolean, date, enumType, integer, json, numeric, sql, table, text, time, timestamp, uuid, varchar,
  type InferInsertModel, type InferSelectModel,
} from '../../src/schema/index.js';
import { repoRoot } from '../helpers/project.js';

const llmSetting = table('llm_setting', {
  id: integer().primaryKey(),
  provider: varchar(50).notNull().index(),
  model_name: text().notNull(),
  api_key: text(),
  timeout: integer().notNull().default(30),
  is_active: boolean().notNull().default(true),
  created_at: timestamp().notNull().default(sql`CURRENT_TIMESTAMP`),
});

describe('row types', () => {
  it('$inferSelect: every column, nullable ones as T | null', () => {
    expectTypeOf<typeof llmSetting.$inferSelect>().toEqualTypeOf<{
      id: number;
      provider: string;
      model_name: string;
      api_key: string | null;
      timeout: number;
      is_active: boolean;
      created_at: Date;
    }>();
    expectTypeOf<InferSelectModel<typeof llmSetting>>().toEqualTypeOf<typeof llmSetting.$inferSelect>();
  });

  it('$inferInsert: defaults, nullable columns and the autoincrement key are optional', () => {
    expectTypeOf<typeof llmSetting.$inferInsert>().toEqualTypeOf<{
      provider: string;
      model_name: string;
      id?: number;
      api_key?: string | null;
      timeout?: number;
      is_active?: boolean;
      created_at?: Date;
    }>();
    expectTypeOf<InferInsertModel<typeof llmSetting>>().toEqualTypeOf<typeof llmSetting.$inferInsert>();
  });

  it('maps every type', () => {
    const all = table('all_types', {
      big: bigint().notNull(),
      big_n: bigint({ mode: 'number' }).notNull(),
      big_s: bigint({ mode: 'string' }).notNull(),
      num: numeric(10, 2).notNull(),
      day: date().notNull(),
      at: time().notNull(),
      doc: json().notNull(),
      typed: json().$type<{ theme: string }>().notNull(),
      bin: blob().notNull(),
      id: uuid().primaryKey(),
      mood: enumType('mood', ['happy', 'sad']).notNull(),
      key: bigint().primaryKey({ autoincrement: true }),
    });
    expectTypeOf<typeof all.$inferSelect>().toEqualTypeOf<{
      big: bigint;
      big_n: number;
      big_s: string;
      num: string;
      day: Date;
      at: string;
      doc: unknown;
      typed: { theme: string };
      bin: Uint8Array;
      id: string;
      mood: 'happy' | 'sad';
      key: bigint;
    }>();
    // A uuid key is not numbered by the database: required on insert; the opted-in bigint key is optional.
    expectTypeOf<typeof all.$inferInsert>().toHaveProperty('id').toEqualTypeOf<string>();
    expectTypeOf<typeof all.$inferInsert>().toHaveProperty('key').toEqualTypeOf<bigint | undefined>();
  });

  it('types .default() by the column type and exposes columns as properties', () => {
    // @ts-expect-error a string default on an integer column
    integer().default('30');
    // @ts-expect-error a value outside the enum
    enumType('mood', ['happy', 'sad']).default('angry');
    // @ts-expect-error blob takes only sql`...`
    blob().default('00');
    expectTypeOf(llmSetting.id.name).toEqualTypeOf<string>();
    // @ts-expect-error no such column
    void llmSetting.nope;
  });
});

// expectTypeOf only asserts at compile time: compile the schema tests so a wrong row type fails here.
describe('the row-type assertions compile', () => {
  it('tsc finds no error in the schema tests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ambix-tsc-'));
    try {
      const config = {
        extends: join(repoRoot, 'tsconfig.json'),
        compilerOptions: { rootDir: repoRoot, noEmit: true, typeRoots: [join(repoRoot, 'node_modules/@types')] },
        files: [join(repoRoot, 'test/unit/schema-infer.test.ts'), join(repoRoot, 'test/unit/schema-table.test.ts'), join(repoRoot, 'test/unit/schema-columns.test.ts')],
      };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
      const r = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
