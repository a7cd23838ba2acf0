/**
 * The catalog: every SQL statement imagegen runs lives in src/catalog, and the database is reached
 * only through this class. Entry reads and writes are its own methods; the rest is grouped in small
 * parts it exposes (catalog.lifecycle, .deletion, .stats, .families, .identities, .curation,
 * .health), each keeping its SQL in its own file. Core code sees only these and the Entry shape.
 */
import { openDatabase, openDatabaseReadOnly, type Db } from './open.js';
import { toEntry, type BlobPathFn, type EntryRow, type InputRow } from './rows.js';
import { runListQuery, type ListFilter } from './list-query.js';
import { insertNewEntry, type NewEntry, type NewInput } from './new-entry.js';
import { Lifecycle } from './lifecycle.js';
import { Deletion } from './deletion.js';
import { Stats } from './stats.js';
import { Families } from './tree.js';
import { IdentityRows } from './identities.js';
import { Curation } from './curation.js';
import { Health } from './health.js';
import { recentPrompts } from './history.js';
import type { Entry } from '../domain/entry.js';

export type { EntryFilters, ListFilter, ListStatus, Paging, TagFilter } from './list-query.js';
export { LIST_STATUSES, pickEntryFilters } from './list-query.js';
export type { EntryBase, NewBlob, NewEntry, NewInput, NewJob } from './new-entry.js';
export type { FileCleanup, PendingRow } from './lifecycle.js';
export type { DayRange, DayTotals, GroupTotals, StatsColumn, Totals } from './stats.js';
export type { FamilyRow, MemberRow } from './tree.js';
export type { IdentityRow } from './identities.js';
export { NewerCatalogError } from './open.js';
export { catalogFile } from './file.js';

const ENTRY_SELECT = `
  SELECT e.rowid AS rowid, e.*, b.mime_type AS blob_mime, b.bytes AS blob_bytes,
         b.width AS blob_width, b.height AS blob_height
  FROM entries e LEFT JOIN blobs b ON b.sha256 = e.blob_sha256`;

export class Catalog {
  private readonly db: Db;
  private readonly blobPath: BlobPathFn;
  /** An entry's life from pending to its end, its job's owner, and the notes about files in flight. */
  readonly lifecycle: Lifecycle;
  readonly deletion: Deletion;
  readonly stats: Stats;
  readonly families: Families;
  readonly identities: IdentityRows;
  /** Renaming and tagging. */
  readonly curation: Curation;
  /** SQLite's own checks and the blob rows, for doctor. */
  readonly health: Health;

  /** `readonly`: for commands that only read — opens nothing for writing and creates no file. */
  constructor(file: string, blobPath: BlobPathFn, options: { readonly?: boolean } = {}) {
    this.db = options.readonly ? openDatabaseReadOnly(file) : openDatabase(file);
    this.blobPath = blobPath;
    this.lifecycle = new Lifecycle(this.db);
    this.deletion = new Deletion(this.db, this.lifecycle);
    this.stats = new Stats(this.db);
    this.families = new Families(this.db);
    this.identities = new IdentityRows(this.db);
    this.curation = new Curation(this.db);
    this.health = new Health(this.db);
  }

  close(): void {
    this.db.close();
  }

  /** Whether an id is taken, so new ids can be drawn until one is free. */
  hasEntry(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM entries WHERE id = ?').get(id) !== undefined;
  }

  /** Records one entry with its job, blobs and inputs in a single transaction. */
  insertEntry(entry: NewEntry): void {
    insertNewEntry(this.db, entry);
  }

  /** Records many entries in one transaction (how test catalogs are built: a thousand rows, one commit). */
  insertEntries(entries: readonly NewEntry[]): void {
    this.db.transaction(() => entries.forEach((entry) => insertNewEntry(this.db, entry))).immediate();
  }

  /** The last `limit` distinct prompts of a project's entries (`null`: no project), newest first. */
  recentPrompts(project: string | null, limit: number): string[] {
    return recentPrompts(this.db, project, limit);
  }

  /** Ids that start with this prefix, at most `limit` of them (for exact and short-id lookup). */
  idsWithPrefix(prefix: string, limit = 10): string[] {
    return this.db
      .prepare('SELECT id FROM entries WHERE id >= ? AND id < ? ORDER BY id LIMIT ?')
      .pluck()
      .all(prefix, `${prefix}\u{10FFFF}`, limit) as string[];
  }

  /** Completed entries whose output is this blob, newest first (a build adopting a file it wrote). */
  completedEntryIdsWithBlob(sha256: string, limit = 20): string[] {
    return this.db
      .prepare("SELECT id FROM entries WHERE blob_sha256 = ? AND status = 'completed' ORDER BY created_at DESC, rowid DESC LIMIT ?")
      .pluck()
      .all(sha256, limit) as string[];
  }

  newestEntryId(): string | undefined {
    return this.db.prepare('SELECT id FROM entries ORDER BY created_at DESC, rowid DESC LIMIT 1').pluck().get() as string | undefined;
  }

  getEntry(id: string): Entry | undefined {
    const row = this.db.prepare(`${ENTRY_SELECT} WHERE e.id = ?`).get(id) as EntryRow | undefined;
    return row ? this.hydrate([row])[0] : undefined;
  }

  listEntries(filter: ListFilter): { entries: Entry[]; total: number; totalIsLowerBound: boolean } {
    const { rowids, total, totalIsLowerBound } = runListQuery(this.db, filter);
    const rows = this.db
      .prepare(`${ENTRY_SELECT} WHERE e.rowid IN (SELECT value FROM json_each(?)) ORDER BY e.created_at DESC, e.rowid DESC`)
      .all(JSON.stringify(rowids)) as EntryRow[];
    return { entries: this.hydrate(rows), total, totalIsLowerBound };
  }

  /** Ids from the root down to this entry (each step read from the (id, parent_id) index alone). */
  lineage(id: string): string[] {
    const rows = this.db
      .prepare(
        `WITH RECURSIVE up(id, parent_id, depth) AS (
           SELECT id, parent_id, 0 FROM entries INDEXED BY entries_id_parent WHERE id = ?
           UNION ALL
           SELECT e.id, e.parent_id, up.depth + 1 FROM entries e INDEXED BY entries_id_parent JOIN up ON e.id = up.parent_id
         )
         SELECT id FROM up ORDER BY depth DESC`,
      )
      .pluck()
      .all(id) as string[];
    return rows;
  }

  children(id: string): string[] {
    return this.db.prepare('SELECT id FROM entries WHERE parent_id = ? ORDER BY created_at, rowid').pluck().all(id) as string[];
  }

  private hydrate(rows: EntryRow[]): Entry[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const inputs = this.db
      .prepare(
        `SELECT i.*, b.mime_type FROM entry_inputs i JOIN blobs b ON b.sha256 = i.blob_sha256
         WHERE i.entry_id IN (SELECT value FROM json_each(?)) ORDER BY i.entry_id, i.position`,
      )
      .all(JSON.stringify(ids)) as InputRow[];
    const byEntry = new Map<string, InputRow[]>();
    for (const input of inputs) {
      const list = byEntry.get(input.entry_id) ?? [];
      list.push(input);
      byEntry.set(input.entry_id, list);
    }
    return rows.map((row) => toEntry(row, byEntry.get(row.id) ?? [], this.blobPath));
  }

  /** An entry's inputs in order, with the facts of their blobs: what `retry` sends again. */
  inputBlobs(entryId: string): NewInput[] {
    const rows = this.db
      .prepare(
        `SELECT i.role, i.source_entry_id, i.source, b.sha256, b.mime_type, b.bytes, b.width, b.height
         FROM entry_inputs i JOIN blobs b ON b.sha256 = i.blob_sha256 WHERE i.entry_id = ? ORDER BY i.position`,
      )
      .all(entryId) as { role: string; source_entry_id: string | null; source: string | null; sha256: string; mime_type: string; bytes: number; width: number | null; height: number | null }[];
    return rows.map((r) => ({
      role: r.role,
      blob: { sha256: r.sha256, mimeType: r.mime_type, bytes: r.bytes, width: r.width, height: r.height },
      sourceEntryId: r.source_entry_id,
      source: r.source,
    }));
  }
}
