/**
 * Retries a call on transient failures with exponential backoff and full jitter, honouring the
 * server's Retry-After when it gives one. Aborts stop the wait at once.
 */
import type { RetryInfo } from '../domain/provider.js';

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error is returned instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

export interface RetryDecision {
  retry: boolean;
  /** The server's requested wait, if it said one. */
  retryAfterMs?: number;
  reason: string;
}


export interface RetryOptions {
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
  /**
   * Waits before the next try instead of the plain sleep: the adaptive pool uses it to give back
   * the request's slot while it waits, and to slow everyone down on a 429.
   */
  wait?: (info: RetryInfo) => Promise<void>;
  random?: () => number;
}

/** Whether a retry decision's reason is a rate limit (every provider words it `HTTP 429`). */
export function isRateLimitReason(reason: string): boolean {
  return reason === 'HTTP 429';
}

export async function withRetry<T>(
  call: (attempt: number) => Promise<T>,
  classify: (err: unknown) => RetryDecision,
  policy: RetryPolicy,
  options: RetryOptions = {},
): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (err) {
      const decision = classify(err);
      if (!decision.retry || attempt >= policy.attempts || options.signal?.aborted) throw err;
      if (decision.retryAfterMs !== undefined && decision.retryAfterMs > policy.maxRetryAfterMs) throw err;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round(decision.retryAfterMs ?? backoff * (0.5 + random() / 2));
      const info: RetryInfo = { attempt, delayMs, reason: decision.reason, rateLimited: isRateLimitReason(decision.reason), ...(decision.retryAfterMs === undefined ? {} : { retryAfterMs: decision.retryAfterMs }) };
      options.onRetry?.(info);
      await (options.wait ? options.wait(info) : sleep(delayMs, options.signal));
    }
  }
}

/** Parses Retry-After: delta seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
