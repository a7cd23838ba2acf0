/**
 * A fake Gemini Developer API on 127.0.0.1 for tests and benchmarks: the real @google/genai SDK
 * (or the CLI, via GOOGLE_GEMINI_BASE_URL) talks to it over HTTP. It records every request,
 * answers generateContent with real PNGs sized by imageConfig, and can be told to misbehave one
 * request at a time (see Fault).
 *
 * Paths: @google/genai 3.1.0 calls `POST {baseUrl}/v1/models/{model}:generateContent` by default
 * (imagegen sets apiVersion v1beta, as Google's own recordings use). Any `/v…/models/…` version
 * is accepted here, and Vertex AI's `/v1beta1/projects/P/locations/L/publishers/google/models/…`
 * with a bearer token. Real recorded replies live in ./recordings (see its README).
 */
import { buffer } from 'node:stream/consumers';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FakeBatchApi, batchRoute } from './batch.js';
import { json, outcomeFor } from './outcomes.js';
import type { Outcome, OutcomeContext } from './outcomes.js';
import { apiKeyOf, bearerOf, generationConfig, imageParts, parseBody, parseRoute, promptText, textParts } from './requests.js';
import type { Route } from './requests.js';
import { googleError, MISSING_KEY_MESSAGE } from './responses.js';
import type { DecodedImagePart, Fault, FakeGeminiOptions, FaultSource, RecordedRequest, TextReply, WireGenerationConfig } from './types.js';

export type * from './types.js';
export type * from './batch-types.js';
export { generationConfig, imageParts, promptText, systemText, textParts } from './requests.js';
export { INVALID_KEY_MESSAGE, MISSING_KEY_MESSAGE } from './responses.js';

/** The API key that the fake treats as revoked/mistyped (same answer as the invalidKey fault). */
export const INVALID_API_KEY = 'invalid-key';

export interface FakeGemini {
  /** `http://127.0.0.1:PORT`, for httpOptions.baseUrl or GOOGLE_GEMINI_BASE_URL. */
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Delay before each response, in ms. */
  latencyMs: number;
  requireKey: boolean;
  /** Queue behaviours for the next API requests, one each, first in first out. */
  enqueue(...faults: Fault[]): void;
  /** Faults still queued. */
  queued(): number;
  /** The behaviour once the queue is empty. */
  setDefault(fault: FaultSource): void;
  /** The reply for text-model calls; undefined restores the default. */
  setTextReply(reply: TextReply | undefined): void;
  /** Forgets recorded requests, queued faults and batch jobs (the default fault and text reply stay). */
  reset(): void;
  /** Resolves once at least `count` requests have been recorded. */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  imageParts(req: RecordedRequest): DecodedImagePart[];
  textParts(req: RecordedRequest): string[];
  promptText(req: RecordedRequest): string;
  generationConfig(req: RecordedRequest): WireGenerationConfig;
  /** The Batch API part: job scripts, per-request faults, the jobs and files it holds (batch.ts). */
  readonly batches: FakeBatchApi;
  /** Stops listening and destroys open connections, hung ones included. */
  close(): Promise<void>;
}


const GENERATE_ACTIONS = new Set(['generateContent', 'streamGenerateContent']);

class FakeGeminiServer implements FakeGemini {
  url = '';
  readonly requests: RecordedRequest[] = [];
  latencyMs: number;
  requireKey: boolean;
  readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private queue: Fault[] = [];
  private fallback: FaultSource;
  private textReply: TextReply | undefined;
  /** Never reset, so image bytes stay unique for the server's whole life. */
  private serial = 0;
  private sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private waiters = new Set<() => void>();
  private closing: Promise<void> | undefined;
  readonly batches: FakeBatchApi;

  constructor(options: FakeGeminiOptions) {
    this.batches = new FakeBatchApi((fault, req) => outcomeFor(fault, req, true, this.outcomeContext()), () => this.url);
    this.latencyMs = options.latencyMs ?? 0;
    this.requireKey = options.requireKey ?? true;
    this.fallback = options.defaultFault ?? { kind: 'ok' };
    this.textReply = options.textReply;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        // A bug in the fake: say so loudly in the response rather than hanging the client.
        if (!res.headersSent && !res.destroyed) {
          const outcome = json(500, googleError(500, `fake-gemini internal error: ${String(error)}`));
          if (outcome.type === 'send') res.writeHead(outcome.status, outcome.headers).end(outcome.body);
        }
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  enqueue(...faults: Fault[]): void {
    this.queue.push(...faults);
  }

  queued(): number {
    return this.queue.length;
  }

  setDefault(fault: FaultSource): void {
    this.fallback = fault;
  }

  setTextReply(reply: TextReply | undefined): void {
    this.textReply = reply;
  }

  reset(): void {
    this.requests.length = 0;
    this.queue = [];
    this.batches.reset();
  }

  waitForRequests(count: number, timeoutMs = 5000): Promise<RecordedRequest[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.requests.length < count) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(this.requests.slice());
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`fake-gemini: ${this.requests.length} of ${count} requests after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  imageParts(req: RecordedRequest): DecodedImagePart[] {
    return imageParts(req);
  }

  textParts(req: RecordedRequest): string[] {
    return textParts(req);
  }

  promptText(req: RecordedRequest): string {
    return promptText(req);
  }

  generationConfig(req: RecordedRequest): WireGenerationConfig {
    return generationConfig(req);
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const sleeper of this.sleepers) {
        clearTimeout(sleeper.timer);
        sleeper.wake();
      }
      this.sleepers.clear();
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closing;
  }

  /** A delay that close() cuts short. */
  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closing !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => {
          this.sleepers.delete(sleeper);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.sleepers.add(sleeper);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await buffer(req);
    const rawBody = raw.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake-gemini');
    const query = Object.fromEntries(url.searchParams);
    const route = parseRoute(url.pathname);
    const recorded: RecordedRequest = {
      index: this.requests.length,
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      apiVersion: route.apiVersion,
      model: route.model,
      action: route.action,
      apiKey: apiKeyOf(req.headers, query),
      bearer: bearerOf(req.headers),
      vertex: route.vertex ?? null,
      headers: req.headers,
      body: parseBody(rawBody),
      rawBody,
      receivedAt: Date.now(),
    };
    this.requests.push(recorded);
    for (const waiter of [...this.waiters]) waiter();

    const outcome = await this.decide(recorded, route, raw);
    if (outcome.type === 'hang') return;
    if (outcome.type === 'disconnect') {
      req.socket.destroy();
      return;
    }
    if (this.closing !== undefined || res.destroyed) return;
    const sse = recorded.action === 'streamGenerateContent' && query.alt === 'sse' && outcome.status === 200;
    if (sse) {
      // The SDK's stream reader splits on blank lines and parses each `data:` line as a response.
      res.writeHead(200, { 'content-type': 'text/event-stream' }).end(`data: ${outcome.body}\r\n\r\n`);
    } else {
      res.writeHead(outcome.status, outcome.headers).end(outcome.body);
    }
  }

  /** Picks the behaviour for a request (key checks first, then the queue, then the default). */
  private async decide(req: RecordedRequest, route: Route, raw: Buffer): Promise<Outcome> {
    const isGenerate = req.method === 'POST' && route.model !== null && GENERATE_ACTIONS.has(route.action ?? '');
    const isModels = req.method === 'GET' && route.collection === 'models' && route.action === null;
    const batch = batchRoute(req.method, req.path);
    if (!isGenerate && !isModels && !batch) {
      await this.sleep(this.latencyMs);
      return json(404, googleError(404, `Method not found: ${req.method} ${req.path}`));
    }
    let fault: Fault;
    if (this.requireKey && req.apiKey === null && req.bearer === null) fault = { kind: 'status', status: 403, message: MISSING_KEY_MESSAGE };
    else if (req.apiKey === INVALID_API_KEY) fault = { kind: 'invalidKey' };
    else fault = this.queue.shift() ?? (typeof this.fallback === 'function' ? this.fallback(req) : this.fallback);

    if (fault.kind !== 'hang') await this.sleep(this.latencyMs);
    if (batch) return this.batches.answer(batch, req, raw, fault, (ms) => this.sleep(ms));
    return outcomeFor(fault, req, isGenerate, this.outcomeContext());
  }

  private outcomeContext(): OutcomeContext {
    return { sleep: (ms) => this.sleep(ms), nextSerial: () => this.serial++, textReply: this.textReply };
  }

  async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    this.url = `http://${host}:${address.port}`;
  }
}

/** Starts a fake Gemini API on 127.0.0.1 (random port unless `port` is given). */
export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const fake = new FakeGeminiServer(options);
  await fake.listen(options.host ?? '127.0.0.1', options.port ?? 0);
  return fake;
}
