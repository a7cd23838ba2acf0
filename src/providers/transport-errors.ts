/** Failures below HTTP — timeouts and unreachable hosts — shared by every network provider. */
import type { RetryDecision } from './retry.js';

export function isTimeout(err: unknown): boolean {
  const name = (err as Error)?.name;
  return name === 'TimeoutError' || name === 'AbortError' || /timed? ?out|aborted/i.test((err as Error)?.message ?? '');
}

export function isNetwork(err: unknown): boolean {
  return err instanceof TypeError && /fetch failed|network|ECONN|ENOTFOUND|EAI_AGAIN|socket/i.test(`${err.message} ${String((err as { cause?: unknown }).cause ?? '')}`);
}

/** Timeouts and network errors are worth another try; anything else this layer cannot judge is not. */
export function transportRetry(err: unknown): RetryDecision {
  if (isTimeout(err)) return { retry: true, reason: 'timed out' };
  if (isNetwork(err)) return { retry: true, reason: 'network error' };
  return { retry: false, reason: 'error' };
}
