/** `imagegen retry`: a failed entry runs again with the same stored inputs, prompt and settings. */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorOf, followedBy, sha256, useFakeGemini, type RunJson } from './fake-session.js';
import { put, solidJpeg, solidPng } from './images.js';
import type { Entry } from '../../src/domain/entry.js';

const s = useFakeGemini();

async function onlyFailed(): Promise<Entry> {
  const failed = (await s.box.run(['list', '--status', 'failed', '--json'])).json<{ entries: Entry[] }>().entries;
  expect(failed).toHaveLength(1);
  return failed[0]!;
}

describe('retry', () => {
  it('a withheld edit, retried after its input files are gone, resends the same inputs', async () => {
    put(s.box, 'a.png', await solidPng(120, 80, '#224466'));
    put(s.box, 'b.jpg', await solidJpeg(90, 90, '#cc8844'));
    s.fake.enqueue({ kind: 'finishReason', reason: 'IMAGE_SAFETY' });
    const first = await s.box.run(['modify', 'swap the colours', '-i', 'a.png', '-i', 'b.jpg', '-a', '4:3', '--format', 'webp', '--json']);
    expect(first.code).toBe(1);
    expect(first.json<RunJson>().failures[0]!.error.code).toBe('IMAGE_BLOCKED');
    const failed = await onlyFailed();
    expect([failed.kind, failed.status, failed.error?.code]).toEqual(['modify', 'failed', 'IMAGE_BLOCKED']);
    rmSync(`${s.box.dir}/a.png`);
    rmSync(`${s.box.dir}/b.jpg`);

    const r = await s.box.run(['retry', failed.id, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [before, after] = s.fake.requests;
    expect(s.fake.imageParts(after!).map((p) => [p.mimeType, sha256(p.data)])).toEqual(s.fake.imageParts(before!).map((p) => [p.mimeType, sha256(p.data)]));
    expect(s.fake.promptText(after!)).toBe(s.fake.promptText(before!));
    expect(s.fake.generationConfig(after!).imageConfig).toEqual(s.fake.generationConfig(before!).imageConfig);
    const entry = r.json<RunJson>().entries[0]!;
    expect(entry.metadata.retryOf).toBe(failed.id);
    expect([entry.kind, entry.prompt, entry.effectivePrompt, entry.aspectRatio, entry.model]).toEqual([failed.kind, failed.prompt, failed.effectivePrompt, '4:3', failed.model]);
    expect(entry.inputs.map((i) => [i.role, i.sha256])).toEqual(failed.inputs.map((i) => [i.role, i.sha256]));
    expect(entry.file!.mimeType).toBe('image/webp');
  });

  it('a regenerate that failed on 500s is retried with its parent, combined prompt and reference image', async () => {
    const root = (await s.box.run(['generate', 'a tin robot', '-a', '9:16', '--json'])).json<RunJson>().entries[0]!;
    s.fake.reset();
    s.fake.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 503 });
    const first = await s.box.run(['regenerate', root.id, 'give it a red scarf', '--json'], { env: { IMAGEGEN_RETRIES: '2' } });
    expect(first.code).toBe(1);
    expect(first.json<RunJson>().failures[0]!.error.code).toBe('API_UNAVAILABLE');
    const failed = await onlyFailed();
    expect([failed.parentId, failed.kind]).toEqual([root.id, 'regenerate']);

    s.fake.reset();
    const r = await s.box.run(['retry', failed.id.slice(0, 6), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const entry = r.json<RunJson>().entries[0]!;
    expect([entry.kind, entry.parentId, entry.rootId, entry.aspectRatio]).toEqual(['regenerate', root.id, root.id, '9:16']);
    expect(entry.effectivePrompt).toBe(followedBy(root.effectivePrompt, 'give it a red scarf'));
    expect(entry.metadata).toMatchObject({ retryOf: failed.id, basePrompt: root.effectivePrompt });
    expect(s.fake.imageParts(s.fake.requests[0]!).map((p) => sha256(p.data))).toEqual([root.file!.sha256]);
    // The chain shows the retried image where the failure was.
    expect((await s.box.run(['show', root.id, '--json'])).json<{ children: string[] }>().children).toEqual([failed.id, entry.id]);
  });

  it('a completed entry cannot be retried (exit 2, hint: regenerate); an unknown id exits 3', async () => {
    const done = (await s.box.run(['generate', 'a pebble', '--json'])).json<RunJson>().entries[0]!;
    s.fake.reset();
    const r = await s.box.run(['retry', done.id, '--json']);
    expect([r.code, errorOf(r).code]).toEqual([2, 'ENTRY_NOT_FAILED']);
    expect(errorOf(r).hint).toContain('regenerate');
    const unknown = await s.box.run(['retry', 'qqqqqqqq', '--json']);
    expect([unknown.code, errorOf(unknown).code]).toEqual([3, 'ENTRY_NOT_FOUND']);
    expect(s.fake.requests).toHaveLength(0);
  });
});
