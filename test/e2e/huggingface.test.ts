/**
 * --provider huggingface end to end: the real binary and the official inference client against
 * the fake Hugging Face endpoint on loopback (IMAGEGEN_HF_BASE_URL).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INVALID_HF_TOKEN, startFakeHuggingFace, type FakeHuggingFace } from '../fake-huggingface/server.js';
import { EMOTIONS } from '../../src/domain/emotions.js';
import { EMOTION_FLUX_PARAMS } from '../../src/providers/huggingface-params.js';
import { DEFAULT_HF_MODEL, dimensionsFor } from '../../src/providers/models.js';
import { errorOf, footprint, useFakeGemini, type RunJson } from './fake-session.js';
import { put, solidPng } from './images.js';

const TOKEN = 'hf_e2e_secret_token_0123456789';
const s = useFakeGemini();
let hf: FakeHuggingFace;
let env: Record<string, string>;

beforeAll(async () => {
  hf = await startFakeHuggingFace();
});
afterAll(async () => {
  await hf.close();
});
beforeEach(() => {
  hf.reset();
  hf.setDefault({ kind: 'ok' });
  env = { IMAGEGEN_PROVIDER: 'huggingface', HF_TOKEN: TOKEN, IMAGEGEN_HF_BASE_URL: hf.url };
});

describe('--provider huggingface', () => {
  it('makes FLUX.1-dev images of the requested size, with guidance and steps from the emotion', async () => {
    const r = await s.box.run(['generate', 'a calm lake under willows', '-a', '16:9', '-n', '2', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const { width, height } = dimensionsFor('16:9', '1K');
    expect(hf.requests).toHaveLength(2);
    for (const req of hf.requests) {
      expect(req.path).toBe(`/models/${DEFAULT_HF_MODEL}`);
      expect(req.token).toBe(TOKEN);
      expect(req.body).toEqual({
        inputs: `a calm lake under willows. ${EMOTIONS.calm}`,
        parameters: { guidance_scale: EMOTION_FLUX_PARAMS.calm.guidanceScale, num_inference_steps: EMOTION_FLUX_PARAMS.calm.steps, width, height },
      });
    }
    expect(s.fake.requests).toHaveLength(0);
    const entries = r.json<RunJson>().entries;
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect([entry.provider, entry.model, entry.emotion, entry.aspectRatio]).toEqual(['huggingface', DEFAULT_HF_MODEL, 'calm', '16:9']);
      expect(entry.file).toMatchObject({ mimeType: 'image/jpeg', width, height });
      const meta = await sharp(entry.file!.path).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', width, height]);
      expect(entry.metadata.generation).toEqual({ guidanceScale: 6.5, steps: 40, width, height });
    }
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(readFileSync(join(s.box.home, 'catalog.db')).includes(Buffer.from(TOKEN))).toBe(false);
    expect(readFileSync(entries[0]!.file!.path).includes(Buffer.from(TOKEN))).toBe(false);
  });

  it('sends another text-to-image model given with -m', async () => {
    const r = await s.box.run(['generate', 'a kite', '-m', 'stabilityai/stable-diffusion-xl-base-1.0', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(hf.requests[0]!.path).toBe('/models/stabilityai/stable-diffusion-xl-base-1.0');
    expect(r.json<RunJson>().entries[0]!.model).toBe('stabilityai/stable-diffusion-xl-base-1.0');
  });

  it('retries while the model loads, waiting for its estimated_time', async () => {
    hf.enqueue({ kind: 'loading', estimatedTime: 0.3 });
    const r = await s.box.run(['generate', 'a kite over dunes'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('model loading, retrying in 0.3 s');
    expect(hf.requests).toHaveLength(2);
    expect(hf.requests[1]!.receivedAt - hf.requests[0]!.receivedAt).toBeGreaterThanOrEqual(280);
  });

  it('needs HF_TOKEN: exit 2 naming it, nothing sent or written', async () => {
    const r = await s.box.run(['generate', 'a kite', '--json'], { env: { ...env, HF_TOKEN: undefined } });
    expect(r.code).toBe(2);
    expect(errorOf(r)).toMatchObject({ code: 'MISSING_HF_TOKEN', message: expect.stringContaining('HF_TOKEN') });
    expect(hf.requests).toHaveLength(0);
    expect(footprint(s.box).out).toEqual([]);
  });

  it('a rejected token is API_KEY_INVALID naming HF_TOKEN, exit 1, not retried', async () => {
    const r = await s.box.run(['generate', 'a kite', '-n', '2', '--json'], { env: { ...env, HF_TOKEN: INVALID_HF_TOKEN } });
    expect(r.code).toBe(1);
    expect(errorOf(r)).toMatchObject({ code: 'API_KEY_INVALID', message: expect.stringContaining('HF_TOKEN') });
    expect(hf.requests.length).toBeLessThanOrEqual(2);
    expect(footprint(s.box).out).toEqual([]);
  });

  it('a server that keeps failing ends in exit 1 with the failure listed', async () => {
    hf.setDefault({ kind: 'status', status: 500, error: 'CUDA out of memory' });
    const r = await s.box.run(['generate', 'a kite', '--json'], { env: { ...env, IMAGEGEN_RETRIES: '2' } });
    expect(r.code).toBe(1);
    expect(r.json<RunJson>().failures[0]!.error).toMatchObject({ code: 'API_UNAVAILABLE', message: expect.stringContaining('CUDA out of memory') });
    expect(hf.requests).toHaveLength(2);
  });

  it('takes no input images: modify with it is exit 2 before anything is sent', async () => {
    put(s.box, 'in.png', await solidPng(64, 64, '#336699'));
    const r = await s.box.run(['modify', 'make it red', '-i', 'in.png', '--json'], { env });
    expect(r.code).toBe(2);
    expect(errorOf(r).code).toBe('TOO_MANY_INPUTS');
    expect(hf.requests).toHaveLength(0);
  });

  it('--enhance without a Gemini key falls back to the offline rules and still makes the image', async () => {
    const r = await s.box.run(['generate', 'a foggy harbour', '--enhance'], { env: { ...env, GEMINI_API_KEY: undefined } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^--enhance: no Gemini API key .*using the offline rules/m);
    expect(s.fake.requests).toHaveLength(0);
    expect(hf.requests[0]!.body?.parameters).toMatchObject({ guidance_scale: EMOTION_FLUX_PARAMS.mysterious.guidanceScale });
  });

  it('--enhance with a Gemini key: the text model writes the prompt FLUX gets', async () => {
    s.fake.setTextReply(JSON.stringify({ visualPrompt: 'Fishing boats in thick sea fog, lanterns glowing.', name: 'Fog Harbour', emotion: 'mysterious' }));
    const r = await s.box.run(['generate', 'harbour', '--enhance', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(s.fake.requests).toHaveLength(1);
    expect(hf.requests[0]!.body?.inputs).toBe(`Fishing boats in thick sea fog, lanterns glowing. ${EMOTIONS.mysterious}`);
    expect(r.json<RunJson>().entries[0]!.name).toBe('Fog Harbour');
  });
});
