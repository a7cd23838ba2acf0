/** Maps catalog rows to the Entry shape of the JSON contract. */
import type { Entry, EntryInput } from '../domain/entry.js';
import type { ErrorJson } from '../domain/errors.js';

export interface EntryRow {
  rowid: number;
  id: string;
  job_id: string;
  kind: Entry['kind'];
  status: Entry['status'];
  name: string;
  prompt: string;
  effective_prompt: string;
  emotion: string | null;
  style: string | null;
  reference_type: Entry['referenceType'];
  template: string | null;
  provider: Entry['provider'];
  model: string;
  aspect_ratio: string;
  image_size: string;
  parent_id: string | null;
  root_id: string;
  project: string | null;
  blob_sha256: string | null;
  file_path: string | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  /** 0 when the model's prices were unknown (migration 007). */
  cost_known: number;
  duration_ms: number | null;
  error: string | null;
  metadata: string;
  created_at: string;
  blob_mime: string | null;
  blob_bytes: number | null;
  blob_width: number | null;
  blob_height: number | null;
}

export interface InputRow {
  entry_id: string;
  position: number;
  role: string;
  blob_sha256: string;
  source_entry_id: string | null;
  source: string | null;
  mime_type: string;
}

export type BlobPathFn = (sha256: string, mimeType: string) => string;

export function toEntry(row: EntryRow, inputs: InputRow[], blobPath: BlobPathFn): Entry {
  return {
    id: row.id,
    jobId: row.job_id,
    kind: row.kind,
    status: row.status,
    name: row.name,
    prompt: row.prompt,
    effectivePrompt: row.effective_prompt,
    emotion: row.emotion,
    style: row.style,
    referenceType: row.reference_type,
    template: row.template,
    provider: row.provider,
    model: row.model,
    aspectRatio: row.aspect_ratio,
    imageSize: row.image_size,
    parentId: row.parent_id,
    rootId: row.root_id,
    project: row.project,
    inputs: inputs.map(
      (i): EntryInput => ({
        role: i.role,
        sha256: i.blob_sha256,
        path: blobPath(i.blob_sha256, i.mime_type),
        entryId: i.source_entry_id,
        source: i.source,
      }),
    ),
    file:
      row.blob_sha256 && row.file_path && row.blob_mime
        ? {
            path: row.file_path,
            mimeType: row.blob_mime,
            width: row.blob_width ?? 0,
            height: row.blob_height ?? 0,
            bytes: row.blob_bytes ?? 0,
            sha256: row.blob_sha256,
          }
        : null,
    usage: { inputTokens: row.input_tokens, outputTokens: row.output_tokens, costUsd: row.cost_known === 0 ? null : row.cost_usd },
    durationMs: row.duration_ms,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    createdAt: row.created_at,
    error: row.error ? (JSON.parse(row.error) as ErrorJson) : null,
  };
}
