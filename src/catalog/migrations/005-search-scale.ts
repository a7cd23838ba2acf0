/**
 * Migration 005: what `list` needs beyond 003 to stay fast at a million entries, and templates
 * as a first-class filter.
 *
 *  - `entry_tags`: one row per top-level metadata key of every entry (its value as `--tag k=v`
 *    compares it: strings as text, other scalars as JSON text, objects and arrays NULL), kept by
 *    triggers, with a `(key, value, created_at)` index, so `--tag` reads a page of matches newest
 *    first instead of parsing every entry's JSON.
 *  - `entries_template_created`: a partial index over entries made by a template, for
 *    `list --template` (newest first, no sort) and `stats` by template (covering: the sums come
 *    from the index alone).
 */
import type { Migration } from './migration.js';

const VALUE = (row: 'new') => `CASE WHEN j.type = 'text' THEN j.value WHEN j.type IN ('object', 'array') THEN NULL ELSE ${row}.metadata -> j.fullkey END`;

const INSERT_TAGS = `
  INSERT INTO entry_tags (entry_rowid, key, value, created_at)
    SELECT new.rowid, j.key, ${VALUE('new')}, new.created_at FROM json_each(new.metadata) j;`;

export const searchScaleMigration: Migration = {
  name: '005_search_scale',
  up(db) {
    db.exec(`
      CREATE TABLE entry_tags (
        entry_rowid INTEGER NOT NULL,
        key         TEXT NOT NULL,
        value       TEXT,
        created_at  TEXT NOT NULL
      );
      INSERT INTO entry_tags (entry_rowid, key, value, created_at)
        SELECT e.rowid, j.key,
               CASE WHEN j.type = 'text' THEN j.value WHEN j.type IN ('object', 'array') THEN NULL ELSE e.metadata -> j.fullkey END,
               e.created_at
        FROM entries e, json_each(e.metadata) j;
      CREATE INDEX entry_tags_key_value ON entry_tags(key, value, created_at, entry_rowid);
      CREATE INDEX entry_tags_entry     ON entry_tags(entry_rowid);

      CREATE TRIGGER entry_tags_insert AFTER INSERT ON entries BEGIN ${INSERT_TAGS} END;
      CREATE TRIGGER entry_tags_update AFTER UPDATE OF metadata ON entries BEGIN
        DELETE FROM entry_tags WHERE entry_rowid = old.rowid;
        ${INSERT_TAGS}
      END;
      CREATE TRIGGER entry_tags_delete AFTER DELETE ON entries BEGIN
        DELETE FROM entry_tags WHERE entry_rowid = old.rowid;
      END;

      CREATE INDEX entries_template_created ON entries(template, created_at, status, kind, input_tokens, output_tokens, cost_usd)
        WHERE template IS NOT NULL;
    `);
  },
};
