/** Edits a person makes to an entry after the fact: its name and its metadata keys. */
import { metadataPath } from './list-query.js';
import type { Db } from './open.js';

export class Curation {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Sets an entry's name; the FTS triggers re-index it. Returns whether the entry exists. */
  setName(id: string, name: string): boolean {
    return this.db.prepare('UPDATE entries SET name = ? WHERE id = ?').run(name, id).changes === 1;
  }

  /**
   * Sets and removes top-level metadata keys in one statement, so concurrent edits of other keys
   * are never lost. Values are stored as JSON strings.
   */
  updateMetadata(id: string, set: Record<string, string>, remove: string[]): boolean {
    let expression = 'metadata';
    const params: string[] = [];
    const pairs = Object.entries(set);
    if (pairs.length) {
      expression = `json_set(${expression}, ${pairs.map(() => '?, ?').join(', ')})`;
      for (const [key, value] of pairs) params.push(metadataPath(key), value);
    }
    if (remove.length) {
      expression = `json_remove(${expression}, ${remove.map(() => '?').join(', ')})`;
      params.push(...remove.map(metadataPath));
    }
    return this.db.prepare(`UPDATE entries SET metadata = ${expression} WHERE id = ?`).run(...params, id).changes === 1;
  }
}
