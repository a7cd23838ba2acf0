/** The rows of a whole family: every entry sharing one root, read through the root_id index. */
import type { EntryKind, EntryStatus } from '../domain/entry.js';
import type { Db } from './open.js';

export interface FamilyRow {
  id: string;
  parentId: string | null;
  name: string;
  kind: EntryKind;
  status: EntryStatus;
  createdAt: string;
}

export interface MemberRow extends FamilyRow {
  rootId: string;
}

export class Families {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** The root and all its descendants, oldest first (so parents come before their children). */
  family(rootId: string): FamilyRow[] {
    return this.db
      .prepare(
        `SELECT id, parent_id AS parentId, name, kind, status, created_at AS createdAt
         FROM entries WHERE root_id = ? ORDER BY created_at, rowid`,
      )
      .all(rootId) as FamilyRow[];
  }

  /** Every entry of these families (for the gallery's lineage trees), oldest first. */
  members(rootIds: readonly string[]): MemberRow[] {
    if (rootIds.length === 0) return [];
    return this.db
      .prepare(
        `SELECT id, parent_id AS parentId, name, kind, status, created_at AS createdAt, root_id AS rootId
         FROM entries WHERE root_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, rowid`,
      )
      .all(JSON.stringify([...rootIds])) as MemberRow[];
  }
}
