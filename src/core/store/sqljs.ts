/**
 * The slice of sql.js (SQLite compiled to WebAssembly) the store uses, typed here because the
 * package ships no declarations, and the loader that finds its `.wasm` file.
 *
 * The esbuild bundle copies `sql-wasm.wasm` next to `dist/*.js`; under tsx (tests, bench) the
 * file is resolved from node_modules. The binary is read once and handed to sql.js, so sql.js
 * never guesses paths itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A value SQLite stores or returns. */
export type SqlValue = number | string | Uint8Array | null;

/** A prepared statement; must be freed before its database closes. */
export interface SqlJsStatement {
  bind(values?: readonly SqlValue[]): boolean;
  step(): boolean;
  get(): SqlValue[];
  getAsObject(): Record<string, SqlValue>;
  getColumnNames(): string[];
  run(values?: readonly SqlValue[]): void;
  reset(): boolean;
  free(): boolean;
}

/** One open in-memory SQLite database. */
export interface SqlJsDatabase {
  run(sql: string, params?: readonly SqlValue[]): SqlJsDatabase;
  exec(sql: string): { columns: string[]; values: SqlValue[][] }[];
  prepare(sql: string): SqlJsStatement;
  /** Serializes the whole database (synchronous, grows with its size). */
  export(): Uint8Array;
  close(): void;
  getRowsModified(): number;
}

/** The initialized sql.js module. */
export interface SqlJsStatic {
  Database: new (data?: Uint8Array | null) => SqlJsDatabase;
}

type InitSqlJs = (config: { wasmBinary: Uint8Array }) => Promise<SqlJsStatic>;

let loading: Promise<SqlJsStatic> | undefined;

/** Path of `sql-wasm.wasm`: next to the running bundle, else from the sql.js package. */
export function locateSqlWasm(): string {
  const besideBundle = join(__dirname, 'sql-wasm.wasm');
  if (existsSync(besideBundle)) return besideBundle;
  // Built from parts so that esbuild does not try to resolve it at bundle time.
  const packaged = ['sql.js', 'dist', 'sql-wasm.wasm'].join('/');
  return require.resolve(packaged);
}

/** Loads sql.js once per thread. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= (async () => {
    const init = require('sql.js') as InitSqlJs;
    return init({ wasmBinary: readFileSync(locateSqlWasm()) });
  })();
  return loading;
}
