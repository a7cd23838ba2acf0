/**
 * A rate limit in front of a fake Gemini: a loopback HTTP proxy that lets at most `limit` requests
 * be in flight at once and answers every request beyond that with 429 RESOURCE_EXHAUSTED (and a
 * Retry-After), the way a real per-minute quota pushes back on a burst. Point the SDK or the CLI
 * (GOOGLE_GEMINI_BASE_URL) at `url`; it counts what it served and what it throttled.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { googleError } from './responses.js';

export interface InFlightLimit {
  readonly url: string;
  /** Requests forwarded to the fake. */
  readonly served: number;
  /** Requests answered 429. */
  readonly throttled: number;
  /** The most that were ever in flight at once. */
  readonly peak: number;
  limit: number;
  /** Sent as Retry-After (seconds); undefined sends none. */
  retryAfter: string | undefined;
  reset(): void;
  close(): Promise<void>;
}

export async function limitInFlight(upstreamUrl: string, options: { limit: number; retryAfter?: string }): Promise<InFlightLimit> {
  const upstream = new URL(upstreamUrl);
  const sockets = new Set<Socket>();
  let active = 0;
  const state = { served: 0, throttled: 0, peak: 0 };
  const server = createServer((req, res) => {
    if (active >= limiter.limit) {
      state.throttled++;
      const body = JSON.stringify(googleError(429, 'Resource has been exhausted (e.g. check quota).', 'RESOURCE_EXHAUSTED'));
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (limiter.retryAfter !== undefined) headers['retry-after'] = limiter.retryAfter;
      req.resume();
      res.writeHead(429, headers).end(body);
      return;
    }
    active++;
    state.served++;
    state.peak = Math.max(state.peak, active);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      active--;
    };
    res.on('close', finish);
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const limiter: InFlightLimit = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get served() {
      return state.served;
    },
    get throttled() {
      return state.throttled;
    },
    get peak() {
      return state.peak;
    },
    limit: options.limit,
    retryAfter: options.retryAfter,
    reset() {
      state.served = 0;
      state.throttled = 0;
      state.peak = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
  return limiter;
}
