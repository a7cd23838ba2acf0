/**
 * What imagegen remembers about a batch job, in the home (src/store/batch-book.ts keeps the
 * files). The record is written BEFORE the create call (state `submitting`), so a kill at any
 * point leaves a trace that the next command reconciles with Google's list instead of
 * submitting again. Entry ids are chosen up front too: a result whose entry exists is never
 * written again, which makes fetching idempotent.
 */
import { createHash } from 'node:crypto';
import type { ImageJob, PreparedInput } from '../run-images.js';
import type { BatchState, RemoteBatch } from '../../providers/batch-types.js';

export type LocalState =
  /** Intent recorded; the create call may or may not have reached Google. */
  | 'submitting'
  /** Google has the job (remote.name is known). */
  | 'submitted'
  /** The create call never reached Google (checked against its list): nothing was charged. */
  | 'not-submitted'
  /** Every result has been written to the catalog. */
  | 'fetched';

/** An input as kept in the record: its blob and role, not its bytes (the store has those). */
export type StoredInput = Omit<PreparedInput, 'send'> & { mimeType: string };

/** An ImageJob that can be written as JSON and rebuilt for fetching. */
export type StoredJob = Omit<ImageJob, 'inputs'> & { inputs: StoredInput[] };

export interface BatchItemRecord {
  /** The key the request is sent and answered under. */
  key: string;
  /** The entry the result becomes (chosen at submit). */
  entryId: string;
  /** Which of the record's jobs it belongs to, and its index within that job. */
  job: number;
  index: number;
  /** For build batches: the target path this result is written to. */
  target?: string;
}

export interface BatchOrigin {
  command: 'generate' | 'build';
  /** build: the manifest's absolute path. */
  manifest?: string;
}

/** For build batches: what the lock records for each target once its result is in. */
export interface BatchTargetFacts {
  /** Absolute path of the output file. */
  file: string;
  fingerprint: string;
  inputs: Record<string, string>;
  reason: string;
}

export interface BatchRecord {
  version: 1;
  /** The local id a person types (`imagegen batch status ID`). */
  id: string;
  /** Sent to Google as the job's displayName: how a lost create reply is found again. */
  displayName: string;
  /** A hash of what was asked for, so a crashed submit of the same work is recognised. */
  fingerprint: string;
  createdAt: string;
  state: LocalState;
  origin: BatchOrigin;
  model: string;
  /** Catalog job ids, one per stored job, fixed so refetching reuses them. */
  catalogJobIds: string[];
  jobs: StoredJob[];
  items: BatchItemRecord[];
  /** Estimated cost at the batch price, in USD. */
  estimatedCostUsd: number;
  remote: RemoteSnapshot | null;
  fetchedAt?: string;
  /** build batches: lock facts by target path. */
  targets?: Record<string, BatchTargetFacts>;
}

export interface RemoteSnapshot {
  name: string;
  state: BatchState;
  googleState: string;
  counts: RemoteBatch['counts'];
  error: RemoteBatch['error'];
  checkedAt: string;
}

export function snapshotOf(remote: RemoteBatch, at: Date): RemoteSnapshot {
  return { name: remote.name, state: remote.state, googleState: remote.googleState, counts: remote.counts, error: remote.error, checkedAt: at.toISOString() };
}

export function toStoredJob(job: ImageJob): StoredJob {
  return {
    ...job,
    inputs: job.inputs.map((i) => ({ role: i.role, blob: i.blob, sourceEntryId: i.sourceEntryId, source: i.source, mimeType: i.send.mimeType })),
  };
}

/** A stored job as the save functions take it (they never read the input bytes). */
export function fromStoredJob(job: StoredJob): ImageJob {
  return { ...job, inputs: job.inputs.map((i) => ({ role: i.role, blob: i.blob, sourceEntryId: i.sourceEntryId, source: i.source, send: { role: i.role, mimeType: i.mimeType, data: Buffer.alloc(0) } })) };
}

/** A stable hash of the requests a batch sends (prompt, model, parameters, input blobs, count, destination). */
export function fingerprintOf(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** The user-facing shape of a record (`--json` of batch list/status). */
export interface BatchSummary {
  id: string;
  name: string | null;
  origin: BatchOrigin['command'];
  state: LocalState;
  googleState: string | null;
  requests: number;
  counts: RemoteBatch['counts'];
  error: RemoteBatch['error'];
  model: string;
  estimatedCostUsd: number;
  createdAt: string;
  checkedAt: string | null;
  fetchedAt: string | null;
}

export function summarize(record: BatchRecord): BatchSummary {
  return {
    id: record.id,
    name: record.remote?.name ?? null,
    origin: record.origin.command,
    state: record.state,
    googleState: record.remote?.googleState ?? null,
    requests: record.items.length,
    counts: record.remote?.counts ?? null,
    error: record.remote?.error ?? null,
    model: record.model,
    estimatedCostUsd: record.estimatedCostUsd,
    createdAt: record.createdAt,
    checkedAt: record.remote?.checkedAt ?? null,
    fetchedAt: record.fetchedAt ?? null,
  };
}
