/** The AdaptiveGate's rules, on a fake clock: halve on 429 once per round, Retry-After holds everyone, successes add back. */
import { describe, expect, it } from 'vitest';
import { AdaptiveGate } from '../../../src/core/adaptive-gate.js';

describe('AdaptiveGate', () => {
  it('lets max in flight, halves once for a burst of 429s from one round, and grows back after successes', async () => {
    const gate = new AdaptiveGate(8);
    const slots = await Promise.all(Array.from({ length: 8 }, () => gate.acquire()));
    expect(gate.active).toBe(8);
    let ninth = false;
    void gate.acquire().then(() => (ninth = true));
    await Promise.resolve();
    expect(ninth).toBe(false);
    for (const slot of slots.slice(0, 6)) gate.rateLimited(slot);
    expect(gate.limit).toBe(4);
    expect(gate.throttled).toBe(6);
    // A slot taken after the decrease counts again.
    for (const slot of slots) slot.release();
    await new Promise((r) => setImmediate(r));
    expect(ninth).toBe(true);
    const late = await gate.acquire();
    gate.rateLimited(late);
    expect(gate.limit).toBe(1);
    late.release();
    gate.succeeded();
    expect(gate.limit).toBe(2);
    gate.succeeded();
    gate.succeeded();
    expect(gate.limit).toBe(3);
  });

  it('holds every new request back until Retry-After has passed', async () => {
    const gate = new AdaptiveGate(4);
    const slot = await gate.acquire();
    gate.rateLimited(slot, 80);
    slot.release();
    const started = Date.now();
    const next = await gate.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    next.release();
  });

  it('gives up waiting when the signal aborts', async () => {
    const gate = new AdaptiveGate(1);
    const held = await gate.acquire();
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    held.release();
    expect(gate.active).toBe(0);
  });
});
