/**
 * `gallery`: a static site of catalog entries in a folder — an index of lazy thumbnails with a
 * client-side filter, and a page per entry. Incremental: thumbnails are made once per image
 * (keyed by sha256) and reused; the catalog's change stamps say which entries changed since the
 * last run, and only those are read in full (the manifest keeps the rest: each entry's card and
 * the images its page shows, under its stamp); pages are rendered only when what they show
 * changed; and what the previous run wrote but this one no longer needs is removed. The folder holds only what this
 * module wrote: a folder with other files and no manifest is refused.
 */
import { hash as digest } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { usageError } from '../domain/errors.js';
import { LAST_GALLERY_FILE } from '../core/open.js';
import { listStamps, type ListOptions } from '../core/list.js';
import type { MemberRow, StampRow } from '../catalog/catalog.js';
import { VERSION } from '../version.js';
import { writeFileAtomic } from '../store/atomic.js';
import { GALLERY_CSS, GALLERY_JS } from './assets.js';
import { Families } from './families.js';
import { isPlainId } from './html.js';
import { IMAGE_FILE, imageSources, prepareImages, THUMB_FILE, vouched, type ImageUse } from './images.js';
import { emptyManifest, MANIFEST_FILE, readManifest, type EntryRecord, type GalleryManifest } from './manifest.js';
import { cardData, entryPagePath, renderEntryPage, renderIndex, type CardData, type GalleryItem, type IndexCard, type ThumbRef } from './pages.js';
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
  let selected: StampRow[];
  try {
    selected = selectStamps(catalog, options.filter);
  } catch (err) {
    await opening; // a folder that cannot be a gallery is the first thing to say
    throw err;
  }
  const previous = await opening;
  const manifest: GalleryManifest = emptyManifest();
  const rows = selected.filter((row) => {
    if (isPlainId(row.id)) return true;
    ports.onNotice?.(`Skipped an entry whose id cannot name a file: ${JSON.stringify(row.id)}.`);
    return false;
  });
  // What the last run kept of each entry, trusted only under the same format, version and home,
  // and only while the entry's change stamp is the same: the others are read in full.
  const cache = `${PAGE_FORMAT}\n${VERSION}\n${store.home}`;
  manifest.cache = cache;
  manifest.entries = {};
  const kept = previous.cache === cache ? (previous.entries ?? {}) : {};
  const records = new Map<string, EntryRecord>();
  for (const row of rows) {
    const record = kept[row.id];
    if (isRecord(record, row.id) && record.s === row.stamp) records.set(row.id, record);
  }
  const present = new Set((await listing).flat());
  const read = new Map<string, Entry>();
  const readIn = (ids: string[]) => {
    for (const entry of catalog.getEntries(ids)) read.set(entry.id, entry);
  };
  // A record is used only while its pictures are all in the folder as the last run left them:
  // a picture to make again is read from the entry's own files, so that entry is read in full.
  const originals = options.originals !== false;
  for (const [id, record] of records) {
    const file = record.f && vouched({ sha256: record.f[0], mimeType: record.f[1], wantFull: originals }, previous, present);
    const ok = (file === null || (file.thumbOk && file.fullOk)) && record.i.every(([sha256]) => vouched({ sha256, mimeType: '', wantFull: false }, previous, present).thumbOk);
    if (!ok) records.delete(id);
  }
  readIn(rows.filter((row) => !records.has(row.id)).map((row) => row.id));

  const result: GalleryResult = {
    dir,
    index: join(dir, 'index.html'),
    entries: rows.length,
    pages: { written: 0, unchanged: 0, removed: 0 },
    thumbnails: { made: 0, reused: 0, failed: 0 },
    images: { added: 0, reused: 0, missing: 0 },
    pagePaths: {},
  };
  const uses: ImageUse[] = [];
  for (const row of rows) {
    const entry = read.get(row.id);
    if (entry) uses.push(entry);
    else if (records.has(row.id)) uses.push(imageUse(records.get(row.id)!));
  }
  const { provenanceRead } = await prepareImages(
    { dir, previous, present, manifest, counts: result },
    imageSources(uses, originals),
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

  const inGallery = new Set(rows.map((row) => row.id));
  const thumbOf = (sha256: string): ThumbRef | null => manifest.thumbs[sha256] ?? null;
  const hash = (text: string) => digest('sha256', text);
  // What a page shows besides its entry: its family (its stamp, and which members are in the
  // gallery), which of its inputs link to a page here, and its pictures.
  const familyDigests = familyStamps(rows);
  const dependsOn = (rootId: string, file: string | null, inputs: readonly (readonly [string, string | null])[]) => {
    let linked = '';
    let thumbs = '';
    for (const [sha256, entryId] of inputs) {
      linked += entryId && inGallery.has(entryId) ? '1' : '0';
      thumbs += `${JSON.stringify(thumbOf(sha256))},`;
    }
    const picture = file === null ? 'null' : `${JSON.stringify(thumbOf(file))} ${manifest.images[file] ?? ''}`;
    return hash(`${familyDigests.get(rootId)}\n${linked}\n${picture}\n${thumbs}`);
  };
  for (const row of rows) {
    const record = records.get(row.id);
    if (!record) continue;
    const path = entryPagePath(row.id);
    if (dependsOn(row.rootId, record.f?.[0] ?? null, record.i) !== record.k || previous.pages[path] === undefined || !present.has(path)) records.delete(row.id);
  }
  // Rare: a page whose entry is the same but whose family, links or pictures are not.
  readIn(rows.filter((row) => !records.has(row.id) && !read.has(row.id)).map((row) => row.id));

  const members = catalog.families.members([...new Set([...read.values()].map((e) => e.rootId))]);
  const families = new Families(members);

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
  await fs.mkdir(join(dir, 'e'), { recursive: true });
  await fs.mkdir(join(dir, 'assets'), { recursive: true });
  const ctx = { families, inGallery: (id: string) => inGallery.has(id) };
  const familyKeys = familySignatures(members, ctx.inGallery);
  const pageDir = join(dir, 'e') + sep;
  const pageKeys: string[] = [];
  const cards: IndexCard[] = [];
  let totalCostUsd = 0;
  for (const row of rows) {
    const path = entryPagePath(row.id);
    result.pagePaths[row.id] = `${pageDir}${row.id}.html`;
    const record = records.get(row.id);
    if (record) {
      // The same entry, family, links and pictures: the same page, and the same card.
      const key = previous.pages[path]!;
      pageKeys.push(key);
      unchanged(path, key);
      manifest.entries[row.id] = record;
      cards.push({ card: record.c, thumb: record.f ? thumbOf(record.f[0]) : null });
      totalCostUsd += record.c.costUsd ?? 0;
      continue;
    }
    const entry = read.get(row.id);
    if (!entry) continue; // deleted since the stamps were read
    const item: GalleryItem = {
      entry,
      thumb: entry.file ? thumbOf(entry.file.sha256) : null,
      image: entry.file ? (manifest.images[entry.file.sha256] ?? null) : null,
      inputs: entry.inputs.map((input) => ({ input, thumb: thumbOf(input.sha256) })),
      provenance: null,
    };
    const card = cardData(entry);
    const inputs = entry.inputs.map((input): [string, string | null] => [input.sha256, input.entryId]);
    manifest.entries[row.id] = {
      s: row.stamp,
      k: dependsOn(row.rootId, entry.file?.sha256 ?? null, inputs),
      c: card,
      f: entry.file ? [entry.file.sha256, entry.file.mimeType] : null,
      i: inputs,
    } satisfies EntryRecord;
    cards.push({ card, thumb: item.thumb });
    totalCostUsd += entry.usage.costUsd ?? 0;
    // A page is a pure function of its item, its family and which of them are in the gallery:
    // when none of that changed, neither did the page, and it is not even rendered.
    const key = hash(`${PAGE_FORMAT}\n${VERSION}\n${familyKeys.get(entry.rootId) ?? ''}\n${linkedInputs(entry, inGallery)}\n${JSON.stringify(item)}`);
    pageKeys.push(key);
    if (unchanged(path, key)) continue;
    ports.signal?.throwIfAborted();
    const file = entry.file;
    if (file) {
      // The image's bytes never change for its sha256, so neither does what it carries.
      item.provenance = provenanceRead.has(file.sha256) ? (provenanceRead.get(file.sha256) ?? null) : await provenanceOf([store.blobPath(file.sha256, file.mimeType), file.path]);
    }
    await write(path, renderEntryPage(item, ctx));
  }
  result.entries = cards.length;
  ports.signal?.throwIfAborted();
  const fixed = async (path: string, content: string) => {
    if (!unchanged(path, hash(content))) await write(path, content);
  };
  await fixed('assets/gallery.css', GALLERY_CSS);
  await fixed('assets/gallery.js', GALLERY_JS);
  // The index shows each entry's card (which its page's key covers), in order, and the total
  // cost: keyed by those, it is neither rendered nor hashed when none changed.
  if (!unchanged('index.html', hash(`${PAGE_FORMAT}\n${VERSION}\n${totalCostUsd}\n${pageKeys.join('\n')}`))) {
    await write('index.html', renderIndex(cards, { totalCostUsd }));
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

/** One digest per family in the gallery: its change stamp and which of its members are in the gallery. */
function familyStamps(rows: readonly StampRow[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const row of rows) {
    const text = texts.get(row.rootId);
    texts.set(row.rootId, text === undefined ? `${row.familyStamp}\n${row.id}` : `${text},${row.id}`);
  }
  const digests = new Map<string, string>();
  for (const [root, text] of texts) digests.set(root, digest('sha256', text));
  return digests;
}

/** The images a kept record's page shows, in the shape `imageSources` takes (no paths: they are not read). */
function imageUse(record: EntryRecord): ImageUse {
  return { file: record.f ? { sha256: record.f[0], mimeType: record.f[1] } : null, inputs: record.i.map(([sha256]) => ({ sha256 })) };
}

const text = (value: unknown): value is string => typeof value === 'string';
const textOrNull = (value: unknown) => value === null || typeof value === 'string';

/** The manifest is a file in someone's folder: a record is used only if it has the shape this module writes, for this id. */
function isRecord(value: unknown, id: string): value is EntryRecord {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Partial<EntryRecord>;
  const c = r.c as Partial<CardData> | undefined;
  return (
    typeof r.s === 'number' &&
    text(r.k) &&
    c !== null &&
    typeof c === 'object' &&
    c.id === id &&
    text(c.name) &&
    text(c.prompt) &&
    text(c.effectivePrompt) &&
    text(c.kind) &&
    text(c.status) &&
    textOrNull(c.emotion) &&
    textOrNull(c.project) &&
    text(c.model) &&
    (c.costUsd === null || typeof c.costUsd === 'number') &&
    text(c.createdAt) &&
    (r.f === null || (Array.isArray(r.f) && r.f.length === 2 && r.f.every(text))) &&
    Array.isArray(r.i) &&
    r.i.every((input) => Array.isArray(input) && input.length === 2 && text(input[0]) && textOrNull(input[1]))
  );
}

/** Which of an entry's inputs link to a page in this gallery, as one digit each. */
function linkedInputs(entry: Entry, inGallery: ReadonlySet<string>): string {
  let digits = '';
  for (const input of entry.inputs) digits += input.entryId && inGallery.has(input.entryId) ? '1' : '0';
  return digits;
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
