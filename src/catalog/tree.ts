/** The rows of a whole family: every entry sharing one root, read through the root_id index. */
import type { Catalog } from './catalog.js';
import type { EntryKind, EntryStatus } from '../domain/entry.js';

export interface FamilyRow {
  id: string;
  parentId: string | null;
  name: string;
  kind: EntryKind;
  status: EntryStatus;
  createdAt: string;
}

/** The root and all its descendants, oldest first (so parents come before their children). */
export function familyRows(catalog: Catalog, rootId: string): FamilyRow[] {
  return catalog.db
    .prepare(
      `SELECT id, parent_id AS parentId, name, kind, status, created_at AS createdAt
       FROM entries WHERE root_id = ? ORDER BY created_at, rowid`,
    )
    .all(rootId) as FamilyRow[];
}

export interface MemberRow extends FamilyRow {
  rootId: string;
}

/** Every entry of these families (for the gallery's lineage trees), oldest first. */
export function familiesRows(catalog: Catalog, rootIds: readonly string[]): MemberRow[] {
  if (rootIds.length === 0) return [];
  return catalog.db
    .prepare(
      `SELECT id, parent_id AS parentId, name, kind, status, created_at AS createdAt, root_id AS rootId
       FROM entries WHERE root_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, rowid`,
    )
    .all(JSON.stringify([...rootIds])) as MemberRow[];
}
