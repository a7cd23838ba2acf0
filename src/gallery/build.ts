/**
 * `gallery`: a static site of catalog entries in a folder — an index of lazy thumbnails with a
 * client-side filter, and a page per entry. Incremental: thumbnails are made once per image
 * (keyed by sha256) and reused, pages are rendered only when what they show changed, and what the
 * previous run wrote but this one no longer needs is removed. The folder holds only what this
 * module wrote: a folder with other files and no manifest is refused.
 */
import { hash as digest } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { usageError } from '../domain/errors.js';
import { LAST_GALLERY_FILE } from '../core/open.js';
import { listEntries, type ListOptions } from '../core/list.js';
import type { MemberRow } from '../catalog/catalog.js';
import { VERSION } from '../version.js';
import { writeFileAtomic } from '../store/atomic.js';
import { GALLERY_CSS, GALLERY_JS } from './assets.js';
import { Families } from './families.js';
import { isPlainId } from './html.js';
import { IMAGE_FILE, imageSources, prepareImages, THUMB_FILE } from './images.js';
import { emptyManifest, MANIFEST_FILE, readManifest, type GalleryManifest } from './manifest.js';
import { entryPagePath, renderEntryPage, renderIndex, type GalleryItem, type ThumbRef } from './pages.js';
import type { Ports } from '../core/ports.js';
import type { Entry } from '../domain/entry.js';

export type GalleryFilter = Omit<ListOptions, 'limit' | 'page'>;

export interface GalleryOptions {
  dir: string;
  filter: GalleryFilter;
  /** Copy the full-size images into the folder (default); false: thumbnails only, a smaller site. */
  originals?: boolean;
}

export interface GalleryResult {
  dir: string;
  index: string;
  entries: number;
  pages: { written: number; unchanged: number; removed: number };
  thumbnails: { made: number; reused: number; failed: number };
  images: { added: number; reused: number; missing: number };
  /** Entry id → its page, absolute. */
  pagePaths: Record<string, string>;
}

const PAGE_SIZE = 5000;
/** Bump when the pages' HTML changes shape, so every page is written again. */
const PAGE_FORMAT = 2;
const PAGE_FILE = /^(e\/[0-9a-z]{1,64}\.html|index\.html|assets\/gallery\.(css|js))$/;

export async function buildGallery(ports: Pick<Ports, 'catalog' | 'store' | 'signal' | 'onNotice' | 'cwd'>, options: GalleryOptions): Promise<GalleryResult> {
  const { catalog, store } = ports;
  const dir = resolve(ports.cwd ?? process.cwd(), options.dir);
  // The folder is read on the thread pool while the catalog is read on this thread.
  const opening = openFolder(dir);
  opening.catch(() => undefined);
  const listing = Promise.all(['thumbs', 'images', 'e', 'assets', ''].map((folder) => listFiles(join(dir, folder), folder ? `${folder}/` : '')));
  let selected: Entry[];
  try {
    selected = selectEntries(catalog, options.filter);
  } catch (err) {
    await opening; // a folder that cannot be a gallery is the first thing to say
    throw err;
  }
  const previous = await opening;
  const manifest: GalleryManifest = emptyManifest();
  const entries = selected.filter((e) => {
    if (isPlainId(e.id)) return true;
    ports.onNotice?.(`Skipped an entry whose id cannot name a file: ${JSON.stringify(e.id)}.`);
    return false;
  });
  const members = catalog.families.members([...new Set(entries.map((e) => e.rootId))]);
  const families = new Families(members);

  const result: GalleryResult = {
    dir,
    index: join(dir, 'index.html'),
    entries: entries.length,
    pages: { written: 0, unchanged: 0, removed: 0 },
    thumbnails: { made: 0, reused: 0, failed: 0 },
    images: { added: 0, reused: 0, missing: 0 },
    pagePaths: {},
  };
  const present = new Set((await listing).flat());
  const { provenanceRead } = await prepareImages(
    { dir, previous, present, manifest, counts: result },
    imageSources(entries, options.originals !== false),
    { store, signal: ports.signal, onNotice: ports.onNotice },
  );
  const { readProvenance } = await import('../images/provenance.js');
  const provenanceOf = async (paths: string[]) => {
    for (const path of paths) {
      const data = await fs.readFile(path).catch(() => undefined);
      if (data) return readProvenance(data).catch(() => null);
    }
    return null;
  };

  const inGallery = new Set(entries.map((e) => e.id));
  const thumbOf = (sha256: string): ThumbRef | null => manifest.thumbs[sha256] ?? null;
  const items: GalleryItem[] = entries.map((entry) => ({
    entry,
    thumb: entry.file ? thumbOf(entry.file.sha256) : null,
    image: entry.file ? (manifest.images[entry.file.sha256] ?? null) : null,
    inputs: entry.inputs.map((input) => ({ input, thumb: thumbOf(input.sha256) })),
    provenance: null,
  }));

  /** Whether the previous run wrote `path` from the same key and it is still there: then it is kept as it is. */
  const unchanged = (path: string, key: string) => {
    manifest.pages[path] = key;
    if (previous.pages[path] === key && present.has(path)) {
      result.pages.unchanged++;
      return true;
    }
    return false;
  };
  const write = async (path: string, content: string) => {
    await writeFileAtomic(join(dir, path), Buffer.from(content, 'utf8'), 0o644, false);
    result.pages.written++;
  };
  const hash = (text: string) => digest('sha256', text);
  await fs.mkdir(join(dir, 'e'), { recursive: true });
  await fs.mkdir(join(dir, 'assets'), { recursive: true });
  const ctx = { families, inGallery: (id: string) => inGallery.has(id) };
  const familyKeys = familySignatures(members, ctx.inGallery);
  const pageDir = join(dir, 'e') + sep;
  const pageKeys: string[] = [];
  for (const item of items) {
    const path = entryPagePath(item.entry.id);
    // A page is a pure function of its item, its family and which of them are in the gallery:
    // when none of that changed, neither did the page, and it is not even rendered.
    const key = hash(`${PAGE_FORMAT}\n${VERSION}\n${familyKeys.get(item.entry.rootId) ?? ''}\n${linkedInputs(item.entry, inGallery)}\n${JSON.stringify(item)}`);
    pageKeys.push(key);
    result.pagePaths[item.entry.id] = `${pageDir}${item.entry.id}.html`;
    if (unchanged(path, key)) continue;
    ports.signal?.throwIfAborted();
    const file = item.entry.file;
    if (file) {
      // The image's bytes never change for its sha256, so neither does what it carries.
      item.provenance = provenanceRead.has(file.sha256) ? (provenanceRead.get(file.sha256) ?? null) : await provenanceOf([store.blobPath(file.sha256, file.mimeType), file.path]);
    }
    await write(path, renderEntryPage(item, ctx));
  }
  ports.signal?.throwIfAborted();
  const fixed = async (path: string, content: string) => {
    if (!unchanged(path, hash(content))) await write(path, content);
  };
  await fixed('assets/gallery.css', GALLERY_CSS);
  await fixed('assets/gallery.js', GALLERY_JS);
  // The index shows each entry's card from its item (which its page's key covers), in order, and
  // the total cost: keyed by those, it is neither rendered nor hashed when none changed.
  const totalCostUsd = entries.reduce((sum, e) => sum + (e.usage.costUsd ?? 0), 0);
  if (!unchanged('index.html', hash(`${PAGE_FORMAT}\n${VERSION}\n${totalCostUsd}\n${pageKeys.join('\n')}`))) {
    await write('index.html', renderIndex(items, { totalCostUsd }));
  }

  // What the last run wrote and this one does not need (only paths of our own shapes). Every
  // thumbnail and copy this run keeps is named after its own sha256, so whether a file is kept is
  // one look-up under the sha256 its name holds.
  const stale = new Set<string>();
  for (const path in previous.pages) if (manifest.pages[path] === undefined && PAGE_FILE.test(path)) stale.add(path);
  for (const sha256 in previous.thumbs) {
    const file = previous.thumbs[sha256]?.file;
    if (file === undefined || manifest.thumbs[sha256]?.file === file) continue;
    if (THUMB_FILE.test(file) && manifest.thumbs[file.slice('thumbs/'.length, 'thumbs/'.length + 64)]?.file !== file) stale.add(file);
  }
  for (const sha256 in previous.images) {
    const file = previous.images[sha256]!;
    if (manifest.images[sha256] === file) continue;
    if (IMAGE_FILE.test(file) && manifest.images[file.slice('images/'.length, 'images/'.length + 64)] !== file) stale.add(file);
  }
  for (const path of stale) {
    await fs.rm(join(dir, path), { force: true });
    if (path.startsWith('e/')) result.pages.removed++;
  }

  // Not fsynced either: a manifest lost to a power cut reads as damaged, which only means the
  // next run makes everything again (the folder is still known as a gallery by the file's name).
  await writeFileAtomic(join(dir, MANIFEST_FILE), Buffer.from(`${JSON.stringify(manifest)}\n`, 'utf8'), 0o644, false);
  await writeFileAtomic(join(store.home, LAST_GALLERY_FILE), Buffer.from(`${JSON.stringify({ dir })}\n`, 'utf8'), 0o644, false).catch(() => undefined);
  return result;
}

/** One digest per family: its members' ids, parents, names, kinds, statuses, and which are in the gallery. */
function familySignatures(members: readonly MemberRow[], inGallery: (id: string) => boolean): Map<string, string> {
  const texts = new Map<string, string>();
  for (const m of members) {
    const line = JSON.stringify([m.id, m.parentId, m.name, m.kind, m.status, inGallery(m.id)]);
    const text = texts.get(m.rootId);
    texts.set(m.rootId, text === undefined ? line : `${text}\n${line}`);
  }
  const keys = new Map<string, string>();
  for (const [root, text] of texts) keys.set(root, digest('sha256', text));
  return keys;
}

/** Which of an entry's inputs link to a page in this gallery, as one digit each. */
function linkedInputs(entry: Entry, inGallery: ReadonlySet<string>): string {
  let digits = '';
  for (const input of entry.inputs) digits += input.entryId && inGallery.has(input.entryId) ? '1' : '0';
  return digits;
}

/**
 * Every entry the filter selects, newest first, page by page until a short page: a search's
 * total is only a lower bound past a cap, so it cannot say when to stop.
 */
export function selectEntries(catalog: Ports['catalog'], filter: GalleryFilter, pageSize = PAGE_SIZE): Entry[] {
  const all: Entry[] = [];
  for (let page = 1; ; page++) {
    const { entries } = listEntries(catalog, { ...filter, limit: pageSize, page, count: false });
    all.push(...entries);
    if (entries.length < pageSize) return all;
  }
}

/** The previous run's manifest; refuses a path that is a file, or a folder of someone else's files. */
async function openFolder(dir: string): Promise<GalleryManifest> {
  let names: string[];
  try {
    const stat = await fs.stat(dir);
    if (!stat.isDirectory()) throw usageError('GALLERY_NOT_A_FOLDER', `${dir} is a file, not a folder.`, 'Give -o a folder for the gallery (it is made if missing).');
    names = await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await fs.mkdir(dir, { recursive: true });
    names = [];
  }
  const manifest = await readManifest(join(dir, MANIFEST_FILE));
  if (manifest) return manifest;
  if (names.length > 0) {
    throw usageError('GALLERY_FOLDER_NOT_EMPTY', `${dir} already holds files that are not an imagegen gallery.`, 'Choose a new or empty folder with -o; a gallery folder is only ever updated by imagegen gallery.');
  }
  // Claimed before anything else is written, so a run cut short leaves a folder the next run
  // recognises as its own.
  await writeFileAtomic(join(dir, MANIFEST_FILE), Buffer.from(`${JSON.stringify(emptyManifest())}\n`, 'utf8'));
  return emptyManifest();
}

async function listFiles(dir: string, prefix: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).map((name) => prefix + name);
  } catch {
    return [];
  }
}
