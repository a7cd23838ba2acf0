/** `imagegen regenerate`: the parent's stored image, combined prompts, inheritance and lineage. */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorOf, followedBy, sha256, useFakeGemini, type RunJson, type ShownJson } from './fake-session.js';

const s = useFakeGemini();

describe('regenerate', () => {
  it('twice in a row after the files are deleted: sends each parent\'s image, accumulates prompts, records the chain', async () => {
    const root = (await s.box.run(['generate', 'a lighthouse on a cliff', '-m', 'gemini-3-pro-image', '-a', '16:9', '-s', '2K', '--style', 'cinematic', '--project', 'coast', '--json'])).json<RunJson>().entries[0]!;
    rmSync(root.file!.path);
    s.fake.reset();

    const r1 = await s.box.run(['regenerate', root.id, 'add a storm rolling in.', '--json']);
    expect(r1.code, r1.stderr).toBe(0);
    const child = r1.json<RunJson>().entries[0]!;
    const req1 = s.fake.requests[0]!;
    expect(s.fake.imageParts(req1).map((p) => sha256(p.data))).toEqual([root.file!.sha256]);
    expect(child.effectivePrompt).toBe(followedBy(root.effectivePrompt, 'add a storm rolling in.'));
    expect(s.fake.promptText(req1)).toBe(child.effectivePrompt);
    expect(child.prompt).toBe('add a storm rolling in.');
    expect(child.metadata.basePrompt).toBe(root.effectivePrompt);
    expect([child.kind, child.parentId, child.rootId]).toEqual(['regenerate', root.id, root.id]);
    expect([child.model, child.aspectRatio, child.imageSize, child.style, child.project]).toEqual(['gemini-3-pro-image', '16:9', '2K', 'cinematic', 'coast']);
    expect(req1.model).toBe('gemini-3-pro-image');
    expect(s.fake.generationConfig(req1).imageConfig).toMatchObject({ aspectRatio: '16:9', imageSize: '2K' });
    expect(child.inputs.map((i) => [i.role, i.entryId, i.sha256])).toEqual([['parent', root.id, root.file!.sha256]]);
    expect(child.name).toBe(root.name);

    rmSync(child.file!.path);
    const r2 = await s.box.run(['regen', child.id.slice(0, 5), 'and a gull in the foreground', '--json']);
    expect(r2.code, r2.stderr).toBe(0);
    const grandchild = r2.json<RunJson>().entries[0]!;
    expect(s.fake.imageParts(s.fake.requests[1]!).map((p) => sha256(p.data))).toEqual([child.file!.sha256]);
    // The child's prompt ended with a period: it is not doubled.
    expect(grandchild.effectivePrompt).toBe(`${followedBy(root.effectivePrompt, 'add a storm rolling in.')} and a gull in the foreground`);
    expect(grandchild.effectivePrompt).not.toMatch(/[.!?]\s*\./);
    expect([grandchild.parentId, grandchild.rootId]).toEqual([child.id, root.id]);

    const shown = (await s.box.run(['show', grandchild.id, '--json'])).json<ShownJson>();
    expect(shown.lineage).toEqual([root.id, child.id, grandchild.id]);
    expect((await s.box.run(['show', root.id, '--json'])).json<ShownJson>().children).toEqual([child.id]);
    expect((await s.box.run(['show', child.id, '--json'])).json<ShownJson>().children).toEqual([grandchild.id]);
  });

  it('flags override what is inherited; an inherited size the new model lacks falls back to its default', async () => {
    const root = (await s.box.run(['generate', 'a paper crane', '-s', '512', '-a', '3:2', '--json'])).json<RunJson>().entries[0]!;
    s.fake.reset();
    const r = await s.box.run(['regenerate', root.id, 'fold it in gold paper', '-m', 'gemini-3-pro-image', '-a', '1:1', '--style', 'product', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const entry = r.json<RunJson>().entries[0]!;
    expect([entry.model, entry.aspectRatio, entry.imageSize, entry.style]).toEqual(['gemini-3-pro-image', '1:1', '1K', 'product']);
    // The new style is added once, after the combined prompt.
    expect(entry.effectivePrompt.startsWith(`${followedBy(root.effectivePrompt, 'fold it in gold paper')}. `)).toBe(true);
    expect(entry.effectivePrompt).toContain('studio product photo');
    expect(s.fake.generationConfig(s.fake.requests[0]!).imageConfig?.aspectRatio).toBe('1:1');
  });

  it('an unknown id and an ambiguous prefix exit 3 (listing candidates); a failed entry exits 2 pointing at retry', async () => {
    const unknown = await s.box.run(['regenerate', 'zzzzzzzz', 'x', '--json']);
    expect([unknown.code, errorOf(unknown).code]).toEqual([3, 'ENTRY_NOT_FOUND']);

    // Make entries until two ids share a first character (16 ids all differing is ~3 in 10,000).
    let ids: string[] = [];
    let shared: string | undefined;
    for (let round = 0; round < 4 && !shared; round++) {
      ids = ids.concat((await s.box.run(['generate', `tile ${round}`, '-n', '8', '--json'])).json<RunJson>().entries.map((e) => e.id));
      shared = ids.map((id) => id[0]!).find((c, i, all) => all.indexOf(c) !== i);
    }
    expect(shared).toBeDefined();
    s.fake.reset();
    const ambiguous = await s.box.run(['regenerate', shared!, 'x', '--json']);
    expect([ambiguous.code, errorOf(ambiguous).code]).toEqual([3, 'AMBIGUOUS_ID']);
    for (const id of ids.filter((i) => i.startsWith(shared!))) expect(errorOf(ambiguous).message).toContain(id);

    s.fake.enqueue({ kind: 'finishReason', reason: 'IMAGE_SAFETY' });
    expect((await s.box.run(['generate', 'blocked', '--json'])).code).toBe(1);
    const failedId = (await s.box.run(['list', '--status', 'failed', '--json'])).json<RunJson>().entries[0]!.id;
    s.fake.reset();
    const failed = await s.box.run(['regenerate', failedId, 'x', '--json']);
    expect([failed.code, errorOf(failed).code]).toEqual([2, 'ENTRY_FAILED']);
    expect(errorOf(failed).hint).toContain(`imagegen retry ${failedId}`);
    expect(s.fake.requests).toHaveLength(0);
  });
});
