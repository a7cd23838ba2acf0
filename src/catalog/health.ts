/** What `doctor` asks of the catalog itself: SQLite's own checks, and the blobs it records. */
import type { Catalog } from './catalog.js';

/** SQLite's integrity and foreign-key checks: ['ok'] when both find nothing. */
export function integrityProblems(catalog: Catalog): string[] {
  const integrity = catalog.db.pragma('integrity_check') as { integrity_check: string }[];
  const problems = integrity.map((r) => r.integrity_check).filter((line) => line !== 'ok');
  const keys = catalog.db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  for (const k of keys) problems.push(`${k.table} row ${k.rowid} points at a missing ${k.parent} row`);
  return problems;
}

export function blobRows(catalog: Catalog): { sha256: string; mimeType: string }[] {
  return catalog.db.prepare('SELECT sha256, mime_type AS mimeType FROM blobs ORDER BY sha256').all() as { sha256: string; mimeType: string }[];
}
