/** SQL for identities: named sets of reference photos, each photo a blob the catalog keeps. */
import { blobUpsert, type NewBlob } from './new-entry.js';
import type { Db } from './open.js';

export interface IdentityRow {
  name: string;
  createdAt: string;
  updatedAt: string;
  photoCount: number;
}

export interface IdentityPhotoRow {
  position: number;
  sha256: string;
  mimeType: string;
  bytes: number;
  width: number | null;
  height: number | null;
  source: string | null;
  addedAt: string;
}

export interface NewIdentityPhoto {
  blob: NewBlob;
  source: string | null;
}

export type AddPhotosResult =
  | { ok: true; added: string[]; duplicates: string[]; total: number }
  /** Nothing was written: the identity would have held more than `limit` photos. */
  | { ok: false; existing: number; adding: number };

const SUMMARY_SELECT = `
  SELECT i.name, i.created_at AS createdAt, i.updated_at AS updatedAt,
         (SELECT count(*) FROM identity_photos p WHERE p.identity_id = i.id) AS photoCount
  FROM identities i`;

export class IdentityRows {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  list(): IdentityRow[] {
    return this.db.prepare(`${SUMMARY_SELECT} ORDER BY i.name COLLATE NOCASE`).all() as IdentityRow[];
  }

  get(name: string): IdentityRow | undefined {
    return this.db.prepare(`${SUMMARY_SELECT} WHERE i.name = ?`).get(name) as IdentityRow | undefined;
  }

  photos(name: string): IdentityPhotoRow[] {
    return this.db
      .prepare(
        `SELECT p.position, p.blob_sha256 AS sha256, b.mime_type AS mimeType, b.bytes, b.width, b.height,
                p.source, p.added_at AS addedAt
         FROM identity_photos p JOIN identities i ON i.id = p.identity_id JOIN blobs b ON b.sha256 = p.blob_sha256
         WHERE i.name = ? ORDER BY p.position`,
      )
      .all(name) as IdentityPhotoRow[];
  }

  /**
   * Creates the identity if needed and appends the photos it does not have yet, all in one
   * transaction; writes nothing when the total would pass `limit`.
   */
  addPhotos(name: string, photos: NewIdentityPhoto[], now: string, limit: number): AddPhotosResult {
    return this.db
      .transaction((): AddPhotosResult => {
        const existing = this.db.prepare('SELECT id FROM identities WHERE name = ?').pluck().get(name) as number | undefined;
        const have = existing === undefined ? [] : (this.db.prepare('SELECT blob_sha256 FROM identity_photos WHERE identity_id = ?').pluck().all(existing) as string[]);
        const seen = new Set(have);
        const fresh: NewIdentityPhoto[] = [];
        const duplicates: string[] = [];
        for (const photo of photos) {
          if (seen.has(photo.blob.sha256)) duplicates.push(photo.blob.sha256);
          else fresh.push(photo);
          seen.add(photo.blob.sha256);
        }
        if (have.length + fresh.length > limit) return { ok: false, existing: have.length, adding: fresh.length };
        const id =
          existing ?? Number(this.db.prepare('INSERT INTO identities (name, created_at, updated_at) VALUES (?, ?, ?)').run(name, now, now).lastInsertRowid);
        const upsertBlob = blobUpsert(this.db);
        const insertPhoto = this.db.prepare('INSERT INTO identity_photos (identity_id, position, blob_sha256, source, added_at) VALUES (?, ?, ?, ?, ?)');
        let position = (this.db.prepare('SELECT coalesce(max(position), 0) FROM identity_photos WHERE identity_id = ?').pluck().get(id) as number) + 1;
        for (const { blob, source } of fresh) {
          upsertBlob(blob, now);
          insertPhoto.run(id, position++, blob.sha256, source, now);
        }
        if (fresh.length) this.db.prepare('UPDATE identities SET updated_at = ? WHERE id = ?').run(now, id);
        return { ok: true, added: fresh.map((p) => p.blob.sha256), duplicates, total: have.length + fresh.length };
      })
      .immediate();
  }

  /**
   * Removes an identity and its photo rows; blobs that nothing else uses any more are removed
   * from the catalog and returned, so their files can be deleted too.
   */
  remove(name: string): { sha256: string; mimeType: string }[] {
    return this.db
      .transaction(() => {
        const photos = this.photos(name);
        this.db.prepare('DELETE FROM identities WHERE name = ?').run(name);
        const orphans: { sha256: string; mimeType: string }[] = [];
        const stillUsed = this.db.prepare(
          `SELECT EXISTS (SELECT 1 FROM entries WHERE blob_sha256 = @sha)
               OR EXISTS (SELECT 1 FROM entry_inputs WHERE blob_sha256 = @sha)
               OR EXISTS (SELECT 1 FROM identity_photos WHERE blob_sha256 = @sha)`,
        );
        for (const photo of photos) {
          if (stillUsed.pluck().get({ sha: photo.sha256 })) continue;
          this.db.prepare('DELETE FROM blobs WHERE sha256 = ?').run(photo.sha256);
          orphans.push({ sha256: photo.sha256, mimeType: photo.mimeType });
        }
        return orphans;
      })
      .immediate();
  }
}

