/** The Hugging Face provider: the official inference client over real HTTP to the fake endpoint. */
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_HF_TOKEN, startFakeHuggingFace, type FakeHuggingFace } from '../../fake-huggingface/server.js';
import { DEFAULT_HF_MODEL, dimensionsFor } from '../../../src/providers/models.js';
import { HuggingFaceProvider } from '../../../src/providers/huggingface.js';
import { DEFAULT_FLUX_PARAMS, EMOTION_FLUX_PARAMS } from '../../../src/providers/huggingface-params.js';
import { DEFAULT_RETRY } from '../../../src/providers/retry.js';
import type { ImageRequest } from '../../../src/domain/provider.js';

const TOKEN = 'hf_test_token_0123456789';
let fake: FakeHuggingFace;

beforeAll(async () => {
  fake = await startFakeHuggingFace();
});
afterEach(() => {
  fake.reset();
  fake.setDefault({ kind: 'ok' });
});
afterAll(async () => {
  await fake.close();
});

function provider(options: { token?: string; timeoutMs?: number; attempts?: number } = {}): HuggingFaceProvider {
  return new HuggingFaceProvider({
    token: options.token ?? TOKEN,
    baseUrl: `${fake.url}/`,
    timeoutMs: options.timeoutMs ?? 5000,
    retry: { ...DEFAULT_RETRY, attempts: options.attempts ?? 3, baseDelayMs: 10 },
  });
}

function request(extra: Partial<ImageRequest> = {}): ImageRequest {
  return { model: DEFAULT_HF_MODEL, prompt: 'a lighthouse', aspectRatio: '16:9', imageSize: '1K', inputs: [], ...extra };
}

describe('HuggingFaceProvider', () => {
  it('posts the prompt and parameters to /models/{id} and returns the image bytes', async () => {
    const result = await provider().generate(request({ hints: { emotion: 'mysterious' } }));
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.path).toBe(`/models/${DEFAULT_HF_MODEL}`);
    expect(req.token).toBe(TOKEN);
    const { width, height } = dimensionsFor('16:9', '1K');
    expect(req.body).toEqual({
      inputs: 'a lighthouse',
      parameters: { guidance_scale: EMOTION_FLUX_PARAMS.mysterious.guidanceScale, num_inference_steps: EMOTION_FLUX_PARAMS.mysterious.steps, width, height },
    });
    expect(result.mimeType).toBe('image/jpeg');
    const meta = await sharp(result.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', width, height]);
    expect(result.metadata.generation).toEqual({ guidanceScale: 7, steps: 60, width, height });
  });

  it("uses seed 004's 7.5 and 50 without an emotion, and reads a PNG reply as PNG", async () => {
    fake.enqueue({ kind: 'png' });
    const result = await provider().generate(request());
    expect(fake.requests[0]!.body?.parameters).toMatchObject({ guidance_scale: DEFAULT_FLUX_PARAMS.guidanceScale, num_inference_steps: DEFAULT_FLUX_PARAMS.steps });
    expect([DEFAULT_FLUX_PARAMS.guidanceScale, DEFAULT_FLUX_PARAMS.steps]).toEqual([7.5, 50]);
    expect(result.mimeType).toBe('image/png');
  });

  it('waits for estimated_time while the model loads, then succeeds', async () => {
    fake.enqueue({ kind: 'loading', estimatedTime: 0.3 });
    const retries: string[] = [];
    await provider().generate(request({ onRetry: (info) => retries.push(`${info.reason} ${info.delayMs}`) }));
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.receivedAt - fake.requests[0]!.receivedAt).toBeGreaterThanOrEqual(280);
    expect(retries).toEqual(['model loading 300']);
  });

  it('honours Retry-After on a 429', async () => {
    fake.enqueue({ kind: 'status', status: 429, error: 'Rate limit reached', retryAfter: '0.2' });
    await provider().generate(request());
    expect(fake.requests[1]!.receivedAt - fake.requests[0]!.receivedAt).toBeGreaterThanOrEqual(180);
  });

  it('gives up on a model that keeps loading with MODEL_LOADING', async () => {
    fake.setDefault({ kind: 'loading', estimatedTime: 0.01 });
    await expect(provider({ attempts: 2 }).generate(request())).rejects.toMatchObject({ code: 'MODEL_LOADING', exitCode: 1 });
    expect(fake.requests).toHaveLength(2);
  });

  it('does not wait for a load longer than a minute: MODEL_LOADING at once, saying how long', async () => {
    fake.enqueue({ kind: 'loading', estimatedTime: 120 });
    await expect(provider().generate(request())).rejects.toMatchObject({ code: 'MODEL_LOADING', message: expect.stringContaining('about 120 s') });
    expect(fake.requests).toHaveLength(1);
  });

  it('maps 401 to API_KEY_INVALID naming HF_TOKEN, without retrying or leaking the token', async () => {
    const err = await provider({ token: INVALID_HF_TOKEN }).generate(request()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'API_KEY_INVALID', exitCode: 1, message: expect.stringContaining('HF_TOKEN') });
    expect(fake.requests).toHaveLength(1);
    expect(JSON.stringify(err)).not.toContain(INVALID_HF_TOKEN);
  });

  it('maps other HTTP errors after retries: 500, 404, 400 as text', async () => {
    fake.setDefault({ kind: 'status', status: 500, error: 'boom' });
    await expect(provider({ attempts: 2 }).generate(request())).rejects.toMatchObject({ code: 'API_UNAVAILABLE', message: expect.stringContaining('boom') });
    expect(fake.requests).toHaveLength(2);
    fake.reset();
    fake.setDefault({ kind: 'status', status: 404, error: 'Model not found' });
    await expect(provider().generate(request({ model: 'someone/nothing' }))).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND', message: expect.stringContaining('someone/nothing') });
    fake.setDefault({ kind: 'status', status: 400, error: 'bad width', text: true });
    await expect(provider().generate(request())).rejects.toMatchObject({ code: 'API_REQUEST_REJECTED', message: expect.stringContaining('bad width') });
  });

  it('times out a request that hangs, and refuses a body that is not an image', async () => {
    fake.enqueue({ kind: 'hang' });
    await expect(provider({ timeoutMs: 200, attempts: 1 }).generate(request())).rejects.toMatchObject({ code: 'API_TIMEOUT' });
    fake.enqueue({ kind: 'notImage' });
    await expect(provider().generate(request())).rejects.toMatchObject({ code: 'API_BAD_RESPONSE' });
  });

  it('refuses input images before sending anything', async () => {
    const input = { role: 'input', mimeType: 'image/png', data: Buffer.from('x') };
    await expect(provider().generate(request({ inputs: [input] }))).rejects.toMatchObject({ code: 'INPUTS_NOT_SUPPORTED', exitCode: 2 });
    expect(fake.requests).toHaveLength(0);
  });
});
