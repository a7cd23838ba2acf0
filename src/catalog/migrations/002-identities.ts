/** Migration 002: identities, named sets of up to five reference photos kept as blobs. */
import type { Migration } from './migration.js';

export const identitiesMigration: Migration = {
  name: '002_identities',
  up(db) {
    db.exec(`
      CREATE TABLE identities (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE identity_photos (
        identity_id INTEGER NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        blob_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
        source      TEXT,
        added_at    TEXT NOT NULL,
        PRIMARY KEY (identity_id, position),
        UNIQUE (identity_id, blob_sha256)
      );
      CREATE INDEX identity_photos_blob ON identity_photos(blob_sha256);
    `);
  },
};
