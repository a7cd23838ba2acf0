/**
 * A second connection to a test catalog's file. The Catalog keeps its database to itself; a test
 * reaches the rows this way for facts no Catalog method states (row counts, query plans) and for
 * damage it does on purpose (a row removed behind imagegen's back, a job whose process died).
 */
import Database from 'better-sqlite3';

export type Probe = Database.Database;

/** Opens the file as the catalog does (foreign keys on, waiting on a busy writer); close it after. */
export function openProbe(file: string): Probe {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  return db;
}

/** Runs `use` on a probe of the file, then closes it. */
export function withProbe<T>(file: string, use: (db: Probe) => T): T {
  const db = openProbe(file);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/** `SELECT count(*) FROM …` on the file, for the rest of the statement given. */
export function countWhere(file: string, fromAndWhere: string, ...params: unknown[]): number {
  return withProbe(file, (db) => db.prepare(`SELECT count(*) FROM ${fromAndWhere}`).pluck().get(...params) as number);
}
