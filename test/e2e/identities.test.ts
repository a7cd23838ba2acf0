/**
 * Identities end to end: add (create and extend, five photos at most), list, show, remove, and
 * --identity sending the saved photos byte for byte with generate and with templates.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder } from './catalog-probe.js';
import { errorOf, footprint, sha256, useFakeGemini, type RunJson, type ShownJson } from './fake-session.js';
import { put, solidJpeg, solidPng } from './images.js';
import type { Identity, IdentitySummary } from '../../src/domain/entry.js';

const s = useFakeGemini();

const FIXTURE = (name: string) => resolve('fixtures', name);
const FACES = ['face1.jpg', 'face2.jpg', 'face3.jpg'].map(FIXTURE);
const hashOf = (path: string) => sha256(readFileSync(path));

async function addAna(...photos: string[]): Promise<Identity> {
  const r = await s.box.run(['identity', 'add', 'ana', ...photos.flatMap((p) => ['-i', p]), '--json']);
  expect(r.code, r.stderr).toBe(0);
  return r.json<Identity>();
}

describe('identity add, list, show', () => {
  it('creates an identity, extends it, and shows its stored photos', async () => {
    const created = await addAna(FACES[0]!, FACES[1]!);
    expect([created.name, created.photoCount]).toEqual(['ana', 2]);
    const extended = await addAna(FACES[2]!, FACES[1]!); // face2 is already there: skipped
    expect(extended.photos.map((p) => [p.position, p.sha256, p.source])).toEqual(FACES.map((f, i) => [i + 1, hashOf(f), f]));
    for (const photo of extended.photos) {
      expect(photo.path.startsWith(join(s.box.home, 'blobs'))).toBe(true);
      expect(hashOf(photo.path)).toBe(photo.sha256); // the home keeps its own copy
      expect([photo.mimeType, photo.width, photo.height]).toEqual(['image/jpeg', 128, 128]);
    }

    const list = (await s.box.run(['identity', 'list', '--json'])).json<{ identities: IdentitySummary[] }>();
    expect(list.identities.map((i) => [i.name, i.photoCount])).toEqual([['ana', 3]]);
    const shown = await s.box.run(['identities', 'show', 'ANA', '--json']); // names are case-insensitive
    expect(shown.json<Identity>()).toEqual(extended);
    const text = await s.box.run(['identity', 'show', 'ana']);
    expect(text.stdout).toContain(`1. ${FACES[0]}`);
    expect(s.fake.requests).toHaveLength(0);
  });

  it('refuses a sixth photo, and six at once, changing nothing (exit 2)', async () => {
    const extra = await Promise.all(['#102030', '#203040', '#304050'].map(async (c, i) => put(s.box, `extra${i}.png`, await solidPng(64, 64, c))));
    await addAna(...FACES, extra[0]!, extra[1]!);
    const before = footprint(s.box);
    const sixth = await s.box.run(['identity', 'add', 'ana', '-i', extra[2]!, '--json']);
    expect(sixth.code).toBe(2);
    expect(errorOf(sixth)).toMatchObject({ code: 'TOO_MANY_IDENTITY_PHOTOS', message: expect.stringContaining('at most 5') });
    expect(footprint(s.box)).toEqual(before);
    expect((await s.box.run(['identity', 'show', 'ana', '--json'])).json<Identity>().photoCount).toBe(5);

    const six = await s.box.run(['identity', 'add', 'bo', ...[...FACES, ...extra].flatMap((p) => ['-i', p]), '--json']);
    expect(six.code).toBe(2);
    expect(errorOf(six).code).toBe('TOO_MANY_IDENTITY_PHOTOS');
    expect((await s.box.run(['identity', 'list', '--json'])).json<{ identities: IdentitySummary[] }>().identities.map((i) => i.name)).toEqual(['ana']);
  });

  it('checks every photo like any input: a bad one names the file and saves nothing', async () => {
    const bad = join(s.box.dir, 'notes.jpg');
    writeFileSync(bad, 'not a picture at all');
    const r = await s.box.run(['identity', 'add', 'ana', '-i', FACES[0]!, '-i', bad, '--json']);
    expect(r.code).toBe(2);
    expect(errorOf(r).message).toContain(bad);
    expect(filesUnder(join(s.box.home, 'blobs'))).toEqual([]);
    expect((await s.box.run(['identity', 'list', '--json'])).json<{ identities: unknown[] }>().identities).toEqual([]);
  });

  it('an unknown identity is a usage error that lists the known ones', async () => {
    await addAna(FACES[0]!);
    for (const args of [['identity', 'show', 'anna'], ['identity', 'remove', 'anna', '--yes'], ['generate', 'a portrait', '--identity', 'anna']]) {
      const r = await s.box.run([...args, '--json']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(errorOf(r)).toMatchObject({ code: 'UNKNOWN_IDENTITY', hint: 'Known identities: ana.' });
    }
    expect(s.fake.requests).toHaveLength(0);
  });
});

describe('--identity', () => {
  it('generate sends the photos byte for byte and records a face reference', async () => {
    await addAna(...FACES);
    const r = await s.box.run(['generate', 'portrait in a sunlit garden', '--identity', 'ana', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const req = s.fake.requests[0]!;
    expect(s.fake.imageParts(req).map((p) => sha256(p.data))).toEqual(FACES.map(hashOf));
    expect(s.fake.imageParts(req).map((p) => p.mimeType)).toEqual(['image/jpeg', 'image/jpeg', 'image/jpeg']);
    const prompt = s.fake.promptText(req);
    expect(prompt).toMatch(/^Images 1 to 3 are reference photos of one person, "ana"\. /);
    expect(prompt).toContain('portrait in a sunlit garden');
    const entry = r.json<RunJson>().entries[0]!;
    expect([entry.kind, entry.referenceType, entry.prompt, entry.metadata.identity]).toEqual(['reference', 'face', 'portrait in a sunlit garden', 'ana']);
    expect(entry.inputs.map((i) => [i.role, i.sha256])).toEqual(FACES.map((f) => ['identity', hashOf(f)]));
  });

  it('fills the person role of a template, after the ornament', async () => {
    await addAna(FACES[0]!, FACES[1]!);
    const r = await s.box.run(['templates', 'run', 'real-model', '-i', `ornament=${FIXTURE('necklace.png')}`, '--identity', 'ana', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const req = s.fake.requests[0]!;
    expect(s.fake.imageParts(req).map((p) => sha256(p.data))).toEqual([FIXTURE('necklace.png'), FACES[0]!, FACES[1]!].map(hashOf));
    expect(s.fake.promptText(req)).toContain('Image 2 is a photo of the model (1 of 2). Image 3 is a photo of the model (2 of 2).');
    const shown = (await s.box.run(['show', r.json<RunJson>().entries[0]!.id, '--json'])).json<ShownJson>();
    expect(shown.inputs.map((i) => [i.role, i.source])).toEqual([
      ['ornament', FIXTURE('necklace.png')],
      ['model', 'identity "ana" photo 1'],
      ['model', 'identity "ana" photo 2'],
    ]);
    expect(shown.template).toBe('real-model');
  });

  it('counts the photos against the model\'s input limit before sending anything', async () => {
    await addAna(...FACES, put(s.box, 'd.jpg', await solidJpeg(64, 64, '#405060')));
    // 4 photos and 11 inputs: one more than the 14 the model takes.
    const inputs = Array.from({ length: 11 }, () => ['-i', FIXTURE('necklace.png')]).flat();
    const r = await s.box.run(['modify', 'a portrait', ...inputs, '--identity', 'ana', '--json']);
    expect(r.code).toBe(2);
    expect(errorOf(r).code).toBe('TOO_MANY_INPUTS');
    expect(s.fake.requests).toHaveLength(0);
  });
});

describe('help', () => {
  it('every identity command has --help with examples', async () => {
    for (const args of [['identity'], ['identity', 'add'], ['identity', 'list'], ['identity', 'show'], ['identity', 'remove']]) {
      const r = await s.box.run([...args, '--help']);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/Examples:\n\s+\$ imagegen identit/);
    }
  });
});

describe('identity remove', () => {
  it('needs --yes off a terminal, then removes the identity and the photos nothing else uses', async () => {
    const ana = await addAna(FACES[0]!, FACES[1]!);
    // An entry made with face1 keeps it: its input blob must survive the identity.
    const used = await s.box.run(['modify', 'warmer light', '-i', FACES[0]!, '--json']);
    expect(used.code, used.stderr).toBe(0);

    const refused = await s.box.run(['identity', 'remove', 'ana', '--json']);
    expect(refused.code).toBe(2);
    expect(errorOf(refused).code).toBe('CONFIRMATION_REQUIRED');
    expect((await s.box.run(['identity', 'list', '--json'])).json<{ identities: unknown[] }>().identities).toHaveLength(1);

    const r = await s.box.run(['identity', 'rm', 'ana', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toEqual({ removed: ['ana'] });
    expect((await s.box.run(['identity', 'list', '--json'])).json<{ identities: unknown[] }>().identities).toEqual([]);
    expect(existsSync(ana.photos[0]!.path)).toBe(true);
    expect(existsSync(ana.photos[1]!.path)).toBe(false);
    const entry = (await s.box.run(['show', used.json<RunJson>().entries[0]!.id, '--json'])).json<ShownJson>();
    expect(hashOf(entry.inputs[0]!.path)).toBe(hashOf(FACES[0]!));
  });
});
