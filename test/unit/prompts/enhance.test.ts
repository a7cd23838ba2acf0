/**
 * --enhance below the CLI: describePrompt with the real Gemini text model (the real SDK) against
 * the fake Gemini on loopback, and the reply validation on its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGemini, systemText, type FakeGemini } from '../../fake-gemini/server.js';
import { describePrompt, type DescribePorts } from '../../../src/core/describe-prompt.js';
import { ENHANCE_SCHEMA, enhanceRequestText } from '../../../src/prompts/enhance.js';
import { EnhanceFailure, parseEnhanceReply } from '../../../src/prompts/enhance-reply.js';
import { GeminiTextModel } from '../../../src/providers/gemini-text.js';
import { DEFAULT_RETRY } from '../../../src/providers/retry.js';

let fake: FakeGemini;
let dir: string;
const notices: string[] = [];

beforeAll(async () => {
  fake = await startFakeGemini();
  process.env.GOOGLE_GEMINI_BASE_URL = fake.url;
  dir = mkdtempSync(join(tmpdir(), 'imagegen-enhance-'));
});
afterEach(() => {
  fake.reset();
  fake.setTextReply(undefined);
  notices.length = 0;
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function ports(model: GeminiTextModel | null = textModel()): DescribePorts {
  return { textModel: async () => model, onNotice: (m) => notices.push(m) };
}

function textModel(): GeminiTextModel {
  return new GeminiTextModel({ apiKey: 'k', model: 'gemini-2.5-flash', timeoutMs: 5000, retry: { ...DEFAULT_RETRY, attempts: 2, baseDelayMs: 5 } });
}

const REPLY = { visualPrompt: 'A lone lighthouse on black basalt at first light, long exposure sea, cinematic.', name: 'First Light Beacon', emotion: 'hopeful' };

describe('describePrompt with --enhance', () => {
  it('makes one JSON-mode call and takes the visual prompt, name and emotion from it', async () => {
    fake.setTextReply(JSON.stringify(REPLY));
    const d = await describePrompt({ prompt: 'lighthouse at dawn', enhance: true, provider: 'gemini' }, ports());
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.model).toBe('gemini-2.5-flash');
    // JSON mode with responseSchema goes to v1beta, the version Google's recordings use.
    expect(req.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(fake.generationConfig(req).responseMimeType).toBe('application/json');
    expect(fake.generationConfig(req).responseSchema).toEqual(ENHANCE_SCHEMA);
    expect(fake.promptText(req)).toContain('lighthouse at dawn');
    expect(systemText(req)).toContain('visual prompt');
    expect(d).toEqual({
      name: 'First Light Beacon',
      emotion: 'hopeful',
      visualPrompt: REPLY.visualPrompt,
      metadata: { nameSource: 'enhance', emotionSource: 'enhance', enhanced: { model: 'gemini-2.5-flash', name: 'First Light Beacon', emotion: 'hopeful', usage: expect.objectContaining({ inputTokens: expect.any(Number) }) } },
    });
    expect(notices).toEqual([]);
  });

  it('lets --name and --emotion win, and tells the model the fixed emotion', async () => {
    fake.setTextReply(JSON.stringify(REPLY));
    const d = await describePrompt({ prompt: 'lighthouse at dawn', name: 'Mine', emotion: 'Melancholic', enhance: true }, ports());
    expect([d.name, d.emotion, d.visualPrompt]).toEqual(['Mine', 'melancholic', REPLY.visualPrompt]);
    expect(d.metadata).toMatchObject({ nameSource: 'flag', emotionSource: 'flag', enhanced: { emotion: 'hopeful' } });
    expect(fake.promptText(fake.requests[0]!)).toContain('The emotion is fixed: melancholic');
  });

  it('sends the --context file before the words', async () => {
    const file = join(dir, 'brief.txt');
    writeFileSync(file, 'The client sells sea salt from Brittany.\n');
    await describePrompt({ prompt: 'a label', enhance: true, context: file }, ports());
    const text = fake.promptText(fake.requests[0]!);
    expect(text).toContain('Background (from brief.txt):\nThe client sells sea salt from Brittany.');
    expect(text.indexOf('sea salt')).toBeLessThan(text.indexOf('a label'));
  });

  for (const [label, reply, why] of [
    ['not JSON', 'not json', /not JSON/],
    ['JSON of the wrong shape', JSON.stringify({ visualPrompt: '', name: 3, emotion: 'angry' }), /does not match the schema \(visualPrompt: .*name: .*emotion: /],
  ] as const) {
    it(`falls back to the offline rules on a reply that is ${label}`, async () => {
      fake.setTextReply(reply);
      const d = await describePrompt({ prompt: 'a sad gray harbour', enhance: true }, ports());
      expect([d.name, d.emotion, d.visualPrompt]).toEqual(['Sad Gray Harbour', 'melancholic', 'a sad gray harbour']);
      expect(d.metadata).toMatchObject({ nameSource: 'prompt', emotionSource: 'detected', enhanceFallback: expect.stringMatching(why) });
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/^--enhance: .*using the offline rules/);
    });
  }

  it('falls back when the call fails, after its retries', async () => {
    fake.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const d = await describePrompt({ prompt: 'a fox', enhance: true }, ports());
    expect(fake.requests).toHaveLength(2);
    expect(d.metadata.enhanceFallback).toMatch(/gemini-2\.5-flash failed: .*HTTP 500/);
    expect(d.visualPrompt).toBe('a fox');
  });

  it('falls back without a call for the offline provider or without a key', async () => {
    const offline = await describePrompt({ prompt: 'a fox', enhance: true, provider: 'offline' }, ports());
    const noKey = await describePrompt({ prompt: 'a fox', enhance: true, provider: 'huggingface' }, ports(null));
    expect(fake.requests).toHaveLength(0);
    expect(offline.metadata.enhanceFallback).toMatch(/offline provider/);
    expect(noKey.metadata.enhanceFallback).toMatch(/GEMINI_API_KEY/);
    expect(notices).toHaveLength(2);
  });

  it('refuses --context and --history without --enhance, and a missing context file', async () => {
    await expect(describePrompt({ prompt: 'a fox', context: 'x.txt' }, ports())).rejects.toMatchObject({ code: 'ENHANCE_REQUIRED', exitCode: 2 });
    await expect(describePrompt({ prompt: 'a fox', history: 3 }, ports())).rejects.toMatchObject({ code: 'ENHANCE_REQUIRED' });
    await expect(describePrompt({ prompt: 'a fox', enhance: true, context: join(dir, 'missing.txt') }, ports())).rejects.toMatchObject({ code: 'CONTEXT_FILE_UNREADABLE', exitCode: 2, message: expect.stringContaining('missing.txt') });
    await expect(describePrompt({ prompt: 'a fox', enhance: true, context: dir }, ports())).rejects.toMatchObject({ message: expect.stringContaining('folder') });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('describePrompt without --enhance', () => {
  it('names from the prompt and detects the emotion offline', async () => {
    expect(await describePrompt({ prompt: 'a vibrant street festival' })).toEqual({
      name: 'Vibrant Street Festival',
      emotion: 'energetic',
      visualPrompt: 'a vibrant street festival',
      metadata: { nameSource: 'prompt', emotionSource: 'detected' },
    });
    expect((await describePrompt({ prompt: 'a bicycle' })).metadata).toEqual({ nameSource: 'prompt' });
  });

  it('refuses an unknown emotion', async () => {
    await expect(describePrompt({ prompt: 'a fox', emotion: 'angry' })).rejects.toMatchObject({ code: 'UNKNOWN_EMOTION', exitCode: 2 });
  });
});

describe('parseEnhanceReply', () => {
  it('accepts a fenced object, trims and lowers the emotion, tidies the name', async () => {
    const fields = await parseEnhanceReply('```json\n{"visualPrompt":" A fox. ","name":"\\"Fox At Rest\\"","emotion":"Calm"}\n```');
    expect(fields).toEqual({ visualPrompt: 'A fox.', name: 'Fox At Rest', emotion: 'calm' });
  });

  it('says what is wrong', async () => {
    await expect(parseEnhanceReply('{"visualPrompt":"x","name":"y"}')).rejects.toThrow(EnhanceFailure);
    await expect(parseEnhanceReply('{"visualPrompt":"x","name":"y"}')).rejects.toThrow(/emotion/);
    await expect(parseEnhanceReply('[]')).rejects.toThrow(/schema/);
  });
});

describe('enhanceRequestText', () => {
  it('lists the history newest first and ends with the words', () => {
    const text = enhanceRequestText({ prompt: 'a boat', history: ['second', 'first'] });
    expect(text).toBe("Earlier prompts in this project, newest first:\n- second\n- first\n\nThe person's words:\na boat");
  });
});
