/**
 * Types of the fake's Batch API part: how a test scripts a job's life (BatchScript), what the
 * fake keeps about each job and uploaded file, and the wire shapes it sends back.
 *
 * Wire shapes follow @google/genai 3.1.0's Gemini Developer API converters
 * (createBatchJobParametersToMldev, batchJobFromMldev, batchJobDestinationFromMldev,
 * listBatchJobsResponseFromMldev, uploadBlobInternal, downloadFile in dist/node/index.mjs) and
 * the public API reference of models.batchGenerateContent / batches.* / GenerateContentBatch
 * (as mirrored in github.com/aravindhsampath/chitti docs/batch-api.md): a batch is a long-running
 * Operation whose `metadata` is the GenerateContentBatch (state BATCH_STATE_*, batchStats with
 * int64-as-string counts, output.inlinedResponses.inlinedResponses[] or output.responsesFile).
 */
import type { Fault, RecordedRequest } from './types.js';

export type BatchEnd = 'SUCCEEDED' | 'FAILED' | 'EXPIRED' | 'CANCELLED';
export type WireBatchState = 'BATCH_STATE_PENDING' | 'BATCH_STATE_RUNNING' | 'BATCH_STATE_SUCCEEDED' | 'BATCH_STATE_FAILED' | 'BATCH_STATE_CANCELLED' | 'BATCH_STATE_EXPIRED';

/** How one job lives: PENDING for pendingMs, RUNNING for runningMs, then `end`. */
export interface BatchScript {
  pendingMs?: number;
  runningMs?: number;
  end?: BatchEnd;
  /** The Operation's error for a FAILED (or EXPIRED) job: google.rpc.Status. */
  error?: { code: number; message: string };
}

/** The behaviour of one request inside a job (index in submission order); default ok. */
export type BatchRequestFault = (index: number, request: RecordedRequest) => Fault;

export interface WireStatus {
  code: number;
  message: string;
  status?: string;
}

/** One result: a GenerateContentResponse, or the request's error, and the request's metadata. */
export interface BatchResultItem {
  key: string;
  response?: unknown;
  error?: WireStatus;
}

export interface FakeBatchJob {
  id: string;
  name: string;
  model: string;
  displayName: string;
  createdAt: number;
  script: Required<Pick<BatchScript, 'pendingMs' | 'runningMs' | 'end'>> & Pick<BatchScript, 'error'>;
  source: 'inline' | 'file';
  /** Each request's key (inline: metadata.key, else its index; file: the line's key). */
  keys: string[];
  /** Each request as a generateContent body (contents, generationConfig, …). */
  requests: Record<string, unknown>[];
  cancelledAt?: number;
  deleted?: boolean;
  results?: BatchResultItem[];
  /** For file-sourced jobs, the name of the responses file once the job succeeded. */
  responsesFile?: string;
}

export interface FakeFile {
  name: string;
  displayName?: string;
  mimeType: string;
  data: Buffer;
  createdAt: number;
}
