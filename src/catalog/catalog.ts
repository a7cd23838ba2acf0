/**
 * The catalog: every SQL statement imagegen runs lives in src/catalog. Core code sees only these
 * methods and the Entry shape.
 */
import { openDatabase, openDatabaseReadOnly, type Db } from './open.js';
import { toEntry, type BlobPathFn, type EntryRow, type InputRow } from './rows.js';
import { runListQuery, type ListFilter } from './list-query.js';
import type { Entry } from '../domain/entry.js';
import type { ErrorJson } from '../domain/errors.js';

export type { ListFilter } from './list-query.js';

export interface NewJob {
  id: string;
  command: string;
  requested: number;
  options: Record<string, unknown>;
  createdAt: string;
}

export interface NewBlob {
  sha256: string;
  mimeType: string;
  bytes: number;
  width: number | null;
  height: number | null;
}

export interface NewInput {
  role: string;
  blob: NewBlob;
  sourceEntryId: string | null;
  source: string | null;
}

export interface NewEntry {
  id: string;
  /** The invocation this entry belongs to; its row is written with the job's first entry. */
  job: NewJob;
  kind: Entry['kind'];
  status: Entry['status'];
  name: string;
  prompt: string;
  effectivePrompt: string;
  emotion: string | null;
  style: string | null;
  referenceType: Entry['referenceType'];
  template: string | null;
  provider: Entry['provider'];
  model: string;
  aspectRatio: string;
  imageSize: string;
  parentId: string | null;
  rootId: string;
  project: string | null;
  output: { blob: NewBlob; filePath: string } | null;
  inputs: NewInput[];
  usage: { inputTokens: number; outputTokens: number; costUsd: number | null };
  durationMs: number | null;
  error: ErrorJson | null;
  metadata: Record<string, unknown>;
  createdAt: string;
}

const ENTRY_SELECT = `
  SELECT e.rowid AS rowid, e.*, b.mime_type AS blob_mime, b.bytes AS blob_bytes,
         b.width AS blob_width, b.height AS blob_height
  FROM entries e LEFT JOIN blobs b ON b.sha256 = e.blob_sha256`;

export class Catalog {
  readonly db: Db;
  private readonly blobPath: BlobPathFn;

  /** `readonly`: for commands that only read — opens nothing for writing and creates no file. */
  constructor(file: string, blobPath: BlobPathFn, options: { readonly?: boolean } = {}) {
    this.db = options.readonly ? openDatabaseReadOnly(file) : openDatabase(file);
    this.blobPath = blobPath;
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
    const insertJob = this.db.prepare(
      'INSERT INTO jobs (id, command, requested, options, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING',
    );
    const upsertBlob = this.db.prepare(
      `INSERT INTO blobs (sha256, mime_type, bytes, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(sha256) DO NOTHING`,
    );
    const insert = this.db.prepare(`
      INSERT INTO entries (id, job_id, kind, status, name, prompt, effective_prompt, emotion, style,
        reference_type, template, provider, model, aspect_ratio, image_size, parent_id, root_id,
        project, blob_sha256, file_path, input_tokens, output_tokens, cost_usd, duration_ms, error,
        metadata, created_at, cost_known)
      VALUES (@id, @jobId, @kind, @status, @name, @prompt, @effectivePrompt, @emotion, @style,
        @referenceType, @template, @provider, @model, @aspectRatio, @imageSize, @parentId, @rootId,
        @project, @blobSha256, @filePath, @inputTokens, @outputTokens, @costUsd, @durationMs, @error,
        @metadata, @createdAt, @costKnown)`);
    const insertInput = this.db.prepare(
      'INSERT INTO entry_inputs (entry_id, position, role, blob_sha256, source_entry_id, source) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const blobArgs = (b: NewBlob) => [b.sha256, b.mimeType, b.bytes, b.width, b.height, entry.createdAt] as const;
    const { job } = entry;
    this.db.transaction(() => {
      insertJob.run(job.id, job.command, job.requested, JSON.stringify(job.options), job.createdAt);
      if (entry.output) upsertBlob.run(...blobArgs(entry.output.blob));
      for (const input of entry.inputs) upsertBlob.run(...blobArgs(input.blob));
      insert.run({
        id: entry.id,
        jobId: entry.job.id,
        kind: entry.kind,
        status: entry.status,
        name: entry.name,
        prompt: entry.prompt,
        effectivePrompt: entry.effectivePrompt,
        emotion: entry.emotion,
        style: entry.style,
        referenceType: entry.referenceType,
        template: entry.template,
        provider: entry.provider,
        model: entry.model,
        aspectRatio: entry.aspectRatio,
        imageSize: entry.imageSize,
        parentId: entry.parentId,
        rootId: entry.rootId,
        project: entry.project,
        blobSha256: entry.output?.blob.sha256 ?? null,
        filePath: entry.output?.filePath ?? null,
        inputTokens: entry.usage.inputTokens,
        outputTokens: entry.usage.outputTokens,
        // An unknown cost is 0 in the sums and flagged, so totals stay numbers and say what they miss.
        costUsd: entry.usage.costUsd ?? 0,
        costKnown: entry.usage.costUsd === null ? 0 : 1,
        durationMs: entry.durationMs,
        error: entry.error ? JSON.stringify(entry.error) : null,
        metadata: JSON.stringify(entry.metadata),
        createdAt: entry.createdAt,
      });
      entry.inputs.forEach((input, position) =>
        insertInput.run(entry.id, position, input.role, input.blob.sha256, input.sourceEntryId, input.source),
      );
    }).immediate();
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
