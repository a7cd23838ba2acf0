/**
 * The CLI against real recorded Gemini replies (test/fake-gemini/recordings): Content Credentials
 * kept byte for byte, the service's own words and the usage on failed entries, quota that cannot
 * recover, edits that keep their input's shape, and the cost of every billed token.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordedImage } from '../fake-gemini/recordings.js';
import { errorOf, sha256, useFakeGemini, type RunJson, type ShownJson } from './fake-session.js';

const s = useFakeGemini();
const FIXTURE = (name: string) => resolve('fixtures', name);

describe('Content Credentials', () => {
  it('a Gemini 3 JPEG with C2PA is saved byte for byte; show says so', async () => {
    s.fake.enqueue({ kind: 'recorded', name: 'success-gemini-3-pro-image-c2pa' });
    const r = await s.box.run(['generate', 'a cute baby sea otter', '-m', 'gemini-3-pro-image', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const entry = r.json<RunJson>().entries[0]!;
    const recorded = recordedImage('success-gemini-3-pro-image-c2pa').data;
    expect(readFileSync(entry.file!.path).equals(recorded)).toBe(true);
    expect(entry.file!.sha256).toBe(sha256(recorded));
    expect(entry.metadata.contentCredentials).toBe('kept');
    // Cost of every billed token at gemini-3-pro-image's prices: 22 in ($2/M), 1120 image ($120/M), 96 text + 179 thoughts ($12/M).
    expect(entry.usage.costUsd).toBeCloseTo((22 * 2 + 1120 * 120 + (96 + 179) * 12) / 1e6, 6);
    const shown = await s.box.run(['show', entry.id]);
    expect(shown.stdout).toContain('Content Credentials: present');
  });

  it('--format conversion warns that the credentials are dropped', async () => {
    s.fake.enqueue({ kind: 'recorded', name: 'success-gemini-3-pro-image-c2pa' });
    const r = await s.box.run(['generate', 'a cute baby sea otter', '-m', 'gemini-3-pro-image', '--format', 'png']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('carries Content Credentials (C2PA); converting it to PNG drops them');
    const id = r.stdout.trim().split(/\s+/)[0]!;
    const shown = (await s.box.run(['show', id, '--json'])).json<ShownJson>();
    expect(shown.file!.mimeType).toBe('image/png');
    expect(shown.metadata.contentCredentials).toBe('dropped by conversion');
    expect((await s.box.run(['show', id])).stdout).not.toContain('Content Credentials: present');
  });

  it('--format jpeg on a JPEG converts nothing, so the credentials are kept', async () => {
    s.fake.enqueue({ kind: 'recorded', name: 'success-gemini-3-pro-image-c2pa' });
    const r = await s.box.run(['generate', 'a cute baby sea otter', '-m', 'gemini-3-pro-image', '--format', 'jpeg', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const entry = r.json<RunJson>().entries[0]!;
    expect(readFileSync(entry.file!.path).equals(recordedImage('success-gemini-3-pro-image-c2pa').data)).toBe(true);
    expect(entry.metadata.contentCredentials).toBe('kept');
  });
});

describe('failed replies', () => {
  it('IMAGE_OTHER: the finishMessage reaches the error and the failed entry, which keeps the billed tokens', async () => {
    s.fake.enqueue({ kind: 'recorded', name: 'constructed-image-other' });
    const r = await s.box.run(['generate', 'a storm', '--json']);
    expect(r.code).toBe(1);
    const failure = r.json<RunJson & { failures: { entryId: string }[] }>().failures[0]!;
    expect(failure.error.message).toContain('Support code: 12345');
    const failed = (await s.box.run(['show', failure.entryId, '--json'])).json<ShownJson>();
    expect(failed.error!.message).toContain('You will not be charged for this request.');
    expect(failed.metadata).toMatchObject({ finishReason: 'IMAGE_OTHER', finishMessage: expect.stringContaining('Support code: 12345') as unknown });
    expect(failed.usage.inputTokens).toBe(15);
    expect(failed.usage.outputTokens).toBe(212);
    // gemini-3.1-flash-image: $0.50/M in, $3/M text and thinking out.
    expect(failed.usage.costUsd).toBeCloseTo((15 * 0.5 + 212 * 3) / 1e6, 5);
  });

  it('a blocked prompt (recorded PROHIBITED_CONTENT) keeps its prompt tokens on the failed entry', async () => {
    s.fake.enqueue({ kind: 'recorded', name: 'prompt-blocked-prohibited-content' });
    const r = await s.box.run(['generate', 'something', '--json']);
    expect(r.code).toBe(1);
    const failure = r.json<RunJson & { failures: { entryId: string }[] }>().failures[0]!;
    expect(failure.error.code).toBe('PROMPT_BLOCKED');
    const failed = (await s.box.run(['show', failure.entryId, '--json'])).json<ShownJson>();
    expect(failed.usage.inputTokens).toBe(4438);
    expect(failed.metadata.blockReason).toBe('PROHIBITED_CONTENT');
    const stats = (await s.box.run(['stats', '--json'])).json<{ total: { inputTokens: number } }>();
    expect(stats.total.inputTokens).toBe(4438);
  });

  it('a quota of 0 fails at once: no retries, exit 1, a hint about plan and billing', async () => {
    s.fake.enqueue({ kind: 'recorded', name: '429-quota-limit-0' }, { kind: 'recorded', name: '429-quota-limit-0' });
    const r = await s.box.run(['generate', 'a bell', '-n', '2', '--json']);
    expect(r.code).toBe(1);
    // One request per image: a retried 429 would have made up to four each.
    expect(s.fake.requests).toHaveLength(2);
    const failures = r.json<RunJson>().failures;
    expect(failures.map((f) => f.error.code)).toEqual(['QUOTA_EXHAUSTED', 'QUOTA_EXHAUSTED']);
    expect(failures[0]!.error.hint).toMatch(/plan and billing/);
  });
});

describe('edits keep the input\'s shape', () => {
  it('modify without -a sends the supported ratio nearest the first input; -a still wins', async () => {
    // beach.jpg is 200×128: nearest 3:2. model.jpg is 144×192: 3:4.
    const r = await s.box.run(['modify', 'warmer light', '-i', FIXTURE('beach.jpg'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(s.fake.generationConfig(s.fake.requests[0]!).imageConfig?.aspectRatio).toBe('3:2');
    expect(r.json<RunJson>().entries[0]!.aspectRatio).toBe('3:2');
    const ref = await s.box.run(['reference', 'in a garden', '-i', FIXTURE('model.jpg'), '--type', 'subject', '--json']);
    expect(s.fake.generationConfig(s.fake.requests[1]!).imageConfig?.aspectRatio).toBe('3:4');
    expect(ref.code, ref.stderr).toBe(0);
    const square = await s.box.run(['modify', 'warmer light', '-i', FIXTURE('beach.jpg'), '-a', '1:1', '--json']);
    expect(square.code).toBe(0);
    expect(s.fake.generationConfig(s.fake.requests[2]!).imageConfig?.aspectRatio).toBe('1:1');
  });
});

describe('imagegen models', () => {
  it('offline: the table alone, with GA ids, prices and the retired aliases', async () => {
    const r = await s.box.run(['models', '--json'], { env: { GEMINI_API_KEY: undefined } });
    expect(r.code, r.stderr).toBe(0);
    const report = r.json<{ models: { id: string; default: boolean; available: boolean | null; pricePerImage: Record<string, number>; status: string }[]; aliases: { id: string; replacement: string }[]; live: { checked: boolean } }>();
    const flash = report.models.find((m) => m.id === 'gemini-3.1-flash-image')!;
    expect(flash).toMatchObject({ default: true, available: null, status: 'ga', pricePerImage: { '1K': 0.067 } });
    expect(report.models.map((m) => m.id)).toContain('gemini-3-pro-image');
    expect(report.aliases).toContainEqual(expect.objectContaining({ id: 'gemini-3.1-flash-image-preview', replacement: 'gemini-3.1-flash-image' }));
    expect(report.live.checked).toBe(false);
    expect(s.fake.requests).toHaveLength(0);
  });

  it('with a key: merged with the live models.list (v1beta)', async () => {
    const r = await s.box.run(['models', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(s.fake.requests[0]!.path).toBe('/v1beta/models');
    const report = r.json<{ models: { id: string; available: boolean | null }[]; live: { checked: boolean } }>();
    expect(report.live.checked).toBe(true);
    expect(report.models.filter((m) => m.available).map((m) => m.id)).toEqual(['gemini-3.1-flash-image', 'gemini-3-pro-image']);
    const text = await s.box.run(['models']);
    expect(text.stdout).toContain('gemini-3.1-flash-image (default)');
    expect(text.stdout).toContain('gemini-2.5-flash-image → gemini-3.1-flash-image');
  });
});

describe('Vertex AI', () => {
  const vertexEnv = (extra: Record<string, string | undefined> = {}) => ({
    GEMINI_API_KEY: undefined,
    GOOGLE_GENAI_USE_VERTEXAI: 'true',
    GOOGLE_CLOUD_PROJECT: 'demo-project',
    GOOGLE_CLOUD_LOCATION: 'europe-west4',
    GOOGLE_VERTEX_BASE_URL: s.fake.url,
    ...extra,
  });

  it('goes to the project and location path with the bearer token, no key anywhere (even with a key in the environment)', async () => {
    const r = await s.box.run(['generate', 'a lighthouse', '--json'], { env: vertexEnv({ GOOGLE_CLOUD_ACCESS_TOKEN: 'ya29.e2e-token', GEMINI_API_KEY: 'not-for-vertex' }) });
    expect(r.code, r.stderr).toBe(0);
    // Standard output is the JSON document alone (the SDK's console.debug about keys is kept off it).
    expect(r.json<RunJson>().entries).toHaveLength(1);
    expect(r.stdout + r.stderr).not.toContain('not-for-vertex');
    const req = s.fake.requests[0]!;
    expect(req.path).toBe('/v1beta1/projects/demo-project/locations/europe-west4/publishers/google/models/gemini-3.1-flash-image:generateContent');
    expect(req.headers.authorization).toBe('Bearer ya29.e2e-token');
    expect(req.apiKey).toBeNull();
  });

  it('--vertex without a project says what to set (exit 2, nothing sent)', async () => {
    const r = await s.box.run(['generate', 'a lighthouse', '--vertex', '--json'], { env: { GEMINI_API_KEY: undefined } });
    expect(r.code).toBe(2);
    expect(errorOf(r).code).toBe('MISSING_VERTEX_PROJECT');
    expect(errorOf(r).hint).toContain('GOOGLE_CLOUD_PROJECT');
    expect(s.fake.requests).toHaveLength(0);
  });

  it('no Application Default Credentials: VERTEX_CREDENTIALS_MISSING, naming what to set', async () => {
    const r = await s.box.run(['generate', 'a lighthouse', '--json'], { env: vertexEnv({ METADATA_SERVER_DETECTION: 'none' }) });
    expect(r.code).toBe(2);
    expect(errorOf(r).code).toBe('VERTEX_CREDENTIALS_MISSING');
    expect(errorOf(r).hint).toContain('gcloud auth application-default login');
    expect(s.fake.requests).toHaveLength(0);
  });
});
