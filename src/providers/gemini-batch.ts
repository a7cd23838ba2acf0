/**
 * Gemini's Batch API through @google/genai: one batches.create per job (inlined requests while
 * they fit, else a JSONL file through the Files API), batches.get / list / cancel, and the
 * results read from the inlined responses or the downloaded responses file. The Batch API lives
 * in v1beta. Each response is read with the same readImage as an interactive call, so blocked
 * prompts and missing images fail the same way.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GoogleGenAI, type BatchJob, type GenerateContentResponse, type InlinedRequest } from '@google/genai';
import { failure } from '../domain/errors.js';
import { findModel } from './models.js';
import { readImage } from './gemini.js';
import { classifyGeminiError, toGeminiError } from './gemini-errors.js';
import { withRetry, type RetryPolicy } from './retry.js';
import type { BatchItem, BatchItemResult, BatchProvider, BatchState, BatchSubmission, RemoteBatch } from './batch-types.js';

export interface GeminiBatchOptions {
  apiKey: string;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Above this many bytes of request JSON, requests go as a JSONL file (Google's inline limit is 20 MB). */
  inlineLimitBytes: number;
}

export const DEFAULT_INLINE_LIMIT_BYTES = 19 * 1024 * 1024;

/** A request in the REST shape of generateContent (what a JSONL line's `request` holds). */
interface WireRequest {
  contents: { role: string; parts: Record<string, unknown>[] }[];
  generationConfig: { responseModalities: string[]; imageConfig: Record<string, string> };
}

interface RawOperation {
  name?: string;
  metadata?: { batchStats?: Record<string, string | number> };
  error?: { code?: number; message?: string };
}

export class GeminiBatchProvider implements BatchProvider {
  private readonly ai: GoogleGenAI;
  private readonly options: GeminiBatchOptions;
  /** The raw Operations last seen, by name: the SDK's BatchJob drops batchStats and error. */
  private readonly raw = new Map<string, RawOperation>();

  constructor(options: GeminiBatchOptions) {
    this.options = options;
    const watchingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (response.ok && (response.headers.get('content-type') ?? '').includes('json')) this.remember(await response.clone().text());
      return response;
    };
    this.ai = new GoogleGenAI({ apiKey: options.apiKey, apiVersion: 'v1beta', httpOptions: { timeout: options.timeoutMs, fetch: watchingFetch } });
  }

  async submit(submission: BatchSubmission): Promise<RemoteBatch> {
    const wire = submission.items.map((item) => ({ key: item.key, request: wireRequest(item) }));
    const size = wire.reduce((n, w) => n + JSON.stringify(w).length, 0);
    const config = { displayName: submission.displayName, abortSignal: submission.signal };
    try {
      if (size <= this.options.inlineLimitBytes) {
        const src: InlinedRequest[] = wire.map((w) => ({ contents: w.request.contents, config: { ...w.request.generationConfig }, metadata: { key: w.key } }));
        return this.toRemote(await this.ai.batches.create({ model: submission.model, src, config }));
      }
      const file = await this.uploadJsonl(wire, submission);
      return this.toRemote(await this.ai.batches.create({ model: submission.model, src: file, config }));
    } catch (err) {
      if (submission.signal?.aborted) throw err;
      throw toGeminiError(err, submission.model, this.options.timeoutMs);
    }
  }

  async get(name: string, signal?: AbortSignal): Promise<RemoteBatch | null> {
    try {
      return this.toRemote(await this.retrying(() => this.ai.batches.get({ name, config: { abortSignal: signal } }), signal));
    } catch (err) {
      if ((err as { status?: unknown }).status === 404) return null;
      throw this.error(err, signal);
    }
  }

  async list(signal?: AbortSignal): Promise<RemoteBatch[]> {
    try {
      const jobs: RemoteBatch[] = [];
      const pager = await this.retrying(() => this.ai.batches.list({ config: { pageSize: 100, abortSignal: signal } }), signal);
      for await (const job of pager) jobs.push(this.toRemote(job));
      return jobs;
    } catch (err) {
      throw this.error(err, signal);
    }
  }

  async cancel(name: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.retrying(() => this.ai.batches.cancel({ name, config: { abortSignal: signal } }), signal);
    } catch (err) {
      throw this.error(err, signal);
    }
  }

  async results(name: string, signal?: AbortSignal): Promise<BatchItemResult[]> {
    let job: BatchJob;
    try {
      job = await this.retrying(() => this.ai.batches.get({ name, config: { abortSignal: signal } }), signal);
    } catch (err) {
      throw this.error(err, signal);
    }
    const inlined = job.dest?.inlinedResponses;
    if (inlined) return inlined.map((r, i) => toItem(String(r.metadata?.key ?? i), i, r.response, r.error));
    if (job.dest?.fileName) return this.readResponsesFile(job.dest.fileName, signal);
    throw failure('BATCH_NO_RESULTS', `Gemini sent no results for ${name} (state ${job.state ?? 'unknown'}).`, 'Check the job with `imagegen batch status`; only a succeeded job has results.');
  }

  private async uploadJsonl(wire: { key: string; request: WireRequest }[], submission: BatchSubmission): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'imagegen-batch-'));
    try {
      const path = join(dir, 'requests.jsonl');
      await writeFile(path, wire.map((w) => JSON.stringify(w)).join('\n') + '\n');
      const file = await this.ai.files.upload({ file: path, config: { mimeType: 'jsonl', displayName: submission.displayName, abortSignal: submission.signal } });
      if (!file.name) throw failure('BATCH_UPLOAD_FAILED', 'The Files API did not name the uploaded request file.', 'Try again.');
      return file.name;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async readResponsesFile(fileName: string, signal?: AbortSignal): Promise<BatchItemResult[]> {
    const dir = await mkdtemp(join(tmpdir(), 'imagegen-batch-'));
    try {
      const path = join(dir, 'responses.jsonl');
      await this.retrying(() => this.ai.files.download({ file: fileName, downloadPath: path, config: { abortSignal: signal } }), signal);
      const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim() !== '');
      return lines.map((line, i) => {
        let parsed: { key?: unknown; response?: GenerateContentResponse; error?: { code?: number; message?: string; status?: string } };
        try {
          parsed = JSON.parse(line) as typeof parsed;
        } catch {
          return { key: String(i), position: i, ok: false, error: failure('BATCH_BAD_RESULT', `Line ${i + 1} of the batch's responses file is not JSON.`, 'Fetch again; if it persists the file is damaged on Google\'s side.') };
        }
        return toItem(String(parsed.key ?? i), i, parsed.response, parsed.error);
      });
    } catch (err) {
      throw this.error(err, signal);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Idempotent calls are retried on transient failures; create never is. */
  private retrying<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return withRetry(call, (err) => classifyGeminiError(err, null), this.options.retry, { signal });
  }

  private error(err: unknown, signal?: AbortSignal): unknown {
    if (signal?.aborted) return err;
    return toGeminiError(err, 'batches', this.options.timeoutMs);
  }

  private remember(text: string): void {
    try {
      const body = JSON.parse(text) as RawOperation & { operations?: RawOperation[] };
      for (const op of [body, ...(body.operations ?? [])]) if (typeof op.name === 'string' && op.name.startsWith('batches/')) this.raw.set(op.name, op);
    } catch {
      // Not JSON after all: the SDK will say so.
    }
  }

  private toRemote(job: BatchJob): RemoteBatch {
    const name = job.name ?? '';
    const raw = this.raw.get(name);
    const stats = raw?.metadata?.batchStats;
    const count = (key: string) => Number(stats?.[key] ?? 0) || 0;
    const googleState = String(job.state ?? 'JOB_STATE_UNSPECIFIED');
    const state = stateOf(googleState);
    return {
      name,
      displayName: job.displayName ?? '',
      state,
      googleState,
      createTime: job.createTime ?? null,
      updateTime: job.updateTime ?? null,
      counts: stats ? { total: count('requestCount'), succeeded: count('successfulRequestCount'), failed: count('failedRequestCount'), pending: count('pendingRequestCount') } : null,
      error: raw?.error ? { code: raw.error.code ?? 0, message: raw.error.message ?? '' } : null,
    };
  }
}

function stateOf(googleState: string): BatchState {
  const s = googleState.replace(/^(JOB|BATCH)_STATE_/, '').toLowerCase();
  return (['pending', 'running', 'succeeded', 'failed', 'cancelled', 'expired'] as const).find((k) => k === s) ?? 'unknown';
}

/** The REST body of one image request (the same parts and imageConfig as an interactive call). */
function wireRequest(item: BatchItem): WireRequest {
  const { request } = item;
  const spec = findModel(request.model);
  const imageConfig: Record<string, string> = { aspectRatio: request.aspectRatio };
  if (spec?.sendsImageSize !== false) imageConfig.imageSize = request.imageSize;
  return {
    contents: [{ role: 'user', parts: [{ text: request.prompt }, ...request.inputs.map((i) => ({ inlineData: { mimeType: i.mimeType, data: i.data.toString('base64') } }))] }],
    generationConfig: { responseModalities: ['TEXT', 'IMAGE'], imageConfig },
  };
}

function toItem(key: string, position: number, response: GenerateContentResponse | undefined, error: { code?: number; message?: string; status?: string } | undefined): BatchItemResult {
  if (error || !response) {
    const what = error?.status ?? (error?.code !== undefined ? `code ${error.code}` : 'no response');
    return {
      key,
      position,
      ok: false,
      error: failure('BATCH_REQUEST_FAILED', `Gemini failed this request of the batch (${what}): ${error?.message ?? 'no response was returned'}`, 'Run it again with `imagegen retry ID`, or without --batch.'),
    };
  }
  try {
    return { key, position, ok: true, result: readImage(response) };
  } catch (err) {
    return { key, position, ok: false, error: toGeminiError(err, 'batch', 0) };
  }
}
