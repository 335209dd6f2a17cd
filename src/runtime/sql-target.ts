import type { Dialect } from '../dialect/dialect.js';
import { statementSql, type Statement } from '../dialect/statement.js';
import type { DatabaseAdapter } from '../dialect/adapter.js';

/**
 * Where statements go: executed with bound parameters online, or written as SQL text with
 * escaped literals offline. Both paths run the same code up to this point.
 */
export interface SqlTarget {
  readonly offline: boolean;
  readonly dialect: Dialect;
  run(statement: Statement): Promise<number>;
  /** Online only: rows of a query. */
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Offline: a comment line in the output; online: nothing. */
  comment(text: string): void;
}

export class OnlineTarget implements SqlTarget {
  readonly offline = false;
  constructor(readonly adapter: DatabaseAdapter) {}
  get dialect(): Dialect {
    return this.adapter.dialect;
  }
  async run(statement: Statement): Promise<number> {
    const sql = statementSql(statement);
    if (/^\s*--/.test(sql) && !sql.includes('\n')) return 0;
    if (typeof statement === 'string') {
      // A raw script may hold several statements (op.execute of a multi-statement string).
      if (hasSeveralStatements(sql)) {
        await this.adapter.conn.executeScript(sql);
        return 0;
      }
      return this.adapter.conn.execute(sql);
    }
    return this.adapter.conn.execute(statement.sql, statement.params);
  }
  query(sql: string, params?: readonly unknown[]) {
    return this.adapter.conn.query(sql, params);
  }
  comment(): void {}
}

/** Whether a SQL text holds more than one statement (a `;` outside strings, comments and quotes, not at the end). */
export function hasSeveralStatements(sql: string): boolean {
  const re = /'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|--[^\n]*|\/\*[\s\S]*?\*\/|(;)/g;
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    if (m[1] && sql.slice(m.index + 1).trim() !== '') return true;
  }
  return false;
}

export class OfflineTarget implements SqlTarget {
  readonly offline = true;
  private readonly chunks: string[] = [];
  constructor(
    readonly dialect: Dialect,
    private readonly write: (text: string) => void,
  ) {}
  async run(statement: Statement): Promise<number> {
    let sql = statementSql(statement).trim();
    if (typeof statement !== 'string' && statement.params.length) sql = inlineParams(sql, statement.params, this.dialect);
    if (sql.startsWith('--') && !sql.includes('\n')) this.write(`${sql}\n\n`);
    else this.write(`${sql.replace(/;\s*$/, '')};\n\n`);
    return 1;
  }
  async query(): Promise<Record<string, unknown>[]> {
    throw new Error('internal: query on the offline target');
  }
  comment(text: string): void {
    this.write(`-- ${text}\n\n`);
  }
  get text(): string {
    return this.chunks.join('');
  }
}

/** Replaces `?` / `$n` placeholders (outside strings) with literals, for offline output. */
export function inlineParams(sql: string, params: readonly unknown[], dialect: Dialect): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)|\?/g, (m, num: string | undefined) => {
    if (m.startsWith("'") || m.startsWith('"')) return m;
    const i = num !== undefined ? Number(num) - 1 : n++;
    return dialect.literal(params[i]);
  });
}
