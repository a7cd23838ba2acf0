/**
 * Migration 009: change stamps, so a reader that keeps a copy of what entries show (the gallery)
 * can tell which entries changed without reading them all.
 *
 *  - `entries.stamp`: a random number drawn again by triggers whenever anything an entry shows
 *    changes: the row itself (any column: name, metadata and so its tags, status, file …) and its
 *    inputs (added, removed, or their source entry deleted, which sets it to NULL). Random rather
 *    than a counter: equal stamps mean the same content even across a catalog restored from a
 *    backup or copied, and an id deleted and drawn again never meets its old stamp. 53 bits (the
 *    shift), so JavaScript reads it exactly.
 *  - `family_stamps`: one stamp per root, drawn again when an entry of that family is added or
 *    deleted, or changes what a lineage tree shows of it (name, kind, status, parent, root).
 *  - Rows from before this migration keep stamp 0 and have no family stamp (read as 0): a stamp
 *    only has to change when the content does, so nothing is rewritten — the migration is a column
 *    with a constant default, a table and triggers, instant at any size.
 */
import type { Migration } from './migration.js';

const DRAW = '(random() >> 11)';

const bumpFamily = (root: string) => `INSERT INTO family_stamps (root_id, stamp) VALUES (${root}, ${DRAW}) ON CONFLICT(root_id) DO UPDATE SET stamp = excluded.stamp;`;

export const changeStampsMigration: Migration = {
  name: '009_change_stamps',
  up(db) {
    db.exec(`
      ALTER TABLE entries ADD COLUMN stamp INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE family_stamps (root_id TEXT PRIMARY KEY, stamp INTEGER NOT NULL) WITHOUT ROWID;

      CREATE TRIGGER entries_stamp_insert AFTER INSERT ON entries BEGIN
        UPDATE entries SET stamp = ${DRAW} WHERE rowid = new.rowid;
        ${bumpFamily('new.root_id')}
      END;
      -- Any column but the stamp itself (the guard also keeps the trigger's own update from counting).
      CREATE TRIGGER entries_stamp_update AFTER UPDATE ON entries WHEN new.stamp IS old.stamp BEGIN
        UPDATE entries SET stamp = ${DRAW} WHERE rowid = new.rowid;
      END;
      CREATE TRIGGER entries_family_stamp_update AFTER UPDATE OF name, kind, status, parent_id, root_id ON entries BEGIN
        ${bumpFamily('old.root_id')}
        ${bumpFamily('new.root_id')}
      END;
      CREATE TRIGGER entries_family_stamp_delete AFTER DELETE ON entries BEGIN
        ${bumpFamily('old.root_id')}
      END;

      CREATE TRIGGER entry_inputs_stamp_insert AFTER INSERT ON entry_inputs BEGIN
        UPDATE entries SET stamp = ${DRAW} WHERE id = new.entry_id;
      END;
      CREATE TRIGGER entry_inputs_stamp_update AFTER UPDATE ON entry_inputs BEGIN
        UPDATE entries SET stamp = ${DRAW} WHERE id IN (old.entry_id, new.entry_id);
      END;
      CREATE TRIGGER entry_inputs_stamp_delete AFTER DELETE ON entry_inputs BEGIN
        UPDATE entries SET stamp = ${DRAW} WHERE id = old.entry_id;
      END;
    `);
  },
};
