import { describe, expect, it } from 'vitest';
import { parseRetryAfter, withRetry, type RetryDecision } from '../../../src/providers/retry.js';

const policy = { attempts: 4, baseDelayMs: 10, maxDelayMs: 40, maxRetryAfterMs: 1000 };

describe('withRetry', () => {
  it('retries transient failures with growing, jittered delays, then succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new Error('transient');
        return 'ok';
      },
      (): RetryDecision => ({ retry: true, reason: 'HTTP 503' }),
      policy,
      { onRetry: (i) => delays.push(i.delayMs), random: () => 1 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(delays).toEqual([10, 20]);
  });

  it('does not retry what the classifier refuses, and stops after the last attempt', async () => {
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw new Error('400'); }, () => ({ retry: false, reason: 'HTTP 400' }), policy)).rejects.toThrow('400');
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw new Error('503'); }, () => ({ retry: true, reason: 'HTTP 503' }), policy, { random: () => 0 })).rejects.toThrow('503');
    expect(calls).toBe(4);
  });

  it('waits what Retry-After says, and gives up when it asks for too long', async () => {
    const delays: number[] = [];
    let calls = 0;
    await withRetry(async () => { if (calls++ === 0) throw new Error('429'); return 1; }, () => ({ retry: true, retryAfterMs: 30, reason: 'HTTP 429' }), policy, { onRetry: (i) => delays.push(i.delayMs) });
    expect(delays).toEqual([30]);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw new Error('429'); }, () => ({ retry: true, retryAfterMs: 5000, reason: 'HTTP 429' }), policy)).rejects.toThrow('429');
    expect(calls).toBe(1);
  });

  it('an abort stops the wait at once', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = withRetry(async () => { throw new Error('503'); }, () => ({ retry: true, reason: 'x' }), { ...policy, baseDelayMs: 5000, maxDelayMs: 5000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(run).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter(new Date(10_000 + 3000).toUTCString(), 10_000)).toBe(3000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
