/**
 * Deleting entries: finding a family's descendants, and removing rows, emptied jobs and the blobs
 * nothing else uses in one transaction. Files are the caller's business, after the commit.
 */
import type { FileCleanup, Lifecycle } from './lifecycle.js';
import type { Db } from './open.js';

export interface DeletionRow {
  id: string;
  name: string;
  filePath: string | null;
  blobSha256: string | null;
  blobMime: string | null;
}

export interface BlobRef {
  sha256: string;
  mimeType: string;
}

export type DeleteOutcome =
  | { ok: true; blobs: BlobRef[]; sharedFiles: string[]; cleanups: FileCleanup[] }
  | { ok: false; childrenOutside: { parentId: string; children: number }[] };

const IDS = 'SELECT value FROM json_each(?)';

/** Finding what a delete takes, and deleting it. */
export class Deletion {
  private readonly db: Db;
  private readonly lifecycle: Lifecycle;

  constructor(db: Db, lifecycle: Lifecycle) {
    this.db = db;
    this.lifecycle = lifecycle;
  }

  /** The given entries and everything descended from them, parents before children. */
  withDescendants(ids: string[]): string[] {
    return this.db
      .prepare(
        `WITH RECURSIVE family(id, depth) AS (
           SELECT value, 0 FROM json_each(?)
           UNION
           SELECT e.id, f.depth + 1 FROM entries e JOIN family f ON e.parent_id = f.id
         )
         SELECT id FROM family GROUP BY id ORDER BY min(depth), id`,
      )
      .pluck()
      .all(JSON.stringify(ids)) as string[];
  }

  /** Entries in the set with children that are not in the set. */
  childrenOutside(ids: string[]): { parentId: string; children: number }[] {
    return this.db
      .prepare(
        `SELECT parent_id AS parentId, count(*) AS children FROM entries
         WHERE parent_id IN (${IDS}) AND id NOT IN (${IDS}) GROUP BY parent_id ORDER BY parent_id`,
      )
      .all(JSON.stringify(ids), JSON.stringify(ids)) as { parentId: string; children: number }[];
  }

  rows(ids: string[]): DeletionRow[] {
    return this.db
      .prepare(
        `SELECT e.id, e.name, e.file_path AS filePath, e.blob_sha256 AS blobSha256, b.mime_type AS blobMime
         FROM entries e LEFT JOIN blobs b ON b.sha256 = e.blob_sha256 WHERE e.id IN (${IDS}) ORDER BY e.created_at, e.rowid`,
      )
      .all(JSON.stringify(ids)) as DeletionRow[];
  }

  /**
   * Deletes the entries (their inputs cascade; other entries' inputs taken from them keep their
   * blob and lose only the link), the jobs left empty, and the blob rows no table references any
   * more. Refuses, changing nothing, if one of them has a child outside the set (one may have been
   * made since the caller looked). Returns the blobs whose files may now go, and the output files
   * that a remaining entry still names. With `removedAt`, the files to remove are also recorded in
   * file_cleanups in the same transaction, so a kill before they are gone leaves doctor a note.
   */
  deleteEntries(ids: string[], removedAt?: string): DeleteOutcome {
    const db = this.db;
    const json = JSON.stringify(ids);
    const run = db.transaction((): DeleteOutcome => {
      const outside = this.childrenOutside(ids);
      if (outside.length) return { ok: false, childrenOutside: outside };
      const candidates = db
        .prepare(
          `SELECT DISTINCT b.sha256, b.mime_type AS mimeType FROM blobs b WHERE b.sha256 IN (
             SELECT blob_sha256 FROM entries WHERE id IN (${IDS})
             UNION SELECT blob_sha256 FROM entry_inputs WHERE entry_id IN (${IDS}))`,
        )
        .all(json, json) as BlobRef[];
      const fileRows = db
        .prepare(
          `SELECT DISTINCT e.file_path AS path, e.blob_sha256 AS sha256, b.mime_type AS mimeType FROM entries e JOIN blobs b ON b.sha256 = e.blob_sha256
           WHERE e.id IN (${IDS}) AND e.file_path IS NOT NULL`,
        )
        .all(json) as { path: string; sha256: string; mimeType: string }[];
      const files = fileRows.map((f) => f.path);
      const jobs = db.prepare(`SELECT DISTINCT job_id FROM entries WHERE id IN (${IDS})`).pluck().all(json) as string[];

      // One statement: SQLite checks the parent_id foreign key when it ends, after the children went too.
      db.prepare(`DELETE FROM entries WHERE id IN (${IDS})`).run(json);
      db.prepare(`DELETE FROM jobs WHERE id IN (${IDS}) AND NOT EXISTS (SELECT 1 FROM entries WHERE job_id = jobs.id)`).run(JSON.stringify(jobs));

      const stillUsed = this.blobReferences();
      const unused = candidates.filter((blob) => !stillUsed.some((statement) => statement.get(blob.sha256) !== undefined));
      const removeBlob = db.prepare('DELETE FROM blobs WHERE sha256 = ?');
      for (const blob of unused) removeBlob.run(blob.sha256);
      const sharedFiles = db.prepare(`SELECT DISTINCT file_path FROM entries WHERE file_path IN (${IDS})`).pluck().all(JSON.stringify(files)) as string[];
      let cleanups: FileCleanup[] = [];
      if (removedAt !== undefined) {
        const before = db.prepare('SELECT coalesce(max(id), 0) FROM file_cleanups').pluck().get() as number;
        const common = { reason: 'deleting' as const, entryId: null, jobId: null, numbered: false, createdAt: removedAt };
        this.lifecycle.recordCleanupsIn([
          ...fileRows.filter((f) => !sharedFiles.includes(f.path)).map((f) => ({ ...common, kind: 'output' as const, sha256: f.sha256, mimeType: f.mimeType, path: f.path })),
          ...unused.map((b) => ({ ...common, kind: 'blob' as const, sha256: b.sha256, mimeType: b.mimeType, path: null })),
        ]);
        cleanups = this.lifecycle.listCleanups().filter((c) => c.id > before && c.reason === 'deleting');
      }
      return { ok: true, blobs: unused, sharedFiles, cleanups };
    });
    return run.immediate();
  }

  /**
   * A lookup per column that references blobs, found from the schema itself so tables added later
   * (identity photos, …) keep their blobs without this file knowing them.
   */
  private blobReferences() {
    const columns = this.db
      .prepare(
        `SELECT m.name AS tableName, f."from" AS columnName
         FROM sqlite_master m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND f."table" = 'blobs'`,
      )
      .all() as { tableName: string; columnName: string }[];
    const hasIdentityPhotos = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'identity_photos'").get() !== undefined;
    if (hasIdentityPhotos && !columns.some((c) => c.tableName === 'identity_photos')) columns.push({ tableName: 'identity_photos', columnName: 'blob_sha256' });
    const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
    return columns.map((c) => this.db.prepare(`SELECT 1 FROM ${quote(c.tableName)} WHERE ${quote(c.columnName)} = ? LIMIT 1`));
  }
}
