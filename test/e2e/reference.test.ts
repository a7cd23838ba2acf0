/** `imagegen reference`: focus modes, entry ids as references, and --type checking. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorOf, sha256, useFakeGemini, type RunJson } from './fake-session.js';
import { put, solidPng } from './images.js';

const s = useFakeGemini();

describe('reference', () => {
  it('the three focus modes send three different instructions, each saying what it keeps', async () => {
    const path = put(s.box, 'portrait.png', await solidPng(256, 256, '#a07050'));
    const keeps = { subject: /form.*proportions.*colours.*textures/, face: /facial structure.*skin tone.*hair/, full_image: /composition.*palette.*lighting.*mood/ };
    const sent: string[] = [];
    for (const [type, pattern] of Object.entries(keeps)) {
      s.fake.reset();
      const r = await s.box.run(['reference', 'a walk by the sea', '-i', 'portrait.png', '--type', type, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const req = s.fake.requests[0]!;
      const text = s.fake.promptText(req);
      expect(text).toMatch(pattern);
      expect(text).toContain('a walk by the sea');
      expect(sha256(s.fake.imageParts(req)[0]!.data)).toBe(sha256(readFileSync(path)));
      const entry = r.json<RunJson>().entries[0]!;
      expect([entry.kind, entry.referenceType, entry.inputs[0]!.role]).toEqual(['reference', type, 'reference']);
      expect(entry.effectivePrompt).toBe(text);
      sent.push(text);
    }
    expect(new Set(sent).size).toBe(3);
  });

  it('-i <entry id> sends that entry\'s image; -n 3 makes three', async () => {
    const first = (await s.box.run(['generate', 'a blue teapot', '--json'])).json<RunJson>().entries[0]!;
    s.fake.reset();
    const r = await s.box.run(['reference', 'the teapot on a picnic blanket', '-i', first.id.slice(0, 6), '--type', 'subject', '-n', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json<RunJson>().entries).toHaveLength(3);
    expect(s.fake.requests).toHaveLength(3);
    for (const req of s.fake.requests) expect(sha256(s.fake.imageParts(req)[0]!.data)).toBe(first.file!.sha256);
    expect(r.json<RunJson>().entries[0]!.inputs[0]!.entryId).toBe(first.id);
  });

  it('a wrong --type exits 2 naming the allowed ones; a missing one too (off a terminal)', async () => {
    put(s.box, 'p.png', await solidPng(32, 32, '#000000'));
    const wrong = await s.box.run(['reference', 'x', '-i', 'p.png', '--type', 'body', '--json']);
    expect(wrong.code).toBe(2);
    expect(errorOf(wrong).message).toContain('subject, face, full_image');
    const missing = await s.box.run(['reference', 'x', '-i', 'p.png', '--json']);
    expect([missing.code, errorOf(missing).code]).toEqual([2, 'MISSING_REFERENCE_TYPE']);
    expect(s.fake.requests).toHaveLength(0);
  });
});
