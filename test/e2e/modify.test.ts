/** `imagegen modify` end to end: every input reaches the fake Gemini byte for byte, in order. */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { errorOf, footprint, sha256, useFakeGemini, type RunJson } from './fake-session.js';
import { put, solidJpeg, solidPng } from './images.js';

const s = useFakeGemini();

describe('modify', () => {
  it('sends every input byte for byte, in the order given, with the prompt', async () => {
    const a = put(s.box, 'sofa.png', await solidPng(320, 240, '#3060a0'));
    const b = put(s.box, 'cat.jpg', await solidJpeg(200, 300, '#c08040'));
    const c = put(s.box, 'lamp.webp', await sharp({ create: { width: 100, height: 100, channels: 3, background: '#208020' } }).webp().toBuffer());
    const r = await s.box.run(['modify', 'put the cat on the sofa, lamp beside it', '-i', 'sofa.png', '-i', 'cat.jpg', '--image', 'lamp.webp', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(s.fake.requests).toHaveLength(1);
    const req = s.fake.requests[0]!;
    expect(s.fake.promptText(req)).toContain('put the cat on the sofa, lamp beside it');
    const parts = s.fake.imageParts(req);
    expect(parts.map((p) => p.mimeType)).toEqual(['image/png', 'image/jpeg', 'image/webp']);
    expect(parts.map((p) => sha256(p.data))).toEqual([a, b, c].map((f) => sha256(readFileSync(f))));

    const entry = r.json<RunJson>().entries[0]!;
    expect(entry.kind).toBe('modify');
    expect(entry.prompt).toBe('put the cat on the sofa, lamp beside it');
    expect(entry.parentId).toBeNull();
    expect(entry.inputs.map((i) => [i.role, i.sha256, i.source, i.entryId])).toEqual([a, b, c].map((f) => ['input', sha256(readFileSync(f)), f, null]));
    // The home keeps its own copy of each input.
    for (const input of entry.inputs) expect(sha256(readFileSync(input.path))).toBe(input.sha256);
  });

  it('takes an entry id as -i and sends that entry\'s image from the catalog', async () => {
    const first = (await s.box.run(['generate', 'a small harbour', '--json'])).json<RunJson>().entries[0]!;
    s.fake.reset();
    const r = await s.box.run(['modify', 'add a red boat', '-i', first.id, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(sha256(s.fake.imageParts(s.fake.requests[0]!)[0]!.data)).toBe(first.file!.sha256);
    const input = r.json<RunJson>().entries[0]!.inputs[0]!;
    expect([input.entryId, input.sha256]).toEqual([first.id, first.file!.sha256]);
  });

  it('-n 2 sends the same inputs twice; --style (with an alias) adds its direction', async () => {
    put(s.box, 'room.png', await solidPng(64, 64, '#808080'));
    const r = await s.box.run(['modify', 'paint the walls blue', '-i', 'room.png', '-n', '2', '--style', 'Watercolor', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const entries = r.json<RunJson>().entries;
    expect(entries).toHaveLength(2);
    expect(entries.every((e) => e.style === 'watercolour')).toBe(true);
    expect(s.fake.requests).toHaveLength(2);
    const [one, two] = s.fake.requests.map((q) => s.fake.imageParts(q)[0]!.data);
    expect(one!.equals(two!)).toBe(true);
    expect(s.fake.promptText(s.fake.requests[0]!)).toMatch(/^paint the walls blue\. .*watercolour/);
  });

  it('--enhance works on the edit instruction; the inputs are still sent as they are', async () => {
    const path = put(s.box, 'porch.png', await solidPng(96, 64, '#705030'));
    const visualPrompt = 'Repaint the porch in warm evening light with long soft shadows.';
    s.fake.setTextReply(JSON.stringify({ visualPrompt, name: 'Evening Porch', emotion: 'calm' }));
    const r = await s.box.run(['modify', 'evening light', '-i', 'porch.png', '--enhance', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [text, image] = s.fake.requests;
    expect(s.fake.promptText(text!)).toContain('evening light');
    expect(s.fake.imageParts(text!)).toEqual([]);
    expect(s.fake.promptText(image!).startsWith(visualPrompt)).toBe(true);
    expect(s.fake.imageParts(image!).map((p) => sha256(p.data))).toEqual([sha256(readFileSync(path))]);
    const entry = r.json<RunJson>().entries[0]!;
    expect([entry.kind, entry.prompt, entry.name]).toEqual(['modify', 'evening light', 'Evening Porch']);
  });

  it('refuses to run without -i or with an unknown style, sending and writing nothing (exit 2)', async () => {
    put(s.box, 'room.png', await solidPng(64, 64, '#808080'));
    const before = footprint(s.box);
    const none = await s.box.run(['modify', 'paint it', '--json']);
    expect([none.code, errorOf(none).code]).toEqual([2, 'MISSING_INPUT']);
    const style = await s.box.run(['modify', 'paint it', '-i', 'room.png', '--style', 'baroque', '--json']);
    expect([style.code, errorOf(style).code]).toEqual([2, 'UNKNOWN_STYLE']);
    expect(errorOf(style).hint).toContain('watercolour');
    expect(s.fake.requests).toHaveLength(0);
    expect(footprint(s.box)).toEqual(before);
  });
});

describe('names of edits', () => {
  it('carry the subject: the input file\'s name, or the input entry\'s, before the words of the edit', async () => {
    put(s.box, 'gold-ring.png', await solidPng(64, 64, '#c0a040'));
    const first = await s.box.run(['modify', 'as an oil painting', '-i', 'gold-ring.png', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const entry = first.json<RunJson>().entries[0]!;
    expect(entry.name).toBe('Gold Ring Oil Painting');
    const second = await s.box.run(['modify', 'in winter', '-i', entry.id, '--json']);
    expect(second.json<RunJson>().entries[0]!.name).toBe('Gold Ring Winter');
  });
});
