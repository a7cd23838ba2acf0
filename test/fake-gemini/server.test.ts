/**
 * The fake Gemini server, driven by the real @google/genai SDK (and raw fetch where the SDK
 * would hide what is on the wire).
 */
import { ApiError, GoogleGenAI } from '@google/genai';
import type { GenerateContentConfig, GenerateContentResponse } from '@google/genai';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dimensionsFor } from '../../src/providers/models.js';
import { startFakeGemini } from './server.js';
import type { FakeGemini } from './server.js';

const MODEL = 'gemini-3.1-flash-image';
const IMAGE_CONFIG: GenerateContentConfig = { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '16:9', imageSize: '1K' } };

let fake: FakeGemini;
let ai: GoogleGenAI;

beforeAll(async () => {
  fake = await startFakeGemini();
  ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: fake.url } });
});

afterEach(() => {
  fake.reset();
  fake.setDefault({ kind: 'ok' });
  fake.setTextReply(undefined);
  fake.latencyMs = 0;
});

afterAll(async () => {
  await fake.close();
});

function generate(prompt: string, config: GenerateContentConfig = IMAGE_CONFIG, client: GoogleGenAI = ai): Promise<GenerateContentResponse> {
  return client.models.generateContent({ model: MODEL, contents: [{ role: 'user', parts: [{ text: prompt }] }], config });
}

function inlineImages(response: GenerateContentResponse): { mimeType: string; data: Buffer }[] {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts.flatMap((p) => (p.inlineData?.data === undefined ? [] : [{ mimeType: p.inlineData.mimeType ?? '', data: Buffer.from(p.inlineData.data, 'base64') }]));
}

/** The JSON error body the SDK packs into ApiError.message. */
function errorBody(error: unknown): { error: { code: number; message: string; status: string; details?: { '@type': string; [k: string]: unknown }[] } } {
  expect(error).toBeInstanceOf(ApiError);
  return JSON.parse((error as ApiError).message) as ReturnType<typeof errorBody>;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('image generation through the SDK', () => {
  it('returns a real PNG sized by imageConfig and records the request', async () => {
    const response = await generate('a lighthouse at dawn');
    const [image] = inlineImages(response);
    expect(image?.mimeType).toBe('image/png');
    const meta = await sharp(image?.data).metadata();
    expect(meta.format).toBe('png');
    expect({ width: meta.width, height: meta.height }).toEqual(dimensionsFor('16:9', '1K'));
    expect(response.candidates?.[0]?.finishReason).toBe('STOP');
    expect(response.modelVersion).toBe(MODEL);

    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    // @google/genai 3.1.0 defaults to the v1 API for the Gemini Developer API.
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/v1/models/${MODEL}:generateContent`);
    expect(req.apiVersion).toBe('v1');
    expect(req.model).toBe(MODEL);
    expect(req.action).toBe('generateContent');
    expect(req.apiKey).toBe('test-key');
    expect(req.headers['x-goog-api-key']).toBe('test-key');
    expect(req.query.key).toBeUndefined();
    expect(fake.generationConfig(req).imageConfig).toEqual({ aspectRatio: '16:9', imageSize: '1K' });
    expect(fake.generationConfig(req).responseModalities).toEqual(['IMAGE']);
    expect(fake.textParts(req)).toEqual(['a lighthouse at dawn']);
    expect(response.usageMetadata?.promptTokenCount).toBe(Math.ceil('a lighthouse at dawn'.length / 4));
    expect(response.usageMetadata?.candidatesTokenCount).toBe(1120);
  });

  it('defaults to a 1:1 1K image when imageConfig is absent', async () => {
    const [image] = inlineImages(await generate('square', { responseModalities: ['IMAGE'] }));
    const meta = await sharp(image?.data).metadata();
    expect([meta.width, meta.height]).toEqual([1024, 1024]);
  });

  it('receives inline input images byte for byte and counts them as prompt tokens', async () => {
    const input = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#3366cc' } }).png().toBuffer();
    const other = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);
    const prompt = 'blend these two';
    const response = await ai.models.generateContent({
      model: MODEL,
      contents: [{ role: 'user', parts: [{ text: prompt }, { inlineData: { mimeType: 'image/png', data: input.toString('base64') } }, { inlineData: { mimeType: 'image/jpeg', data: other.toString('base64') } }] }],
      config: IMAGE_CONFIG,
    });
    const sent = fake.imageParts(fake.requests[0]!);
    expect(sent.map((p) => p.mimeType)).toEqual(['image/png', 'image/jpeg']);
    expect(sent[0]?.data.equals(input)).toBe(true);
    expect(sent[1]?.data.equals(other)).toBe(true);
    expect(response.usageMetadata?.promptTokenCount).toBe(Math.ceil(prompt.length / 4) + 2 * 258);
  });

  it('gives different bytes for different prompts and for repeated identical prompts', async () => {
    const [a1] = inlineImages(await generate('a red fox'));
    const [a2] = inlineImages(await generate('a red fox'));
    const [b] = inlineImages(await generate('a blue whale'));
    expect(a1!.data.equals(a2!.data)).toBe(false);
    const pixel = async (png: Buffer) => (await sharp(png).extract({ left: 0, top: 0, width: 1, height: 1 }).raw().toBuffer()).toString('hex');
    expect(await pixel(a1!.data)).toBe(await pixel(a2!.data));
    expect(await pixel(a1!.data)).not.toBe(await pixel(b!.data));
  });

  it('answers 8 concurrent 1024x1024 requests quickly', async () => {
    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => generate(`concurrent ${i}`, { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '1:1' } })));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(responses.every((r) => inlineImages(r).length === 1)).toBe(true);
  });

  it('honours latencyMs', async () => {
    fake.latencyMs = 300;
    const started = Date.now();
    await generate('slow');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('also answers generateContentStream (streamGenerateContent?alt=sse)', async () => {
    const stream = await ai.models.generateContentStream({ model: MODEL, contents: 'streamed', config: IMAGE_CONFIG });
    const chunks: GenerateContentResponse[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toHaveLength(1);
    expect(inlineImages(chunks[0]!)).toHaveLength(1);
    expect(fake.requests[0]?.action).toBe('streamGenerateContent');
  });

  it('reads GOOGLE_GEMINI_BASE_URL when no baseUrl is given', async () => {
    const previous = process.env.GOOGLE_GEMINI_BASE_URL;
    process.env.GOOGLE_GEMINI_BASE_URL = fake.url;
    try {
      const envClient = new GoogleGenAI({ apiKey: 'env-key' });
      expect(inlineImages(await generate('via env', IMAGE_CONFIG, envClient))).toHaveLength(1);
      expect(fake.requests[0]?.apiKey).toBe('env-key');
    } finally {
      if (previous === undefined) delete process.env.GOOGLE_GEMINI_BASE_URL;
      else process.env.GOOGLE_GEMINI_BASE_URL = previous;
    }
  });
});

describe('API versions and routes', () => {
  it('serves /v1beta/ for an SDK configured with apiVersion v1beta', async () => {
    const beta = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: fake.url, apiVersion: 'v1beta' } });
    expect(inlineImages(await generate('beta', IMAGE_CONFIG, beta))).toHaveLength(1);
    expect(fake.requests[0]?.path).toBe(`/v1beta/models/${MODEL}:generateContent`);
  });

  it('serves /v1beta/ and /v1/ to raw fetch, with the key in the query string', async () => {
    const body = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'raw' }] }], generationConfig: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '9:16' } } });
    for (const version of ['v1beta', 'v1']) {
      const res = await fetch(`${fake.url}/${version}/models/${MODEL}:generateContent?key=query-key`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      const json = (await res.json()) as { candidates: { content: { parts: { inlineData: { data: string } }[] } }[] };
      const png = Buffer.from(json.candidates[0]!.content.parts[0]!.inlineData.data, 'base64');
      const meta = await sharp(png).metadata();
      expect({ width: meta.width, height: meta.height }).toEqual(dimensionsFor('9:16', '1K'));
    }
    expect(fake.requests.map((r) => [r.apiVersion, r.apiKey])).toEqual([
      ['v1beta', 'query-key'],
      ['v1', 'query-key'],
    ]);
  });

  it('answers unknown routes with a Google-shaped 404', async () => {
    const res = await fetch(`${fake.url}/v1/nothing/here`, { headers: { 'x-goog-api-key': 'k' } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { status: string } }).error.status).toBe('NOT_FOUND');
    expect(fake.requests[0]?.path).toBe('/v1/nothing/here');
  });

  it('lists and gets models', async () => {
    const pager = await ai.models.list();
    expect(pager.page.map((m) => m.name)).toContain(`models/${MODEL}`);
    const model = await ai.models.get({ model: MODEL });
    expect(model.name).toBe(`models/${MODEL}`);
  });

  it('rejects a missing key with 403 and the key "invalid-key" with 400 API_KEY_INVALID', async () => {
    const res = await fetch(`${fake.url}/v1/models/${MODEL}:generateContent`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { status: string } }).error.status).toBe('PERMISSION_DENIED');

    const bad = new GoogleGenAI({ apiKey: 'invalid-key', httpOptions: { baseUrl: fake.url } });
    const error = await caught(generate('x', IMAGE_CONFIG, bad));
    expect((error as ApiError).status).toBe(400);
    const body = errorBody(error);
    expect(body.error.message).toBe('API key not valid. Please pass a valid API key.');
    expect(body.error.status).toBe('INVALID_ARGUMENT');
    expect(body.error.details?.[0]).toMatchObject({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' });
  });

  it('rejects an unsupported aspect ratio with 400', async () => {
    const error = await caught(generate('x', { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: 'wide' } }));
    expect((error as ApiError).status).toBe(400);
    expect(errorBody(error).error.status).toBe('INVALID_ARGUMENT');
  });
});

describe('faults', () => {
  it('turns 429 with Retry-After into an ApiError with status 429 (no SDK retry by default)', async () => {
    fake.enqueue({ kind: 'status', status: 429, retryAfter: '7' });
    const error = await caught(generate('busy'));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    const body = errorBody(error);
    expect(body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(body.error.details).toContainEqual({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' });
    expect(fake.requests).toHaveLength(1);

    fake.enqueue({ kind: 'status', status: 429, retryAfter: '7' });
    const res = await fetch(`${fake.url}/v1/models/${MODEL}:generateContent`, { method: 'POST', headers: { 'x-goog-api-key': 'k' }, body: '{}' });
    expect(res.headers.get('retry-after')).toBe('7');
  });

  it('consumes queued faults in order, then falls back to the default', async () => {
    fake.enqueue({ kind: 'status', status: 503 }, { kind: 'status', status: 500, message: 'boom', googleStatus: 'INTERNAL' });
    expect(fake.queued()).toBe(2);
    expect(((await caught(generate('1'))) as ApiError).status).toBe(503);
    const second = await caught(generate('2'));
    expect(errorBody(second).error).toMatchObject({ code: 500, message: 'boom', status: 'INTERNAL' });
    expect(inlineImages(await generate('3'))).toHaveLength(1);

    fake.setDefault((req) => (fake.promptText(req).includes('forbidden') ? { kind: 'blockedPrompt' } : { kind: 'ok' }));
    expect((await generate('forbidden fruit')).promptFeedback?.blockReason).toBe('SAFETY');
    expect(inlineImages(await generate('allowed'))).toHaveLength(1);
  });

  it('reports a blocked prompt with promptFeedback and no candidates', async () => {
    fake.enqueue({ kind: 'blockedPrompt', reason: 'PROHIBITED_CONTENT' });
    const response = await generate('blocked');
    expect(response.candidates).toBeUndefined();
    expect(response.promptFeedback?.blockReason).toBe('PROHIBITED_CONTENT');
    expect(response.usageMetadata?.promptTokenCount).toBeGreaterThan(0);
  });

  it('reports IMAGE_SAFETY as a finish reason without an image', async () => {
    fake.enqueue({ kind: 'finishReason', reason: 'IMAGE_SAFETY', message: 'Unable to show the generated image.' });
    const response = await generate('unsafe');
    const candidate = response.candidates?.[0];
    expect(candidate?.finishReason).toBe('IMAGE_SAFETY');
    // SDK 3.1.0 drops finishMessage when converting Gemini Developer API candidates, although
    // the server sends it (checked with raw fetch below).
    expect(candidate?.finishMessage).toBeUndefined();
    expect(candidate?.content?.parts).toBeUndefined();
    expect(inlineImages(response)).toHaveLength(0);

    fake.enqueue({ kind: 'finishReason', reason: 'IMAGE_SAFETY', message: 'Unable to show the generated image.' });
    const body = JSON.stringify({ contents: [{ parts: [{ text: 'unsafe' }] }] });
    const res = await fetch(`${fake.url}/v1/models/${MODEL}:generateContent`, { method: 'POST', headers: { 'x-goog-api-key': 'k' }, body });
    const json = (await res.json()) as { candidates: { content: unknown; finishMessage: string }[] };
    expect(json.candidates[0]).toMatchObject({ content: { role: 'model' }, finishMessage: 'Unable to show the generated image.' });
  });

  it('offers NO_IMAGE with a text part, and empty parts', async () => {
    fake.enqueue({ kind: 'finishReason', reason: 'NO_IMAGE', text: 'I could not draw that.' }, { kind: 'finishReason', reason: 'RECITATION', content: 'emptyParts' });
    const first = await generate('a');
    expect(first.candidates?.[0]?.finishReason).toBe('NO_IMAGE');
    expect(first.text).toBe('I could not draw that.');
    const second = await generate('b');
    expect(second.candidates?.[0]?.content?.parts).toEqual([]);
  });

  it('returns text only, text plus image, and JPEG on request', async () => {
    fake.enqueue({ kind: 'textOnly', text: 'No.' }, { kind: 'mixed' }, { kind: 'jpeg' });
    const textOnly = await generate('t');
    expect(textOnly.text).toBe('No.');
    expect(inlineImages(textOnly)).toHaveLength(0);

    const mixed = await generate('m');
    const parts = mixed.candidates?.[0]?.content?.parts ?? [];
    expect(parts[0]?.text).toMatch(/Here is your image/);
    expect(inlineImages(mixed)).toHaveLength(1);

    const [jpeg] = inlineImages(await generate('j'));
    expect(jpeg?.mimeType).toBe('image/jpeg');
    const meta = await sharp(jpeg?.data).metadata();
    expect(meta.format).toBe('jpeg');
    expect({ width: meta.width, height: meta.height }).toEqual(dimensionsFor('16:9', '1K'));
  });

  it('makes the SDK throw on a malformed JSON body', async () => {
    fake.enqueue({ kind: 'malformed' });
    const error = await caught(generate('garbled'));
    expect(error).toBeInstanceOf(SyntaxError);
  });

  it('makes the SDK throw on a dropped connection', async () => {
    fake.enqueue({ kind: 'disconnect' });
    const error = await caught(generate('dropped'));
    expect(error).toBeInstanceOf(TypeError); // undici: "fetch failed"
  });

  it('hangs until the SDK times out', async () => {
    fake.enqueue({ kind: 'hang' });
    const impatient = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: fake.url, timeout: 200 } });
    const started = Date.now();
    const error = await caught(generate('wait', IMAGE_CONFIG, impatient));
    expect(Date.now() - started).toBeLessThan(1000);
    expect((error as Error).name).toBe('AbortError');
    expect(fake.requests[0]?.headers['x-server-timeout']).toBe('1');
  });

  it('delays then answers with the delay fault', async () => {
    fake.enqueue({ kind: 'delay', ms: 150, then: { kind: 'textOnly' } });
    const started = Date.now();
    expect((await generate('later')).text).toMatch(/can't create/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('text-model calls (prompt enhancement)', () => {
  const TEXT_MODEL = 'gemini-3.5-flash-lite';

  it('answers a JSON-mode call with {visualPrompt, name, emotion}', async () => {
    const response = await ai.models.generateContent({ model: TEXT_MODEL, contents: 'a cat on a windowsill', config: { responseMimeType: 'application/json' } });
    const reply = JSON.parse(response.text ?? '') as Record<string, unknown>;
    expect(reply).toEqual({ visualPrompt: expect.stringContaining('a cat on a windowsill') as unknown, name: 'a-cat-on-a', emotion: 'calm' });
    expect(inlineImages(response)).toHaveLength(0);
  });

  it('follows a response schema when one is sent', async () => {
    const response = await ai.models.generateContent({
      model: TEXT_MODEL,
      contents: 'storm over the sea',
      config: {
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'object', properties: { visualPrompt: { type: 'string' }, emotion: { type: 'string', enum: ['angry', 'sad'] }, tags: { type: 'array' } } },
      },
    });
    const reply = JSON.parse(response.text ?? '') as Record<string, unknown>;
    expect(Object.keys(reply)).toEqual(['visualPrompt', 'emotion', 'tags']);
    expect(reply.emotion).toBe('angry');
  });

  it('uses setTextReply, and treats IMAGE-less responseModalities as a text call', async () => {
    fake.setTextReply((req) => `echo: ${fake.promptText(req)}`);
    const response = await generate('hello', { responseModalities: ['TEXT'] });
    expect(response.text).toBe('echo: hello');
    fake.setTextReply('fixed');
    expect((await ai.models.generateContent({ model: TEXT_MODEL, contents: 'x' })).text).toBe('fixed');
  });
});

describe('lifecycle', () => {
  it('closes promptly with a hung request in flight', async () => {
    const own = await startFakeGemini({ defaultFault: { kind: 'hang' } });
    const client = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: own.url } });
    const pending = caught(generate('never', IMAGE_CONFIG, client));
    await own.waitForRequests(1);
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('closes promptly while a latency delay is pending', async () => {
    const own = await startFakeGemini({ latencyMs: 10_000 });
    const pending = caught(fetch(`${own.url}/v1/models/${MODEL}:generateContent`, { method: 'POST', headers: { 'x-goog-api-key': 'k' }, body: '{}' }));
    await own.waitForRequests(1);
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('reset clears requests and queued faults', async () => {
    fake.enqueue({ kind: 'hang' });
    await fetch(`${fake.url}/v1/unknown`);
    fake.reset();
    expect(fake.requests).toHaveLength(0);
    expect(fake.queued()).toBe(0);
  });
});
