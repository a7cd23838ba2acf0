/**
 * `gallery`: a static site of catalog entries in a folder — an index of lazy thumbnails with a
 * client-side filter, and a page per entry. Incremental: thumbnails are made once per image
 * (keyed by sha256) and reused; the catalog's change stamps say which entries changed since the
 * last run, and only those are read in full (the manifest keeps the rest: each entry's card and
 * the images its page shows, under its stamp); pages are rendered only when what they show
 * changed; and what the previous run wrote but this one no longer needs is removed. The folder holds only what this
 * module wrote: a folder with other files and no manifest is refused.
 */
import { hash as digest, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { usageError } from '../domain/errors.js';
import { LAST_GALLERY_FILE } from '../core/open.js';
import { listStamps, type ListOptions } from '../core/list.js';
import type { MemberRow, StampRow } from '../catalog/catalog.js';
import { VERSION } from '../version.js';
import { writeFileAtomic } from '../store/atomic.js';
import { GALLERY_CSS, GALLERY_JS } from './assets.js';
import { entryLine, linePageKey } from './entry-line.js';
import { Families } from './families.js';
import { isPlainId } from './html.js';
import { imageSources, prepareImages } from './images.js';
import { keepEntries, linkDigits, type Slots } from './kept.js';
import { copyExtension, emptyManifest, loadPictures, MANIFEST_FILE, pictureLine, readManifest, serializeManifest, type GalleryManifest } from './manifest.js';
import { galleryKey } from './manifest-key.js';
import { cardData, cardJson, entryPagePath, renderCard, renderEntryPage, renderIndex, type GalleryItem, type ThumbRef } from './pages.js';
import { staleFiles } from './stale.js';
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

export async function buildGallery(ports: Pick<Ports, 'catalog' | 'store' | 'signal' | 'onNotice' | 'cwd'>, options: GalleryOptions): Promise<GalleryResult> {
  const { catalog, store } = ports;
  const dir = resolve(ports.cwd ?? process.cwd(), options.dir);
  // The folder is read on the thread pool while the catalog is read on this thread.
  const keying = galleryKey(store.home).catch((err: unknown) => {
    ports.onNotice?.(`The gallery key could not be kept in the home (${(err as Error).message}); the next run reads every entry again.`);
    return randomBytes(32);
  });
  const opening = keying.then((key) => openFolder(dir, key));
  opening.catch(() => undefined);
  const listing = Promise.all(['thumbs', 'images', 'e', 'assets', ''].map((folder) => listFiles(join(dir, folder), folder ? `${folder}/` : '')));
  let selected: StampRow[];
  try {
    selected = selectStamps(catalog, options.filter);
  } catch (err) {
    await opening; // a folder that cannot be a gallery is the first thing to say
    throw err;
  }
  const previous = await opening;
  const key = await keying;
  const rows = selected.filter((row) => {
    if (isPlainId(row.id)) return true;
    ports.onNotice?.(`Skipped an entry whose id cannot name a file: ${JSON.stringify(row.id)}.`);
    return false;
  });
  const result: GalleryResult = {
    dir,
    index: join(dir, 'index.html'),
    entries: rows.length,
    pages: { written: 0, unchanged: 0, removed: 0 },
    thumbnails: { made: 0, reused: 0, failed: 0 },
    images: { added: 0, reused: 0, missing: 0 },
    pagePaths: {},
  };
  const originals = options.originals !== false;
  const present = new Set((await listing).flat());
  const inGallery = new Set<string>();
  for (const row of rows) inGallery.add(row.id);
  const families = familyTexts(rows);

  // What the last run kept of each entry is used only from a manifest this home signed, made
  // under the same format, version and home; the other entries are read in full.
  const cache = `${PAGE_FORMAT}\n${VERSION}\n${store.home}`;
  const trusted = previous.signed && previous.cache === cache;
  const slots: Slots = { cards: new Array(rows.length), facts: new Array(rows.length), pageKeys: new Array(rows.length), costs: new Array(rows.length), lines: new Array(rows.length) };
  const pictures = new Map<string, string>();
  const keptCopies = new Set<string>();
  const keepContext = { previous, families, inGallery, present, originals, pictures, keptCopies, counts: result };
  const toRead = trusted ? keepEntries(rows, keepContext, slots) : rows.map((_, i) => i);
  result.pages.unchanged += rows.length - toRead.length;
  const read = new Map<string, Entry>();
  for (const entry of catalog.getEntries(toRead.map((i) => rows[i]!.id))) read.set(entry.id, entry);

  // The pictures of the entries read: made, copied or reused (a kept entry's were checked above).
  const sources = imageSources([...read.values()], originals);
  for (const source of sources) {
    if (!pictures.has(source.sha256)) continue;
    result.thumbnails.reused--; // counted again below
    if (source.wantFull && keptCopies.has(source.sha256)) result.images.reused--;
  }
  loadPictures(previous, sources.map((source) => source.sha256));
  const manifest = { thumbs: {} as GalleryManifest['thumbs'], images: {} as GalleryManifest['images'] };
  const { provenanceRead } = await prepareImages({ dir, previous, present, manifest, counts: result }, sources, { store, signal: ports.signal, onNotice: ports.onNotice });
  for (const sha256 in manifest.thumbs) {
    const kept = pictures.get(sha256);
    // A kept page may show a copy that no read entry asked for (its image is only their input).
    const image = manifest.images[sha256] ?? (kept !== undefined && keptCopies.has(sha256) ? `images/${sha256}.${copyExtension(kept)}` : undefined);
    pictures.set(sha256, pictureLine(sha256, manifest.thumbs[sha256], image));
  }
  const { readProvenance } = await import('../images/provenance.js');
  const provenanceOf = async (paths: string[]) => {
    for (const path of paths) {
      const data = await fs.readFile(path).catch(() => undefined);
      if (data) return readProvenance(data).catch(() => null);
    }
    return null;
  };

  const thumbOf = (sha256: string): ThumbRef | null => manifest.thumbs[sha256] ?? null;
  const hash = (text: string) => digest('sha256', text);
  const members = catalog.families.members([...new Set([...read.values()].map((e) => e.rootId))]);
  const ctx = { families: new Families(members), inGallery: (id: string) => inGallery.has(id) };
  const familyKeys = familySignatures(members, ctx.inGallery);

  const pages: Record<string, string> = {};
  /** Whether the previous run wrote `path` from the same key and it is still there: then it is kept as it is. */
  const unchanged = (path: string, key: string, previousKey: string | undefined) => {
    if (previousKey === key && present.has(path)) {
      result.pages.unchanged++;
      return true;
    }
    return false;
  };
  const write = async (path: string, content: string) => {
    await writeFileAtomic(join(dir, path), Buffer.from(content, 'utf8'), 0o644, false);
    result.pages.written++;
  };
  await fs.mkdir(join(dir, 'e'), { recursive: true });
  await fs.mkdir(join(dir, 'assets'), { recursive: true });
  const dropped = new Set<string>();
  for (const i of toRead) {
    const row = rows[i]!;
    const entry = read.get(row.id);
    if (!entry) {
      dropped.add(row.id); // deleted since the stamps were read
      continue;
    }
    const path = entryPagePath(row.id);
    const item: GalleryItem = {
      entry,
      thumb: entry.file ? thumbOf(entry.file.sha256) : null,
      image: entry.file ? (manifest.images[entry.file.sha256] ?? null) : null,
      inputs: entry.inputs.map((input) => ({ input, thumb: thumbOf(input.sha256) })),
      provenance: null,
    };
    const card = cardData(entry);
    const inputs = entry.inputs.map((input): [string, string | null] => [input.sha256, input.entryId]);
    // A page is a pure function of its item, its family and which of them are in the gallery:
    // when none of that changed, neither did the page, and it is not even rendered.
    const key = hash(`${PAGE_FORMAT}\n${VERSION}\n${familyKeys.get(entry.rootId) ?? ''}\n${linkDigits(inputs, inGallery)}\n${JSON.stringify(item)}`);
    slots.pageKeys[i] = key;
    slots.costs[i] = entry.usage.costUsd ?? 0;
    slots.cards[i] = renderCard(card, item.thumb);
    slots.facts[i] = cardJson(card);
    slots.lines[i] = entryLine({
      id: row.id,
      stamp: row.stamp,
      family: families.get(row.rootId) ?? '',
      linked: linkDigits(inputs, inGallery),
      pageKey: key,
      cost: entry.usage.costUsd,
      output: entry.file?.sha256 ?? null,
      inputs,
      card: slots.cards[i],
      facts: slots.facts[i],
    });
    const previousKey = previous.entries.size ? previousPageKey(previous, row.id) : previous.pages[path];
    if (unchanged(path, key, previousKey)) continue;
    ports.signal?.throwIfAborted();
    const file = entry.file;
    if (file) {
      // The image's bytes never change for its sha256, so neither does what it carries.
      item.provenance = provenanceRead.has(file.sha256) ? (provenanceRead.get(file.sha256) ?? null) : await provenanceOf([store.blobPath(file.sha256, file.mimeType), file.path]);
    }
    await write(path, renderEntryPage(item, ctx));
  }
  if (dropped.size) for (const list of Object.values(slots)) compact(list as unknown[], rows, dropped);
  const pageDir = join(dir, 'e') + sep;
  for (const row of rows) if (!dropped.has(row.id)) result.pagePaths[row.id] = `${pageDir}${row.id}.html`;
  result.entries = slots.cards.length;
  ports.signal?.throwIfAborted();
  const fixed = async (path: string, key: string, render: () => string) => {
    pages[path] = key;
    if (!unchanged(path, key, previous.pages[path])) await write(path, render());
  };
  await fixed('assets/gallery.css', hash(GALLERY_CSS), () => GALLERY_CSS);
  await fixed('assets/gallery.js', hash(GALLERY_JS), () => GALLERY_JS);
  // The total cost sums the entries' costs in the order a fresh run does (the same float).
  let totalCostUsd = 0;
  for (const cost of slots.costs) totalCostUsd += cost;
  // The index shows each entry's card (which its page's key covers), in order, and the total
  // cost: keyed by those, it is neither rendered nor hashed when none changed.
  await fixed('index.html', hash(`${PAGE_FORMAT}\n${VERSION}\n${totalCostUsd}\n${slots.pageKeys.join('\n')}`), () => renderIndex(slots.cards, slots.facts, { totalCostUsd }));

  const stale = staleFiles(previous, { pages, pictures, keep: (id) => inGallery.has(id) && !dropped.has(id) });
  for (const path of stale) {
    await fs.rm(join(dir, path), { force: true });
    if (path.startsWith('e/')) result.pages.removed++;
  }

  // Not fsynced either: a manifest lost to a power cut reads as damaged, which only means the
  // next run makes everything again (the folder is still known as a gallery by the file's name).
  await writeFileAtomic(join(dir, MANIFEST_FILE), serializeManifest({ cache, pages, pictures: pictures.values(), entries: slots.lines }, key), 0o644, false);
  await writeFileAtomic(join(store.home, LAST_GALLERY_FILE), Buffer.from(`${JSON.stringify({ dir })}\n`, 'utf8'), 0o644, false).catch(() => undefined);
  return result;
}

/** Drops the slots of rows that were deleted since the stamps were read (rare), keeping the order. */
function compact(list: unknown[], rows: readonly StampRow[], dropped: ReadonlySet<string>): void {
  let to = 0;
  for (let i = 0; i < rows.length; i++) if (!dropped.has(rows[i]!.id)) list[to++] = list[i];
  list.length = to;
}

function previousPageKey(previous: GalleryManifest, id: string): string | undefined {
  const line = previous.entries.get(id);
  return line === undefined ? undefined : linePageKey(line);
}

/**
 * What each family's pages show of it besides their own entry, by root: its change stamp and which
 * of its members are in the gallery (a digest when that is long).
 */
function familyTexts(rows: readonly StampRow[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const row of rows) {
    const text = texts.get(row.rootId);
    texts.set(row.rootId, text === undefined ? `${row.familyStamp}:${row.id}` : `${text},${row.id}`);
  }
  for (const [root, text] of texts) if (text.length > 64) texts.set(root, digest('sha256', text));
  return texts;
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

/**
 * The change stamps of every entry the filter selects, newest first, page by page until a short
 * page: a search's total is only a lower bound past a cap, so it cannot say when to stop.
 */
export function selectStamps(catalog: Ports['catalog'], filter: GalleryFilter, pageSize = PAGE_SIZE): StampRow[] {
  const all: StampRow[] = [];
  for (let page = 1; ; page++) {
    const rows = listStamps(catalog, { ...filter, limit: pageSize, page, count: false });
    all.push(...rows);
    if (rows.length < pageSize) return all;
  }
}

/** The previous run's manifest; refuses a path that is a file, or a folder of someone else's files. */
async function openFolder(dir: string, key: Buffer): Promise<GalleryManifest> {
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
  const manifest = await readManifest(join(dir, MANIFEST_FILE), key);
  if (manifest) return manifest;
  if (names.length > 0) {
    throw usageError('GALLERY_FOLDER_NOT_EMPTY', `${dir} already holds files that are not an imagegen gallery.`, 'Choose a new or empty folder with -o; a gallery folder is only ever updated by imagegen gallery.');
  }
  // Claimed before anything else is written, so a run cut short leaves a folder the next run
  // recognises as its own.
  await writeFileAtomic(join(dir, MANIFEST_FILE), serializeManifest({ cache: '', pages: {}, pictures: [], entries: [] }, key));
  return emptyManifest();
}

async function listFiles(dir: string, prefix: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).map((name) => prefix + name);
  } catch {
    return [];
  }
}
