/**
 * The fake's Batch API: models.batchGenerateContent (inlined requests or a JSONL file), batches
 * get / list / cancel / delete, the resumable Files API upload the SDK uses for the JSONL file,
 * and the responses-file download. A job's state advances with the wall clock as its
 * BatchScript says (PENDING → RUNNING → SUCCEEDED, or FAILED / EXPIRED, or CANCELLED on cancel);
 * each request inside a job is answered like a generateContent call, so the fake's ordinary
 * Faults (blocked prompt, 500, …) become per-request results or errors. See batch-types.ts for
 * where the shapes come from.
 */
import { randomBytes } from 'node:crypto';
import { json, type Outcome } from './outcomes.js';
import { googleError } from './responses.js';
import type { BatchRequestFault, BatchResultItem, BatchScript, FakeBatchJob, FakeFile, WireBatchState, WireStatus } from './batch-types.js';
import type { Fault, RecordedRequest } from './types.js';

export type * from './batch-types.js';

export const DEFAULT_BATCH_SCRIPT = { pendingMs: 40, runningMs: 80, end: 'SUCCEEDED' } as const;

const BATCH_TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch';
const OUTPUT_TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput';
const NOT_FOUND = 'Requested entity was not found.';

type Respond = (fault: Fault, request: RecordedRequest) => Promise<Outcome>;

/** What a batch-family request is, after routing. */
type BatchRoute =
  | { op: 'create'; version: string; model: string }
  | { op: 'list'; version: string }
  | { op: 'get' | 'delete' | 'cancel'; version: string; id: string }
  | { op: 'upload'; version: string }
  | { op: 'file' | 'download'; version: string; id: string };

export function batchRoute(method: string, path: string): BatchRoute | null {
  let m: RegExpExecArray | null;
  if (method === 'POST' && (m = /^\/(v[^/]+)\/models\/([^/:]+):batchGenerateContent$/.exec(path))) return { op: 'create', version: m[1]!, model: decodeURIComponent(m[2]!) };
  if (method === 'GET' && (m = /^\/(v[^/]+)\/batches\/?$/.exec(path))) return { op: 'list', version: m[1]! };
  if (method === 'POST' && (m = /^\/(v[^/]+)\/batches\/([^/:]+):cancel$/.exec(path))) return { op: 'cancel', version: m[1]!, id: m[2]! };
  if ((method === 'GET' || method === 'DELETE') && (m = /^\/(v[^/]+)\/batches\/([^/:]+)$/.exec(path))) return { op: method === 'GET' ? 'get' : 'delete', version: m[1]!, id: m[2]! };
  if (method === 'POST' && (m = /^\/upload\/(v[^/]+)\/files\/?$/.exec(path))) return { op: 'upload', version: m[1]! };
  if (method === 'GET' && (m = /^\/(v[^/]+)\/files\/([^/:]+):download$/.exec(path))) return { op: 'download', version: m[1]!, id: m[2]! };
  if (method === 'GET' && (m = /^\/(v[^/]+)\/files\/([^/:]+)$/.exec(path))) return { op: 'file', version: m[1]!, id: m[2]! };
  return null;
}

function shortId(): string {
  return randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, 'x');
}

function headerOf(req: RecordedRequest, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

export class FakeBatchApi {
  /** The script of jobs created once the queue of scripts is empty. */
  script: BatchScript = { ...DEFAULT_BATCH_SCRIPT };
  /** Per-request behaviour inside jobs (default: every request answers ok). */
  requestFault: BatchRequestFault | undefined;
  /** Whether inlined responses echo each request's metadata (false: results matched by order only). */
  echoMetadata = true;
  readonly jobs = new Map<string, FakeBatchJob>();
  readonly files = new Map<string, FakeFile>();
  private scripts: BatchScript[] = [];
  private uploads = new Map<string, { meta: Record<string, unknown>; chunks: Buffer[] }>();

  // Plain fields, not parameter properties: the benchmarks load the fake with Node's own type
  // stripping, which does not support them.
  private readonly respond: Respond;
  private readonly baseUrl: () => string;
  private readonly now: () => number;

  constructor(respond: Respond, baseUrl: () => string, now: () => number = Date.now) {
    this.respond = respond;
    this.baseUrl = baseUrl;
    this.now = now;
  }

  /** Scripts for the next jobs created, first in first out. */
  scriptNext(...scripts: BatchScript[]): void {
    this.scripts.push(...scripts);
  }

  reset(): void {
    this.jobs.clear();
    this.files.clear();
    this.uploads.clear();
    this.scripts = [];
    this.script = { ...DEFAULT_BATCH_SCRIPT };
    this.requestFault = undefined;
    this.echoMetadata = true;
  }

  /** Jobs in creation order (deleted ones included, flagged). */
  list(): FakeBatchJob[] {
    return [...this.jobs.values()];
  }

  /** Makes a job reach its end now (tests that do not want to wait). */
  finish(id: string): void {
    const job = this.jobs.get(id.replace(/^batches\//, ''));
    if (job) job.createdAt = this.now() - job.script.pendingMs - job.script.runningMs - 1;
  }

  stateOf(job: FakeBatchJob): WireBatchState {
    if (job.cancelledAt !== undefined) return 'BATCH_STATE_CANCELLED';
    const elapsed = this.now() - job.createdAt;
    if (elapsed < job.script.pendingMs) return 'BATCH_STATE_PENDING';
    if (elapsed < job.script.pendingMs + job.script.runningMs) return 'BATCH_STATE_RUNNING';
    return `BATCH_STATE_${job.script.end}`;
  }

  /**
   * A batch-family request under a Fault: error faults answer without side effects; `hang` and
   * `disconnect` do the work and then lose the reply (the case a client must reconcile after);
   * content faults act as ok.
   */
  async answer(route: BatchRoute, req: RecordedRequest, raw: Buffer, fault: Fault, sleep: (ms: number) => Promise<void>): Promise<Outcome> {
    switch (fault.kind) {
      case 'hang':
      case 'disconnect':
        await this.handle(route, req, raw);
        return { type: fault.kind };
      case 'delay':
        await sleep(fault.ms);
        return this.answer(route, req, raw, fault.then ?? { kind: 'ok' }, sleep);
      case 'status':
      case 'invalidKey':
      case 'unknownModel':
      case 'raw':
      case 'malformed':
        return this.respond(fault, req);
      default:
        return this.handle(route, req, raw);
    }
  }

  async handle(route: BatchRoute, req: RecordedRequest, raw: Buffer): Promise<Outcome> {
    switch (route.op) {
      case 'create':
        return this.create(route.model, req);
      case 'list':
        return this.listOperations(req);
      case 'get': {
        const job = this.live(route.id);
        return job ? json(200, await this.operation(job)) : json(404, googleError(404, NOT_FOUND));
      }
      case 'delete': {
        const job = this.live(route.id);
        if (!job) return json(404, googleError(404, NOT_FOUND));
        job.deleted = true;
        return json(200, {});
      }
      case 'cancel': {
        const job = this.live(route.id);
        if (!job) return json(404, googleError(404, NOT_FOUND));
        const state = this.stateOf(job);
        if (state === 'BATCH_STATE_PENDING' || state === 'BATCH_STATE_RUNNING') job.cancelledAt = this.now();
        return json(200, {});
      }
      case 'upload':
        return this.upload(route.version, req, raw);
      case 'file': {
        const file = this.files.get(`files/${route.id}`);
        return file ? json(200, fileJson(file)) : json(404, googleError(404, NOT_FOUND));
      }
      case 'download': {
        const file = this.files.get(`files/${route.id}`);
        if (!file || req.query.alt !== 'media') return json(404, googleError(404, NOT_FOUND));
        return { type: 'send', status: 200, headers: { 'content-type': file.mimeType }, body: file.data.toString('utf8') };
      }
    }
  }

  private live(id: string): FakeBatchJob | undefined {
    const job = this.jobs.get(id);
    return job && !job.deleted ? job : undefined;
  }

  private create(model: string, req: RecordedRequest): Outcome {
    const batch = (req.body as { batch?: Record<string, unknown> } | null)?.batch;
    const input = batch?.inputConfig as { requests?: { requests?: unknown[] }; fileName?: string } | undefined;
    if (!batch || !input) return json(400, googleError(400, '* GenerateContentBatch.input_config: input_config is required\n'));
    let keys: string[];
    let requests: Record<string, unknown>[];
    let source: FakeBatchJob['source'];
    if (Array.isArray(input.requests?.requests)) {
      const inlined = input.requests.requests as { request?: Record<string, unknown>; metadata?: Record<string, unknown> }[];
      if (inlined.length === 0) return json(400, googleError(400, '* GenerateContentBatch.input_config.requests: requests is empty\n'));
      source = 'inline';
      keys = inlined.map((r, i) => String(r.metadata?.key ?? i));
      requests = inlined.map((r) => r.request ?? {});
    } else if (typeof input.fileName === 'string') {
      const file = this.files.get(input.fileName);
      if (!file) return json(400, googleError(400, `File ${input.fileName} not found.`));
      const lines = file.data
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== '');
      try {
        const parsed = lines.map((l) => JSON.parse(l) as { key?: unknown; request?: Record<string, unknown> });
        source = 'file';
        keys = parsed.map((p, i) => String(p.key ?? i));
        requests = parsed.map((p) => p.request ?? {});
      } catch {
        return json(400, googleError(400, `File ${input.fileName} is not valid JSONL.`));
      }
    } else {
      return json(400, googleError(400, '* GenerateContentBatch.input_config: one of requests or file_name is required\n'));
    }
    const script = { ...DEFAULT_BATCH_SCRIPT, ...this.script, ...this.scripts.shift() };
    const id = shortId();
    const job: FakeBatchJob = {
      id,
      name: `batches/${id}`,
      model,
      displayName: typeof batch.displayName === 'string' ? batch.displayName : '',
      createdAt: this.now(),
      script,
      source,
      keys,
      requests,
    };
    this.jobs.set(id, job);
    // The create call answers with the Operation as it stands (PENDING).
    return json(200, this.operationNow(job));
  }

  private async listOperations(req: RecordedRequest): Promise<Outcome> {
    const all = [...this.jobs.values()].filter((j) => !j.deleted).sort((a, b) => b.createdAt - a.createdAt);
    const pageSize = Math.min(Math.max(Number(req.query.pageSize) || 10, 1), 100);
    const start = Number(req.query.pageToken) || 0;
    const page = all.slice(start, start + pageSize);
    const operations = [];
    for (const job of page) operations.push(await this.operation(job));
    const body: Record<string, unknown> = { operations };
    if (start + pageSize < all.length) body.nextPageToken = String(start + pageSize);
    return json(200, body);
  }

  /** The Operation for a job, running its requests first if it has just succeeded. */
  private async operation(job: FakeBatchJob): Promise<Record<string, unknown>> {
    if (this.stateOf(job) === 'BATCH_STATE_SUCCEEDED' && job.results === undefined) await this.run(job);
    return this.operationNow(job);
  }

  private operationNow(job: FakeBatchJob): Record<string, unknown> {
    const state = this.stateOf(job);
    const iso = (ms: number) => new Date(ms).toISOString();
    const ended = state !== 'BATCH_STATE_PENDING' && state !== 'BATCH_STATE_RUNNING';
    const endMs = job.cancelledAt ?? job.createdAt + job.script.pendingMs + job.script.runningMs;
    const n = job.requests.length;
    const stats: Record<string, string> = { requestCount: String(n) };
    if (!ended) stats.pendingRequestCount = String(n);
    else if (job.results) {
      stats.successfulRequestCount = String(job.results.filter((r) => r.response !== undefined).length);
      stats.failedRequestCount = String(job.results.filter((r) => r.error !== undefined).length);
    }
    const metadata: Record<string, unknown> = {
      '@type': BATCH_TYPE,
      model: `models/${job.model}`,
      displayName: job.displayName,
      createTime: iso(job.createdAt),
      updateTime: iso(ended ? endMs : this.now()),
      batchStats: stats,
      state,
      name: job.name,
    };
    const operation: Record<string, unknown> = { name: job.name, metadata };
    if (!ended) return operation;
    metadata.endTime = iso(endMs);
    operation.done = true;
    if (state === 'BATCH_STATE_SUCCEEDED' && job.results) {
      const output =
        job.source === 'file'
          ? { responsesFile: job.responsesFile }
          : { inlinedResponses: { inlinedResponses: job.results.map((r) => ({ ...(r.error ? { error: r.error } : { response: r.response }), ...(this.echoMetadata ? { metadata: { key: r.key } } : {}) })) } };
      metadata.output = output;
      operation.response = { '@type': OUTPUT_TYPE, ...output };
    } else if (state === 'BATCH_STATE_CANCELLED') {
      operation.error = { code: 1, message: 'The batch was cancelled.' };
    } else if (job.script.error) {
      operation.error = job.script.error;
    }
    return operation;
  }

  /** Answers every request of a job, as generateContent would, and stores the results. */
  private async run(job: FakeBatchJob): Promise<void> {
    const results: BatchResultItem[] = [];
    for (const [index, body] of job.requests.entries()) {
      const rawBody = JSON.stringify(body);
      const request: RecordedRequest = {
        index,
        method: 'POST',
        path: `/v1beta/models/${job.model}:generateContent`,
        query: {},
        apiVersion: 'v1beta',
        model: job.model,
        action: 'generateContent',
        apiKey: null,
        bearer: null,
        vertex: null,
        headers: {},
        body,
        rawBody,
        receivedAt: this.now(),
      };
      const fault = this.requestFault?.(index, request) ?? { kind: 'ok' };
      const outcome = await this.respond(fault, request);
      results.push({ key: job.keys[index]!, ...resultOf(outcome) });
    }
    job.results = results;
    if (job.source === 'file') {
      const name = `files/batch-${job.id}`;
      const lines = results.map((r) => JSON.stringify(r.error ? { key: r.key, error: r.error } : { key: r.key, response: r.response }));
      this.files.set(name, { name, mimeType: 'application/jsonl', data: Buffer.from(`${lines.join('\n')}\n`), createdAt: this.now() });
      job.responsesFile = name;
    }
  }

  /** The resumable upload: `start` hands out an upload URL; `upload, finalize` stores the file. */
  private upload(version: string, req: RecordedRequest, raw: Buffer): Outcome {
    const command = headerOf(req, 'x-goog-upload-command');
    if (command === 'start') {
      const id = shortId();
      const meta = ((req.body as { file?: Record<string, unknown> } | null)?.file ?? {}) as Record<string, unknown>;
      this.uploads.set(id, { meta, chunks: [] });
      const url = `${this.baseUrl()}/upload/${version}/files?upload_id=${id}&upload_protocol=resumable`;
      return json(200, {}, { 'x-goog-upload-url': url, 'x-goog-upload-status': 'active', 'x-goog-upload-chunk-granularity': '8388608' });
    }
    const session = this.uploads.get(req.query.upload_id ?? '');
    if (!session) return json(404, googleError(404, NOT_FOUND));
    session.chunks.push(raw);
    if (!command.includes('finalize')) return json(200, {}, { 'x-goog-upload-status': 'active' });
    this.uploads.delete(req.query.upload_id ?? '');
    const name = typeof session.meta.name === 'string' ? session.meta.name : `files/${shortId()}`;
    const file: FakeFile = {
      name,
      displayName: typeof session.meta.displayName === 'string' ? session.meta.displayName : undefined,
      mimeType: String(session.meta.mimeType ?? headerOf(req, 'content-type') ?? 'application/octet-stream'),
      data: Buffer.concat(session.chunks),
      createdAt: this.now(),
    };
    this.files.set(name, file);
    return json(200, { file: fileJson(file) }, { 'x-goog-upload-status': 'final' });
  }
}

function fileJson(file: FakeFile): Record<string, unknown> {
  const created = new Date(file.createdAt).toISOString();
  return {
    name: file.name,
    ...(file.displayName ? { displayName: file.displayName } : {}),
    mimeType: file.mimeType,
    sizeBytes: String(file.data.length),
    createTime: created,
    updateTime: created,
    expirationTime: new Date(file.createdAt + 48 * 3600_000).toISOString(),
    state: 'ACTIVE',
    source: 'UPLOADED',
  };
}

/** A generateContent outcome as a batch result: the response body, or its error as google.rpc.Status. */
function resultOf(outcome: Outcome): { response?: unknown; error?: WireStatus } {
  if (outcome.type !== 'send') return { error: { code: 13, message: 'Internal error encountered.', status: 'INTERNAL' } };
  let body: unknown;
  try {
    body = JSON.parse(outcome.body);
  } catch {
    return { error: { code: 13, message: 'Internal error encountered.', status: 'INTERNAL' } };
  }
  if (outcome.status === 200) return { response: body };
  const error = (body as { error?: WireStatus }).error;
  return { error: error ?? { code: outcome.status, message: `HTTP ${outcome.status}` } };
}
