/** Emotions and names end to end: detected or set, stored, and visible in what the model was sent. */
import { describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../src/domain/emotions.js';
import { errorOf, footprint, useFakeGemini, type RunJson, type ShownJson } from './fake-session.js';

const s = useFakeGemini();

describe('emotions', () => {
  it('detects the emotion from the prompt, sends its sentence and shows it in the effective prompt', async () => {
    const r = await s.box.run(['generate', "I'm feeling peaceful, like a sunset over calm waters", '--json']);
    expect(r.code, r.stderr).toBe(0);
    const entry = r.json<RunJson>().entries[0]!;
    expect(entry.emotion).toBe('calm');
    expect(entry.metadata.emotionSource).toBe('detected');
    expect(entry.name).toBe('Peaceful Sunset Calm Waters');
    expect(entry.metadata.nameSource).toBe('prompt');
    expect(s.fake.promptText(s.fake.requests[0]!)).toBe(`I'm feeling peaceful, like a sunset over calm waters. ${EMOTIONS.calm}`);
    const shown = (await s.box.run(['show', entry.id, '--json'])).json<ShownJson>();
    expect(shown.effectivePrompt).toContain(EMOTIONS.calm);
    expect(shown.prompt).toBe("I'm feeling peaceful, like a sunset over calm waters");
  });

  it('--emotion wins over the keywords, in any case', async () => {
    const r = await s.box.run(['generate', 'a bright sunrise over the future city', '--emotion', 'Melancholic', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const entry = r.json<RunJson>().entries[0]!;
    expect([entry.emotion, entry.metadata.emotionSource]).toEqual(['melancholic', 'flag']);
    const sent = s.fake.promptText(s.fake.requests[0]!);
    expect(sent).toContain(EMOTIONS.melancholic);
    expect(sent).not.toContain(EMOTIONS.hopeful);
  });

  it('leaves the emotion empty when nothing points to one', async () => {
    const entry = (await s.box.run(['generate', 'a red bicycle against a wall', '--json'])).json<RunJson>().entries[0]!;
    expect(entry.emotion).toBeNull();
    expect(entry.metadata).not.toHaveProperty('emotionSource');
    expect(entry.effectivePrompt).toBe('a red bicycle against a wall');
  });

  it('refuses an unknown --emotion with exit 2, listing the five, and sends nothing', async () => {
    const r = await s.box.run(['generate', 'a fox', '--emotion', 'angry', '--json']);
    expect(r.code).toBe(2);
    const error = errorOf(r);
    expect(error.code).toBe('UNKNOWN_EMOTION');
    expect(error.message).toContain('angry');
    expect(error.hint).toContain('calm, energetic, mysterious, hopeful, melancholic');
    expect(s.fake.requests).toHaveLength(0);
    expect(footprint(s.box).out).toEqual([]);
  });
});

describe('names', () => {
  it('--name always wins, and names the file', async () => {
    const r = await s.box.run(['generate', 'a vibrant street festival', '--name', 'Carnival  Night', '--json']);
    const entry = r.json<RunJson>().entries[0]!;
    expect([entry.name, entry.metadata.nameSource]).toEqual(['Carnival Night', 'flag']);
    expect(entry.file!.path).toMatch(/carnival-night-[0-9a-z]+\.png$/);
  });
});
