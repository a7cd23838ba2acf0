/**
 * Migration 003: what `list`, `show`, `tree` and `stats` need to stay fast at a million entries.
 *
 *  - `(column, created_at, …)` indexes: a filtered page is read from one index already newest
 *    first (SQLite appends the rowid to every index, so ties are in rowid order too), and the
 *    trailing status/kind/emotion columns let a filtered count run on the index alone.
 *  - `entries_family`: a whole family (tree, list --root) from the index alone, oldest first.
 *  - `entries_id_parent`: the walk up to the root (show's lineage) without reading rows.
 *  - `entry_counts`: entries, tokens and dollars per (status, kind, model, emotion, project), kept
 *    exact by triggers, so a page's total and `stats` add up a few hundred rows instead of counting
 *    a million. `key` is the JSON array of the five values, which tells NULL from ''.
 */
import type { Migration } from './migration.js';

const GROUP = (row: 'new' | 'old') => `json_array(${row}.status, ${row}.kind, ${row}.model, ${row}.emotion, ${row}.project)`;

const ADD = `
  INSERT INTO entry_counts (key, status, kind, model, emotion, project, entries, input_tokens, output_tokens, cost_usd)
  VALUES (${GROUP('new')}, new.status, new.kind, new.model, new.emotion, new.project, 1, new.input_tokens, new.output_tokens, new.cost_usd)
  ON CONFLICT(key) DO UPDATE SET
    entries = entries + 1,
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    cost_usd = cost_usd + excluded.cost_usd;`;

const SUBTRACT = `
  UPDATE entry_counts SET
    entries = entries - 1,
    input_tokens = input_tokens - old.input_tokens,
    output_tokens = output_tokens - old.output_tokens,
    cost_usd = cost_usd - old.cost_usd
  WHERE key = ${GROUP('old')};
  DELETE FROM entry_counts WHERE key = ${GROUP('old')} AND entries <= 0;`;

export const catalogIndexesMigration: Migration = {
  name: '003_catalog_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX entries_status_created  ON entries(status, created_at, kind, emotion);
      CREATE INDEX entries_kind_created    ON entries(kind, created_at, status, emotion);
      CREATE INDEX entries_emotion_created ON entries(emotion, created_at, status, kind);
      CREATE INDEX entries_model_created   ON entries(model, created_at, status, kind, emotion);
      CREATE INDEX entries_project_created ON entries(project, created_at, status, kind, emotion);
      CREATE INDEX entries_family          ON entries(root_id, created_at, parent_id, id, kind, status, name);
      CREATE INDEX entries_id_parent       ON entries(id, parent_id);

      CREATE TABLE entry_counts (
        key           TEXT PRIMARY KEY,
        status        TEXT NOT NULL,
        kind          TEXT NOT NULL,
        model         TEXT NOT NULL,
        emotion       TEXT,
        project       TEXT,
        entries       INTEGER NOT NULL,
        input_tokens  INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cost_usd      REAL NOT NULL
      );
      INSERT INTO entry_counts (key, status, kind, model, emotion, project, entries, input_tokens, output_tokens, cost_usd)
        SELECT json_array(status, kind, model, emotion, project), status, kind, model, emotion, project,
               count(*), sum(input_tokens), sum(output_tokens), sum(cost_usd)
        FROM entries GROUP BY status, kind, model, emotion, project;

      CREATE TRIGGER entry_counts_insert AFTER INSERT ON entries BEGIN ${ADD} END;
      CREATE TRIGGER entry_counts_delete AFTER DELETE ON entries BEGIN ${SUBTRACT} END;
      CREATE TRIGGER entry_counts_update
        AFTER UPDATE OF status, kind, model, emotion, project, input_tokens, output_tokens, cost_usd ON entries
      BEGIN ${SUBTRACT} ${ADD} END;
    `);
  },
};
