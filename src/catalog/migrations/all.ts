/**
 * Ordered, named migrations, applied in a transaction each when the catalog opens and recorded in
 * `_migrations`. Never edit one that has shipped: append a new one.
 */
import type { Migration } from './migration.js';
import { identitiesMigration } from './002-identities.js';
import { catalogIndexesMigration } from './003-catalog-indexes.js';
import { entryLifecycleMigration } from './004-entry-lifecycle.js';
import { searchScaleMigration } from './005-search-scale.js';
import { unknownCostMigration } from './007-unknown-cost.js';
import { shortTermsAndTagKeysMigration } from './008-short-terms-and-tag-keys.js';

export const MIGRATIONS: readonly Migration[] = [
  {
    name: '001_initial',
    up(db) {
      db.exec(`
        CREATE TABLE jobs (
          id          TEXT PRIMARY KEY,
          command     TEXT NOT NULL,
          requested   INTEGER NOT NULL,
          options     TEXT NOT NULL DEFAULT '{}',
          created_at  TEXT NOT NULL,
          finished_at TEXT
        );

        CREATE TABLE blobs (
          sha256     TEXT PRIMARY KEY,
          mime_type  TEXT NOT NULL,
          bytes      INTEGER NOT NULL,
          width      INTEGER,
          height     INTEGER,
          created_at TEXT NOT NULL
        );

        CREATE TABLE entries (
          id               TEXT PRIMARY KEY,
          job_id           TEXT NOT NULL REFERENCES jobs(id),
          kind             TEXT NOT NULL CHECK (kind IN ('generate','modify','reference','regenerate')),
          status           TEXT NOT NULL CHECK (status IN ('completed','failed')),
          name             TEXT NOT NULL,
          prompt           TEXT NOT NULL,
          effective_prompt TEXT NOT NULL,
          emotion          TEXT,
          style            TEXT,
          reference_type   TEXT CHECK (reference_type IN ('subject','face','full_image')),
          template         TEXT,
          provider         TEXT NOT NULL,
          model            TEXT NOT NULL,
          aspect_ratio     TEXT NOT NULL,
          image_size       TEXT NOT NULL,
          parent_id        TEXT REFERENCES entries(id),
          root_id          TEXT NOT NULL,
          project          TEXT,
          blob_sha256      TEXT REFERENCES blobs(sha256),
          file_path        TEXT,
          input_tokens     INTEGER NOT NULL DEFAULT 0,
          output_tokens    INTEGER NOT NULL DEFAULT 0,
          cost_usd         REAL NOT NULL DEFAULT 0,
          duration_ms      INTEGER,
          error            TEXT,
          metadata         TEXT NOT NULL DEFAULT '{}',
          created_at       TEXT NOT NULL
        );
        CREATE INDEX entries_parent  ON entries(parent_id);
        CREATE INDEX entries_root    ON entries(root_id);
        CREATE INDEX entries_created ON entries(created_at);
        CREATE INDEX entries_job     ON entries(job_id);
        CREATE INDEX entries_blob    ON entries(blob_sha256);

        CREATE TABLE entry_inputs (
          entry_id        TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
          position        INTEGER NOT NULL,
          role            TEXT NOT NULL,
          blob_sha256     TEXT NOT NULL REFERENCES blobs(sha256),
          source_entry_id TEXT REFERENCES entries(id) ON DELETE SET NULL,
          source          TEXT,
          PRIMARY KEY (entry_id, position)
        );
        CREATE INDEX entry_inputs_blob   ON entry_inputs(blob_sha256);
        CREATE INDEX entry_inputs_source ON entry_inputs(source_entry_id);

        -- Substring search over names and prompts: the trigram tokenizer matches partial words
        -- in any case. External content keeps one copy of the text, in entries.
        CREATE VIRTUAL TABLE entries_fts USING fts5(
          name, prompt, content='entries', content_rowid='rowid', tokenize='trigram'
        );
        CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
          INSERT INTO entries_fts(rowid, name, prompt) VALUES (new.rowid, new.name, new.prompt);
        END;
        CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
          INSERT INTO entries_fts(entries_fts, rowid, name, prompt) VALUES ('delete', old.rowid, old.name, old.prompt);
        END;
        CREATE TRIGGER entries_fts_update AFTER UPDATE OF name, prompt ON entries BEGIN
          INSERT INTO entries_fts(entries_fts, rowid, name, prompt) VALUES ('delete', old.rowid, old.name, old.prompt);
          INSERT INTO entries_fts(rowid, name, prompt) VALUES (new.rowid, new.name, new.prompt);
        END;
      `);
    },
  },
  identitiesMigration,
  catalogIndexesMigration,
  entryLifecycleMigration,
  searchScaleMigration,
  unknownCostMigration,
  shortTermsAndTagKeysMigration,
];
