/**
 * What a new entry is written from, and the one statement set that writes it: the entry's own
 * fields are Entry's; its job, output file and inputs come as the rows they become (Entry's
 * jobId, file and inputs are read back from those rows).
 */
import type { Entry } from '../domain/entry.js';
import type { Db } from './open.js';

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

export type NewEntry = Omit<Entry, 'jobId' | 'file' | 'inputs'> & {
  /** The invocation this entry belongs to; its row is written with the job's first entry. */
  job: NewJob;
  output: { blob: NewBlob; filePath: string } | null;
  inputs: NewInput[];
};

/**
 * A statement that records a blob's facts unless a row for its hash exists (the bytes are the
 * same, so the first row stands). Entries' outputs and inputs and identity photos all go through it.
 */
export function blobUpsert(db: Db): (blob: NewBlob, createdAt: string) => void {
  const statement = db.prepare(
    `INSERT INTO blobs (sha256, mime_type, bytes, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(sha256) DO NOTHING`,
  );
  return (b, createdAt) => void statement.run(b.sha256, b.mimeType, b.bytes, b.width, b.height, createdAt);
}

/** A new entry before its request is sent: everything but its outcome. */
export type EntryBase = Omit<NewEntry, 'status' | 'output' | 'usage' | 'durationMs' | 'error' | 'metadata'>;

/** Records one entry with its job, blobs and inputs in a single transaction. */
export function insertNewEntry(db: Db, entry: NewEntry): void {
  const insertJob = db.prepare(
    'INSERT INTO jobs (id, command, requested, options, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING',
  );
  const upsertBlob = blobUpsert(db);
  const insert = db.prepare(`
    INSERT INTO entries (id, job_id, kind, status, name, prompt, effective_prompt, emotion, style,
      reference_type, template, provider, model, aspect_ratio, image_size, parent_id, root_id,
      project, blob_sha256, file_path, input_tokens, output_tokens, cost_usd, duration_ms, error,
      metadata, created_at, cost_known)
    VALUES (@id, @jobId, @kind, @status, @name, @prompt, @effectivePrompt, @emotion, @style,
      @referenceType, @template, @provider, @model, @aspectRatio, @imageSize, @parentId, @rootId,
      @project, @blobSha256, @filePath, @inputTokens, @outputTokens, @costUsd, @durationMs, @error,
      @metadata, @createdAt, @costKnown)`);
  const insertInput = db.prepare(
    'INSERT INTO entry_inputs (entry_id, position, role, blob_sha256, source_entry_id, source) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const { job } = entry;
  db.transaction(() => {
    insertJob.run(job.id, job.command, job.requested, JSON.stringify(job.options), job.createdAt);
    if (entry.output) upsertBlob(entry.output.blob, entry.createdAt);
    for (const input of entry.inputs) upsertBlob(input.blob, entry.createdAt);
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
