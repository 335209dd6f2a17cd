import { describe, expect, it } from 'vitest';
import {
  boolean, buildTable, check, columnConstraints, toColumn, foreignKey, getTable, index, integer, isTable, primaryKey, sql, table, text, timestamp, unique, uniqueIndex, varchar,
  type Table,
  type TableColumn,
} from '../../src/schema/index.js';
import { resolveConfig } from '../../src/config/load-config.js';
import { validateConfig } from '../../src/config/validate-config.js';
import { checkNamingConvention, conventionalName, DEFAULT_NAMING_CONVENTION, resolveNamingConvention, shortenName } from '../../src/schema/naming.js';

// The manual's models (SPEC §3).
const llmSetting = table('llm_setting', {
  id: integer().primaryKey(),
  provider: varchar(50).notNull().index(),
  model_name: text().notNull(),
  api_key: text().notNull(),
  timeout: integer().notNull().default(30),
  is_active: boolean().notNull().default(true),
});

const chatSession = table(
  'chat_session',
  {
    id: integer().primaryKey(),
    config_id: integer().notNull().references('llm_setting.id', { onDelete: 'cascade' }),
    created_at: timestamp().notNull().default(sql`CURRENT_TIMESTAMP`),
  },
  (t) => [index('ix_chat_session_created').on(t.created_at), unique().on(t.config_id, t.created_at)],
);

describe('table()', () => {
  it('builds the neutral Table, naming every index and constraint', () => {
    expect(getTable(chatSession)).toEqual({
      name: 'chat_session',
      columns: [
        { name: 'id', type: { kind: 'integer' }, nullable: false, primaryKey: true, autoincrement: true },
        { name: 'config_id', type: { kind: 'integer' }, nullable: false, primaryKey: false, autoincrement: false },
        { name: 'created_at', type: { kind: 'timestamp' }, nullable: false, primaryKey: false, autoincrement: false, default: { kind: 'sql', text: 'CURRENT_TIMESTAMP' } },
      ],
      primaryKey: { name: 'pk_chat_session', columns: ['id'] },
      indexes: [{ name: 'ix_chat_session_created', columns: ['created_at'], unique: false }],
      uniques: [{ name: 'uq_chat_session_config_id_created_at', columns: ['config_id', 'created_at'] }],
      foreignKeys: [{ name: 'fk_chat_session_config_id_llm_setting', columns: ['config_id'], refTable: 'llm_setting', refColumns: ['id'], onDelete: 'cascade' }],
      checks: [],
    } satisfies Table);
    expect(getTable(llmSetting).indexes).toEqual([{ name: 'ix_llm_setting_provider', columns: ['provider'], unique: false }]);
  });

  it('exposes each column as a property, and the Table is frozen and built once', () => {
    expect(llmSetting.id).toMatchObject({ kind: 'tableColumn', table: 'llm_setting', name: 'id' });
    expect(String(llmSetting.provider)).toBe('provider');
    expect(isTable(llmSetting)).toBe(true);
    expect(isTable({ id: 1 })).toBe(false);
    const t = getTable(llmSetting);
    expect(getTable(llmSetting)).toBe(t);
    expect(Object.isFrozen(t) && Object.isFrozen(t.columns) && Object.isFrozen(t.columns[0]) && Object.isFrozen(t.indexes[0]!.columns)).toBe(true);
  });

  it('resolves .references(() => ...) lazily, so a table may point at one defined later (or itself, with the thunk typed)', () => {
    const post = table('post', { id: integer().primaryKey(), author_id: integer().references(() => author.id, { onDelete: 'set null' }) });
    const author = table('author', { id: integer().primaryKey(), mentor_id: integer().references((): TableColumn => author.id) });
    expect(getTable(post).foreignKeys).toEqual([{ name: 'fk_post_author_id_author', columns: ['author_id'], refTable: 'author', refColumns: ['id'], onDelete: 'set null' }]);
    expect(getTable(author).foreignKeys[0]).toMatchObject({ name: 'fk_author_mentor_id_author', refTable: 'author' });
  });

  it('turns column .unique() into a unique constraint, and .unique().index() into one unique index', () => {
    const t = getTable(table('account', { id: integer().primaryKey(), email: text().notNull().unique(), handle: text().unique().index() }));
    expect(t.uniques).toEqual([{ name: 'uq_account_email', columns: ['email'] }]);
    expect(t.indexes).toEqual([{ name: 'ix_account_handle', columns: ['handle'], unique: true }]);
    // The flags moved to the table: the columns equal what introspection reads back.
    expect(t.columns.every((c) => c.unique === undefined && c.index === undefined && c.references === undefined)).toBe(true);
  });

  it('takes every kind of extra', () => {
    const order = table('orders', { id: integer().primaryKey(), region: text().notNull() }, (t) => [unique().on(t.id, t.region)]);
    const line = table(
      'order_line',
      { order_id: integer().notNull(), region: text().notNull(), line: integer().notNull(), price: integer().notNull(), sku: text() },
      (t) => [
        primaryKey({ columns: [t.order_id, t.line] }),
        foreignKey({ columns: [t.order_id, t.region], foreignColumns: [order.id, order.region], onDelete: 'cascade' }),
        check('price_positive', sql`${t.price} > 0`),
        uniqueIndex().on(t.sku).where(sql`${t.sku} IS NOT NULL`),
        index().on('region', 'line'),
      ],
      { comment: 'one line of an order' },
    );
    const t = getTable(line);
    expect(t.primaryKey).toEqual({ name: 'pk_order_line', columns: ['order_id', 'line'] });
    expect(t.columns.filter((c) => c.primaryKey).map((c) => [c.name, c.nullable, c.autoincrement])).toEqual([['order_id', false, false], ['line', false, false]]);
    expect(t.foreignKeys).toEqual([{ name: 'fk_order_line_order_id_region_orders', columns: ['order_id', 'region'], refTable: 'orders', refColumns: ['id', 'region'], onDelete: 'cascade' }]);
    expect(t.checks).toEqual([{ name: 'ck_order_line_price_positive', expression: 'price > 0' }]);
    expect(t.indexes).toEqual([
      { name: 'ix_order_line_sku', columns: ['sku'], unique: true, where: 'sku IS NOT NULL' },
      { name: 'ix_order_line_region_line', columns: ['region', 'line'], unique: false },
    ]);
    expect(t.comment).toBe('one line of an order');
  });

  it('keeps explicit names, and a check name that already has the convention shape', () => {
    const t = getTable(
      table('product', { id: integer().notNull(), price: integer(), owner: integer().references('product.id', { name: 'product_owner_fkey' }) }, (t) => [
        primaryKey({ name: 'product_pkey', columns: [t.id] }),
        check('ck_product_price', sql`price >= 0`),
        check('legacy_chk', sql`price < 1000`, { exactName: true }),
        unique('product_price_key').on(t.price),
      ]),
    );
    expect(t.primaryKey?.name).toBe('product_pkey');
    expect(t.checks.map((c) => c.name)).toEqual(['ck_product_price', 'legacy_chk']);
    expect(t.uniques[0]!.name).toBe('product_price_key');
    expect(t.foreignKeys[0]!.name).toBe('product_owner_fkey');
  });

  it('buildTable() is table() without the wrapper: what op.createTable reuses', () => {
    const t = buildTable('task', { id: integer().primaryKey(), title: varchar(200).notNull() }, (t) => [index('ix_task_title').on(t.title)]);
    expect(t.indexes).toEqual([{ name: 'ix_task_title', columns: ['title'], unique: false }]);
    expect(t.primaryKey).toEqual({ name: 'pk_task', columns: ['id'] });
    expect(buildTable('task', { id: integer().primaryKey() }, undefined, { schema: 'app', namingConvention: { pk: '{table}_pkey' } })).toMatchObject({ schema: 'app', primaryKey: { name: 'task_pkey' } });
  });

  it('columnConstraints() names what a lone column (op.addColumn) declares, as buildTable does', () => {
    const col = toColumn(integer().notNull().unique().references('app.user.id', { onDelete: 'cascade' }), 'owner_id');
    expect(columnConstraints('task', col)).toEqual({
      indexes: [],
      uniques: [{ name: 'uq_task_owner_id', columns: ['owner_id'] }],
      foreignKeys: [{ name: 'fk_task_owner_id_user', columns: ['owner_id'], refTable: 'user', refColumns: ['id'], refSchema: 'app', onDelete: 'cascade' }],
    });
    expect(columnConstraints('task', toColumn(text().index(), 'title'), { ix: 'idx_{column_0}' }).indexes).toEqual([{ name: 'idx_title', columns: ['title'], unique: false }]);
  });

  it('puts a table in a database schema, and references to it carry the schema', () => {
    const tenant = table('tenant', { id: integer().primaryKey() }, { schema: 'admin' });
    const user = table('user', { id: integer().primaryKey(), tenant_id: integer().references(() => tenant.id) });
    expect(getTable(tenant).schema).toBe('admin');
    expect(getTable(user).foreignKeys[0]).toMatchObject({ refTable: 'tenant', refSchema: 'admin' });
  });
});

describe('naming convention', () => {
  const model = table('llm_setting', { id: integer().primaryKey(), provider: text().unique().references('provider.code'), kind: text().index() }, (t) => [check('kind_known', sql`kind IN ('a', 'b')`)]);

  it('has SQLAlchemy-like defaults', () => {
    expect(DEFAULT_NAMING_CONVENTION).toEqual({
      ix: 'ix_{table}_{columns}',
      uq: 'uq_{table}_{columns}',
      fk: 'fk_{table}_{columns}_{referred_table}',
      ck: 'ck_{table}_{name}',
      pk: 'pk_{table}',
      maxLength: 63,
    });
    const t = getTable(model);
    expect([t.primaryKey!.name, t.uniques[0]!.name, t.foreignKeys[0]!.name, t.indexes[0]!.name, t.checks[0]!.name]).toEqual([
      'pk_llm_setting',
      'uq_llm_setting_provider',
      'fk_llm_setting_provider_provider',
      'ix_llm_setting_kind',
      'ck_llm_setting_kind_known',
    ]);
  });

  it('is configurable, in part, with every token', () => {
    const namingConvention = { ix: 'idx_{column_0}', uq: '{table}_{columns}_key', fk: '{table}_{column_0}_fkey_{referred_columns}', ck: '{table}_{name}_check', pk: '{table}_pkey' };
    const t = getTable(model, { namingConvention });
    expect([t.primaryKey!.name, t.uniques[0]!.name, t.foreignKeys[0]!.name, t.indexes[0]!.name, t.checks[0]!.name]).toEqual([
      'llm_setting_pkey',
      'llm_setting_provider_key',
      'llm_setting_provider_fkey_code',
      'idx_kind',
      'llm_setting_kind_known_check',
    ]);
    // Built per convention; the default is unchanged.
    expect(getTable(model).indexes[0]!.name).toBe('ix_llm_setting_kind');
    expect(resolveNamingConvention({ pk: '{table}_pkey' })).toEqual({ ...DEFAULT_NAMING_CONVENTION, pk: '{table}_pkey' });
  });

  it('shortens long names deterministically with a hash suffix', () => {
    const long = table('a_table_with_a_rather_long_descriptive_name', {
      id: integer().primaryKey(),
      first_very_long_column_name: text(),
      second_very_long_column_name: text(),
    }, (t) => [index().on(t.first_very_long_column_name, t.second_very_long_column_name), index().on(t.second_very_long_column_name, t.first_very_long_column_name)]);
    const [a, b] = getTable(long).indexes.map((i) => i.name);
    expect(a).toBe('ix_a_table_with_a_rather_long_descriptive_name_first_v_d7872bd1');
    expect(a!.length).toBe(63);
    expect(b!.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(getTable(long, { namingConvention: { maxLength: 50 } }).indexes[0]!.name).toMatch(/^ix_a_table_with_a_rather_long_descriptive_[0-9a-f]{8}$/);
    expect(shortenName('short', 63)).toBe('short');
    expect(shortenName('x'.repeat(100), 63)).toBe(shortenName('x'.repeat(100), 63));
    expect(conventionalName(DEFAULT_NAMING_CONVENTION, 'fk', { table: 't', columns: ['a', 'b'], referredTable: 'u' })).toBe('fk_t_a_b_u');
  });

  it('refuses a bad convention with what was expected', () => {
    expect(checkNamingConvention({ ix: 'ix_%(table_name)s_%(column_0_name)s' })).toBe("an object whose 'ix' is a template in {token} syntax, not SQLAlchemy's %(...)s (for example 'ix_{table}_{columns}')");
    expect(checkNamingConvention({ ix: 'ix_{tabel}' })).toBe("an object whose 'ix' is a template using only {table} {columns} {column_0} (found {tabel})");
    expect(checkNamingConvention({ ck: 'ck_{table}' })).toContain('containing {name}');
    expect(checkNamingConvention({ fx: 'x' })).toBe("an object with only the keys ix, uq, fk, ck, pk, maxLength (found 'fx')");
    expect(checkNamingConvention({ maxLength: 8 })).toBe('an object whose maxLength is a whole number >= 16');
    expect(checkNamingConvention({ fk: 'fk_{table}_{referred_column_0}', maxLength: 64 })).toBeUndefined();
    expect(() => getTable(model, { namingConvention: { pk: '' } })).toThrow("Invalid namingConvention: it must be an object whose 'pk' is a non-empty string");
  });

  it('is the config option namingConvention', () => {
    expect(() => validateConfig({ namingConvention: { ix: 'idx_{table}_{columns}', maxLength: 60 } }, 'ambix.config.ts')).not.toThrow();
    expect(() => validateConfig({ namingConvention: { ix: 'ix_{tabel}' } }, 'ambix.config.ts')).toThrow(
      "Option 'namingConvention' in ambix.config.ts must be an object whose 'ix' is a template using only {table} {columns} {column_0} (found {tabel})",
    );
    expect(resolveConfig({}, { file: '/p/ambix.config.ts', env: {} }).namingConvention).toEqual(DEFAULT_NAMING_CONVENTION);
    expect(resolveConfig({ namingConvention: { pk: '{table}_pkey' } }, { file: '/p/ambix.config.ts', env: {} }).namingConvention.pk).toBe('{table}_pkey');
  });
});
