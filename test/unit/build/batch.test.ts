/**
 * build --batch in-process: a real project dir, catalog, store and lock; the real Gemini batch
 * provider (real SDK) against the fake's Batch API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countWhere } from '../../sql-probe.js';
import type { BuildOptions, BuildOutcome } from '../../../src/build/build.js';
import { BatchBook } from '../../../src/store/batch-book.js';
import { GeminiBatchProvider } from '../../../src/providers/gemini-batch.js';
import type { BatchRecord } from '../../../src/core/batch/record.js';
import { fetchBatch } from '../../../src/core/batch/fetch.js';
import { startFakeGemini, type FakeGemini } from '../../fake-gemini/server.js';
import { project, type Project } from './helpers.js';

let fake: FakeGemini;
let p: Project;
const savedBase = process.env.GOOGLE_GEMINI_BASE_URL;

beforeAll(async () => {
  fake = await startFakeGemini();
  process.env.GOOGLE_GEMINI_BASE_URL = fake.url;
});
afterAll(async () => {
  await fake.close();
  if (savedBase === undefined) delete process.env.GOOGLE_GEMINI_BASE_URL;
  else process.env.GOOGLE_GEMINI_BASE_URL = savedBase;
});
beforeEach(() => {
  fake.reset();
  fake.batches.script = { pendingMs: 60_000, runningMs: 0 };
  p = project();
  p.manifest(`version: 1
project: site
defaults: { model: gemini-3.1-flash-image-preview, size: "512" }
targets:
  hero.png:
    prompt: a lighthouse at dawn
  night.webp:
    prompt: the same scene at night
    inputs: [hero.png]
  "icons/plane-{colour}.png":
    prompt: a paper plane app icon, {colour} background
    aspect: "1:1"
    matrix: { colour: [red, blue] }
`);
});
afterEach(() => p.cleanup());

function batchBuild(options: Partial<BuildOptions> = {}): Promise<Extract<BuildOutcome, { mode: 'batch' }>> {
  const book = new BatchBook<BatchRecord>(p.home);
  const batchProvider = async () => new GeminiBatchProvider({ apiKey: 'k', timeoutMs: 5000, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 10 }, inlineLimitBytes: 1 << 20 });
  return p.build({ provider: 'gemini', batch: true, ...options }, { book, batchProvider }) as Promise<Extract<BuildOutcome, { mode: 'batch' }>>;
}

const creates = () => fake.requests.filter((r) => r.path.endsWith(':batchGenerateContent'));
const lock = () => JSON.parse(readFileSync(join(p.dir, 'imagegen.lock'), 'utf8')) as { targets: Record<string, { entryId: string; sha256: string }> };

describe('build --batch', () => {
  it('sends the targets without stale dependencies as one job, reports it while it runs, then writes results and sends the dependents', async () => {
    const first = await batchBuild();
    expect(first.mode).toBe('batch');
    expect(first.batch).toMatchObject({ origin: 'build', requests: 3, googleState: 'JOB_STATE_PENDING' });
    expect(creates()).toHaveLength(1);
    const sent = fake.batches.list()[0]!;
    expect(sent.requests.map((r) => JSON.stringify(r))).toEqual(expect.arrayContaining([expect.stringContaining('a lighthouse at dawn'), expect.stringContaining('red background')]));
    expect(first.waiting.sort()).toEqual(['hero.png', 'icons/plane-blue.png', 'icons/plane-red.png', 'night.webp']);

    // Running again while the job runs: its state, nothing new submitted.
    const again = await batchBuild();
    expect(again.batch?.id).toBe(first.batch?.id);
    expect(creates()).toHaveLength(1);

    fake.batches.finish(sent.name);
    const collected = await batchBuild();
    expect(collected.result.built.map((b) => b.path).sort()).toEqual(['hero.png', 'icons/plane-blue.png', 'icons/plane-red.png']);
    expect(collected.result.built.every((b) => b.costUsd > 0)).toBe(true);
    expect(Object.keys(lock().targets).sort()).toEqual(['hero.png', 'icons/plane-blue.png', 'icons/plane-red.png']);
    // The dependent went as the next job, made from the new hero.png.
    expect(creates()).toHaveLength(2);
    expect(collected.batch).toMatchObject({ requests: 1 });
    expect(collected.waiting).toEqual(['night.webp']);

    fake.batches.finish(fake.batches.list()[1]!.name);
    const last = await batchBuild();
    expect(last.result.built.map((b) => b.path)).toEqual(['night.webp']);
    expect(last.batch).toBeNull();
    expect(last.result.kept.sort()).toEqual(['hero.png', 'icons/plane-blue.png', 'icons/plane-red.png', 'night.webp']);
    const entry = p.catalog.getEntry(lock().targets['hero.png']!.entryId)!;
    expect(entry.metadata).toMatchObject({ build: { target: 'hero.png' } });
    expect(entry.file?.path).toBe(join(p.dir, 'hero.png'));

    // Everything is up to date now: nothing else is sent.
    const idle = await batchBuild();
    expect(idle.batch).toBeNull();
    expect(creates()).toHaveLength(2);
  });

  it('after a kill between writing the results and writing the lock, the next run fills the lock from the entries already written', async () => {
    const first = await batchBuild();
    fake.batches.finish(fake.batches.list()[0]!.name);
    // What a kill after fetchBatch and before the lock leaves: entries and files, no lock, the record open.
    const book = new BatchBook<BatchRecord>(p.home);
    const record = (await book.read(first.batch!.id))!;
    const provider = new GeminiBatchProvider({ apiKey: 'k', timeoutMs: 5000, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 }, inlineLimitBytes: 1 << 20 });
    await fetchBatch(record, { catalog: p.catalog, store: p.store, clock: () => new Date(), book, batchProvider: async () => provider }, { close: false });
    const entries = () => countWhere(join(p.home, 'catalog.db'), 'entries');
    expect(entries()).toBe(3);
    const resumed = await batchBuild();
    expect(resumed.result.built.map((b) => b.path).sort()).toEqual(['hero.png', 'icons/plane-blue.png', 'icons/plane-red.png']);
    expect(entries()).toBe(3); // nothing written twice
    expect(Object.keys(lock().targets)).toHaveLength(3);
    expect((await book.read(record.id))!.state).toBe('fetched');
  });

  it('--wait runs every wave to the end in one call', async () => {
    fake.batches.script = { pendingMs: 0, runningMs: 20 };
    const done = await batchBuild({ wait: { pollMs: 10, timeoutMs: 10_000 } });
    expect(done.result.built.map((b) => b.path).sort()).toEqual(['hero.png', 'icons/plane-blue.png', 'icons/plane-red.png', 'night.webp']);
    expect(done.batch).toBeNull();
    expect(creates()).toHaveLength(2);
  });

  it('--dry-run --batch estimates at half the interactive price and sends nothing', async () => {
    const interactive = await p.build({ provider: 'gemini', dryRun: true });
    const batch = await p.build({ provider: 'gemini', dryRun: true, batch: true });
    expect(batch.plan.estimatedCostUsd).toBeGreaterThan(0);
    expect(batch.plan.estimatedCostUsd).toBeCloseTo(interactive.plan.estimatedCostUsd / 2, 6);
    expect(fake.requests).toHaveLength(0);
  });

  it('a failed job fails its targets with Google\'s state and error, skips their dependents, and the next run submits again', async () => {
    fake.batches.scriptNext({ pendingMs: 0, runningMs: 0, end: 'EXPIRED' });
    await batchBuild();
    const failed = await batchBuild();
    expect(failed.result.failures.map((f) => f.path).sort()).toEqual(['hero.png', 'icons/plane-blue.png', 'icons/plane-red.png']);
    expect(failed.result.failures[0]!.error).toMatchObject({ code: 'BATCH_EXPIRED', message: expect.stringContaining('JOB_STATE_EXPIRED') });
    expect(failed.result.skipped).toEqual([{ path: 'night.webp', reason: 'input "hero.png" failed' }]);
    expect(creates()).toHaveLength(1);
    await batchBuild();
    expect(creates()).toHaveLength(2);
  });
});
