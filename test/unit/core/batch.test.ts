/**
 * Batch use cases in-process: a real catalog and store in a temp dir, the real Gemini batch
 * provider (and so the real SDK) against the fake server.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countWhere, withProbe } from '../../sql-probe.js';
import { Catalog } from '../../../src/catalog/catalog.js';
import { Store } from '../../../src/store/store.js';
import { BatchBook } from '../../../src/store/batch-book.js';
import { planGenerate } from '../../../src/core/generate.js';
import { planModify } from '../../../src/core/modify.js';
import { runDoctor } from '../../../src/core/doctor.js';
import { submitBatch, batchEstimate } from '../../../src/core/batch/submit.js';
import { fetchBatch } from '../../../src/core/batch/fetch.js';
import { batchStatus, cancelBatch, listBatches, waitForBatch } from '../../../src/core/batch/watch.js';
import { GeminiBatchProvider } from '../../../src/providers/gemini-batch.js';
import { priceForImage } from '../../../src/providers/models.js';
import { runImageJob } from '../../../src/core/run-images.js';
import { testProvider } from '../build/helpers.js';
import type { BatchPorts } from '../../../src/core/batch/ports.js';
import type { BatchRecord } from '../../../src/core/batch/record.js';
import { startFakeGemini, type FakeGemini } from '../../fake-gemini/server.js';

let fake: FakeGemini;
let dir: string;
let catalog: Catalog;
let ports: BatchPorts;
let inlineLimitBytes = 19 * 1024 * 1024;
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
  fake.batches.script = { pendingMs: 0, runningMs: 30 };
  inlineLimitBytes = 19 * 1024 * 1024;
  dir = mkdtempSync(join(tmpdir(), 'imagegen-batch-'));
  const store = new Store(join(dir, 'home'));
  catalog = new Catalog(join(dir, 'catalog.db'), store.blobPath);
  ports = {
    catalog,
    store,
    clock: () => new Date(),
    book: new BatchBook<BatchRecord>(join(dir, 'home')),
    batchProvider: async () => new GeminiBatchProvider({ apiKey: 'k', timeoutMs: 5000, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 10 }, inlineLimitBytes }),
  };
});
afterEach(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

async function draft(count: number, prompt = 'a lighthouse at dawn') {
  const job = await planGenerate({ prompt, count, provider: 'gemini', outDir: join(dir, 'out'), concurrency: 4, name: 'lighthouse' });
  return { origin: { command: 'generate' as const }, jobs: [job] };
}

const entriesIn = () => countWhere(join(dir, 'catalog.db'), 'entries');
const files = () => readdirSync(join(dir, 'out')).sort();

describe('batch jobs, in-process', () => {
  it('submits inline, waits, fetches entries at half price, and a second fetch writes nothing', async () => {
    const { record } = await submitBatch(await draft(3), ports);
    expect(record.state).toBe('submitted');
    expect(record.remote?.name).toMatch(/^batches\//);
    const create = fake.requests.find((r) => r.path.endsWith(':batchGenerateContent'))!;
    expect(create.apiVersion).toBe('v1beta');
    expect((create.body as { batch: { displayName: string } }).batch.displayName).toBe(`imagegen-${record.id}`);
    const done = await waitForBatch(record.id, ports, { pollMs: 10, timeoutMs: 5000 });
    expect(done.remote?.state).toBe('succeeded');
    const first = await fetchBatch(done, ports);
    expect(first.result.entries).toHaveLength(3);
    expect(first.written).toHaveLength(3);
    // The same request made interactively costs twice as much.
    const interactive = await runImageJob((await draft(1)).jobs[0]!, { ...ports, provider: await testProvider('gemini') });
    for (const entry of first.result.entries) expect(entry.usage.costUsd).toBeCloseTo(interactive.entries[0]!.usage.costUsd! / 2, 6);
    withProbe(join(dir, 'catalog.db'), (db) => db.prepare('DELETE FROM entries WHERE id = ?').run(interactive.entries[0]!.id));
    rmSync(interactive.entries[0]!.file!.path);
    expect(first.result.entries.map((e) => e.id).sort()).toEqual(record.items.map((i) => i.entryId).sort());
    const calls = fake.requests.length;
    const again = await fetchBatch((await ports.book.read(record.id))!, ports);
    expect(again.written).toEqual([]);
    expect(again.result.entries.map((e) => e.id)).toEqual(first.result.entries.map((e) => e.id));
    expect(fake.requests.length).toBe(calls); // answered from the catalog
    expect(entriesIn()).toBe(3);
    expect(files()).toHaveLength(3);
  });

  it('sends a JSONL file through the Files API when the requests are over the inline limit', async () => {
    inlineLimitBytes = 10;
    const { record } = await submitBatch(await draft(2), ports);
    expect(fake.requests.some((r) => r.path.startsWith('/upload/'))).toBe(true);
    const create = fake.requests.find((r) => r.path.endsWith(':batchGenerateContent'))!;
    expect((create.body as { batch: { inputConfig: { fileName?: string } } }).batch.inputConfig.fileName).toMatch(/^files\//);
    const done = await waitForBatch(record.id, ports, { pollMs: 10, timeoutMs: 5000 });
    const { result } = await fetchBatch(done, ports);
    expect(result.entries).toHaveLength(2);
    expect(fake.requests.some((r) => r.path.endsWith(':download'))).toBe(true);
  });

  it('turns per-request errors into failed entries and keeps the rest', async () => {
    fake.batches.requestFault = (i) => (i === 1 ? { kind: 'blockedPrompt' } : i === 2 ? { kind: 'status', status: 500 } : { kind: 'ok' });
    const { record } = await submitBatch(await draft(3), ports);
    const { result } = await fetchBatch(await waitForBatch(record.id, ports, { pollMs: 10, timeoutMs: 5000 }), ports);
    expect(result.entries).toHaveLength(1);
    expect(result.failures.map((f) => f.error.code).sort()).toEqual(['BATCH_REQUEST_FAILED', 'PROMPT_BLOCKED']);
    expect(countWhere(join(dir, 'catalog.db'), "entries WHERE status = 'failed'")).toBe(2);
  });

  it('matches results to requests by position when Google does not echo the keys', async () => {
    fake.batches.echoMetadata = false;
    fake.batches.requestFault = (i) => (i === 1 ? { kind: 'blockedPrompt' } : { kind: 'ok' });
    const { record } = await submitBatch(await draft(3), ports);
    const { result } = await fetchBatch(await waitForBatch(record.id, ports, { pollMs: 10, timeoutMs: 5000 }), ports);
    expect(result.entries.map((e) => e.id)).toEqual([record.items[0]!.entryId, record.items[2]!.entryId]);
    expect(result.failures).toEqual([expect.objectContaining({ index: 1, entryId: record.items[1]!.entryId, error: expect.objectContaining({ code: 'PROMPT_BLOCKED' }) })]);
  });

  it('reports a failed or expired job with Google\'s state and error, and fetch refuses it', async () => {
    fake.batches.scriptNext({ pendingMs: 0, runningMs: 0, end: 'FAILED', error: { code: 3, message: 'Batch input was invalid.' } });
    const { record } = await submitBatch(await draft(1), ports);
    const summary = await batchStatus(record.id, ports);
    expect(summary).toMatchObject({ googleState: 'JOB_STATE_FAILED', error: { code: 3, message: 'Batch input was invalid.' } });
    await expect(fetchBatch((await ports.book.read(record.id))!, ports)).rejects.toMatchObject({ code: 'BATCH_FAILED', message: expect.stringContaining('JOB_STATE_FAILED: Batch input was invalid.') });
    fake.batches.scriptNext({ pendingMs: 0, runningMs: 0, end: 'EXPIRED' });
    const expired = await submitBatch(await draft(1, 'another prompt'), ports);
    await expect(fetchBatch(expired.record, ports)).rejects.toMatchObject({ code: 'BATCH_EXPIRED', message: expect.stringContaining('JOB_STATE_EXPIRED') });
    expect(entriesIn()).toBe(0);
  });

  it('refuses to fetch a running job, cancels it, and lists records newest first', async () => {
    fake.batches.script = { pendingMs: 10_000, runningMs: 10_000 };
    const { record } = await submitBatch(await draft(1), ports);
    await expect(fetchBatch(record, ports)).rejects.toMatchObject({ code: 'BATCH_NOT_FINISHED' });
    expect((await cancelBatch(record.id.slice(0, 5), ports)).googleState).toBe('JOB_STATE_CANCELLED');
    await expect(cancelBatch(record.id, ports)).rejects.toMatchObject({ code: 'BATCH_NOT_RUNNING' });
    await expect(batchStatus('zzzzzzzz', ports)).rejects.toMatchObject({ code: 'BATCH_NOT_FOUND', exitCode: 3 });
    expect((await listBatches(ports, { refreshOpen: true })).map((s) => s.id)).toEqual([record.id]);
  });

  it('after a lost create reply, finds the job in Google\'s list instead of submitting it again', async () => {
    fake.enqueue({ kind: 'disconnect' });
    const { record, reused } = await submitBatch(await draft(2), ports);
    expect(reused).toBe(false);
    expect(record.state).toBe('submitted');
    expect(fake.batches.list()).toHaveLength(1);
    expect(fake.requests.some((r) => r.path.endsWith('/batches'))).toBe(true);
  });

  it('a record left submitting by a killed run is reconciled, not resubmitted, when the same work is asked for again', async () => {
    // What a kill -9 between "intent written" and "reply read" leaves: the record says submitting.
    fake.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = submitBatch(await draft(2), { ...ports, signal: controller.signal });
    await fake.waitForRequests(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    const left = (await ports.book.all())[0]!;
    expect(left.state).toBe('submitting');
    const again = await submitBatch(await draft(2), ports);
    expect(again.reused).toBe(true);
    expect(again.record.id).toBe(left.id);
    expect(fake.batches.list()).toHaveLength(1);
  });

  it('one fetch at a time: a live holder of the record\'s lock makes another fetch refuse; a dead one is taken over', async () => {
    fake.batches.script = { pendingMs: 0, runningMs: 0 };
    const { record } = await submitBatch(await draft(1), ports);
    const lockFile = join(dir, 'home', 'batches', `${record.id}.lock`);
    writeFileSync(lockFile, String(process.ppid));
    await expect(fetchBatch(record, ports)).rejects.toMatchObject({ code: 'BATCH_BUSY' });
    expect(entriesIn()).toBe(0);
    writeFileSync(lockFile, '999999999');
    expect((await fetchBatch(record, ports)).result.entries).toHaveLength(1);
    expect(existsSync(lockFile)).toBe(false);
  });

  it('a create call Google refuses leaves a not-submitted record, and the same work can be sent again', async () => {
    fake.enqueue({ kind: 'status', status: 400, message: 'Batch too large.' });
    await expect(submitBatch(await draft(1), ports)).rejects.toMatchObject({ code: 'API_REQUEST_REJECTED' });
    expect((await ports.book.all()).map((r) => r.state)).toEqual(['not-submitted']);
    expect(fake.batches.list()).toHaveLength(0);
    const again = await submitBatch(await draft(1), ports);
    expect(again).toMatchObject({ reused: false, record: { state: 'submitted' } });
    expect((await listBatches(ports, { refreshOpen: false })).map((s) => s.state).sort()).toEqual(['not-submitted', 'submitted']);
  });

  it('doctor --fix keeps the input images of a batch that has not been fetched; the fetched entry records them', async () => {
    fake.batches.script = { pendingMs: 60_000, runningMs: 0 };
    const job = await planModify({ prompt: 'make it blue', count: 1, provider: 'gemini', outDir: join(dir, 'out'), concurrency: 1, images: ['fixtures/ring.png'] }, ports);
    const { record } = await submitBatch({ origin: { command: 'generate' }, jobs: [job] }, ports);
    const input = ports.store.blobPath(job.inputs[0]!.blob.sha256, job.inputs[0]!.send.mimeType);
    expect(existsSync(input)).toBe(true);
    const report = await runDoctor(ports, { fix: true, outDir: join(dir, 'out'), nodeVersion: process.versions.node, keyPresent: true, catalogExists: true });
    expect(report.checks.find((c) => c.name === 'orphan blobs')?.items ?? []).not.toContain(input);
    expect(existsSync(input)).toBe(true);
    fake.batches.finish(record.remote!.name);
    const { result } = await fetchBatch(record, ports);
    expect(result.entries[0]!.inputs.map((i) => i.path)).toEqual([input]);
  });

  it('estimates at half the interactive price', async () => {
    const { jobs } = await draft(4);
    expect(batchEstimate(jobs)).toBeCloseTo((priceForImage(jobs[0]!.model, jobs[0]!.imageSize) * 4) / 2, 6);
  });
});
