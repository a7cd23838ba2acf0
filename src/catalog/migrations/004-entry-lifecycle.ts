/**
 * Migration 004: work that is interrupted stays visible, and files are never left unaccounted for.
 *
 *  - `entries.status` also takes `pending` (the request is being sent; the row is written before
 *    it) and `interrupted` (the run ended before the answer was saved). The CHECK constraint is
 *    widened in place by rewriting the table's stored SQL, the procedure SQLite documents for
 *    changing CHECK constraints: no row can violate the wider one, so nothing is copied and the
 *    foreign keys, indexes and FTS triggers that name `entries` stay as they are.
 *  - `jobs.pid`, `jobs.host`, `jobs.heartbeat_at`: who is running a job, so a later run or
 *    `doctor` can tell a live run's pending rows from those a killed process left behind.
 *  - `file_cleanups`: files imagegen is about to write (before a blob and an output file are
 *    placed) or is about to remove (a delete, recorded in the same transaction as the rows it
 *    deletes). A row that outlives its writer tells `doctor --fix` which files to finish with.
 */
import type { Migration } from './migration.js';

const OLD_CHECK = "CHECK (status IN ('completed','failed'))";
const NEW_CHECK = "CHECK (status IN ('completed','failed','pending','interrupted'))";

export const entryLifecycleMigration: Migration = {
  name: '004_entry_lifecycle',
  up(db) {
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'entries'").pluck().get() as string;
    if (!sql.includes(OLD_CHECK)) throw new Error('entries.status has an unexpected CHECK constraint; cannot widen it');
    const version = db.pragma('schema_version', { simple: true }) as number;
    db.unsafeMode(true);
    try {
      db.pragma('writable_schema = ON');
      db.prepare("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'entries'").run(sql.replace(OLD_CHECK, NEW_CHECK));
      db.pragma(`schema_version = ${version + 1}`);
      db.pragma('writable_schema = OFF');
    } finally {
      db.unsafeMode(false);
    }
    db.exec(`
      ALTER TABLE jobs ADD COLUMN pid INTEGER;
      ALTER TABLE jobs ADD COLUMN host TEXT;
      ALTER TABLE jobs ADD COLUMN heartbeat_at TEXT;

      CREATE TABLE file_cleanups (
        id         INTEGER PRIMARY KEY,
        reason     TEXT NOT NULL CHECK (reason IN ('placing','deleting')),
        kind       TEXT NOT NULL CHECK (kind IN ('blob','output')),
        entry_id   TEXT,
        job_id     TEXT,
        sha256     TEXT NOT NULL,
        mime_type  TEXT NOT NULL,
        -- outputs: the file's path, or (numbered = 1) the first name tried, whose -2, -3 … forms
        -- may have been taken instead
        path       TEXT,
        numbered   INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE INDEX file_cleanups_entry ON file_cleanups(entry_id);
    `);
  },
};
