/**
 * Change stamps (migration 009): for a selection of entries, only what tells whether each changed
 * since a reader last looked — the entry's stamp, its root and its family's stamp — read without
 * the rest of the row, its blob or its inputs.
 */
import { runListQuery, type ListFilter } from './list-query.js';
import type { Db } from './open.js';

export interface StampRow {
  id: string;
  rootId: string;
  /** Drawn again whenever anything the entry shows changes (its row or its inputs). */
  stamp: number;
  /** Drawn again whenever an entry of its family is added, deleted, renamed or changes kind, status or parent (0: none since 009). */
  familyStamp: number;
}

export class Stamps {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /**
   * The change stamps of the entries a list filter selects (one page of it), newest first like
   * `listEntries`, as one text (the gallery compares it whole with its last run's): a line per
   * entry, `id root/stamp/familyStamp`. An id or root that is not plain (lowercase letters
   * and digits, 1–64) is written `!` and its UTF-8 in hex, so no id can break a line.
   */
  selectText(filter: ListFilter): { text: string; count: number } {
    const { rowids } = runListQuery(this.db, filter);
    if (rowids.length === 0) return { text: '', count: 0 };
    const text = this.db
      .prepare(
        // in the order of the rowids, which is the list's (cheaper than sorting the rows again)
        `SELECT group_concat(${PLAIN('e.id')} || ' ' || ${PLAIN('e.root_id')} || '/' || e.stamp || '/' || coalesce(f.stamp, 0), char(10) ORDER BY j.key)
         FROM json_each(?) j JOIN entries e ON e.rowid = j.value LEFT JOIN family_stamps f ON f.root_id = e.root_id`,
      )
      .pluck()
      .get(JSON.stringify(rowids)) as string;
    return { text, count: rowids.length };
  }
}

const PLAIN = (column: string) => `CASE WHEN length(${column}) BETWEEN 1 AND 64 AND NOT ${column} GLOB '*[^0-9a-z]*' THEN ${column} ELSE '!' || hex(${column}) END`;
