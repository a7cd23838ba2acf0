/** `imagegen generate` end to end: the real binary, the real SDK, a fake Gemini on loopback. */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini } from '../fake-gemini/server.js';
import { catalogCounts, filesUnder } from './catalog-probe.js';
import { sandbox, startCli, type Sandbox } from './cli.js';
import type { Entry } from '../../src/domain/entry.js';

const KEY = 'test-key-e2e-0123456789';
let fake: FakeGemini;
let box: Sandbox;

beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.setDefault({ kind: 'ok' });
  fake.latencyMs = 0;
  box = sandbox({ GEMINI_API_KEY: KEY, GOOGLE_GEMINI_BASE_URL: fake.url });
});
afterEach(() => box.cleanup());

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
type RunJson = { entries: Entry[]; failures: { index: number; error: { code: string; message: string; hint: string } }[] };

describe('generate with the offline provider', () => {
  it('writes a PNG that list then shows, with no key and no network', async () => {
    const gen = await box.run(['generate', 'a lighthouse at dawn', '--provider', 'offline'], { env: { GEMINI_API_KEY: undefined, GOOGLE_GEMINI_BASE_URL: undefined } });
    expect(gen.stderr).toContain('1 image saved');
    expect(gen.code).toBe(0);
    const files = filesUnder(box.out);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^lighthouse-dawn-[0-9a-z]{8}\.png$/);
    const meta = await sharp(join(box.out, files[0]!)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1024, 1024]);

    const list = await box.run(['list', '--json']);
    const listed = list.json<{ entries: Entry[]; total: number }>();
    expect(listed.total).toBe(1);
    expect(listed.entries[0]!.provider).toBe('offline');
    expect(listed.entries[0]!.metadata.placeholder).toBe(true);
    expect(listed.entries[0]!.file!.sha256).toBe(sha(join(box.out, files[0]!)));
    expect(fake.requests).toHaveLength(0);
  });
});

describe('generate against the fake Gemini', () => {
  it('-n 3 -a 16:9 --json sends three requests and writes three 16:9 files matching the catalog', async () => {
    const r = await box.run(['generate', 'a red fox in snow', '-n', '3', '-a', '16:9', '--json']);
    expect(r.code).toBe(0);
    const body = r.json<RunJson>();
    expect(body.failures).toEqual([]);
    expect(body.entries).toHaveLength(3);
    expect(fake.requests).toHaveLength(3);
    for (const req of fake.requests) {
      expect(fake.generationConfig(req).imageConfig?.aspectRatio).toBe('16:9');
      expect(fake.promptText(req)).toContain('a red fox in snow');
      expect(req.apiKey).toBe(KEY);
    }
    for (const entry of body.entries) {
      expect(entry.aspectRatio).toBe('16:9');
      expect(entry.kind).toBe('generate');
      expect(entry.rootId).toBe(entry.id);
      expect(entry.usage.inputTokens).toBeGreaterThan(0);
      expect(entry.usage.costUsd).toBeGreaterThan(0);
      const file = entry.file!;
      expect(file.path.startsWith(box.out)).toBe(true);
      expect(sha(file.path)).toBe(file.sha256);
      const meta = await sharp(file.path).metadata();
      expect(meta.width! / meta.height!).toBeCloseTo(16 / 9, 1);
      expect([file.width, file.height]).toEqual([meta.width, meta.height]);
    }
    expect(new Set(body.entries.map((e) => e.id)).size).toBe(3);
    // stdout is exactly one JSON document; nothing else leaks into it.
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it('four processes started at once all land in the catalog', async () => {
    fake.latencyMs = 100;
    const runs = await Promise.all([1, 2, 3, 4].map((i) => box.run(['generate', `harbour number ${i}`, '-n', '2', '--json'])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(catalogCounts(box.home).entries).toBe(8);
    expect(catalogCounts(box.home).jobs).toBe(4);
    expect(filesUnder(box.out)).toHaveLength(8);
  });

  it('keeps working after the user deletes the output file: the home has its own copy', async () => {
    const r = await box.run(['generate', 'a small boat', '--json']);
    const entry = r.json<RunJson>().entries[0]!;
    const blob = filesUnder(join(box.home, 'blobs'));
    expect(blob).toHaveLength(1);
    expect(statSync(entry.file!.path).mode & 0o777).toBe(0o444); // linked copies are read-only…
    rmSync(entry.file!.path); // …and a user deletes theirs
    const shown = (await box.run(['show', entry.id, '--json'])).json<Entry & { lineage: string[] }>();
    expect(shown.lineage).toEqual([entry.id]);
    expect(sha(join(box.home, 'blobs', blob[0]!))).toBe(entry.file!.sha256);
  });

  it('embeds provenance in the file and never the API key', async () => {
    const r = await box.run(['generate', 'a kite over dunes', '--json']);
    const entry = r.json<RunJson>().entries[0]!;
    const bytes = readFileSync(entry.file!.path);
    expect(bytes.includes(Buffer.from(entry.id))).toBe(true);
    expect(bytes.includes(Buffer.from('a kite over dunes'))).toBe(true);
    expect(bytes.includes(Buffer.from(KEY))).toBe(false);
    expect(readFileSync(join(box.home, 'catalog.db')).includes(Buffer.from(KEY))).toBe(false);
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  it('--format webp and --format jpeg convert the file', async () => {
    const webp = (await box.run(['generate', 'a leaf', '--format', 'webp', '--json'])).json<RunJson>().entries[0]!;
    expect(webp.file!.mimeType).toBe('image/webp');
    expect((await sharp(webp.file!.path).metadata()).format).toBe('webp');
    const jpeg = (await box.run(['generate', 'a stone', '--format', 'jpeg', '--json'])).json<RunJson>().entries[0]!;
    expect(jpeg.file!.path.endsWith('.jpg')).toBe(true);
    expect((await sharp(jpeg.file!.path).metadata()).format).toBe('jpeg');
  });

  it('reads the prompt from standard input with -', async () => {
    const r = await box.run(['generate', '-', '--json'], { input: 'a quiet harbour at night\n' });
    expect(r.code).toBe(0);
    expect(r.json<RunJson>().entries[0]!.prompt).toBe('a quiet harbour at night');
  });

  it('sends -s and -m through to the request and records them', async () => {
    const r = await box.run(['generate', 'tiles', '-s', '2K', '-m', 'gemini-3-pro-image', '--json']);
    expect(r.code).toBe(0);
    const req = fake.requests[0]!;
    expect(req.model).toBe('gemini-3-pro-image');
    expect(fake.generationConfig(req).imageConfig?.imageSize).toBe('2K');
    const entry = r.json<RunJson>().entries[0]!;
    expect([entry.model, entry.imageSize, entry.file!.width]).toEqual(['gemini-3-pro-image', '2K', 2048]);
  });

  it('sends to v1beta, and a retired model id to its replacement with a one-line notice', async () => {
    const r = await box.run(['generate', 'tiles', '-m', 'gemini-3-pro-image-preview']);
    expect(r.code).toBe(0);
    expect(fake.requests[0]!.path).toBe('/v1beta/models/gemini-3-pro-image:generateContent');
    const notices = r.stderr.split('\n').filter((l) => l.includes('shut down'));
    expect(notices).toEqual(['Model gemini-3-pro-image-preview was shut down by Google on 2026-06-25; using gemini-3-pro-image instead.']);
  });

  it('an unknown model is still sent, and its cost is null (not $0)', async () => {
    const r = await box.run(['generate', 'tiles', '-m', 'gemini-9-imaginary-image', '--json']);
    expect(r.code).toBe(0);
    expect(fake.requests[0]!.model).toBe('gemini-9-imaginary-image');
    const entry = r.json<RunJson>().entries[0]!;
    expect(entry.usage.costUsd).toBeNull();
    expect(entry.usage.outputTokens).toBeGreaterThan(0);
  });
});

describe('faults from the API', () => {
  it('retries a 429, honouring Retry-After, then succeeds', async () => {
    fake.enqueue({ kind: 'status', status: 429, retryAfter: '1' });
    const started = Date.now();
    const r = await box.run(['generate', 'a bell', '--json']);
    expect(r.code).toBe(0);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.receivedAt - fake.requests[0]!.receivedAt).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('retries 500s with backoff but never a 400', async () => {
    fake.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 503 });
    expect((await box.run(['generate', 'a bowl', '--json'])).code).toBe(0);
    expect(fake.requests).toHaveLength(3);
    fake.reset();
    fake.enqueue({ kind: 'status', status: 400, message: 'Unsupported thing.' });
    const r = await box.run(['generate', 'a cup', '--json']);
    expect(fake.requests).toHaveLength(1);
    expect(r.code).toBe(1);
    expect(r.json<RunJson>().failures[0]!.error.code).toBe('API_REQUEST_REJECTED');
  });

  it('maps a blocked prompt, a withheld image and a text-only reply to clear failures, exit 1', async () => {
    fake.enqueue({ kind: 'blockedPrompt', reason: 'SAFETY' }, { kind: 'finishReason', reason: 'IMAGE_SAFETY' }, { kind: 'textOnly' });
    const r = await box.run(['generate', 'something', '-n', '3', '--json'], { env: { IMAGEGEN_CONCURRENCY: '1' } });
    expect(r.code).toBe(1);
    const codes = r.json<RunJson>().failures.map((f) => f.error.code);
    expect(codes).toEqual(['PROMPT_BLOCKED', 'IMAGE_BLOCKED', 'NO_IMAGE_RETURNED']);
    expect(r.json<RunJson>().failures[2]!.error.message).toContain('instead of an image');
    expect(filesUnder(box.out)).toEqual([]);
    const failed = (await box.run(['list', '--status', 'failed', '--json'])).json<{ total: number }>();
    expect(failed.total).toBe(3);
  });

  it('exits 4 when some images fail, listing which', async () => {
    fake.enqueue({ kind: 'ok' }, { kind: 'finishReason', reason: 'IMAGE_SAFETY' }, { kind: 'ok' });
    const r = await box.run(['generate', 'mixed luck', '-n', '3', '--json'], { env: { IMAGEGEN_CONCURRENCY: '1' } });
    expect(r.code).toBe(4);
    const body = r.json<RunJson>();
    expect(body.entries).toHaveLength(2);
    expect(body.failures).toEqual([{ index: 1, error: expect.objectContaining({ code: 'IMAGE_BLOCKED' }), entryId: expect.stringMatching(/^[0-9a-z]{8}$/) }]);
  });

  it('times out a hung request, retries, and reports API_TIMEOUT', async () => {
    fake.setDefault({ kind: 'hang' });
    const r = await box.run(['generate', 'slow', '--json'], { env: { IMAGEGEN_TIMEOUT_MS: '300', IMAGEGEN_RETRIES: '2' } });
    expect(r.code).toBe(1);
    expect(fake.requests).toHaveLength(2);
    expect(r.json<RunJson>().failures[0]!.error.code).toBe('API_TIMEOUT');
  });

  it('survives malformed JSON and mixed text+image replies', async () => {
    fake.enqueue({ kind: 'malformed' }, { kind: 'mixed' });
    const r = await box.run(['generate', 'a jar', '--json']);
    expect(r.code).toBe(0);
    expect(r.json<RunJson>().entries[0]!.metadata.modelText).toContain('Here is your image');
  });

  it('an invalid key fails the run (exit 1), names the key, and records nothing', async () => {
    const r = await box.run(['generate', 'a tree', '-n', '2', '--json'], { env: { GEMINI_API_KEY: 'invalid-key' } });
    expect(r.code).toBe(1);
    const err = JSON.parse(r.stderr.trim().split('\n').pop()!) as { error: { code: string; hint: string } };
    expect(err.error.code).toBe('API_KEY_INVALID');
    expect(err.error.hint).toContain('GEMINI_API_KEY');
    expect(r.stdout).toBe('');
    expect(catalogCounts(box.home).entries).toBe(0);
    expect(filesUnder(box.out)).toEqual([]);
  });
});

describe('bad input changes nothing (exit 2)', () => {
  const cases: [string, string[], string, Record<string, string | undefined>?][] = [
    ['empty prompt', ['generate', '   '], 'EMPTY_PROMPT'],
    ['unknown aspect ratio', ['generate', 'x', '-a', '7:3'], 'INVALID_ASPECT_RATIO'],
    ['size the model lacks', ['generate', 'x', '-m', 'gemini-3-pro-image', '-s', '512'], 'INVALID_IMAGE_SIZE'],
    ['count 0', ['generate', 'x', '-n', '0'], 'INVALID_OPTION'],
    ['count 9', ['generate', 'x', '-n', '9'], 'INVALID_OPTION'],
    ['unknown format', ['generate', 'x', '--format', 'tiff'], 'INVALID_OPTION'],
    ['unknown option', ['generate', 'x', '--frobnicate'], 'INVALID_USAGE'],
    ['missing key', ['generate', 'x'], 'MISSING_API_KEY', { GEMINI_API_KEY: undefined }],
  ];
  it.each(cases)('%s', async (_label, args, code, env) => {
    const r = await box.run([...args, '--json'], { env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const err = JSON.parse(lines[0]!) as { error: { code: string; message: string; hint: string } };
    expect(err.error.code).toBe(code);
    expect(err.error.hint.length).toBeGreaterThan(5);
    if (code === 'MISSING_API_KEY') expect(err.error.message).toContain('GEMINI_API_KEY');
    expect(fake.requests).toHaveLength(0);
    expect(catalogCounts(box.home).entries).toBe(0);
    expect(filesUnder(box.out)).toEqual([]);
  });

  it('an output folder that cannot be written', async () => {
    writeFileSync(join(box.dir, 'not-a-dir'), 'x');
    const r = await box.run(['generate', 'x', '-o', join(box.dir, 'not-a-dir', 'sub'), '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('OUTPUT_NOT_WRITABLE');
    expect(fake.requests).toHaveLength(0);
  });

  it('a human-readable error without --json: message and hint, no stack trace', async () => {
    const r = await box.run(['generate', 'x', '-a', '7:3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: Aspect ratio "7:3" is not one .* accepts\.\n {2}hint: Use one of: /);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('interruption', () => {
  it('Ctrl-C mid-run exits 130, keeps finished images, leaves nothing half-written', async () => {
    fake.enqueue({ kind: 'ok' });
    fake.setDefault({ kind: 'hang' });
    const child = startCli(['generate', 'a long night', '-n', '3', '--json'], { cwd: box.dir, env: { ...box.env, IMAGEGEN_CONCURRENCY: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await fake.waitForRequests(2, 10_000);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('INTERRUPTED');
    // The finished image, and the one cut short as an interrupted entry (test/e2e/interrupted.test.ts).
    expect(catalogCounts(box.home).entries).toBe(2);
    const files = filesUnder(box.out);
    expect(files).toHaveLength(1);
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(filesUnder(join(box.home, 'blobs')).some((f) => f.endsWith('.tmp'))).toBe(false);
  });
});
