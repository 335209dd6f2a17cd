import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import {
  check, enumType, foreignKey, getTable, index, integer, primaryKey, sql, table, text, unique, uniqueIndex, validateSchema, validateTable, varchar,
  type DefinedTable, type Table,
} from '../../src/schema/index.js';

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a UserError');
}

const schemaOf = (...tables: DefinedTable<any>[]) => () => validateSchema(tables.map((t) => getTable(t)));

const llmSetting = table('llm_setting', { id: integer().primaryKey(), provider: varchar(50).notNull(), model_name: text() });

describe('validateSchema', () => {
  it('accepts the manual models', () => {
    const chat = table('chat_session', { id: integer().primaryKey(), config_id: integer().references(() => llmSetting.id) });
    expect(schemaOf(llmSetting, chat)).not.toThrow();
  });

  it('refuses a reference to an unknown table, naming the known ones', () => {
    const chat = table('chat_session', { id: integer().primaryKey(), config_id: integer().references('llm_settings.id') });
    const e = userError(schemaOf(llmSetting, chat));
    expect(e.message).toBe("Table chat_session: foreign key fk_chat_session_config_id_llm_settings (config_id) references unknown table 'llm_settings'");
    expect(e.hint).toBe("Did you mean 'llm_setting'? Known tables: llm_setting, chat_session.");
  });

  it('refuses a reference to an unknown column, naming the known ones', () => {
    const chat = table('chat_session', { id: integer().primaryKey(), config_id: integer().references('llm_setting.idd') });
    const e = userError(schemaOf(llmSetting, chat));
    expect(e.message).toBe('Table chat_session: foreign key fk_chat_session_config_id_llm_setting (config_id) references unknown column llm_setting.idd');
    expect(e.hint).toBe("Did you mean 'id'? Columns of llm_setting: id, provider, model_name.");
  });

  it('refuses a reference to columns that are neither the primary key nor unique', () => {
    const chat = table('chat_session', { id: integer().primaryKey(), provider: varchar(50).references('llm_setting.provider') });
    const e = userError(schemaOf(llmSetting, chat));
    expect(e.message).toBe('Table chat_session: foreign key fk_chat_session_provider_llm_setting (provider) references llm_setting (provider), which is neither its primary key nor unique');
    const unique = table('llm_setting', { id: integer().primaryKey(), provider: varchar(50).unique() });
    expect(schemaOf(unique, chat)).not.toThrow();
  });

  it('refuses duplicate table names (ignoring case)', () => {
    const again = table('LLM_Setting', { id: integer().primaryKey() });
    const e = userError(schemaOf(llmSetting, again));
    expect(e.message).toBe("Duplicate table name 'LLM_Setting' (also defined as 'llm_setting')");
    expect(e.hint).toContain('Each table is defined once');
  });

  it('refuses an index or constraint name used twice in the schema', () => {
    const a = table('a', { id: integer().primaryKey(), x: text() }, (t) => [index('ix_shared').on(t.x)]);
    const b = table('b', { id: integer().primaryKey(), y: text() }, (t) => [unique('ix_shared').on(t.y)]);
    const e = userError(schemaOf(a, b));
    expect(e.message).toBe("The name 'ix_shared' is used twice: by unique constraint of table b and by index of table a");
    expect(e.hint).toBe('Index and constraint names must be unique in the schema; give one of them another name.');
  });

  it('refuses one enum name with two lists of values', () => {
    const a = table('a', { id: integer().primaryKey(), mood: enumType('mood', ['happy', 'sad']) });
    const b = table('b', { id: integer().primaryKey(), mood: enumType('mood', ['happy', 'angry']) });
    expect(userError(schemaOf(a, b)).message).toBe("Enum type 'mood' has different values in a.mood (happy, sad) and b.mood (happy, angry)");
    const c = table('c', { id: integer().primaryKey(), mood: enumType('mood', ['happy', 'sad']) });
    expect(schemaOf(a, c)).not.toThrow();
  });
});

describe('table validation (when the table is built)', () => {
  it('refuses two .primaryKey() columns, pointing at the composite-key syntax', () => {
    const e = userError(() => getTable(table('member', { user_id: integer().primaryKey(), group_id: integer().primaryKey() })));
    expect(e.message).toBe("Table member has two primary keys: columns 'user_id' and 'group_id' are each .primaryKey()");
    expect(e.hint).toBe("For a composite key, drop .primaryKey() from the columns and add primaryKey({ columns: [t.user_id, t.group_id] }) to the table's extras.");
  });

  it('refuses a column key and a primaryKey() extra together', () => {
    const e = userError(() => getTable(table('member', { id: integer().primaryKey(), b: integer() }, (t) => [primaryKey({ columns: [t.id, t.b] })])));
    expect(e.message).toBe("Table member has two primary keys: column 'id' is .primaryKey() and the extras declare primaryKey({ columns })");
  });

  it('refuses an index, unique, key or foreign key on an unknown column, naming the columns', () => {
    const cols = { id: integer().primaryKey(), title: text() };
    const e = userError(() => getTable(table('task', cols, () => [index('ix_task_x').on('titel')])));
    expect(e.message).toBe("Table task: index ix_task_x names unknown column 'titel'");
    expect(e.hint).toBe('Columns of task: id, title.');
    expect(() => getTable(table('task', cols, () => [unique().on('nope')]))).toThrow("Table task: unique names unknown column 'nope'");
    expect(() => getTable(table('task', { a: integer(), b: integer() }, () => [primaryKey({ columns: ['a', 'c'] })]))).toThrow("Table task: primaryKey() names unknown column 'c'");
    expect(() => getTable(table('task', cols, () => [foreignKey({ columns: ['owner'], foreignColumns: [llmSetting.id] })]))).toThrow("Table task: foreignKey names unknown column 'owner'");
  });

  it("refuses another table's column in an index", () => {
    const e = userError(() => getTable(table('task', { id: integer().primaryKey() }, () => [index().on(llmSetting.provider)])));
    expect(e.message).toBe('Table task: index names column llm_setting.provider of another table');
  });

  it('refuses a misspelt column inside sql`...` (it would be undefined)', () => {
    const e = userError(() => getTable(table('product', { price: integer() }, (t) => [check('price_positive', sql`${(t as Record<string, unknown>).pirce} > 0`)])));
    expect(e.message).toBe('sql`${…} > 0`: value #1 is undefined');
  });

  it('refuses an index with no columns and a foreign key with mismatched columns', () => {
    expect(() => getTable(table('task', { id: integer().primaryKey() }, () => [index('ix_empty')]))).toThrow('Table task: index ix_empty has no columns');
    expect(() => getTable(table('task', { id: integer().primaryKey(), a: integer() }, (t) => [foreignKey({ columns: [t.a], foreignColumns: [llmSetting.id, llmSetting.provider] })]))).toThrow(
      'Table task: foreignKey() has 1 column(s) but 2 foreign column(s)',
    );
  });

  it('refuses duplicate names within a table', () => {
    const e = userError(() => getTable(table('task', { id: integer().primaryKey(), a: text().index() }, (t) => [uniqueIndex().on(t.a)])));
    expect(e.message).toBe("Table task: the name 'ix_task_a' is used by index and by index");
  });

  it('refuses an explicit name past the length limit (PostgreSQL would cut it)', () => {
    const name = `ix_${'x'.repeat(70)}`;
    const e = userError(() => getTable(table('task', { id: integer().primaryKey(), a: text() }, (t) => [index(name).on(t.a)])));
    expect(e.message).toBe(`Table task: index name '${name}' is 73 characters long; the limit is 63`);
  });

  it('refuses what is not a table, a column or an extra', () => {
    expect(() => table('', { id: integer() })).toThrow('A table needs a non-empty name');
    expect(() => table('t', {})).toThrow('Table t has no columns');
    expect(() => table('t', { id: 5 as never })).toThrow("Table t: column 'id' is not a column definition; got 5");
    expect(() => getTable(table('t', { id: integer() }, () => [{ kind: 'index' } as never]))).toThrow('Table t: extra #1 is not an index or constraint');
    expect(() => getTable(table('t', { id: integer() }, () => 'x' as never))).toThrow('Table t: the extras function must return an array');
  });

  it('reports a thunk to a table not defined yet', () => {
    const early = table('early', { id: integer().primaryKey(), late_id: integer().references(() => late.id) });
    expect(() => getTable(early)).toThrow(/Column early.late_id: its \.references\(\(\) => \.\.\.\) target is not defined yet/);
    const late = table('late', { id: integer().primaryKey() });
    expect(late).toBeDefined();
  });
});

describe('validateTable on the neutral model', () => {
  const base: Table = { name: 't', columns: [{ name: 'id', type: { kind: 'integer' }, nullable: false, primaryKey: true, autoincrement: true }], primaryKey: { name: 'pk_t', columns: ['id'] }, indexes: [], uniques: [], foreignKeys: [], checks: [] };
  it('accepts a well-formed table', () => expect(() => validateTable(base)).not.toThrow());
  it('refuses columns differing only in case', () => {
    expect(() => validateTable({ ...base, columns: [...base.columns, { ...base.columns[0]!, name: 'ID', primaryKey: false, autoincrement: false }] })).toThrow("Table t has two columns named 'id' and 'ID'");
  });
  it('refuses a nullable key column and a misplaced autoincrement', () => {
    expect(() => validateTable({ ...base, columns: [{ ...base.columns[0]!, nullable: true }] })).toThrow("Table t: primary key column 'id' is nullable");
    expect(() => validateTable({ ...base, columns: [{ ...base.columns[0]!, type: { kind: 'text' } }] })).toThrow("Table t: column 'id' autoincrements but is not a single-column integer primary key");
  });
});
