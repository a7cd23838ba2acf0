/**
 * What shell completion reads from the catalog file: recent entry ids and identity names. The
 * file is opened read-only (no migration, nothing created) and closed at once; any problem (no
 * catalog yet, locked, old schema) means no candidates. Completion runs on every Tab, so this
 * opens no Catalog (and loads no migrations).
 */
import Database from 'better-sqlite3';

function peek(file: string, sql: string, ...params: unknown[]): string[] {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).pluck().all(...params) as string[];
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}

/** Recent entry ids, newest first. */
export function recentIds(file: string, limit = 30): string[] {
  return peek(file, 'SELECT id FROM entries ORDER BY created_at DESC, rowid DESC LIMIT ?', limit);
}

/** Identity names, for `identity show|remove|add` and `--identity`. */
export function identityNames(file: string): string[] {
  return peek(file, 'SELECT name FROM identities ORDER BY name');
}
