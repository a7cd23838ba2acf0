/**
 * The seam between imagegen's core and a provider's batch API (Gemini's Batch API today): submit
 * many image requests as one asynchronous job at the batch price, watch it, cancel it, and read
 * its results. No SDK types here, so core can depend on it without loading the SDK.
 */
import type { ImagegenError } from '../domain/errors.js';
import type { ImageRequest, ImageResult } from '../domain/provider.js';

/** Google's job states, lower-cased without the JOB_STATE_ prefix. */
export type BatchState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired' | 'unknown';

export const FINISHED_STATES: ReadonlySet<BatchState> = new Set(['succeeded', 'failed', 'cancelled', 'expired']);

export interface RemoteBatch {
  /** Google's resource name, `batches/…`. */
  name: string;
  displayName: string;
  state: BatchState;
  /** The state exactly as Google reported it (e.g. JOB_STATE_EXPIRED). */
  googleState: string;
  createTime: string | null;
  updateTime: string | null;
  /** Request counts from batchStats, when Google sent them. */
  counts: { total: number; succeeded: number; failed: number; pending: number } | null;
  /** The job's error (google.rpc.Status) for failed, expired or cancelled jobs. */
  error: { code: number; message: string } | null;
}

/** One request of a batch, with the key its result comes back under. */
export interface BatchItem {
  key: string;
  request: Omit<ImageRequest, 'signal' | 'onRetry'>;
}

export interface BatchSubmission {
  /** Also the handle for finding the job again with list() after a lost reply. */
  displayName: string;
  model: string;
  items: BatchItem[];
  signal?: AbortSignal;
}

/**
 * One request's result. `key` is the key it was sent under when Google echoed it (JSONL lines
 * carry it; inlined responses carry the request's metadata), else its position as a string;
 * `position` is its place in Google's list, which follows the order of the requests.
 */
export type BatchItemResult = ({ ok: true; result: ImageResult } | { ok: false; error: ImagegenError }) & { key: string; position: number };

export interface BatchProvider {
  /** Creates the job (inline requests, or a JSONL file upload when they are too big). Never retried. */
  submit(submission: BatchSubmission): Promise<RemoteBatch>;
  /** The job, or null when Google does not know the name. */
  get(name: string, signal?: AbortSignal): Promise<RemoteBatch | null>;
  /** Every job the key can see, newest first. */
  list(signal?: AbortSignal): Promise<RemoteBatch[]>;
  cancel(name: string, signal?: AbortSignal): Promise<void>;
  /** The per-request results of a succeeded job, keyed as submitted. */
  results(name: string, signal?: AbortSignal): Promise<BatchItemResult[]>;
}
