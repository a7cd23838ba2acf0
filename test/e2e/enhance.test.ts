/**
 * --enhance end to end: the real binary makes one JSON-mode text-model call to the fake Gemini,
 * then makes the image from the visual prompt it returned; fallbacks when it cannot.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../src/domain/emotions.js';
import { styleInstruction } from '../../src/prompts/styles.js';
import { DEFAULT_TEXT_MODEL } from '../../src/providers/models.js';
import { errorOf, footprint, useFakeGemini, type RunJson } from './fake-session.js';
import type { RecordedRequest } from '../fake-gemini/server.js';

const s = useFakeGemini();
const REPLY = { visualPrompt: 'A weathered stone lighthouse on a basalt headland at first light, long-exposure sea, soft haze.', name: 'Basalt Beacon', emotion: 'hopeful' };
const isTextCall = (req: RecordedRequest) => s.fake.generationConfig(req).responseMimeType === 'application/json';

describe('--enhance', () => {
  it('asks the text model once, in JSON mode, and makes the image from its visual prompt', async () => {
    s.fake.setTextReply(JSON.stringify(REPLY));
    const r = await s.box.run(['generate', 'lighthouse at dawn', '--enhance', '-n', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [text, ...images] = s.fake.requests;
    expect(isTextCall(text!)).toBe(true);
    expect(text!.model).toBe(DEFAULT_TEXT_MODEL);
    expect(s.fake.generationConfig(text!).responseSchema).toMatchObject({ required: ['visualPrompt', 'name', 'emotion'] });
    expect(s.fake.promptText(text!)).toContain('lighthouse at dawn');
    expect(images).toHaveLength(2);
    for (const req of images) expect(s.fake.promptText(req)).toBe(`${REPLY.visualPrompt} ${EMOTIONS.hopeful}`);

    for (const entry of r.json<RunJson>().entries) {
      expect(entry.prompt).toBe('lighthouse at dawn');
      expect(entry.effectivePrompt).toBe(`${REPLY.visualPrompt} ${EMOTIONS.hopeful}`);
      expect([entry.name, entry.emotion]).toEqual(['Basalt Beacon', 'hopeful']);
      expect(entry.metadata).toMatchObject({ nameSource: 'enhance', emotionSource: 'enhance', enhanced: { model: DEFAULT_TEXT_MODEL, name: 'Basalt Beacon', emotion: 'hopeful' } });
      expect(JSON.stringify(entry.metadata)).not.toContain(REPLY.visualPrompt);
    }
  });

  it('keeps --name, --emotion and --style, and honours IMAGEGEN_TEXT_MODEL', async () => {
    s.fake.setTextReply(JSON.stringify(REPLY));
    const r = await s.box.run(['generate', 'lighthouse at dawn', '--enhance', '--name', 'My Lighthouse', '--emotion', 'mysterious', '--style', 'cinematic', '--json'], { env: { IMAGEGEN_TEXT_MODEL: 'gemini-2.5-flash-lite' } });
    expect(r.code, r.stderr).toBe(0);
    expect(s.fake.requests[0]!.model).toBe('gemini-2.5-flash-lite');
    expect(s.fake.promptText(s.fake.requests[0]!)).toContain('The emotion is fixed: mysterious');
    const entry = r.json<RunJson>().entries[0]!;
    expect([entry.name, entry.emotion, entry.metadata.nameSource, entry.metadata.emotionSource]).toEqual(['My Lighthouse', 'mysterious', 'flag', 'flag']);
    expect(s.fake.promptText(s.fake.requests[1]!)).toBe(`${REPLY.visualPrompt} ${styleInstruction('cinematic')} ${EMOTIONS.mysterious}`);
  });

  it('a retired text model id is sent as its replacement, with a one-line notice', async () => {
    s.fake.setTextReply(JSON.stringify(REPLY));
    const r = await s.box.run(['generate', 'lighthouse at dawn', '--enhance'], { env: { IMAGEGEN_TEXT_MODEL: 'gemini-2.5-flash' } });
    expect(r.code, r.stderr).toBe(0);
    expect(s.fake.requests[0]!.path).toBe('/v1beta/models/gemini-3.5-flash-lite:generateContent');
    const notices = r.stderr.split('\n').filter((l) => l.includes('gemini-2.5-flash'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^Model gemini-2\.5-flash (was shut down by Google on|is deprecated and shuts down on) 2026-12-01; using gemini-3\.5-flash-lite instead\.$/);
  });

  it('puts --context and the last --history prompts of the project into the text request', async () => {
    for (const [prompt, project] of [['first harbour', 'coast'], ['a mountain hut', 'alps'], ['second harbour', 'coast'], ['third harbour', 'coast']]) {
      expect((await s.box.run(['generate', prompt!, '--project', project!, '--provider', 'offline'])).code).toBe(0);
    }
    writeFileSync(join(s.box.dir, 'brief.txt'), 'A travel guide to the Breton coast, printed in two colours.');
    const r = await s.box.run(['generate', 'a lighthouse', '--enhance', '--project', 'coast', '--history', '2', '--context', 'brief.txt', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const sent = s.fake.promptText(s.fake.requests[0]!);
    expect(sent).toContain('Background (from brief.txt):\nA travel guide to the Breton coast');
    expect(sent).toContain('Earlier prompts in this project, newest first:\n- third harbour\n- second harbour\n');
    expect(sent).not.toContain('first harbour');
    expect(sent).not.toContain('mountain hut');
  });

  it('refuses a missing --context file, and --history without --enhance, with exit 2 and nothing sent', async () => {
    const missing = await s.box.run(['generate', 'a fox', '--enhance', '--context', 'nope.txt', '--json']);
    expect(missing.code).toBe(2);
    expect(errorOf(missing)).toMatchObject({ code: 'CONTEXT_FILE_UNREADABLE', message: expect.stringContaining('nope.txt') });
    const stray = await s.box.run(['generate', 'a fox', '--history', '3', '--json']);
    expect(stray.code).toBe(2);
    expect(errorOf(stray).code).toBe('ENHANCE_REQUIRED');
    expect(s.fake.requests).toHaveLength(0);
    expect(footprint(s.box).out).toEqual([]);
  });
});

describe('--enhance falls back to the offline rules, with one notice', () => {
  const notices = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('--enhance:'));

  it('on a reply that is not JSON', async () => {
    s.fake.setTextReply('not json');
    const r = await s.box.run(['generate', 'a sad gray harbour', '--enhance']);
    expect(r.code, r.stderr).toBe(0);
    expect(notices(r.stderr)).toEqual([expect.stringMatching(/reply is not JSON.*using the offline rules/)]);
    expect(s.fake.requests).toHaveLength(2);
    expect(s.fake.promptText(s.fake.requests[1]!)).toBe(`a sad gray harbour. ${EMOTIONS.melancholic}`);
    const entry = (await s.box.run(['list', '--json'])).json<RunJson>().entries[0]!;
    expect([entry.name, entry.emotion, entry.metadata.emotionSource]).toEqual(['Sad Gray Harbour', 'melancholic', 'detected']);
    expect(entry.metadata.enhanceFallback).toMatch(/not JSON/);
  });

  it('on a reply that does not match the schema', async () => {
    s.fake.setTextReply(JSON.stringify({ visualPrompt: 'x', name: 'y', emotion: 'furious' }));
    const r = await s.box.run(['generate', 'a quiet pond', '--enhance', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const entry = r.json<RunJson>().entries[0]!;
    expect([entry.effectivePrompt, entry.emotion]).toEqual([`a quiet pond. ${EMOTIONS.calm}`, 'calm']);
    expect(entry.metadata.enhanceFallback).toMatch(/does not match the schema \(emotion:/);
  });

  it('on an API error from the text model', async () => {
    s.fake.enqueue({ kind: 'status', status: 400, message: 'Bad schema' });
    const r = await s.box.run(['generate', 'a pond', '--enhance']);
    expect(r.code, r.stderr).toBe(0);
    expect(notices(r.stderr)).toEqual([expect.stringContaining('Bad schema')]);
    expect(s.fake.requests.filter(isTextCall)).toHaveLength(1);
  });

  it('with the offline provider: no call at all, even with a key', async () => {
    const r = await s.box.run(['generate', 'a misty forest', '--enhance', '--provider', 'offline']);
    expect(r.code, r.stderr).toBe(0);
    expect(notices(r.stderr)).toEqual([expect.stringContaining('offline provider')]);
    expect(s.fake.requests).toHaveLength(0);
  });

  it('with the gemini provider and no key it stops with exit 2 before anything is sent', async () => {
    const r = await s.box.run(['generate', 'a pond', '--enhance', '--json'], { env: { GEMINI_API_KEY: undefined } });
    expect(r.code).toBe(2);
    expect(errorOf(r).code).toBe('MISSING_API_KEY');
    expect(s.fake.requests).toHaveLength(0);
  });
});
