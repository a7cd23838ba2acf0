/** Reads a test catalog directly, to check what the CLI wrote (and that failures wrote nothing). */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export function catalogCounts(home: string): { entries: number; jobs: number; blobs: number } {
  const file = join(home, 'catalog.db');
  if (!existsSync(file)) return { entries: 0, jobs: 0, blobs: 0 };
  const db = new Database(file, { readonly: true });
  try {
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { entries: count('entries'), jobs: count('jobs'), blobs: count('blobs') };
  } finally {
    db.close();
  }
}

/** Every file under a folder, recursively, as relative paths (empty when it does not exist). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}
