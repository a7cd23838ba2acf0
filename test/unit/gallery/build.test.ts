/**
 * The gallery built in process from a real catalog (real SQLite, real blobs, real sharp): what it
 * writes, that a second run writes only what changed, that hostile strings stay text, and that it
 * never takes over a folder it did not make.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/catalog/catalog.js';
import { Store } from '../../../src/store/store.js';
import { buildGallery, selectText, type GalleryFilter } from '../../../src/gallery/build.js';
import { parseRows } from '../../../src/gallery/entry-line.js';
import { ImagegenError } from '../../../src/domain/errors.js';
import { embedProvenance } from '../../../src/images/provenance.js';
import { buildCatalog } from '../../catalog-builder.js';
import { legacyOf, manifestPath, readParts, writeParts } from '../../gallery-manifest.js';
import { GALLERY_KEY_FILE } from '../../../src/gallery/manifest-key.js';
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

/** Changes the catalog in place. */
function edit(change: (catalog: Catalog) => void) {
  const store = new Store(home);
  const catalog = new Catalog(join(home, 'catalog.db'), store.blobPath);
  try {
    change(catalog);
  } finally {
    catalog.close();
  }
}

let freshRuns = 0;
/** Builds a fresh gallery over the same catalog and expects every file of it to equal the site's, byte for byte. */
async function sameAsFresh(label = 'fresh', filter = all) {
  const fresh = join(dir, `fresh-${freshRuns++}`);
  await gallery(filter, fresh);
  expect(siteFiles(site), label).toEqual(siteFiles(fresh));
  for (const file of siteFiles(site)) expect(readFileSync(join(site, file)), `${label}: ${file}`).toEqual(readFileSync(join(fresh, file)));
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
    expect((await gallery()).pages.written).toBe(1); // its page (tags show there); the index's bytes are the same, so it is kept
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

  it('a gallery made before this manifest format (one JSON object) is read in full once, rewrites no page whose key is the same, then keeps its entries', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await gallery();
    const legacy = legacyOf(site);
    expect(Object.keys(legacy.pages).sort()).toEqual(['assets/gallery.css', 'assets/gallery.js', 'e/child002.html', 'e/grand003.html', 'e/other004.html', 'e/root0001.html', 'index.html']);
    legacy.pages['index.html'] = 'keyed the old way';
    writeFileSync(manifestPath(site), JSON.stringify(legacy));
    const index = readFileSync(join(site, 'index.html'));
    const pageTimes = readdirSync(join(site, 'e')).map((name) => statSync(join(site, 'e', name)).mtimeMs);
    const r = await gallery();
    expect(r.pages.written).toBe(1); // the index, whose key was made another way: the same bytes
    expect(r.thumbnails).toEqual({ made: 0, reused: 4, failed: 0 });
    expect(readFileSync(join(site, 'index.html'))).toEqual(index);
    expect(readdirSync(join(site, 'e')).map((name) => statSync(join(site, 'e', name)).mtimeMs)).toEqual(pageTimes);
    expect(readParts(site).head.format).toBe(2);
    expect(readParts(site).sections.entries.split('\n')).toHaveLength(4);
    expect((await gallery()).pages.written).toBe(0);
  });

  it('uses the cards of a manifest signed with the home\'s key as they are, both when entries are added on top and entry by entry', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await gallery();
    // Proof that kept entries are not read again: a signed card the catalog does not hold goes into the index.
    const parts = readParts(site);
    parts.sections.cards = parts.sections.cards.replace('>Red Fox<', '>Red Fox (kept)<');
    writeParts(site, parts, { home });
    await buildCatalog(home, join(dir, 'out'), [{ id: 'new00005', name: 'On Top', createdAt: '2026-02-01T10:00:00.000Z', image: colourPng(50, 32) }]);
    const added = await gallery();
    expect(added.pages.written).toBe(2); // the new page and the index
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('>Red Fox (kept)<');
    edit((c) => c.curation.setName('new00005', 'Renamed On Top'));
    await gallery();
    const index = readFileSync(join(site, 'index.html'), 'utf8');
    expect(index).toContain('Renamed On Top');
    expect(index).toContain('>Red Fox (kept)<');
  });

  for (const [label, mac] of [
    ['signed with another key', randomBytes(32)],
    ['with its signature left as it was', 'keep'],
    ['without a signature', 'none'],
  ] as const) {
    it(`a manifest ${label} is not trusted: no card of it reaches the index, every entry is read, no page with the same key is rewritten`, async () => {
      await buildCatalog(home, join(dir, 'out'), await chainSeeds());
      await gallery();
      const parts = readParts(site);
      parts.sections.cards = parts.sections.cards.replace('>Red Fox<', '><script>alert(1)</script><img src=x onerror=alert(2)><');
      parts.sections.facts = parts.sections.facts.replace('"name":"Red Fox"', '"name":"</script><script>alert(3)</script>"');
      writeParts(site, parts, mac);
      const pageTimes = readdirSync(join(site, 'e')).map((name) => statSync(join(site, 'e', name)).mtimeMs);
      // on top (added) and entry by entry (renamed): neither uses the doctored cards
      await buildCatalog(home, join(dir, 'out'), [{ id: 'new00005', name: 'On Top', createdAt: '2026-02-01T10:00:00.000Z', image: colourPng(50, 32) }]);
      const r = await gallery();
      expect(r.pages.written).toBe(2); // the new page and the index
      expect(r.thumbnails).toEqual({ made: 1, reused: 4, failed: 0 });
      expect(readdirSync(join(site, 'e')).filter((name) => name !== 'new00005.html').map((name) => statSync(join(site, 'e', name)).mtimeMs)).toEqual(pageTimes);
      const index = readFileSync(join(site, 'index.html'), 'utf8');
      for (const bad of ['<script>alert(1)', 'onerror=alert(2)', 'alert(3)']) expect(index).not.toContain(bad);
      expect(index).toContain('>Red Fox<');
      await sameAsFresh();
    });
  }

  it('makes the home\'s gallery key on first use (0600, never printed); without it the manifest is read as unsigned, and no page is rewritten', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    const keyFile = join(home, GALLERY_KEY_FILE);
    expect(existsSync(keyFile)).toBe(false);
    await gallery();
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(keyFile).size).toBe(32);
    expect(readFileSync(manifestPath(site), 'utf8')).not.toContain(readFileSync(keyFile).toString('hex'));
    const key = readFileSync(keyFile);
    rmSync(keyFile);
    const r = await gallery();
    expect(r.pages.written).toBe(0);
    expect(r.thumbnails.made).toBe(0);
    expect(readFileSync(keyFile)).not.toEqual(key);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    // a key file that is not a key (cut short) is replaced, not trusted nor fatal
    writeFileSync(keyFile, 'short');
    expect((await gallery()).pages.written).toBe(0);
    expect(statSync(keyFile).size).toBe(32);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('entries added on top (the usual second run) give the same site as a fresh run: new families, hostile names, costs, a no-op', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await buildCatalog(home, join(dir, 'out'), await manySeeds(5));
    await gallery();
    const later = (i: number) => new Date(Date.UTC(2026, 1, 1) + i * 60_000).toISOString();
    await buildCatalog(home, join(dir, 'out'), [
      { id: 'top00001', name: '<b>bold</b>\ttab\nnewline %09', createdAt: later(1), image: colourPng(61, 32), usage: { inputTokens: 1, outputTokens: 2, costUsd: 0.1 } },
      { id: 'top00002', name: 'Child on top', parent: 'top00001', createdAt: later(2), image: colourPng(62, 32), usage: { inputTokens: 1, outputTokens: 2, costUsd: 0.2 } },
      { id: 'top00003', name: 'Uses a new one', inputsFrom: ['top00001'], createdAt: later(3), image: colourPng(63, 32), usage: { inputTokens: 1, outputTokens: 2, costUsd: 0.3 } },
    ]);
    const r = await gallery();
    expect(r.pages.written).toBe(4); // three new pages and the index
    expect(r.thumbnails).toEqual({ made: 3, reused: 9, failed: 0 });
    expect(r.entries).toBe(12);
    expect(Object.keys(r.pagePaths)).toHaveLength(12);
    await sameAsFresh();
    await buildCatalog(home, join(dir, 'out'), [{ id: 'top00004', name: 'And one more', createdAt: later(4), image: colourPng(64, 32), usage: { inputTokens: 1, outputTokens: 2, costUsd: 0.7 } }]);
    expect((await gallery()).pages.written).toBe(2);
    await sameAsFresh();
    expect((await gallery()).pages).toEqual({ written: 0, unchanged: 16, removed: 0 });
  });

  it('run after run, entries added on top leave the kept ones untouched (not even looked at one by one)', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await gallery();
    // A signed manifest whose line for other004 no longer matches its stamp, and whose card carries a
    // mark: a run that looked at kept entries one by one would read it again and drop the mark.
    const parts = readParts(site);
    parts.sections.cards = parts.sections.cards.replace('>Red Fox<', '>Red Fox (kept)<');
    parts.sections.entries = parts.sections.entries.replace(/^(E\tother004\t)-?\d+/m, '$11');
    writeParts(site, parts, { home });
    const later = (i: number) => new Date(Date.UTC(2026, 1, 1) + i * 60_000).toISOString();
    for (let i = 1; i <= 3; i++) {
      await buildCatalog(home, join(dir, 'out'), [
        { id: `top0${i}001`, name: `On top ${i}`, createdAt: later(2 * i), image: colourPng(80 + 2 * i, 32) },
        { id: `top0${i}002`, name: `On top ${i}, two`, createdAt: later(2 * i + 1), image: colourPng(81 + 2 * i, 32) },
      ]);
      const r = await gallery();
      expect(r.pages.written, `run ${i}`).toBe(3); // their pages and the index
      expect(readFileSync(join(site, 'index.html'), 'utf8'), `run ${i}`).toContain('>Red Fox (kept)<');
    }
    // Anything else goes entry by entry: the line that does not match is read again.
    edit((c) => c.curation.setName('top01001', 'Renamed'));
    await gallery();
    expect(readFileSync(join(site, 'index.html'), 'utf8')).not.toContain('(kept)');
    await sameAsFresh();
  });

  it('skips an entry whose id cannot name a file, saying which (the id as it is), run after run', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    const db = new Database(join(home, 'catalog.db'));
    db.prepare("UPDATE entries SET id = 'Bad/Id 9', root_id = 'Bad/Id 9' WHERE id = 'other004'").run();
    db.close();
    const run = async () => {
      const notices: string[] = [];
      const store = new Store(home);
      const catalog = new Catalog(join(home, 'catalog.db'), store.blobPath);
      try {
        return { r: await buildGallery({ catalog, store, onNotice: (m) => notices.push(m) }, { dir: site, filter: all }), notices };
      } finally {
        catalog.close();
      }
    };
    const first = await run();
    expect(first.r.entries).toBe(3);
    expect(first.notices).toEqual(['Skipped an entry whose id cannot name a file: "Bad/Id 9".']);
    await buildCatalog(home, join(dir, 'out'), [{ id: 'top00001', name: 'On top', createdAt: '2026-02-01T10:00:00.000Z', image: colourPng(90, 32) }]);
    const second = await run();
    expect(second.r.entries).toBe(4);
    expect(second.notices).toHaveLength(1);
    expect(readdirSync(join(site, 'e')).sort()).toEqual(['child002.html', 'grand003.html', 'root0001.html', 'top00001.html']);
    await sameAsFresh();
  });

  it('falls back to entry by entry when what is added on top touches a kept entry, and still writes what a fresh run writes', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    await gallery();
    const later = (i: number) => new Date(Date.UTC(2026, 1, 1) + i * 60_000).toISOString();
    // a new child of a kept family (its tree changes on the kept pages)
    await buildCatalog(home, join(dir, 'out'), [{ id: 'top00001', name: 'Joins the chain', parent: 'grand003', createdAt: later(1), image: colourPng(71, 32) }]);
    expect((await gallery()).pages.written).toBe(5); // its page, the chain's three, the index
    await sameAsFresh();
    // a new entry made from a kept entry's image (that image's line is the kept one's)
    await buildCatalog(home, join(dir, 'out'), [{ id: 'top00002', name: 'From the fox', inputsFrom: ['other004'], createdAt: later(2), image: colourPng(72, 32) }]);
    expect((await gallery()).pages.written).toBe(2);
    await sameAsFresh();
    // a kept thumbnail lost from the folder
    rmSync(join(site, 'thumbs', readdirSync(join(site, 'thumbs'))[0]!));
    await buildCatalog(home, join(dir, 'out'), [{ id: 'top00003', name: 'After a loss', createdAt: later(3), image: colourPng(73, 32) }]);
    const r = await gallery();
    expect(r.thumbnails.made).toBe(2);
    await sameAsFresh();
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
    // a format-1 manifest, whose records name their files (format 2 derives each name from its image)
    const manifest = legacyOf(site);
    const [first, second, third] = Object.keys(manifest.thumbs);
    rmSync(join(site, manifest.thumbs[first!]!.file));
    rmSync(join(site, manifest.images[second!]!));
    manifest.thumbs[third!] = { ...manifest.thumbs[first!]!, file: manifest.thumbs[second!]!.file }; // another image's thumbnail
    writeFileSync(manifestPath(site), JSON.stringify(manifest));
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
    // back to slim: the four entry pages change, the copies go; the index (keyed by its bytes) shows no copy and is kept
    expect((await gallery(all, site, false)).pages.written).toBe(4);
    expect(readdirSync(join(site, 'images'))).toEqual([]);
  });

  it('selects every match page by page, even where a search reports its total only as a lower bound', { timeout: 60_000 }, async () => {
    // Past 1,000 matches a search's total is capped (1,000+), so the total cannot end the loop.
    await buildCatalog(home, join(dir, 'out'), await manySeeds(1003));
    const store = new Store(home);
    const catalog = new Catalog(join(home, 'catalog.db'), store.blobPath);
    try {
      const selected = (filter: GalleryFilter, pageSize?: number) => parseRows(selectText(catalog, filter, pageSize)).rows;
      expect(selected({ ...all, query: 'picture' })).toHaveLength(1003);
      expect(selected({ ...all, query: 'lighthouse' }, 300)).toHaveLength(501);
      expect(selected(all, 1003)).toHaveLength(1003);
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

  it('a FIFO in place of the manifest is refused with a code, not read (it would block); one in place of the key is replaced', async () => {
    await buildCatalog(home, join(dir, 'out'), await chainSeeds());
    mkdirSync(site);
    execFileSync('mkfifo', [join(site, '.imagegen-gallery.json')]);
    const err = (await gallery().catch((e: unknown) => e)) as ImagegenError;
    expect(err.code).toBe('GALLERY_MANIFEST_INVALID');
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('named pipe');
    expect(readdirSync(site)).toEqual(['.imagegen-gallery.json']);

    rmSync(site, { recursive: true });
    rmSync(join(home, GALLERY_KEY_FILE), { force: true });
    execFileSync('mkfifo', [join(home, GALLERY_KEY_FILE)]);
    const result = await gallery();
    expect(result.entries).toBeGreaterThan(0);
    expect(statSync(join(home, GALLERY_KEY_FILE)).isFile()).toBe(true);
    expect(statSync(join(home, GALLERY_KEY_FILE)).size).toBe(32);
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
    const manifest = legacyOf(site) as { pages: Record<string, string>; thumbs: Record<string, { file: string; width: unknown }> };
    manifest.pages['../precious.txt'] = 'x';
    for (const thumb of Object.values(manifest.thumbs)) thumb.width = '"><script>alert(1)</script>';
    writeFileSync(manifestPath(site), JSON.stringify(manifest));
    const r = await gallery();
    expect(existsSync(join(dir, 'precious.txt'))).toBe(true);
    expect(r.thumbnails.made).toBe(4); // the doctored records were not trusted
    expect(readFileSync(join(site, 'index.html'), 'utf8')).not.toContain('<script>alert(1)');
    // format 2, even signed: lines that name files outside the gallery's shapes name nothing to remove
    const parts = readParts(site);
    parts.sections.entries += '\nE\t../../precious\t1\tx\t\tkey\t\t';
    parts.sections.pictures += `\nP\t../../precious.txt${'x'.repeat(46)}\t1x1\ttxt`;
    parts.sections.meta += '\nF\t../precious.txt\tx';
    writeParts(site, parts, { home });
    edit((c) => c.curation.setName('other004', 'Fox'));
    await gallery();
    expect(existsSync(join(dir, 'precious.txt'))).toBe(true);
  });
});
