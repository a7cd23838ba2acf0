/**
 * A fake Hugging Face inference endpoint on 127.0.0.1 speaking the hf-inference text-to-image wire
 * format: `POST {base}/models/{owner}/{name}` with `{"inputs": prompt, "parameters": {…}}` and a
 * bearer token, answered with real JPEG (or PNG) bytes of the requested size. It records every
 * request and can be told to fail one request at a time (see HfFault).
 */
import { text } from 'node:stream/consumers';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { colourFor, makeImage } from '../fake-gemini/images.js';
import type { HfFault, HfRecordedRequest, HfRequestBody } from './types.js';

export type * from './types.js';

/** The token the fake treats as revoked or mistyped (401). */
export const INVALID_HF_TOKEN = 'hf_invalid';

export interface FakeHuggingFace {
  /** `http://127.0.0.1:PORT`, for IMAGEGEN_HF_BASE_URL. */
  readonly url: string;
  readonly requests: HfRecordedRequest[];
  enqueue(...faults: HfFault[]): void;
  setDefault(fault: HfFault): void;
  /** Forgets recorded requests and queued faults. */
  reset(): void;
  close(): Promise<void>;
}


function parseJson(raw: string): HfRequestBody | null {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as HfRequestBody) : null;
  } catch {
    return null;
  }
}

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

class FakeHuggingFaceServer implements FakeHuggingFace {
  url = '';
  readonly requests: HfRecordedRequest[] = [];
  readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private queue: HfFault[] = [];
  private fallback: HfFault = { kind: 'ok' };
  private serial = 0;

  constructor() {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: `fake-huggingface internal error: ${String(error)}` });
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  enqueue(...faults: HfFault[]): void {
    this.queue.push(...faults);
  }

  setDefault(fault: HfFault): void {
    this.fallback = fault;
  }

  reset(): void {
    this.requests.length = 0;
    this.queue = [];
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await text(req);
    const path = new URL(req.url ?? '/', 'http://fake-hf').pathname;
    const model = /^\/models\/(.+)$/.exec(path)?.[1] ?? null;
    const recorded: HfRecordedRequest = {
      index: this.requests.length,
      method: req.method ?? 'GET',
      path,
      model: model === null ? null : decodeURIComponent(model),
      token: bearer(req.headers.authorization),
      headers: req.headers,
      body: parseJson(rawBody),
      rawBody,
      receivedAt: Date.now(),
    };
    this.requests.push(recorded);

    if (recorded.method !== 'POST' || recorded.model === null) return sendJson(res, 404, { error: 'Not Found' });
    if (recorded.token === null) return sendJson(res, 401, { error: 'Invalid username or password.' });
    if (recorded.token === INVALID_HF_TOKEN) return sendJson(res, 401, { error: 'Invalid credentials in Authorization header' });
    if (typeof recorded.body?.inputs !== 'string') return sendJson(res, 400, { error: 'Input should be a valid string: inputs' });
    await this.answer(this.queue.shift() ?? this.fallback, recorded, res);
  }

  private async answer(fault: HfFault, req: HfRecordedRequest, res: ServerResponse): Promise<void> {
    switch (fault.kind) {
      case 'hang':
        return;
      case 'loading': {
        const estimated = fault.estimatedTime ?? 20;
        return sendJson(res, 503, { error: `Model ${req.model} is currently loading`, estimated_time: estimated });
      }
      case 'status': {
        const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
        const message = fault.error ?? `HTTP ${fault.status}`;
        if (fault.text) {
          res.writeHead(fault.status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(message);
          return;
        }
        return sendJson(res, fault.status, { error: message }, headers);
      }
      case 'notImage':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>not an image</html>');
        return;
      case 'ok':
      case 'png': {
        const mime = fault.kind === 'png' ? 'image/png' : 'image/jpeg';
        const width = Number(req.body?.parameters?.width ?? 1024);
        const height = Number(req.body?.parameters?.height ?? 1024);
        const data = await makeImage(mime, width, height, colourFor(req.body?.inputs ?? ''), this.serial++);
        res.writeHead(200, { 'content-type': mime }).end(data);
      }
    }
  }
}

/** Starts a fake Hugging Face inference endpoint on 127.0.0.1, on a free port. */
export async function startFakeHuggingFace(): Promise<FakeHuggingFace> {
  const fake = new FakeHuggingFaceServer();
  await fake.listen();
  return fake;
}
