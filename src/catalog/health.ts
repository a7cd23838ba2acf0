/** What `doctor` asks of the catalog itself: SQLite's own checks, and the blobs it records. */
import type { Db } from './open.js';

export class Health {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** SQLite's integrity and foreign-key checks: none when both find nothing. */
  integrityProblems(): string[] {
    const integrity = this.db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = integrity.map((r) => r.integrity_check).filter((line) => line !== 'ok');
    const keys = this.db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    for (const k of keys) problems.push(`${k.table} row ${k.rowid} points at a missing ${k.parent} row`);
    return problems;
  }

  blobRows(): { sha256: string; mimeType: string }[] {
    return this.db.prepare('SELECT sha256, mime_type AS mimeType FROM blobs ORDER BY sha256').all() as { sha256: string; mimeType: string }[];
  }
}
