/**
 * A thin wrapper over one sql.js database: prepared statements cached by SQL text (preparing
 * costs more than running at this scale), typed row helpers and transactions.
 */
import type { SqlJsDatabase, SqlJsStatement, SqlValue } from './sqljs';

/** A row as SQLite returns it, by column name. */
export type SqlRow = Record<string, SqlValue>;

export class SqlDatabase {
  private readonly statements = new Map<string, SqlJsStatement>();
  private depth = 0;

  constructor(readonly raw: SqlJsDatabase) {}

  /** A cached prepared statement for `sql`. */
  statement(sql: string): SqlJsStatement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.raw.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs a statement that returns no rows. */
  run(sql: string, params: readonly SqlValue[] = []): void {
    const statement = this.statement(sql);
    try {
      statement.run(params);
    } finally {
      statement.reset();
    }
  }

  /** Every row of a query. */
  all<T extends object = SqlRow>(sql: string, params: readonly SqlValue[] = []): T[] {
    const statement = this.statement(sql);
    const rows: T[] = [];
    try {
      statement.bind(params);
      while (statement.step()) rows.push(statement.getAsObject() as T);
    } finally {
      statement.reset();
    }
    return rows;
  }

  /** The first row of a query, or undefined. */
  get<T extends object = SqlRow>(sql: string, params: readonly SqlValue[] = []): T | undefined {
    const statement = this.statement(sql);
    try {
      statement.bind(params);
      return statement.step() ? (statement.getAsObject() as T) : undefined;
    } finally {
      statement.reset();
    }
  }

  /** The first column of the first row, or undefined. */
  value(sql: string, params: readonly SqlValue[] = []): SqlValue | undefined {
    const statement = this.statement(sql);
    try {
      statement.bind(params);
      return statement.step() ? statement.get()[0] : undefined;
    } finally {
      statement.reset();
    }
  }

  /** Runs a script of several statements (migrations); not cached. */
  exec(sql: string): void {
    this.raw.exec(sql);
  }

  /**
   * Runs `body` in a transaction (nested calls join the outer one). A throw rolls back and
   * rethrows, so a batch is all or nothing.
   */
  transaction<T>(body: () => T): T {
    if (this.depth > 0) return body();
    this.raw.run('BEGIN');
    this.depth++;
    try {
      const result = body();
      this.raw.run('COMMIT');
      return result;
    } catch (error) {
      try {
        this.raw.run('ROLLBACK');
      } catch {
        // SQLite already rolled back (e.g. after a constraint error in some modes)
      }
      throw error;
    } finally {
      this.depth--;
    }
  }

  /** Serializes the database. sql.js closes and reopens it to do so, so statements are dropped. */
  export(): Uint8Array {
    this.freeStatements();
    return this.raw.export();
  }

  /** Frees every statement and closes the database. */
  close(): void {
    this.freeStatements();
    this.raw.close();
  }

  private freeStatements(): void {
    for (const statement of this.statements.values()) statement.free();
    this.statements.clear();
  }
}
