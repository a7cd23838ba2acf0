/**
 * The gallery built in process from a real catalog (real SQLite, real blobs, real sharp): what it
 * writes, that a second run writes only what changed, that hostile strings stay text, and that it
 * never takes over a folder it did not make.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/catalog/catalog.js';
import { Store } from '../../../src/store/store.js';
import { buildGallery, selectStamps, type GalleryFilter } from '../../../src/gallery/build.js';
import { ImagegenError } from '../../../src/domain/errors.js';
import { embedProvenance } from '../../../src/images/provenance.js';
import { buildCatalog } from '../../catalog-builder.js';
import { chainSeeds, colourPng, HOSTILE_NAME, HOSTILE_PROMPT, manySeeds } from '../../gallery-seeds.js';

let dir: string;
let home: string;
let site: string;
const all: GalleryFilter = { status: 'completed' };

async function gallery(filter: GalleryFilter = all, into = site, originals = true) {
  const store = new Store(home);
  const catalog = new Catalog(join(home, 'catalog.db'), store.blobPath);
  try {
    return await buildGallery({ catalog, store }, { dir: into, filter, originals });
  } finally {
    catalog.close();
  }
}

/** Every file of a gallery but its manifest, relative to its folder. */
const siteFiles = (root: string) =>
  ['', 'e', 'thumbs', 'images', 'assets'].flatMap((sub) => readdirSync(join(root, sub), { withFileTypes: true }).filter((d) => d.isFile() && !d.name.startsWith('.')).map((d) => join(sub, d.name))).sort();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-gallery-'));
  home = join(dir, 'home');
  site = join(dir, 'site');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('gallery', () => {
  it('writes an index, a page per entry, a thumbnail per image and the full images', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    const r = await gallery();
    expect(r.entries).toBe(4);
    expect(r.thumbnails).toEqual({ made: 4, reused: 0, failed: 0 });
    expect(readdirSync(join(site, 'e')).sort()).toEqual(['child002.html', 'grand003.html', 'other004.html', 'root0001.html']);
    expect(readdirSync(join(site, 'thumbs'))).toHaveLength(4);
    expect(readdirSync(join(site, 'images'))).toHaveLength(4);
    const index = readFileSync(join(site, 'index.html'), 'utf8');
    for (const id of ['root0001', 'child002', 'grand003', 'other004']) expect(index).toContain(`href="e/${id}.html"`);
    expect(index.match(/<img [^>]*loading="lazy"/g)).toHaveLength(4);
    expect(index).not.toMatch(/src="images\//); // the index shows thumbnails only
    expect(index).not.toMatch(/https?:\/\//); // nothing from the network
  });

  it('draws the lineage from the root and the descendants as a tree', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await gallery();
    const middle = readFileSync(join(site, 'e', 'child002.html'), 'utf8');
    const tree = middle.slice(middle.indexOf('id="lineage"'));
    // root > child (this page) > grandchild, as nested lists
    expect(tree).toMatch(/<ul><li><a href="root0001\.html">.*?<ul><li><strong class="current" aria-current="page">Warmer Light.*?<ul><li><a href="grand003\.html">Small Boat/s);
    const leaf = readFileSync(join(site, 'e', 'grand003.html'), 'utf8');
    expect(leaf).toContain('href="child002.html"');
    expect(leaf).toContain('href="root0001.html"');
  });

  it('keeps hostile names and prompts as text, in the HTML and in the embedded JSON', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await gallery();
    const index = readFileSync(join(site, 'index.html'), 'utf8');
    const page = readFileSync(join(site, 'e', 'root0001.html'), 'utf8');
    for (const html of [index, page]) {
      expect(html.match(/<script/g)?.length ?? 0).toBe(html === index ? 2 : 0);
      expect(html).not.toContain('onerror="window');
      expect(html).not.toContain('\u001b');
      expect(html).not.toContain('\u0000');
    }
    expect(index.match(/<\/script>/g)).toHaveLength(2);
    expect(page).toContain('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;');
    expect(page).toContain('\u241b[31m'); // ESC shown as its control picture
    const json = index.slice(index.indexOf('id="gallery-data">') + 'id="gallery-data">'.length, index.indexOf('</script>'));
    expect(json).not.toMatch(/[<>\u2028\u2029]/);
    const data = JSON.parse(json) as { id: string; name: string; prompt: string }[];
    const root = data.find((d) => d.id === 'root0001')!;
    expect(root.name).toBe(HOSTILE_NAME);
    expect(root.prompt).toBe(HOSTILE_PROMPT);
  });

  it('a second run makes no thumbnail and rewrites no page; new entries add only theirs', async () => {
    await buildCatalog(home, join(dir, 'out'), await manySeeds(12));
    const first = await gallery();
    expect(first.thumbnails.made).toBe(12);
    const pageTime = statSync(join(site, 'e', 'e0000003.html')).mtimeMs;

    const again = await gallery();
    expect(again.thumbnails).toEqual({ made: 0, reused: 12, failed: 0 });
    expect(again.pages.written).toBe(0);
    expect(again.images.added).toBe(0);

    await buildCatalog(home, join(dir, 'out'), await manySeeds(3, 12));
    const third = await gallery();
    expect(third.entries).toBe(15);
    expect(third.thumbnails).toEqual({ made: 3, reused: 12, failed: 0 });
    expect(third.pages.written).toBe(4); // three new pages and the index
    expect(statSync(join(site, 'e', 'e0000003.html')).mtimeMs).toBe(pageTime);
  });

  it('an incremental run writes the same site as a fresh run over the same catalog', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await buildCatalog(home, join(dir, 'out'), await manySeeds(8));
    await gallery();
    await buildCatalog(home, join(dir, 'out'), await manySeeds(4, 8));
    const incremental = await gallery();
    expect(incremental.pages.written).toBe(5); // the four new pages and the index
    const fresh = join(dir, 'fresh');
    await gallery(all, fresh);
    const files = siteFiles;
    expect(files(site)).toEqual(files(fresh));
    expect(files(site)).toHaveLength(1 + 16 + 16 + 16 + 2);
    for (const file of files(site)) expect(readFileSync(join(site, file)), file).toEqual(readFileSync(join(fresh, file)));
  });

  it('after adds, renames, tag changes, deletes and a new child, each incremental run writes what a fresh run writes', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await buildCatalog(home, join(dir, 'out'), await manySeeds(6));
    await gallery();
    let step = 0;
    const sameAsFresh = async (label: string, filter = all) => {
      const fresh = join(dir, `fresh-${step++}`);
      await gallery(filter, fresh);
      expect(siteFiles(site), label).toEqual(siteFiles(fresh));
      for (const file of siteFiles(site)) expect(readFileSync(join(site, file)), `${label}: ${file}`).toEqual(readFileSync(join(fresh, file)));
    };
    const edit = (change: (catalog: Catalog) => void) => {
      const store = new Store(home);
      const catalog = new Catalog(join(home, 'catalog.db'), store.blobPath);
      try {
        change(catalog);
      } finally {
        catalog.close();
      }
    };

    await buildCatalog(home, join(dir, 'out'), await manySeeds(3, 6));
    expect((await gallery()).pages.written).toBe(4); // three new pages and the index
    await sameAsFresh('added');

    edit((c) => {
      c.curation.setName('e0000002', 'Renamed <b>');
      c.curation.setName('child002', 'Golden Hour');
    });
    expect((await gallery()).pages.written).toBe(5); // e0000002, the chain's three pages, the index
    await sameAsFresh('renamed');

    edit((c) => c.curation.updateMetadata('e0000004', { colour: 'blue <i>' }, []));
    expect((await gallery()).pages.written).toBe(2); // its page (tags show there) and the index (keyed by the pages)
    expect(readFileSync(join(site, 'e', 'e0000004.html'), 'utf8')).toContain('blue &lt;i&gt;');
    await sameAsFresh('tagged');
    edit((c) => c.curation.updateMetadata('e0000004', {}, ['colour']));
    await gallery();
    await sameAsFresh('untagged');

    edit((c) => expect(c.deletion.deleteEntries(['e0000001', 'grand003']).ok).toBe(true));
    const deleted = await gallery();
    expect(deleted.pages.removed).toBe(2);
    expect(deleted.pages.written).toBe(3); // root and child (their tree lost a member) and the index
    await sameAsFresh('deleted');

    await buildCatalog(home, join(dir, 'out'), [{ id: 'grand009', name: 'New Boat', parent: 'child002', createdAt: '2026-02-01T10:00:00.000Z', image: colourPng(99, 32) }]);
    const child = await gallery();
    expect(child.thumbnails.made).toBe(1);
    expect(child.pages.written).toBe(4); // the new page, its parent's and root's (their tree), the index
    expect(readFileSync(join(site, 'e', 'root0001.html'), 'utf8')).toContain('grand009');
    await sameAsFresh('new child');

    // A narrower selection drops entries from families and links: the kept records must notice.
    await gallery({ ...all, query: 'light' });
    await sameAsFresh('narrowed', { ...all, query: 'light' });
    // The root alone: its tree's members leave the gallery (named, no longer linked), though none is its input.
    await gallery({ ...all, query: 'quotes' });
    await sameAsFresh('the root alone', { ...all, query: 'quotes' });
    await gallery();
    await sameAsFresh('widened again');
  });

  it('a gallery made before change stamps is read in full once, rewrites no page, then reads only what changed', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await gallery();
    const manifestPath = join(site, '.imagegen-gallery.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(manifest.entries as object).sort()).toEqual(['child002', 'grand003', 'other004', 'root0001']);
    delete manifest.cache;
    delete manifest.entries;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const r = await gallery();
    expect(r.pages.written).toBe(0);
    expect(r.thumbnails.made).toBe(0);
    expect(Object.keys((JSON.parse(readFileSync(manifestPath, 'utf8')) as { entries: object }).entries)).toHaveLength(4);
    expect((await gallery()).pages.written).toBe(0);
  });

  it('a doctored entry record is either refused or its strings escaped, never raw HTML in the index', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await gallery();
    const manifestPath = join(site, '.imagegen-gallery.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { entries: Record<string, { c: Record<string, unknown>; i: unknown }> };
    manifest.entries.other004!.c.name = '<script>alert(1)</script>';
    manifest.entries.other004!.c.kind = '"><img src=x onerror=alert(2)>';
    manifest.entries.child002!.c.id = '../../evil'; // a card for another id: refused, the entry is read again
    manifest.entries.grand003!.i = 'not a list';
    writeFileSync(manifestPath, JSON.stringify(manifest));
    // a change elsewhere makes the index be written again from the kept cards
    const store = new Store(home);
    const catalog = new Catalog(join(home, 'catalog.db'), store.blobPath);
    catalog.curation.setName('root0001', 'Plain');
    catalog.close();
    await gallery();
    const index = readFileSync(join(site, 'index.html'), 'utf8');
    expect(index).not.toContain('<script>alert(1)');
    expect(index).not.toContain('<img src=x');
    expect(index).not.toContain('evil');
    expect(index).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a manifest whose parts are not maps counts as empty: everything is made again, nothing is lost', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await gallery();
    writeFileSync(join(site, '.imagegen-gallery.json'), JSON.stringify({ format: 1, pages: null, thumbs: 'thumbs', images: ['x'] }));
    const r = await gallery();
    expect(r.thumbnails.made).toBe(4);
    expect(r.pages.written).toBe(7); // four pages, two assets and the index
    expect(readdirSync(join(site, 'e'))).toHaveLength(4);
    expect((await gallery()).pages.written).toBe(0);
  });

  it('remakes only what the manifest records but the folder lost, and trusts no record that names another image', async () => {
    await buildCatalog(home, join(dir, 'out'), await manySeeds(5));
    await gallery();
    const manifestPath = join(site, '.imagegen-gallery.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { thumbs: Record<string, { file: string }>; images: Record<string, string> };
    const [first, second, third] = Object.keys(manifest.thumbs);
    rmSync(join(site, manifest.thumbs[first!]!.file));
    rmSync(join(site, manifest.images[second!]!));
    manifest.thumbs[third!] = { ...manifest.thumbs[first!]!, file: manifest.thumbs[second!]!.file }; // another image's thumbnail
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const pageTimes = readdirSync(join(site, 'e')).map((name) => statSync(join(site, 'e', name)).mtimeMs);
    const r = await gallery();
    expect(r.thumbnails).toEqual({ made: 2, reused: 3, failed: 0 });
    expect(r.images).toEqual({ added: 1, reused: 4, missing: 0 });
    expect(existsSync(join(site, 'thumbs', `${first}.webp`))).toBe(true);
    expect(readdirSync(join(site, 'thumbs')).sort()).toEqual(Object.keys(manifest.thumbs).map((sha) => `${sha}.webp`).sort()); // the file the bad record named is another's, and stays
    expect(readdirSync(join(site, 'images'))).toHaveLength(5);
    // the remade files are the same files under the same names, so no page changed
    expect(r.pages.written).toBe(0);
    expect(readdirSync(join(site, 'e')).map((name) => statSync(join(site, 'e', name)).mtimeMs)).toEqual(pageTimes);
  });

  it('writes the index again only when a card changes, and a page only when what it shows changes', async () => {
    await buildCatalog(home, join(dir, 'out'), await manySeeds(6));
    await gallery();
    const stamp = (file: string) => statSync(join(site, file)).mtimeMs;
    const before = { index: stamp('index.html'), page: stamp('e/e0000002.html'), other: stamp('e/e0000004.html') };
    expect((await gallery()).pages).toEqual({ written: 0, unchanged: 9, removed: 0 });
    expect(stamp('index.html')).toBe(before.index);
    const store = new Store(home);
    const catalog = new Catalog(join(home, 'catalog.db'), store.blobPath);
    catalog.curation.setName('e0000002', 'Renamed <b>');
    catalog.close();
    const r = await gallery();
    expect(r.pages).toEqual({ written: 2, unchanged: 7, removed: 0 });
    expect(stamp('e/e0000002.html')).not.toBe(before.page);
    expect(stamp('index.html')).not.toBe(before.index);
    expect(stamp('e/e0000004.html')).toBe(before.other);
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('Renamed &lt;b&gt;');
  });

  it('a rename rewrites the pages that show the name (its own and its family), nothing else', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await gallery();
    const store = new Store(home);
    const catalog = new Catalog(join(home, 'catalog.db'), store.blobPath);
    catalog.curation.setName('child002', 'Golden <Hour>');
    catalog.close();
    const r = await gallery();
    expect(r.thumbnails.made).toBe(0);
    expect(r.pages.written).toBe(4); // root, child and grandchild pages (the tree names it), and the index
    expect(readFileSync(join(site, 'e', 'grand003.html'), 'utf8')).toContain('Golden &lt;Hour&gt;');
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('Golden &lt;Hour&gt;');
  });

  it('shows the provenance embedded in the image, escaped, also when a page is written again later', async () => {
    const seeds = await chainSeeds();
    seeds[3]!.image = await embedProvenance(seeds[3]!.image!, 'image/png', { id: 'other004', prompt: 'a <b>fox</b>', model: 'm' });
    await buildCatalog(home, join(dir, 'out'), seeds);
    await gallery();
    const section = (html: string) => html.slice(html.indexOf('<h2>Provenance</h2>'));
    expect(section(readFileSync(join(site, 'e', 'other004.html'), 'utf8'))).toContain('<dt>prompt</dt><dd>a &lt;b&gt;fox&lt;/b&gt;</dd>');
    const store = new Store(home);
    const catalog = new Catalog(join(home, 'catalog.db'), store.blobPath);
    catalog.curation.setName('other004', 'Arctic Fox');
    catalog.close();
    await gallery();
    const again = readFileSync(join(site, 'e', 'other004.html'), 'utf8');
    expect(again).toContain('Arctic Fox');
    expect(section(again)).toContain('<dt>prompt</dt><dd>a &lt;b&gt;fox&lt;/b&gt;</dd>');
  });

  it('with --status all, a failed entry has a card without a picture and a page with its error', async () => {
    await buildCatalog(home, join(dir, 'out'), [...(await chainSeeds()), { id: 'fail0005', name: 'Blocked', status: 'failed', createdAt: '2026-01-05T10:00:00.000Z' }]);
    const r = await gallery({ status: 'all' });
    expect(r.entries).toBe(5);
    const index = readFileSync(join(site, 'index.html'), 'utf8');
    expect(index).toMatch(/data-id="fail0005"><a class="thumb" href="e\/fail0005\.html"><div class="nothumb"/);
    const page = readFileSync(join(site, 'e', 'fail0005.html'), 'utf8');
    expect(page).toContain('<section class="error"><h2>Error</h2><p><code>NO_IMAGE</code> no image</p></section>');
  });

  it('an empty selection still makes a page that says so', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    const r = await gallery({ ...all, query: 'nothing at all like this' });
    expect(r.entries).toBe(0);
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('<p id="empty">No entries to show.</p>');
  });

  it('without originals holds thumbnails only, still with the provenance; with them again, adds the copies', async () => {
    const seeds = await chainSeeds();
    seeds[3]!.image = await embedProvenance(seeds[3]!.image!, 'image/png', { id: 'other004', prompt: 'a fox' });
    await buildCatalog(home, join(dir, 'out'), seeds);
    const slim = await gallery(all, site, false);
    expect(slim.images).toEqual({ added: 0, reused: 0, missing: 0 });
    expect(existsSync(join(site, 'images')) ? readdirSync(join(site, 'images')) : []).toEqual([]);
    const page = readFileSync(join(site, 'e', 'other004.html'), 'utf8');
    expect(page).not.toContain('../images/');
    expect(page).toContain('this gallery holds no full-size images');
    expect(page).toContain('<dt>prompt</dt><dd>a fox</dd>');
    const full = await gallery();
    expect(full.images.added).toBe(4);
    expect(full.thumbnails.made).toBe(0);
    expect(readFileSync(join(site, 'e', 'other004.html'), 'utf8')).toContain('../images/');
    // back to slim: the four entry pages change, the copies go; the index (keyed by its entries' page keys) is written again
    expect((await gallery(all, site, false)).pages.written).toBe(5);
    expect(readdirSync(join(site, 'images'))).toEqual([]);
  });

  it('selects every match page by page, even where a search reports its total only as a lower bound', { timeout: 60_000 }, async () => {
    // Past 1,000 matches a search's total is capped (1,000+), so the total cannot end the loop.
    await buildCatalog(home, join(dir, 'out'), await manySeeds(1003));
    const store = new Store(home);
    const catalog = new Catalog(join(home, 'catalog.db'), store.blobPath);
    try {
      expect(selectStamps(catalog, { ...all, query: 'picture' })).toHaveLength(1003);
      expect(selectStamps(catalog, { ...all, query: 'lighthouse' }, 300)).toHaveLength(501);
      expect(selectStamps(catalog, all, 1003)).toHaveLength(1003);
    } finally {
      catalog.close();
    }
  });

  it('a narrower selection removes the pages and files it no longer needs', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await gallery();
    const r = await gallery({ ...all, project: 'animals' });
    expect(r.entries).toBe(1);
    expect(r.pages.removed).toBe(3);
    expect(readdirSync(join(site, 'e'))).toEqual(['other004.html']);
    expect(readdirSync(join(site, 'thumbs'))).toHaveLength(1);
    expect(readdirSync(join(site, 'images'))).toHaveLength(1);
  });

  it('links to pages only of entries in the gallery, naming the others', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await gallery({ ...all, query: 'boat' });
    const page = readFileSync(join(site, 'e', 'grand003.html'), 'utf8');
    expect(page).not.toContain('href="child002.html"');
    expect(page).toMatch(/<span class="absent">Warmer Light <code>child002<\/code>/);
  });

  it('refuses a folder that holds other files, and leaves it as it was', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    mkdirSync(site);
    writeFileSync(join(site, 'thesis.docx'), 'mine');
    const err = await gallery().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImagegenError);
    expect((err as ImagegenError).code).toBe('GALLERY_FOLDER_NOT_EMPTY');
    expect((err as ImagegenError).exitCode).toBe(2);
    expect(readdirSync(site)).toEqual(['thesis.docx']);
    const fileAsDir = join(dir, 'file');
    writeFileSync(fileAsDir, 'x');
    expect(((await gallery(all, fileAsDir).catch((e: unknown) => e)) as ImagegenError).code).toBe('GALLERY_NOT_A_FOLDER');
  });

  it('a run cut short leaves a folder the next run takes up again', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    const store = new Store(home);
    const catalog = new Catalog(join(home, 'catalog.db'), store.blobPath);
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    try {
      await expect(buildGallery({ catalog, store, signal: controller.signal }, { dir: site, filter: all })).rejects.toThrow('interrupted');
    } finally {
      catalog.close();
    }
    const r = await gallery();
    expect(r.entries).toBe(4);
    expect(existsSync(join(site, 'index.html'))).toBe(true);
  });

  it('a doctored manifest never makes it remove files outside its own shapes, nor reach the HTML', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await gallery();
    writeFileSync(join(dir, 'precious.txt'), 'keep me');
    const manifestPath = join(site, '.imagegen-gallery.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { pages: Record<string, string>; thumbs: Record<string, { file: string; width: unknown }> };
    manifest.pages['../precious.txt'] = 'x';
    for (const thumb of Object.values(manifest.thumbs)) thumb.width = '"><script>alert(1)</script>';
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const r = await gallery();
    expect(existsSync(join(dir, 'precious.txt'))).toBe(true);
    expect(r.thumbnails.made).toBe(4); // the doctored records were not trusted
    expect(readFileSync(join(site, 'index.html'), 'utf8')).not.toContain('<script>alert(1)');
  });
});
