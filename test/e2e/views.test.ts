/**
 * The viewing commands through the real binary, where the process boundary is the point: exit
 * codes, streams and --json of gallery and sheet; open with no opener (exit 1, said plainly) and
 * with a fake opener on PATH that records what it was asked to open; show FILE reading the
 * provenance an image carries.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog-builder.js';
import { chainSeeds } from '../gallery-seeds.js';
import { sandbox, type CliResult, type Sandbox } from './cli.js';

let box: Sandbox;
beforeEach(async () => {
  box = sandbox();
  await buildCatalog(box.home, box.out, await chainSeeds());
});
afterEach(() => box.cleanup());

const errorOf = (r: CliResult) => (JSON.parse(r.stderr.trim().split('\n').pop()!) as { error: { code: string; message: string; hint: string } }).error;

/** A PATH holding only a fake xdg-open that writes its argument to a file. */
function fakeOpenerPath(): { path: string; record: string } {
  const bin = join(box.dir, 'fake-bin');
  const record = join(box.dir, 'opened.txt');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`);
  chmodSync(join(bin, 'xdg-open'), 0o755);
  return { path: bin, record };
}

describe('gallery', () => {
  it('prints the index on stdout, the counts on stderr, and --json the counts', async () => {
    const site = join(box.dir, 'site');
    const r = await box.run(['gallery', '-o', site]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${join(site, 'index.html')}\n`);
    expect(r.stderr).toContain('Gallery of 4 entries');
    const again = await box.run(['gallery', '-o', site, '--json']);
    expect(again.json()).toMatchObject({ entries: 4, pages: { written: 0, unchanged: 7 }, thumbnails: { made: 0, reused: 4 } });
  });

  it('refuses a folder of other files with exit 2 and leaves it alone', async () => {
    const mine = join(box.dir, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'x');
    const r = await box.run(['gallery', '-o', mine, '--json']);
    expect([r.code, errorOf(r).code]).toEqual([2, 'GALLERY_FOLDER_NOT_EMPTY']);
    expect(r.stdout).toBe('');
  });

  it('--open with no opener builds the gallery, then says it cannot open it (exit 1)', async () => {
    const site = join(box.dir, 'site');
    const r = await box.run(['gallery', '-o', site, '--open'], { env: { PATH: join(box.dir, 'empty-bin') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no xdg-open on PATH/);
    expect(existsSync(join(site, 'index.html'))).toBe(true);
  });
});

describe('open', () => {
  it('with no opener on PATH says so and exits 1, never silently nothing', async () => {
    const r = await box.run(['open', 'last'], { env: { PATH: join(box.dir, 'empty-bin') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: Cannot open');
    expect(r.stderr).toContain('no xdg-open on PATH');
    const json = await box.run(['open', 'last', '--json'], { env: { PATH: join(box.dir, 'empty-bin') } });
    expect([json.code, errorOf(json).code]).toEqual([1, 'NO_OPENER']);
  });

  it("hands the entry's file to the opener and prints its path", async () => {
    const fake = fakeOpenerPath();
    const r = await box.run(['open', 'other004'], { env: { PATH: fake.path } });
    expect(r.code, r.stderr).toBe(0);
    const file = join(box.out, 'other004.png');
    expect(r.stdout).toBe(`${file}\n`);
    await expect.poll(() => (existsSync(fake.record) ? readFileSync(fake.record, 'utf8') : '')).toBe(file);
  });

  it('--gallery opens the entry page of the last gallery built, or says there is none', async () => {
    const fake = fakeOpenerPath();
    const none = await box.run(['open', 'child002', '--gallery', '--json'], { env: { PATH: fake.path } });
    expect([none.code, errorOf(none).code]).toEqual([2, 'NO_GALLERY']);
    const site = join(box.dir, 'site');
    expect((await box.run(['gallery', '-o', site])).code).toBe(0);
    const r = await box.run(['open', 'child002', '--gallery'], { env: { PATH: fake.path } });
    expect(r.code, r.stderr).toBe(0);
    const page = join(site, 'e', 'child002.html');
    await expect.poll(() => (existsSync(fake.record) ? readFileSync(fake.record, 'utf8') : '')).toBe(page);
  });

  it('reports an opener that fails (exit 1, naming it)', async () => {
    const bin = join(box.dir, 'failing-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'xdg-open'), '#!/bin/sh\nexit 3\n');
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const r = await box.run(['open', 'last', '--json'], { env: { PATH: bin } });
    expect([r.code, errorOf(r).code]).toEqual([1, 'OPEN_FAILED']);
    expect(errorOf(r).message).toContain('exit 3');
  });
});

describe('generate --open', () => {
  it('opens the new image with the opener, and only warns when there is none', async () => {
    const fake = fakeOpenerPath();
    const r = await box.run(['generate', 'a kite', '--provider', 'offline', '--open', '--json'], { env: { PATH: fake.path } });
    expect(r.code, r.stderr).toBe(0);
    const file = r.json<{ entries: { file: { path: string } }[] }>().entries[0]!.file.path;
    await expect.poll(() => (existsSync(fake.record) ? readFileSync(fake.record, 'utf8') : '')).toBe(file);
    const none = await box.run(['generate', 'a kite', '--provider', 'offline', '--open'], { env: { PATH: join(box.dir, 'empty-bin') } });
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/warning: Cannot open .* no xdg-open on PATH/);
  });
});

describe('sheet', () => {
  it('writes the image, prints its path, and refuses a bad name with exit 2', async () => {
    const file = join(box.dir, 'sheet.png');
    const r = await box.run(['sheet', 'root0001', 'grand003', '-o', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ file, selectedBy: 'ids', entries: [{ id: 'root0001' }, { id: 'grand003' }] });
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    const bad = await box.run(['sheet', 'last', '-o', join(box.dir, 'sheet.tiff'), '--json']);
    expect([bad.code, errorOf(bad).code]).toEqual([2, 'SHEET_FORMAT']);
    const missing = await box.run(['sheet', 'last']);
    expect(missing.code).toBe(2);
  });
});

describe('show FILE', () => {
  it("reads an imagegen image's provenance and the entry it names; a moved copy still works", async () => {
    const made = await box.run(['generate', 'a lighthouse at dawn', '--provider', 'offline', '--json']);
    expect(made.code, made.stderr).toBe(0);
    const entry = made.json<{ entries: { id: string; file: { path: string } }[] }>().entries[0]!;
    const copy = join(box.dir, 'elsewhere', 'copy.png');
    mkdirSync(dirname(copy));
    copyFileSync(entry.file.path, copy);

    const r = await box.run(['show', copy, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const shown = r.json<{ provenance: Record<string, string>; entryId: string; entry: { id: string; lineage: string[] } | null; sameAsCatalog: boolean }>();
    expect(shown.provenance).toMatchObject({ id: entry.id, prompt: 'a lighthouse at dawn', provider: 'offline' });
    expect(shown.entry?.id).toBe(entry.id);
    expect(shown.sameAsCatalog).toBe(true);

    const text = await box.run(['show', copy]);
    expect(text.stdout).toContain('provenance (embedded in the image)');
    expect(text.stdout).toContain(entry.id);

    // Another home: the provenance, and no entry.
    const elsewhere = await box.run(['show', copy, '--json'], { env: { IMAGEGEN_HOME: join(box.dir, 'other-home') } });
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.json()).toMatchObject({ entryId: entry.id, entry: null, sameAsCatalog: null });
  });

  it('prints hostile provenance from a foreign file as visible text, never as terminal escapes', async () => {
    const { embedProvenance } = await import('../../src/images/provenance.js');
    const png = await embedProvenance(readFileSync('fixtures/ring.png'), 'image/png', { id: 'zzzzzzzz', prompt: '\u001b]0;pwned\u0007 hi \u001b[2J' });
    writeFileSync(join(box.dir, 'hostile.png'), png);
    const r = await box.run(['show', 'hostile.png']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('\\x1b]0;pwned\\x07 hi');
    expect(r.stdout).toContain("entry zzzzzzzz is not in this home's catalog");
  });

  it('refuses a file that is not an image (2) and an image with no provenance (3); ids still work', async () => {
    writeFileSync(join(box.dir, 'notes.txt'), 'hello');
    const text = await box.run(['show', 'notes.txt', '--json']);
    expect([text.code, errorOf(text).code]).toEqual([2, 'INPUT_NOT_IMAGE']);
    copyFileSync('fixtures/ring.png', join(box.dir, 'plain.png'));
    const plain = await box.run(['show', 'plain.png', '--json']);
    expect([plain.code, errorOf(plain).code]).toEqual([3, 'NO_PROVENANCE']);
    const byId = await box.run(['show', 'root0001', '--json']);
    expect(byId.code).toBe(0);
  });
});
