/** Contact sheets, in process: real catalog, real sharp; ids versus a search; captions escaped. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/catalog/catalog.js';
import { Store } from '../../../src/store/store.js';
import { makeSheet, type SheetRequest } from '../../../src/gallery/sheet.js';
import { captionsSvg } from '../../../src/images/contact-sheet.js';
import type { ImagegenError } from '../../../src/domain/errors.js';
import { buildCatalog } from '../../catalog-builder.js';
import { chainSeeds } from '../../gallery-seeds.js';

let dir: string;
let home: string;

async function sheet(request: Partial<SheetRequest>) {
  const store = new Store(home);
  const catalog = new Catalog(join(home, 'catalog.db'), store.blobPath);
  try {
    return await makeSheet({ catalog, store }, { words: [], filter: { status: 'completed' }, filtered: false, out: join(dir, 'sheet.png'), limit: 48, ...request });
  } finally {
    catalog.close();
  }
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-sheet-'));
  home = join(dir, 'home');
  await buildCatalog(home, join(dir, 'out'), await chainSeeds());
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('sheet', () => {
  it('takes words that each name one entry as ids, in the order given', async () => {
    const r = await sheet({ words: ['other004', 'root', 'last'] });
    expect(r.selectedBy).toBe('ids');
    expect(r.entries.map((e) => e.id)).toEqual(['other004', 'root0001']);
    const meta = await sharp(readFileSync(r.file)).metadata();
    expect(meta.format).toBe('png');
    expect([meta.width, meta.height]).toEqual([r.width, r.height]);
  });

  it('takes other words as a search, newest first, and writes the format the name asks for', async () => {
    const r = await sheet({ words: ['warmer', 'light'], out: join(dir, 'sub', 'sheet.jpg') });
    expect(r.selectedBy).toBe('search');
    expect(r.entries.map((e) => e.id)).toEqual(['child002']);
    expect((await sharp(readFileSync(r.file)).metadata()).format).toBe('jpeg');
    const all = await sheet({ words: [], out: join(dir, 'all.webp'), columns: 2 });
    expect(all.entries).toHaveLength(4);
    expect((await sharp(readFileSync(all.file)).metadata()).format).toBe('webp');
    expect(all.width).toBeLessThan(all.height * 1.5); // two columns, two rows
  });

  it('lays out a grid: more pictures, more rows', async () => {
    const one = await sheet({ words: ['other004'], out: join(dir, 'a.png') });
    const four = await sheet({ words: [], out: join(dir, 'b.png'), columns: 1 });
    expect(four.width).toBe(one.width);
    expect(four.height).toBeGreaterThan(one.height * 3.5);
  });

  it('refuses an unknown format before reading anything, and says when nothing matches', async () => {
    const format = (await sheet({ words: ['last'], out: join(dir, 'x.gif') }).catch((e: unknown) => e)) as ImagegenError;
    expect([format.code, format.exitCode]).toEqual(['SHEET_FORMAT', 2]);
    const none = (await sheet({ words: ['zebra'] }).catch((e: unknown) => e)) as ImagegenError;
    expect([none.code, none.exitCode]).toEqual(['NO_MATCHES', 3]);
  });

  it('escapes captions: markup in a name stays text in the SVG', () => {
    const svg = captionsSvg(
      [{ image: null, title: '</text><script>x</script> & "q"', subtitle: 'id\u0000' }],
      [false],
      { width: 300, height: 320, size: 240, origin: () => ({ left: 16, top: 16 }) },
    );
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
    expect(svg).not.toContain('\u0000');
    expect(svg).toContain('no image');
  });
});
