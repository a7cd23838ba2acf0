/**
 * The Gemini provider (the real @google/genai SDK) against the fake Gemini replaying real recorded
 * replies (test/fake-gemini/recordings): each success shape, each way of returning no image, and
 * the error bodies; the URL each request goes to; Vertex AI's path and auth header.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGemini, type FakeGemini } from '../../fake-gemini/server.js';
import { loadRecording, recordedImage } from '../../fake-gemini/recordings.js';
import { GeminiProvider, type GeminiOptions } from '../../../src/providers/gemini.js';
import { ImagegenError } from '../../../src/domain/errors.js';
import { DEFAULT_RETRY } from '../../../src/providers/retry.js';
import type { ImageRequest } from '../../../src/domain/provider.js';

let fake: FakeGemini;

beforeAll(async () => {
  fake = await startFakeGemini();
});
afterEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
});

function provider(options: Partial<GeminiOptions> = {}): GeminiProvider {
  return new GeminiProvider({ apiKey: 'test-key', baseUrl: fake.url, timeoutMs: 5000, retry: { ...DEFAULT_RETRY, attempts: 3, baseDelayMs: 1 }, ...options });
}

const REQUEST: ImageRequest = { model: 'gemini-3.1-flash-image', prompt: 'a sea otter', aspectRatio: '1:1', imageSize: '1K', inputs: [] };

async function failureOf(promise: Promise<unknown>): Promise<ImagegenError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ImagegenError);
    return err as ImagegenError;
  }
  throw new Error('expected a failure');
}

describe('recorded successes', () => {
  it('Gemini 3 Pro Image: a JPEG with Content Credentials and a thought signature, usage split into image and thoughts', async () => {
    fake.enqueue({ kind: 'recorded', name: 'success-gemini-3-pro-image-c2pa' });
    const result = await provider().generate({ ...REQUEST, model: 'gemini-3-pro-image' });
    const recorded = recordedImage('success-gemini-3-pro-image-c2pa');
    expect(result.mimeType).toBe('image/jpeg');
    expect(result.data.equals(recorded.data)).toBe(true);
    // usageMetadata as recorded: 22 prompt, 1216 candidates (1120 IMAGE), 179 thoughts.
    expect(result.usage).toEqual({ inputTokens: 22, outputTokens: 1216 + 179, imageTokens: 1120 });
    expect(result.metadata).toMatchObject({ finishReason: 'STOP', modelVersion: 'gemini-3-pro-image', responseId: '8cxparnuJ-aCg8UPx8HfwQM' });
    expect(fake.requests[0]!.path).toBe('/v1beta/models/gemini-3-pro-image:generateContent');
    expect(fake.requests[0]!.apiVersion).toBe('v1beta');
  });

  it('Gemini 3 Pro Image preview: text with a thought signature before the image', async () => {
    fake.enqueue({ kind: 'recorded', name: 'success-gemini-3-pro-image-preview-text' });
    const result = await provider().generate(REQUEST);
    expect(result.text).toMatch(/^A little axolotl named Archie/);
    expect(result.data.equals(recordedImage('success-gemini-3-pro-image-preview-text').data)).toBe(true);
    expect(result.usage).toEqual({ inputTokens: 14, outputTokens: 1283 + 174, imageTokens: 1120 });
  });

  it('Gemini 3.1 Flash Image (GA): a C2PA JPEG with a thought signature, 1,120 image tokens of 1,392 billed', async () => {
    fake.enqueue({ kind: 'recorded', name: 'success-gemini-3.1-flash-image' });
    const result = await provider().generate(REQUEST);
    expect(result.mimeType).toBe('image/jpeg');
    expect(result.data.equals(recordedImage('success-gemini-3.1-flash-image').data)).toBe(true);
    expect(result.usage).toEqual({ inputTokens: 10, outputTokens: 1392, imageTokens: 1120 });
    expect(result.metadata).toMatchObject({ finishReason: 'STOP', modelVersion: 'gemini-3.1-flash-image', responseId: 'dTOras2iGqLc-sAPiO2BiAw' });
    expect(fake.requests[0]!.path).toBe('/v1beta/models/gemini-3.1-flash-image:generateContent');
  });

  it('Gemini 2.5 Flash Image: a PNG after a text part, no thoughts', async () => {
    fake.enqueue({ kind: 'recorded', name: 'success-gemini-2.5-flash-image-png' });
    const result = await provider().generate(REQUEST);
    expect(result.mimeType).toBe('image/png');
    expect(result.text).toMatch(/axolotl named Pip/);
    expect(result.usage).toEqual({ inputTokens: 17, outputTokens: 1336, imageTokens: 1290 });
  });
});

describe('replies without an image keep the service\'s words and the usage', () => {
  it('PROHIBITED_CONTENT prompt block (recorded): PROMPT_BLOCKED, the prompt tokens kept', async () => {
    fake.enqueue({ kind: 'recorded', name: 'prompt-blocked-prohibited-content' });
    const err = await failureOf(provider().generate(REQUEST));
    expect(err.code).toBe('PROMPT_BLOCKED');
    expect(err.message).toContain('PROHIBITED_CONTENT');
    expect(err.details).toMatchObject({ usage: { inputTokens: 4438, outputTokens: 0 }, blockReason: 'PROHIBITED_CONTENT' });
    expect(fake.requests).toHaveLength(1);
  });

  it('PROHIBITED_CONTENT block of an image prompt (recorded live, Flash Image): the 9 prompt tokens kept', async () => {
    fake.enqueue({ kind: 'recorded', name: 'image-prompt-blocked-prohibited-content' });
    const err = await failureOf(provider().generate(REQUEST));
    expect(err.code).toBe('PROMPT_BLOCKED');
    expect(err.details).toMatchObject({ usage: { inputTokens: 9, outputTokens: 0 }, blockReason: 'PROHIBITED_CONTENT', responseId: 'FHGPatmJMfqI1MkP28uN-Qg' });
  });

  it('blockReasonMessage reaches the message', async () => {
    fake.enqueue({ kind: 'recorded', name: 'constructed-prompt-blocked-message' });
    const err = await failureOf(provider().generate(REQUEST));
    expect(err.message).toBe('Gemini blocked the prompt (PROHIBITED_CONTENT): The prompt was blocked because it may contain prohibited content.');
  });

  it('IMAGE_OTHER with a finishMessage: the support code and "not charged" reach the message; thoughts are kept as usage', async () => {
    fake.enqueue({ kind: 'recorded', name: 'constructed-image-other' });
    const err = await failureOf(provider().generate(REQUEST));
    expect(err.code).toBe('NO_IMAGE_RETURNED');
    expect(err.message).toContain('(IMAGE_OTHER)');
    expect(err.message).toContain('You will not be charged for this request. Support code: 12345');
    expect(err.details).toMatchObject({ usage: { inputTokens: 15, outputTokens: 212 }, finishReason: 'IMAGE_OTHER', finishMessage: expect.stringContaining('Support code') as unknown });
  });

  it('NO_IMAGE (recorded live, content without parts): NO_IMAGE_RETURNED with a hint to ask for a picture, prompt tokens kept', async () => {
    fake.enqueue({ kind: 'recorded', name: 'no-image-gemini-3.1-flash-image-preview' });
    const err = await failureOf(provider().generate(REQUEST));
    expect(err.code).toBe('NO_IMAGE_RETURNED');
    expect(err.message).toContain('(NO_IMAGE)');
    expect(err.hint).toMatch(/ask for a picture/);
    expect(err.details).toMatchObject({ usage: { inputTokens: 9, outputTokens: 0 }, finishReason: 'NO_IMAGE' });
  });

  it.each([
    ['constructed-image-safety', 'IMAGE_SAFETY', "Prohibited Use policy"],
    ['constructed-image-prohibited-content', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_PROHIBITED_CONTENT'],
  ])('%s: IMAGE_BLOCKED naming %s', async (name, reason, words) => {
    fake.enqueue({ kind: 'recorded', name });
    const err = await failureOf(provider().generate(REQUEST));
    expect(err.code).toBe('IMAGE_BLOCKED');
    expect(err.message).toContain(reason);
    expect(err.message).toContain(words);
  });
});

describe('recorded error bodies', () => {
  it('429 with limit: 0 fails at once as QUOTA_EXHAUSTED, with a plan and billing hint', async () => {
    fake.enqueue({ kind: 'recorded', name: '429-quota-limit-0' }, { kind: 'ok' });
    const err = await failureOf(provider().generate(REQUEST));
    expect(err.code).toBe('QUOTA_EXHAUSTED');
    expect(err.message).toContain('limit: 0');
    expect(err.hint).toMatch(/plan and billing/);
    expect(fake.requests).toHaveLength(1);
  });

  it('429 with a per-day QuotaFailure fails at once too', async () => {
    fake.enqueue({ kind: 'recorded', name: '429-quota-per-day' }, { kind: 'ok' });
    const err = await failureOf(provider().generate(REQUEST));
    expect(err.code).toBe('QUOTA_EXHAUSTED');
    expect(fake.requests).toHaveLength(1);
  });

  it('429 with a short RetryInfo delay is waited for as the server asked', async () => {
    fake.enqueue({ kind: 'recorded', name: '429-quota-retry-info' });
    const controller = new AbortController();
    const retries: { delayMs: number; reason: string }[] = [];
    const run = provider().generate({
      ...REQUEST,
      signal: controller.signal,
      onRetry: (info) => {
        retries.push(info);
        controller.abort(new Error('stop waiting'));
      },
    });
    await expect(run).rejects.toThrow('stop waiting');
    expect(retries).toMatchObject([{ attempt: 1, delayMs: 34_400, reason: 'HTTP 429' }]);
  });

  it('400 INVALID_ARGUMENT: API_REQUEST_REJECTED with Google\'s message, not retried', async () => {
    fake.enqueue({ kind: 'recorded', name: '400-unknown-field' });
    const err = await failureOf(provider().generate(REQUEST));
    expect(err.code).toBe('API_REQUEST_REJECTED');
    expect(err.message).toContain('Unknown name "responseModalities"');
    expect(fake.requests).toHaveLength(1);
  });

  it.each(['403-api-key-service-blocked', '403-key-leaked'])('%s: API_PERMISSION_DENIED with Google\'s message', async (name) => {
    fake.enqueue({ kind: 'recorded', name });
    const err = await failureOf(provider().generate(REQUEST));
    expect(err.code).toBe('API_PERMISSION_DENIED');
    const body = loadRecording(name).response.body as { error: { message: string } };
    expect(err.message).toContain(body.error.message);
  });

  it('404 NOT_FOUND: MODEL_NOT_FOUND', async () => {
    fake.enqueue({ kind: 'recorded', name: '404-model-not-found' });
    const err = await failureOf(provider().generate(REQUEST));
    expect(err.code).toBe('MODEL_NOT_FOUND');
    expect(err.message).toContain('Call ListModels');
  });

  it('503 UNAVAILABLE is retried, then API_UNAVAILABLE', async () => {
    fake.enqueue(...Array.from({ length: 3 }, () => ({ kind: 'recorded' as const, name: '503-overloaded' })));
    const err = await failureOf(provider().generate(REQUEST));
    expect(err.code).toBe('API_UNAVAILABLE');
    expect(err.message).toContain('The model is overloaded');
    expect(fake.requests).toHaveLength(3);
  });
});

describe('Vertex AI', () => {
  it('sends to the project and location path with a bearer token and no API key', async () => {
    const vertex = provider({ apiKey: undefined, vertex: { project: 'my-proj', location: 'us-central1', accessToken: 'ya29.test-token' } });
    const result = await vertex.generate(REQUEST);
    expect(result.mimeType).toBe('image/png');
    const req = fake.requests[0]!;
    expect(req.path).toBe('/v1beta1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-3.1-flash-image:generateContent');
    expect(req.vertex).toEqual({ project: 'my-proj', location: 'us-central1' });
    expect(req.headers.authorization).toBe('Bearer ya29.test-token');
    expect(req.apiKey).toBeNull();
  });

  it('a 403 there points at the project\'s Vertex AI permissions, not at a key', async () => {
    fake.enqueue({ kind: 'recorded', name: '403-api-key-service-blocked' });
    const vertex = provider({ apiKey: undefined, vertex: { project: 'my-proj', location: 'global', accessToken: 'ya29.test-token' } });
    const err = await failureOf(vertex.generate(REQUEST));
    expect(err.code).toBe('API_PERMISSION_DENIED');
    expect(err.hint).toContain('Vertex AI User');
  });
});
