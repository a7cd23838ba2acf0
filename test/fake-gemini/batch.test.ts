/**
 * The fake's Batch API, driven by the real @google/genai SDK: the shapes it sends are the ones the
 * SDK's converters read (so a wrong shape shows up as a missing field here).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GoogleGenAI, type BatchJob, type InlinedRequest } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini } from './server.js';

const MODEL = 'gemini-3.1-flash-image-preview';
let fake: FakeGemini;
let ai: GoogleGenAI;
let dir: string;

beforeAll(async () => {
  fake = await startFakeGemini();
  ai = new GoogleGenAI({ apiKey: 'k', apiVersion: 'v1beta', httpOptions: { baseUrl: fake.url } });
  dir = mkdtempSync(join(tmpdir(), 'fake-batch-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => fake.reset());

function request(prompt: string, key: string): InlinedRequest {
  return {
    contents: [{ role: 'user', parts: [{ text: prompt }] }],
    config: { responseModalities: ['TEXT', 'IMAGE'], imageConfig: { aspectRatio: '1:1', imageSize: '1K' } },
    metadata: { key },
  };
}

async function until(name: string, done: (job: BatchJob) => boolean): Promise<BatchJob> {
  for (let i = 0; i < 200; i++) {
    const job = await ai.batches.get({ name });
    if (done(job)) return job;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`batch ${name} never got there`);
}

describe('fake Batch API through the SDK', () => {
  it('advances an inline job PENDING → RUNNING → SUCCEEDED and returns inlined responses in order', async () => {
    fake.batches.script = { pendingMs: 100, runningMs: 60_000 };
    const created = await ai.batches.create({ model: MODEL, src: [request('a red fox', 'r0'), request('a blue bird', 'r1')], config: { displayName: 'imagegen-test' } });
    expect(created.name).toMatch(/^batches\//);
    expect(created.state).toBe('JOB_STATE_PENDING');
    expect(created.displayName).toBe('imagegen-test');
    const body = fake.requests[0]!.body as unknown as { batch: { inputConfig: { requests: { requests: { request: { generationConfig: unknown }; metadata: unknown }[] } } } };
    expect(body.batch.inputConfig.requests.requests[1]!.metadata).toEqual({ key: 'r1' });
    expect(body.batch.inputConfig.requests.requests[0]!.request.generationConfig).toMatchObject({ imageConfig: { imageSize: '1K' } });
    const running = await until(created.name!, (j) => j.state !== 'JOB_STATE_PENDING');
    expect(running.state).toBe('JOB_STATE_RUNNING');
    fake.batches.finish(created.name!);
    const done = await until(created.name!, (j) => j.state === 'JOB_STATE_SUCCEEDED');
    const responses = done.dest?.inlinedResponses ?? [];
    expect(responses.map((r) => r.metadata?.key)).toEqual(['r0', 'r1']);
    const image = responses[0]!.response?.candidates?.[0]?.content?.parts?.find((p) => p.inlineData)?.inlineData;
    expect(image?.mimeType).toBe('image/png');
    expect(Buffer.from(image!.data!, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  it('turns a per-request fault into that request\'s error and keeps the others', async () => {
    fake.batches.script = { pendingMs: 0, runningMs: 0 };
    fake.batches.requestFault = (index) => (index === 1 ? { kind: 'status', status: 500 } : index === 2 ? { kind: 'blockedPrompt' } : { kind: 'ok' });
    const created = await ai.batches.create({ model: MODEL, src: [request('one', 'a'), request('two', 'b'), request('three', 'c')] });
    const done = await until(created.name!, (j) => j.state === 'JOB_STATE_SUCCEEDED');
    const [ok, failed, blocked] = done.dest!.inlinedResponses!;
    expect(ok!.response?.candidates?.length).toBe(1);
    expect(failed!.error).toMatchObject({ code: 500, status: 'INTERNAL' });
    expect(blocked!.response?.promptFeedback?.blockReason).toBe('SAFETY');
    const raw = await fetch(`${fake.url}/v1beta/${created.name!}`, { headers: { 'x-goog-api-key': 'k' } }).then((r) => r.json() as Promise<{ metadata: { batchStats: unknown } }>);
    expect(raw.metadata.batchStats).toEqual({ requestCount: '3', successfulRequestCount: '2', failedRequestCount: '1' });
  });

  it('uploads a JSONL file, runs it, and serves the responses file for download', async () => {
    fake.batches.script = { pendingMs: 0, runningMs: 0 };
    const lines = ['k1', 'k2'].map((key) => JSON.stringify({ key, request: { contents: [{ parts: [{ text: `picture ${key}` }] }], generationConfig: { responseModalities: ['IMAGE'] } } }));
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, `${lines.join('\n')}\n`);
    const file = await ai.files.upload({ file: input, config: { mimeType: 'jsonl', displayName: 'imagegen-in' } });
    expect(file.name).toMatch(/^files\//);
    expect(file.sizeBytes).toBe(String(readFileSync(input).length));
    const created = await ai.batches.create({ model: MODEL, src: file.name! });
    const done = await until(created.name!, (j) => j.state === 'JOB_STATE_SUCCEEDED');
    expect(done.dest?.fileName).toMatch(/^files\/batch-/);
    const out = join(dir, 'out.jsonl');
    await ai.files.download({ file: done.dest!.fileName!, downloadPath: out });
    const results = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { key: string; response?: { candidates?: unknown[] } });
    expect(results.map((r) => r.key)).toEqual(['k1', 'k2']);
    expect(results[1]!.response?.candidates).toHaveLength(1);
  });

  it('lists jobs across pages, newest first', async () => {
    const names: string[] = [];
    for (let i = 0; i < 3; i++) names.push((await ai.batches.create({ model: MODEL, src: [request(`p${i}`, 'x')], config: { displayName: `d${i}` } })).name!);
    const seen: string[] = [];
    const pager = await ai.batches.list({ config: { pageSize: 2 } });
    for await (const job of pager) seen.push(job.name!);
    expect(seen).toHaveLength(3);
    expect(new Set(seen)).toEqual(new Set(names));
    expect(fake.requests.filter((r) => r.path.endsWith('/batches')).length).toBe(2);
  });

  it('cancels a running job, and ends others FAILED or EXPIRED with the scripted error', async () => {
    fake.batches.script = { pendingMs: 10_000, runningMs: 10_000 };
    const running = await ai.batches.create({ model: MODEL, src: [request('x', 'x')] });
    await ai.batches.cancel({ name: running.name! });
    expect((await ai.batches.get({ name: running.name! })).state).toBe('JOB_STATE_CANCELLED');
    fake.batches.scriptNext({ pendingMs: 0, runningMs: 0, end: 'FAILED', error: { code: 3, message: 'Invalid request in batch.' } }, { pendingMs: 0, runningMs: 0, end: 'EXPIRED' });
    const failed = await ai.batches.create({ model: MODEL, src: [request('y', 'y')] });
    const expired = await ai.batches.create({ model: MODEL, src: [request('z', 'z')] });
    expect((await ai.batches.get({ name: failed.name! })).state).toBe('JOB_STATE_FAILED');
    expect((await ai.batches.get({ name: expired.name! })).state).toBe('JOB_STATE_EXPIRED');
    const raw = await fetch(`${fake.url}/v1beta/${failed.name!}`, { headers: { 'x-goog-api-key': 'k' } }).then((r) => r.json() as Promise<{ error?: unknown; done?: boolean }>);
    expect(raw).toMatchObject({ done: true, error: { code: 3, message: 'Invalid request in batch.' } });
  });

  it('answers an unknown batch with 404 NOT_FOUND, and a hang fault still creates the job', async () => {
    await expect(ai.batches.get({ name: 'batches/nope' })).rejects.toMatchObject({ status: 404 });
    fake.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const lost = ai.batches.create({ model: MODEL, src: [request('lost reply', 'x')], config: { displayName: 'lost', abortSignal: controller.signal } });
    await fake.waitForRequests(2);
    controller.abort();
    await expect(lost).rejects.toThrow();
    expect(fake.batches.list().map((j) => j.displayName)).toEqual(['lost']);
  });
});
