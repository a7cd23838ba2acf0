/**
 * What the catalog's code asks of a database connection: the part of better-sqlite3's API it uses.
 * A writable catalog is a better-sqlite3 Database; a catalog opened only to be read is Node's own
 * SQLite behind the same surface (node-sqlite.ts), which starts without loading a native addon.
 */
import type Database from 'better-sqlite3';

export interface Statement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** Rows become their first column's value. */
  pluck(toggle?: boolean): this;
}

/** better-sqlite3's transaction function: runs `fn` in BEGIN (or the mode named) … COMMIT. */
export type Transaction<F extends TransactionFn> = Database.Transaction<F>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- better-sqlite3's own bound, so its Database fits this interface
type TransactionFn = (...params: any[]) => unknown;

export interface Db {
  prepare(sql: string): Statement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<F extends TransactionFn>(fn: F): Transaction<F>;
  close(): unknown;
}
