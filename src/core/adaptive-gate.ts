/**
 * How many requests may be in flight, adapting to the server: additive increase, multiplicative
 * decrease (as TCP paces itself). A 429 halves the limit (once per round of requests, so a burst
 * of 429s from requests sent together counts once) and, with a Retry-After, holds every new
 * request back until it has passed; each `limit` successes in a row add one back, up to the
 * configured maximum. One gate is shared by all the requests of a run (`generate -n`, a build).
 */
export interface GateSlot {
  /** Gives the slot back; safe to call twice. */
  release(): void;
}

interface HeldSlot extends GateSlot {
  /** The gate's epoch when the slot was taken: a 429 from an older epoch was already counted. */
  readonly epoch: number;
}

interface Waiter {
  grant: (slot: HeldSlot) => void;
}

export class AdaptiveGate {
  readonly max: number;
  /** Requests the server answered with 429, over the gate's life. */
  throttled = 0;
  private allowed: number;
  private inFlight = 0;
  private epoch = 0;
  private successes = 0;
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly waiters: Waiter[] = [];
  private readonly now: () => number;

  constructor(max: number, now: () => number = Date.now) {
    this.max = Math.max(1, Math.floor(max));
    this.allowed = this.max;
    this.now = now;
  }

  /** The current limit on requests in flight. */
  get limit(): number {
    return this.allowed;
  }

  get active(): number {
    return this.inFlight;
  }

  /** Waits for a slot (first come, first served); rejects with the signal's reason on abort. */
  acquire(signal?: AbortSignal): Promise<GateSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: (slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** A request made through `slot` was answered 429. */
  rateLimited(slot: GateSlot, retryAfterMs?: number): void {
    this.throttled++;
    this.successes = 0;
    if ((slot as HeldSlot).epoch === this.epoch) {
      this.allowed = Math.max(1, Math.floor(Math.min(this.allowed, this.inFlight || 1) / 2));
      this.epoch++;
    }
    if (retryAfterMs !== undefined && retryAfterMs > 0) this.pausedUntil = Math.max(this.pausedUntil, this.now() + retryAfterMs);
  }

  /** A request succeeded: after `limit` successes in a row, one more may be in flight. */
  succeeded(): void {
    if (this.allowed >= this.max) return;
    if (++this.successes >= this.allowed) {
      this.allowed++;
      this.successes = 0;
      this.pump();
    }
  }

  private pump(): void {
    const wait = this.pausedUntil - this.now();
    if (wait > 0) {
      if (this.waiters.length && !this.timer) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
      }
      return;
    }
    while (this.waiters.length && this.inFlight < this.allowed) {
      this.inFlight++;
      this.waiters.shift()!.grant(this.slot());
    }
  }

  private slot(): HeldSlot {
    let held = true;
    return {
      epoch: this.epoch,
      release: () => {
        if (!held) return;
        held = false;
        this.inFlight--;
        this.pump();
      },
    };
  }
}
