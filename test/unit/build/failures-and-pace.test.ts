/**
 * Against the fake Gemini over real HTTP: a failed target stops no other, its dependents are
 * skipped with the reason; and a server that allows two requests in flight (429 beyond) slows the
 * build down instead of failing it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdaptiveGate } from '../../../src/core/adaptive-gate.js';
import { startFakeGemini, type FakeGemini } from '../../fake-gemini/server.js';
import { limitInFlight } from '../../fake-gemini/in-flight-limit.js';
import { project, resultOf, type Project } from './helpers.js';

let fake: FakeGemini;
let p: Project;
beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(async () => {
  delete process.env.GOOGLE_GEMINI_BASE_URL;
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.setDefault({ kind: 'ok' });
  fake.latencyMs = 0;
  process.env.GOOGLE_GEMINI_BASE_URL = fake.url;
  p = project();
});
afterEach(() => p.cleanup());

describe('a failed target', () => {
  it('stops no other target; the ones that need it are skipped with the reason', async () => {
    fake.setDefault((req) => (fake.promptText(req).includes('BROKEN') ? { kind: 'status', status: 400, message: 'bad request' } : { kind: 'ok' }));
    p.manifest(`version: 1
defaults: { provider: gemini, size: 512 }
targets:
  broken.png: { prompt: BROKEN on purpose }
  child.png: { prompt: built from the broken one, inputs: [broken.png] }
  grandchild.png: { prompt: two steps away, inputs: [child.png] }
  "fine-{n}.png": { prompt: "fine {n}", matrix: { n: [1, 2, 3] } }
`);
    const result = resultOf(await p.build());
    expect(result.built.map((b) => b.path).sort()).toEqual(['fine-1.png', 'fine-2.png', 'fine-3.png']);
    expect(result.failures).toEqual([{ path: 'broken.png', error: expect.objectContaining({ code: 'API_REQUEST_REJECTED' }) }]);
    expect(result.skipped).toEqual([
      { path: 'child.png', reason: 'input "broken.png" failed' },
      { path: 'grandchild.png', reason: 'input "child.png" was skipped' },
    ]);
    // Skipped targets were never attempted: one request for the broken one, three for the fine ones.
    expect(fake.requests).toHaveLength(4);
    const lock = JSON.parse(readFileSync(join(p.dir, 'imagegen.lock'), 'utf8')) as { targets: Record<string, unknown> };
    expect(Object.keys(lock.targets)).toEqual(['fine-1.png', 'fine-2.png', 'fine-3.png']);
    expect(existsSync(join(p.dir, 'broken.png'))).toBe(false);

    // Fixed: the next build makes exactly the three that are missing.
    fake.setDefault({ kind: 'ok' });
    fake.reset();
    const next = resultOf(await p.build());
    expect(next.built.map((b) => b.path)).toEqual(['broken.png', 'child.png', 'grandchild.png']);
    expect(fake.requests).toHaveLength(3);
  });
});

describe('the pace', () => {
  it('keeps at most --concurrency requests in flight', async () => {
    fake.latencyMs = 60;
    const limiter = await limitInFlight(fake.url, { limit: 100 });
    process.env.GOOGLE_GEMINI_BASE_URL = limiter.url;
    try {
      p.manifest(`version: 1
defaults: { provider: gemini, size: 512 }
targets:
  "t-{n}.png": { prompt: "target {n}", matrix: { n: [1, 2, 3, 4, 5, 6, 7, 8, 9] } }
`);
      const result = resultOf(await p.build({ concurrency: 3 }));
      expect(result.built).toHaveLength(9);
      expect(limiter.peak).toBe(3);
      expect(limiter.throttled).toBe(0);
    } finally {
      await limiter.close();
    }
  });

  it('adapts to a server that allows two requests in flight: every target built, few throttled', async () => {
    fake.latencyMs = 40;
    const limiter = await limitInFlight(fake.url, { limit: 2, retryAfter: '0.05' });
    process.env.GOOGLE_GEMINI_BASE_URL = limiter.url;
    try {
      p.manifest(`version: 1
defaults: { provider: gemini, size: 512 }
targets:
  "t-{n}.png": { prompt: "target {n}", matrix: { n: [${Array.from({ length: 16 }, (_, i) => i).join(', ')}] } }
`);
      const gate = new AdaptiveGate(8);
      const result = resultOf(await p.build({ concurrency: 8, gate }));
      expect(result.failures).toEqual([]);
      expect(result.built).toHaveLength(16);
      expect(limiter.served).toBe(16);
      expect(limiter.throttled).toBe(gate.throttled);
      expect(limiter.throttled).toBeLessThan(16 * 1.5);
      expect(gate.limit).toBeLessThan(8);
    } finally {
      await limiter.close();
    }
  });
});
