/**
 * The lock rules: a target is up to date when its fingerprint and file match the lock; otherwise
 * new, changed, input changed, missing or modified. Real files, a real catalog, the offline provider.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileHashes } from '../../../src/build/file-hashes.js';
import { project, reasons, resultOf, type Project } from './helpers.js';

let p: Project;
beforeEach(() => {
  p = project();
  p.write('photos/ring.png', readFileSync('fixtures/ring.png'));
});
afterEach(() => p.cleanup());

const MANIFEST = `version: 1
project: site
defaults: { size: "512" }
targets:
  hero.png:
    prompt: a lighthouse at dawn
  night.webp:
    prompt: the same scene at night
    inputs: [hero.png]
  ring-white.jpg:
    template: white-background
    inputs: { ornament: photos/ring.png }
`;

describe('the lock', () => {
  it('builds every target once, records each in a sorted lock, and keeps them all the next time', async () => {
    p.manifest(MANIFEST);
    const first = resultOf(await p.build());
    expect(first.built.map((b) => [b.path, b.reason]).sort()).toEqual([['hero.png', 'new'], ['night.webp', 'new'], ['ring-white.jpg', 'new']]);
    // Dependencies first: the input was finished before the target that reads it was built.
    const order = p.events.filter((e) => e.type === 'built').map((e) => (e as { path: string }).path);
    expect(order.indexOf('hero.png')).toBeLessThan(order.indexOf('night.webp'));

    const text = readFileSync(join(p.dir, 'imagegen.lock'), 'utf8');
    const lock = JSON.parse(text) as { version: number; targets: Record<string, { entryId: string; fingerprint: string; sha256: string; inputs: Record<string, string> }> };
    expect(Object.keys(lock.targets)).toEqual(['hero.png', 'night.webp', 'ring-white.jpg']);
    expect(Object.keys(lock.targets['night.webp']!)).toEqual(['entryId', 'fingerprint', 'inputs', 'sha256']);
    expect(lock.targets['night.webp']!.inputs['hero.png']).toBe(lock.targets['hero.png']!.sha256);

    // Each output is an ordinary catalog entry, at its exact path, in its extension's format.
    const night = p.catalog.getEntry(lock.targets['night.webp']!.entryId)!;
    expect(night.file!.path).toBe(join(p.dir, 'night.webp'));
    expect(night.file!.mimeType).toBe('image/webp');
    expect(night.project).toBe('site');
    expect(night.kind).toBe('modify');
    expect(night.metadata.build).toEqual({ manifest: join(p.dir, 'imagegen.yaml'), target: 'night.webp', fingerprint: lock.targets['night.webp']!.fingerprint });
    expect(p.catalog.getEntry(lock.targets['ring-white.jpg']!.entryId)!.template).toBe('white-background');

    const again = await p.build();
    expect(resultOf(again).built).toEqual([]);
    expect(resultOf(again).kept).toEqual(['hero.png', 'night.webp', 'ring-white.jpg']);
    expect(readFileSync(join(p.dir, 'imagegen.lock'), 'utf8')).toBe(text);
  });

  it('gives each stale target its reason, and a rebuilt input makes its dependents stale', async () => {
    p.manifest(MANIFEST);
    await p.build();
    // changed: the prompt; the dependent follows because its input will be rebuilt.
    p.manifest(MANIFEST.replace('a lighthouse at dawn', 'a lighthouse at dusk'));
    expect(reasons(await p.build({ dryRun: true }))).toEqual({ 'hero.png': 'changed', 'night.webp': 'input changed', 'ring-white.jpg': null });
    p.manifest(MANIFEST);

    // input changed: the bytes of an input file.
    p.write('photos/ring.png', readFileSync('fixtures/necklace.png'));
    expect(reasons(await p.build({ dryRun: true }))['ring-white.jpg']).toBe('input changed');
    p.write('photos/ring.png', readFileSync('fixtures/ring.png'));

    // missing and modified: the output file.
    rmSync(join(p.dir, 'hero.png'));
    writeFileSync(join(p.dir, 'ring-white.jpg'), 'edited by hand');
    const outcome = await p.build({ dryRun: true });
    expect(reasons(outcome)).toEqual({ 'hero.png': 'missing', 'night.webp': 'input changed', 'ring-white.jpg': 'modified' });
    expect(outcome.plan.targets.map((t) => t.action)).toEqual(['create', 'update', 'update']);

    // new: a target the lock has never seen.
    p.manifest(`${MANIFEST}  extra.png:\n    prompt: something new\n`);
    expect(reasons(await p.build({ dryRun: true }))['extra.png']).toBe('new');

    const built = resultOf(await p.build());
    expect(built.built.map((b) => `${b.path}:${b.reason}`).sort()).toEqual(['extra.png:new', 'hero.png:missing', 'night.webp:input changed', 'ring-white.jpg:modified']);
    expect(Object.values(reasons(await p.build({ dryRun: true }))).every((r) => r === null)).toBe(true);
  });

  it('hashes only files whose size or modification time changed', async () => {
    p.manifest(MANIFEST);
    await p.build();
    const cache = FileHashes.fileFor(p.home, join(p.dir, 'imagegen.yaml'));
    const hashes = await new FileHashes(cache).load();
    for (const file of ['hero.png', 'night.webp', 'ring-white.jpg', 'photos/ring.png']) await hashes.hash(join(p.dir, file));
    expect(hashes.hashed).toBe(0);
    // Same size, new bytes and mtime: read again.
    const hero = join(p.dir, 'hero.png');
    const bytes = readFileSync(hero);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    writeFileSync(hero, bytes);
    expect(await hashes.hash(hero)).not.toBeNull();
    expect(hashes.hashed).toBe(1);
  });

  it('adopts a file the build wrote when the lock missed it (killed between the two): not paid twice', async () => {
    p.manifest(MANIFEST);
    await p.build();
    const lockFile = join(p.dir, 'imagegen.lock');
    const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { version: number; targets: Record<string, { entryId: string }> };
    const heroId = lock.targets['hero.png']!.entryId;
    delete lock.targets['hero.png'];
    writeFileSync(lockFile, JSON.stringify(lock));
    expect(reasons(await p.build({ dryRun: true }))['hero.png']).toBeNull();
    const again = resultOf(await p.build({}, { provider: () => Promise.reject(new Error('nothing may be sent')) }));
    expect(again.built).toEqual([]);
    const restored = JSON.parse(readFileSync(lockFile, 'utf8')) as { targets: Record<string, { entryId: string }> };
    expect(restored.targets['hero.png']!.entryId).toBe(heroId);
    // A file that is not what the build wrote is not adopted.
    writeFileSync(join(p.dir, 'hero.png'), 'something else');
    delete restored.targets['hero.png'];
    writeFileSync(lockFile, JSON.stringify(restored));
    expect(reasons(await p.build({ dryRun: true }))['hero.png']).toBe('new');
  });

  it('reports a damaged lock (a merge conflict) as exit 2 naming the file', async () => {
    p.manifest(MANIFEST);
    writeFileSync(join(p.dir, 'imagegen.lock'), '<<<<<<< HEAD\n{}\n');
    await expect(p.build({ dryRun: true })).rejects.toMatchObject({ code: 'LOCK_INVALID', exitCode: 2, message: expect.stringContaining('imagegen.lock') });
  });
});
