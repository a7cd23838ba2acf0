/**
 * One provider call paced by the run's AdaptiveGate: the request holds a slot while it is in
 * flight, gives it back while it waits to retry, and tells the gate about every 429 and success.
 * When the provider runs out of retries on a 429, the call goes back in the queue (a few times)
 * at the slower pace instead of failing: a rate limit is the server asking for patience.
 */
import { toImagegenError } from '../domain/errors.js';
import type { AdaptiveGate, GateSlot } from './adaptive-gate.js';
import type { ImageProvider, ImageRequest, ImageResult, RetryInfo } from '../domain/provider.js';
import { sleep } from '../providers/retry.js';

/** How many times a request that still meets 429s after the provider's retries is queued again. */
export const MAX_RATE_LIMIT_REQUEUES = 6;
/** The wait before queueing such a request again, doubled each time (ms). */
const REQUEUE_BASE_DELAY_MS = 500;

export async function generateThroughGate(provider: ImageProvider, request: ImageRequest, gate: AdaptiveGate, requeueBaseMs = REQUEUE_BASE_DELAY_MS): Promise<ImageResult> {
  const signal = request.signal;
  for (let round = 0; ; round++) {
    let slot: GateSlot = await gate.acquire(signal);
    try {
      const result = await provider.generate({
        ...request,
        waitToRetry: async (info: RetryInfo) => {
          if (info.rateLimited) gate.rateLimited(slot, info.retryAfterMs);
          slot.release();
          await sleep(info.delayMs, signal);
          slot = await gate.acquire(signal);
        },
      });
      gate.succeeded();
      return result;
    } catch (err) {
      const error = toImagegenError(err);
      if (error.code !== 'RATE_LIMITED' || round >= MAX_RATE_LIMIT_REQUEUES || signal?.aborted) throw err;
      gate.rateLimited(slot);
      slot.release();
      await sleep(requeueBaseMs * 2 ** round, signal);
    } finally {
      slot.release();
    }
  }
}
