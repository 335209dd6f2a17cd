import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import {
  bigint, blob, boolean, char, date, double, enumType, integer, isColumnBuilder, json, numeric, rawType, real, smallint, sql, text, time, timestamp, toColumn, uuid, varchar,
  table, type ColumnBuilder,
} from '../../src/schema/index.js';

/** The thrown UserError, for asserting its message and hint. */
function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a UserError');
}

const plain = { nullable: true, primaryKey: false, autoincrement: false };

describe('column types', () => {
  const cases: [string, ColumnBuilder<any>, unknown][] = [
    ['integer', integer(), { kind: 'integer' }],
    ['bigint', bigint(), { kind: 'bigint' }],
    ['bigint number mode', bigint({ mode: 'number' }), { kind: 'bigint' }],
    ['smallint', smallint(), { kind: 'smallint' }],
    ['real', real(), { kind: 'real' }],
    ['double', double(), { kind: 'double' }],
    ['numeric', numeric(), { kind: 'numeric' }],
    ['numeric(10)', numeric(10), { kind: 'numeric', precision: 10 }],
    ['numeric(10, 2)', numeric(10, 2), { kind: 'numeric', precision: 10, scale: 2 }],
    ['text', text(), { kind: 'text' }],
    ['varchar', varchar(), { kind: 'varchar' }],
    ['varchar(50)', varchar(50), { kind: 'varchar', length: 50 }],
    ['char(2)', char(2), { kind: 'char', length: 2 }],
    ['boolean', boolean(), { kind: 'boolean' }],
    ['date', date(), { kind: 'date' }],
    ['time', time(), { kind: 'time' }],
    ['timestamp', timestamp(), { kind: 'timestamp' }],
    ['timestamptz', timestamp({ withTimezone: true }), { kind: 'timestamp', withTimezone: true }],
    ['json', json(), { kind: 'json' }],
    ['uuid', uuid(), { kind: 'uuid' }],
    ['blob', blob(), { kind: 'blob' }],
    ['enum', enumType('mood', ['happy', 'sad']), { kind: 'enum', name: 'mood', values: ['happy', 'sad'] }],
    ['raw', rawType('tsvector'), { kind: 'raw', sql: 'tsvector' }],
  ];
  it.each(cases)('%s builds a nullable column of its type', (_, builder, type) => {
    expect(toColumn(builder, 'c')).toEqual({ name: 'c', type, ...plain });
  });

  it('refuses bad type arguments at once', () => {
    expect(() => varchar(0)).toThrow('varchar(length) takes a positive whole number; got 0');
    expect(() => char(1.5)).toThrow('char(length) takes a positive whole number');
    expect(() => numeric(5, 6)).toThrow('numeric(5, scale) takes a scale from 0 to 5; got 6');
    expect(() => numeric(undefined, 2)).toThrow('a scale needs a precision');
    expect(() => enumType('mood', [] as unknown as ['a'])).toThrow("enumType('mood', values) needs a non-empty array of strings");
    expect(() => enumType('mood', ['a', 'a'])).toThrow("enumType('mood') lists 'a' twice");
    expect(() => enumType('', ['a'])).toThrow('needs a type name');
    expect(() => bigint({ mode: 'float' as 'number' })).toThrow("bigint({ mode }) takes 'bigint', 'number' or 'string'");
  });
});

describe('column modifiers', () => {
  it('notNull, nullable, comment', () => {
    expect(toColumn(text().notNull(), 'a')).toEqual({ name: 'a', type: { kind: 'text' }, nullable: false, primaryKey: false, autoincrement: false });
    expect(toColumn(text().notNull().nullable(), 'a').nullable).toBe(true);
    expect(toColumn(text().comment('shown to users'), 'a').comment).toBe('shown to users');
  });

  it('an integer primary key is NOT NULL and autoincrement; other keys are not autoincrement', () => {
    expect(toColumn(integer().primaryKey(), 'id')).toEqual({ name: 'id', type: { kind: 'integer' }, nullable: false, primaryKey: true, autoincrement: true });
    expect(toColumn(integer().primaryKey({ autoincrement: false }), 'id').autoincrement).toBe(false);
    expect(toColumn(bigint().primaryKey(), 'id').autoincrement).toBe(false);
    expect(toColumn(bigint().primaryKey({ autoincrement: true }), 'id').autoincrement).toBe(true);
    expect(toColumn(uuid().primaryKey(), 'id')).toMatchObject({ nullable: false, primaryKey: true, autoincrement: false });
  });

  it('unique, index and references stay on a lone column as flags', () => {
    const c = toColumn(integer().notNull().unique().index().references('llm_setting.id', { onDelete: 'cascade', onUpdate: 'restrict', name: 'fk_x' }), 'config_id');
    expect(c).toMatchObject({ unique: true, index: true, references: { table: 'llm_setting', column: 'id', onDelete: 'cascade', onUpdate: 'restrict', name: 'fk_x' } });
    expect(toColumn(integer().references('app.user.id'), 'u').references).toEqual({ schema: 'app', table: 'user', column: 'id' });
  });

  it('references a table column through a thunk', () => {
    const user = table('user', { id: integer().primaryKey() });
    expect(toColumn(integer().references(() => user.id), 'user_id').references).toEqual({ table: 'user', column: 'id' });
  });

  it('builders are immutable and frozen', () => {
    const base = integer();
    const required = base.notNull();
    expect(toColumn(base, 'a').nullable).toBe(true);
    expect(toColumn(required, 'a').nullable).toBe(false);
    expect(Object.isFrozen(base)).toBe(true);
    expect(Object.isFrozen(toColumn(required, 'a'))).toBe(true);
    expect(isColumnBuilder(base)).toBe(true);
    expect(isColumnBuilder({ kind: 'integer' })).toBe(false);
  });

  it('recognises a builder of another copy of ambix by its Symbol.for brand', () => {
    const foreign = { [Symbol.for('ambix.columnBuilder')]: { kind: 'columnBuilder', type: { kind: 'text' }, primaryKey: false, hasDefault: false, unique: false, index: false } };
    expect(isColumnBuilder(foreign)).toBe(true);
    expect(toColumn(foreign as never, 'a').type).toEqual({ kind: 'text' });
  });

  it('refuses bad modifier arguments', () => {
    expect(() => integer().references(5 as never)).toThrow(".references() takes 'table.column' or () => table.column; got 5");
    expect(() => integer().references('a.b', { onDelete: 'explode' as 'cascade' })).toThrow(".references(): onDelete must be one of 'cascade', 'restrict', 'no action', 'set null', 'set default'");
    expect(() => toColumn(integer().references('nodot'), 'x')).toThrow("Column x references 'nodot', which is not 'table.column'");
  });

  it('a primary key cannot be nullable', () => {
    const e = userError(() => toColumn(integer().nullable().primaryKey(), 'id'));
    expect(e.message).toBe('Column id is a primary key and cannot be .nullable()');
    expect(e.hint).toContain('Remove .nullable()');
  });

  it('refuses a value that is not a builder', () => {
    expect(() => toColumn({ kind: 'integer' } as never, 'n')).toThrow('Column n is not a column definition; got {"kind":"integer"}');
  });
});

describe('server defaults', () => {
  const def = (b: ColumnBuilder<any>) => toColumn(b, 'c').default;
  it('takes literals of the column type', () => {
    expect(def(integer().default(30))).toEqual({ kind: 'literal', value: 30 });
    expect(def(smallint().default(-5))).toEqual({ kind: 'literal', value: -5 });
    expect(def(bigint().default(5n))).toEqual({ kind: 'literal', value: 5 });
    expect(def(bigint().default(2n ** 62n))).toEqual({ kind: 'sql', text: '4611686018427387904' });
    expect(def(real().default(1.5))).toEqual({ kind: 'literal', value: 1.5 });
    expect(def(numeric(10, 2).default('19.99'))).toEqual({ kind: 'literal', value: '19.99' });
    expect(def(numeric(10, 2).default(0))).toEqual({ kind: 'literal', value: 0 });
    expect(def(varchar(5).default('abc'))).toEqual({ kind: 'literal', value: 'abc' });
    expect(def(boolean().default(false))).toEqual({ kind: 'literal', value: false });
    expect(def(date().default('2026-02-04'))).toEqual({ kind: 'literal', value: '2026-02-04' });
    expect(def(date().default(new Date('2026-02-04T10:00:00Z')))).toEqual({ kind: 'literal', value: '2026-02-04' });
    expect(def(time().default('09:30'))).toEqual({ kind: 'literal', value: '09:30' });
    expect(def(timestamp().default('2026-02-04 15:30:00'))).toEqual({ kind: 'literal', value: '2026-02-04 15:30:00' });
    expect(def(timestamp().default(new Date('2026-02-04T15:30:00Z')))).toEqual({ kind: 'literal', value: '2026-02-04 15:30:00' });
    expect(def(timestamp({ withTimezone: true }).default(new Date('2026-02-04T15:30:00.250Z')))).toEqual({ kind: 'literal', value: '2026-02-04 15:30:00.250+00:00' });
    expect(def(json().default({ theme: 'dark' }))).toEqual({ kind: 'literal', value: '{"theme":"dark"}' });
    expect(def(json().default('[]'))).toEqual({ kind: 'literal', value: '[]' });
    expect(def(uuid().default('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'))).toEqual({ kind: 'literal', value: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' });
    expect(def(enumType('mood', ['happy', 'sad']).default('sad'))).toEqual({ kind: 'literal', value: 'sad' });
    expect(def(text().default(null))).toEqual({ kind: 'literal', value: null });
  });

  it('passes sql`...` through untouched, on any type', () => {
    expect(def(timestamp().default(sql`CURRENT_TIMESTAMP`))).toEqual({ kind: 'sql', text: 'CURRENT_TIMESTAMP' });
    expect(def(blob().default(sql`x'00'`))).toEqual({ kind: 'sql', text: "x'00'" });
  });

  it.each([
    [integer().default('30' as never), 'Column c: default "30" does not fit integer, which takes a whole number'],
    [integer().default(1.5), 'Column c: default 1.5 does not fit integer, which takes a whole number'],
    [integer().default(3_000_000_000), 'which takes a whole number from -2147483648 to 2147483647'],
    [smallint().default(40_000), 'which takes a whole number from -32768 to 32767'],
    [real().default(Number.NaN), 'default NaN does not fit real, which takes a finite number'],
    [numeric(5, 2).default(1234.5), 'does not fit numeric(5, 2), which takes a number or a decimal string with at most 3 digits before the point and 2 after'],
    [numeric(5, 2).default('1.234'), 'with at most 3 digits before the point'],
    [text().default(5 as never), 'Column c: default 5 does not fit text, which takes a string'],
    [varchar(3).default('abcd'), 'does not fit varchar(3), which takes a string of at most 3 characters'],
    [boolean().default(1 as never), 'does not fit boolean, which takes true or false'],
    [date().default('2026-02-30'), "does not fit date, which takes a date 'YYYY-MM-DD' or a Date"],
    [time().default('9am'), "which takes a time 'HH:MM[:SS]'"],
    [timestamp().default('yesterday'), "which takes a timestamp 'YYYY-MM-DD HH:MM[:SS]' or a Date"],
    [json().default('{oops'), 'which takes a JSON value (a string is taken as JSON text and must parse)'],
    [uuid().default('not-a-uuid'), 'does not fit uuid, which takes a UUID string'],
    [blob().default('00' as never), 'does not fit blob, which takes a sql`...` expression'],
    [enumType('mood', ['happy', 'sad']).default('angry' as never), "does not fit enum mood, which takes one of 'happy', 'sad'"],
  ])('refuses a default that does not fit the type (%#)', (builder, message) => {
    const e = userError(() => toColumn(builder, 'c'));
    expect(e.message).toContain(message);
    expect(e.hint).toBe('Fix the value, or give a SQL expression with sql`...`.');
  });

  it('names the table in the message when the column belongs to one', () => {
    expect(() => table('llm_setting', { id: integer().primaryKey(), timeout: integer().notNull().default('30' as never) })).toThrow(
      'Column llm_setting.timeout: default "30" does not fit integer, which takes a whole number',
    );
  });

  it('refuses NULL on a NOT NULL column and a default on an autoincrement key', () => {
    expect(() => toColumn(text().notNull().default(null), 'c')).toThrow('Column c is NOT NULL but defaults to NULL');
    expect(() => toColumn(integer().primaryKey().default(1), 'id')).toThrow('Column id is an autoincrement key and cannot have a default');
    expect(toColumn(integer().primaryKey({ autoincrement: false }).default(1), 'id').default).toEqual({ kind: 'literal', value: 1 });
  });
});
