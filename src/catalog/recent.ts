/**
 * Recent entry ids for shell completion: the catalog opened read-only (no migration, nothing
 * created), newest first. Any problem (no catalog yet, locked, old schema) means no ids.
 */
import Database from 'better-sqlite3';

export function recentIds(file: string, limit = 30): string[] {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT id FROM entries ORDER BY created_at DESC, rowid DESC LIMIT ?').pluck().all(limit) as string[];
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}

/** Identity names, for `identity show|remove|add` and `--identity`. */
export function identityNames(file: string): string[] {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT name FROM identities ORDER BY name').pluck().all() as string[];
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}
