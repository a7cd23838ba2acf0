/**
 * `gallery`: a static site of catalog entries in a folder — an index of lazy thumbnails with a
 * client-side filter, and a page per entry. Incremental: thumbnails are made once per image
 * (keyed by sha256) and reused; the catalog's change stamps say which entries changed since the
 * last run, and only those are read in full (the manifest keeps the rest: each entry's card and
 * the images its page shows, under its stamp); pages are rendered only when what they show
 * changed; and what the previous run wrote but this one no longer needs is removed. The folder holds only what this
 * module wrote: a folder with other files and no manifest is refused.
 */
import { createHash, hash as digest, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { LAST_GALLERY_FILE } from '../core/open.js';
import { listStampText, type ListOptions } from '../core/list.js';
import type { MemberRow, StampRow } from '../catalog/catalog.js';
import { VERSION } from '../version.js';
import { writeFileAtomic } from '../store/atomic.js';
import { inFront, keptHas, planAppend, touchesKept, type Appending } from './appended.js';
import { GALLERY_CSS, GALLERY_JS } from './assets.js';
import { entryLine, familyTexts, linePageKey, linkDigits, parseRows, shownId } from './entry-line.js';
import { Families } from './families.js';
import { Listing, openFolder } from './folder.js';
import { isPlainId } from './html.js';
import { imageSources, prepareImages, type ImageSource } from './images.js';
import { keepEntries, previousEntries, type Slots } from './kept.js';
import { copyExtension, hasNoThumb, loadPictures, MANIFEST_FILE, pictureLine, sectionText, serializeManifest, type GalleryManifest, type Section } from './manifest.js';
import { galleryKey } from './manifest-key.js';
import { cardData, cardJson, entryPagePath, indexFrame, renderCard, renderEntryPage, renderIndex, type GalleryItem, type ThumbRef } from './pages.js';
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
  /** Entry id → its page, absolute (made when read: not enumerable, not in the JSON output). */
  readonly pagePaths: Record<string, string>;
}

const PAGE_SIZE = 5000;
/** Bump when the pages' HTML changes shape, so every page is written again. */
const PAGE_FORMAT = 2;


type Pieces = readonly (string | Buffer)[];

/** One run: what it was given, what it found, and how it writes. */
interface Run {
  ports: Pick<Ports, 'catalog' | 'store' | 'signal' | 'onNotice' | 'cwd'>;
  dir: string;
  previous: GalleryManifest;
  key: Buffer;
  folder: Listing;
  originals: boolean;
  cache: string;
  result: GalleryResult;
  /** The fixed files this run keeps, and their keys. */
  pages: Record<string, string>;
}

export async function buildGallery(ports: Pick<Ports, 'catalog' | 'store' | 'signal' | 'onNotice' | 'cwd'>, options: GalleryOptions): Promise<GalleryResult> {
  const { catalog, store } = ports;
  const dir = resolve(ports.cwd ?? process.cwd(), options.dir);
  const keying = galleryKey(store.home).catch((err: unknown) => {
    ports.onNotice?.(`The gallery key could not be kept in the home (${(err as Error).message}); the next run reads every entry again.`);
    return randomBytes(32);
  });
  // The folder is read on the thread pool while the catalog is read on this thread.
  const opening = keying.then((key) => openFolder(dir, key));
  opening.catch(() => undefined);
  const listing = Listing.read(dir);
  let selection: string;
  try {
    selection = selectText(catalog, options.filter);
  } catch (err) {
    await opening; // a folder that cannot be a gallery is the first thing to say
    throw err;
  }
  const previous = await opening;
  const originals = options.originals !== false;
  const run: Run = {
    ports,
    dir,
    previous,
    key: await keying,
    folder: await listing,
    originals,
    cache: `${PAGE_FORMAT}\n${VERSION}\n${store.home}`,
    result: {
      dir,
      index: join(dir, 'index.html'),
      entries: 0,
      pages: { written: 0, unchanged: 0, removed: 0 },
      thumbnails: { made: 0, reused: 0, failed: 0 },
      images: { added: 0, reused: 0, missing: 0 },
    } as GalleryResult,
    pages: {},
  };
  // What the last run kept is used only from a manifest this home signed, made under the same
  // format, version, home and originals setting.
  const trusted = previous.signed && previous.cache === run.cache && previous.originals === originals;
  const plan = trusted ? planAppend(previous, selection, run.folder) : undefined;
  if (plan) {
    const read = readEntries(catalog, plan.fresh.rows.map((row) => row.id));
    const sources = imageSources([...read.values()], originals);
    if (!sources.some((source) => touchesKept(previous, source.sha256))) return appendRun(run, plan, read, sources);
  }
  return entryByEntryRun(run, selection, trusted);
}

/** New entries on top of the last run's, which are kept as bytes (see appended.ts). */
async function appendRun(run: Run, plan: Appending, read: Map<string, Entry>, sources: ImageSource[]): Promise<GalleryResult> {
  const { previous, result } = run;
  const rows = plan.fresh.rows;
  const ids = new Set(rows.map((row) => row.id));
  const manifest = { thumbs: {} as GalleryManifest['thumbs'], images: {} as GalleryManifest['images'] };
  const { provenanceRead } = await prepareImages({ dir: run.dir, previous, present: run.folder, manifest, counts: result }, sources, imagePorts(run));
  const slots = newSlots();
  const dropped = await renderRead(run, rows, rows.map((_, i) => i), read, { families: familyTexts(rows), inGallery: (id) => ids.has(id) || keptHas(plan.kept, id), previousKey: () => undefined, manifest, provenanceRead }, slots);
  const rowLines = plan.fresh.lines.filter((_, i) => !dropped.has(rows[i]!.id));
  compactSlots(slots, rows, dropped);
  const keptCount = previous.sections.costs.length / 8;
  result.pages.unchanged += keptCount;
  result.thumbnails.reused += previous.held.thumbnails;
  result.images.reused += previous.held.copies;
  result.entries = slots.cards.length + keptCount;
  const newPictures = Object.keys(manifest.thumbs).map((sha256) => pictureLine(sha256, manifest.thumbs[sha256], manifest.images[sha256]));
  let totalCostUsd = 0;
  for (const cost of slots.costs) totalCostUsd += cost;
  for (let k = 0; k < keptCount; k++) totalCostUsd += previous.sections.costs.readDoubleLE(k * 8);
  const frame = indexFrame(result.entries, { totalCostUsd });
  const cards = inFront(slots.cards.join('\n'), '\n', previous.sections.cards);
  const facts = inFront(slots.facts.join(','), ',', previous.sections.facts);
  await writeFixed(run, () => [frame.before, ...cards, frame.between, ...facts, frame.after].map(bytes));
  for (const path of staleFiles(previous, undefined, { pages: run.pages, pictures: new Map(), keep: () => true })) await remove(run, path);

  const keptFiles = sectionText(previous, 'files').split('\n');
  const files = newFiles(manifest, slots.lines.map((line) => line.slice(2, line.indexOf('\t', 2))));
  const links = [...slots.links].filter((id) => !previous.sections.links.includes(`,${id},`));
  await writeManifest(
    run,
    { thumbnails: previous.held.thumbnails + newPictures.length, copies: previous.held.copies + Object.keys(manifest.images).length },
    {
      rows: inFront(rowLines.join('\n'), '\n', previous.sections.rows),
      entries: inFront(slots.lines.join('\n'), '\n', previous.sections.entries),
      pictures: inFront(newPictures.join('\n'), '\n', previous.sections.pictures),
      cards,
      facts,
      costs: [costBytes(slots.costs), previous.sections.costs],
      links: links.length === 0 ? [previous.sections.links] : previous.sections.links.length ? [`,${links.join(',')}`, previous.sections.links] : [`,${links.join(',')},`],
      files: [files.map((list, k) => [...list, keptFiles[k] ?? ''].filter(Boolean).join('/')).join('\n')],
    },
  );
  // A kept entry's id is in the last run's selection text.
  return withPagePaths(run, () => [...rows.filter((row) => !dropped.has(row.id)).map((row) => row.id), ...parseRows(plan.kept).rows.map((row) => row.id)]);
}

/** Entry by entry: the last run's entries kept one by one where they can be (kept.ts), the others read. */
async function entryByEntryRun(run: Run, selection: string, trusted: boolean): Promise<GalleryResult> {
  const { previous, result, ports } = run;
  const parsed = parseRows(selection);
  const rows: StampRow[] = [];
  const rowLines: string[] = [];
  parsed.rows.forEach((row, i) => {
    if (!isPlainId(row.id)) {
      ports.onNotice?.(`Skipped an entry whose id cannot name a file: ${JSON.stringify(shownId(row.id))}.`);
      return;
    }
    rows.push(row);
    rowLines.push(parsed.lines[i]!);
  });
  const inGallery = new Set<string>();
  for (const row of rows) inGallery.add(row.id);
  const families = familyTexts(rows);
  const kept = previousEntries(previous, trusted);
  const slots = newSlots();
  const pictures = new Map<string, string>();
  const keptCopies = new Set<string>();
  const has = (id: string) => inGallery.has(id);
  const toRead = keepEntries(rows, { previous: kept, families, inGallery: has, present: run.folder, originals: run.originals, pictures, keptCopies, counts: result }, slots);
  result.pages.unchanged += rows.length - toRead.length;
  const read = readEntries(ports.catalog, toRead.map((i) => rows[i]!.id));

  // The pictures of the entries read: made, copied or reused (a kept entry's were checked above).
  const sources = imageSources([...read.values()], run.originals);
  for (const source of sources) {
    if (!pictures.has(source.sha256)) continue;
    result.thumbnails.reused--; // counted again below
    if (source.wantFull && keptCopies.has(source.sha256)) result.images.reused--;
  }
  loadPictures(previous, kept.pictures, sources.map((source) => source.sha256));
  const manifest = { thumbs: {} as GalleryManifest['thumbs'], images: {} as GalleryManifest['images'] };
  const { provenanceRead } = await prepareImages({ dir: run.dir, previous, present: run.folder, manifest, counts: result }, sources, imagePorts(run));
  for (const sha256 in manifest.thumbs) {
    const line = pictures.get(sha256);
    // A kept page may show a copy that no read entry asked for (its image is only their input).
    const image = manifest.images[sha256] ?? (line !== undefined && keptCopies.has(sha256) ? `images/${sha256}.${copyExtension(line)}` : undefined);
    pictures.set(sha256, pictureLine(sha256, manifest.thumbs[sha256], image));
  }
  const previousKey = (id: string) => {
    const index = kept.at.get(id);
    return index === undefined ? previous.pages[entryPagePath(id)] : linePageKey(kept.lines[index]!);
  };
  const dropped = await renderRead(run, rows, toRead, read, { families, inGallery: has, previousKey, manifest, provenanceRead }, slots);
  const keptRows = compactSlots(slots, rows, dropped);
  const keptLines = rowLines.filter((_, i) => !dropped.has(rows[i]!.id));
  result.entries = keptRows.length;
  let totalCostUsd = 0;
  for (const cost of slots.costs) totalCostUsd += cost;
  await writeFixed(run, () => renderIndex(slots.cards, slots.facts, { totalCostUsd }));
  for (const path of staleFiles(previous, kept, { pages: run.pages, pictures, keep: (id) => inGallery.has(id) && !dropped.has(id) })) await remove(run, path);

  const lines = [...pictures.values()];
  const files = newFiles(
    { thumbs: Object.fromEntries(lines.filter((line) => !hasNoThumb(line)).map((line) => [line.slice(2, 66), true])), images: Object.fromEntries(lines.filter((line) => copyExtension(line)).map((line) => [line.slice(2, 66), `images/${line.slice(2, 66)}.${copyExtension(line)}`])) },
    keptRows.map((row) => row.id),
  );
  await writeManifest(
    run,
    { thumbnails: lines.length, copies: lines.filter((line) => copyExtension(line) !== '').length },
    {
      rows: [keptLines.join('\n')],
      entries: [slots.lines.join('\n')],
      pictures: [lines.join('\n')],
      cards: [slots.cards.join('\n')],
      facts: [slots.facts.join(',')],
      costs: [costBytes(slots.costs)],
      links: [slots.links.size ? `,${[...slots.links].join(',')},` : ''],
      files: [files.map((list) => list.join('/')).join('\n')],
    },
  );
  return withPagePaths(run, () => keptRows.map((row) => row.id));
}

/** The result, with each entry's page made only when asked for (a run that adds 10 entries to 1,000 need not make 1,010 paths). */
function withPagePaths(run: Run, ids: () => string[]): GalleryResult {
  const pageDir = join(run.dir, 'e') + sep;
  let paths: Record<string, string> | undefined;
  return Object.defineProperty(run.result, 'pagePaths', { enumerable: false, get: () => (paths ??= Object.fromEntries(ids().map((id) => [id, `${pageDir}${id}.html`]))) });
}

interface ReadContext {
  families: ReadonlyMap<string, string>;
  inGallery: (id: string) => boolean;
  previousKey: (id: string) => string | undefined;
  manifest: Pick<GalleryManifest, 'thumbs' | 'images'>;
  provenanceRead: Map<string, Record<string, string> | null>;
}

/** Renders what the entries read show: their slots (card, facts, cost, line) and, where it changed, their page. Returns the ids deleted since the selection was read. */
async function renderRead(run: Run, rows: readonly StampRow[], indexes: readonly number[], read: ReadonlyMap<string, Entry>, rc: ReadContext, slots: Slots): Promise<Set<string>> {
  const { ports, result } = run;
  const { store } = ports;
  const thumbOf = (sha256: string): ThumbRef | null => rc.manifest.thumbs[sha256] ?? null;
  const members = ports.catalog.families.members([...new Set([...read.values()].map((e) => e.rootId))]);
  const ctx = { families: new Families(members), inGallery: rc.inGallery };
  const familyKeys = familySignatures(members, rc.inGallery);
  const { readProvenance } = await import('../images/provenance.js');
  const provenanceOf = async (paths: string[]) => {
    for (const path of paths) {
      const data = await fs.readFile(path).catch(() => undefined);
      if (data) return readProvenance(data).catch(() => null);
    }
    return null;
  };
  await fs.mkdir(join(run.dir, 'e'), { recursive: true });
  const dropped = new Set<string>();
  for (const i of indexes) {
    const row = rows[i]!;
    const entry = read.get(row.id);
    if (!entry) {
      dropped.add(row.id); // deleted since the selection was read
      continue;
    }
    const path = entryPagePath(row.id);
    const item: GalleryItem = {
      entry,
      thumb: entry.file ? thumbOf(entry.file.sha256) : null,
      image: entry.file ? (rc.manifest.images[entry.file.sha256] ?? null) : null,
      inputs: entry.inputs.map((input) => ({ input, thumb: thumbOf(input.sha256) })),
      provenance: null,
    };
    const card = cardData(entry);
    const inputs = entry.inputs.map((input): [string, string | null] => [input.sha256, input.entryId]);
    const linked = linkDigits(inputs, rc.inGallery);
    // A page is a pure function of its item, its family and which of them are in the gallery:
    // when none of that changed, neither did the page, and it is not even rendered.
    const key = digest('sha256', `${PAGE_FORMAT}\n${VERSION}\n${familyKeys.get(entry.rootId) ?? ''}\n${linked}\n${JSON.stringify(item)}`);
    slots.costs[i] = entry.usage.costUsd ?? 0;
    slots.cards[i] = renderCard(card, item.thumb);
    slots.facts[i] = cardJson(card);
    slots.lines[i] = entryLine({ id: row.id, stamp: row.stamp, family: rc.families.get(row.rootId) ?? '', linked, pageKey: key, output: entry.file?.sha256 ?? null, inputs });
    for (const [, entryId] of inputs) if (entryId !== null) slots.links.add(entryId);
    if (rc.previousKey(row.id) === key && run.folder.has(path)) {
      result.pages.unchanged++;
      continue;
    }
    ports.signal?.throwIfAborted();
    const file = entry.file;
    if (file) {
      // The image's bytes never change for its sha256, so neither does what it carries.
      item.provenance = rc.provenanceRead.has(file.sha256) ? (rc.provenanceRead.get(file.sha256) ?? null) : await provenanceOf([store.blobPath(file.sha256, file.mimeType), file.path]);
    }
    await write(run, path, Buffer.from(renderEntryPage(item, ctx), 'utf8'));
  }
  return dropped;
}

/** The assets and the index: each kept while its key (its content's digest) is the same and it is there. */
async function writeFixed(run: Run, index: () => Buffer | Buffer[]): Promise<void> {
  run.ports.signal?.throwIfAborted();
  await fs.mkdir(join(run.dir, 'assets'), { recursive: true });
  const fixed = async (path: string, content: Buffer | Buffer[]) => {
    const hash = createHash('sha256');
    for (const piece of Array.isArray(content) ? content : [content]) hash.update(piece);
    const key = hash.digest('hex');
    run.pages[path] = key;
    if (run.previous.pages[path] === key && run.folder.has(path)) run.result.pages.unchanged++;
    else await write(run, path, content);
  };
  await fixed('assets/gallery.css', Buffer.from(GALLERY_CSS, 'utf8'));
  await fixed('assets/gallery.js', Buffer.from(GALLERY_JS, 'utf8'));
  await fixed('index.html', index());
}

async function write(run: Run, path: string, content: Buffer | Buffer[]): Promise<void> {
  await writeFileAtomic(join(run.dir, path), content, 0o644, false);
  run.result.pages.written++;
}

async function remove(run: Run, path: string): Promise<void> {
  await fs.rm(join(run.dir, path), { force: true });
  if (path.startsWith('e/')) run.result.pages.removed++;
}

async function writeManifest(run: Run, held: { thumbnails: number; copies: number }, sections: Record<Exclude<Section, 'meta'>, Pieces>): Promise<void> {
  const { dir, ports, cache, originals, pages, key } = run;
  // Not fsynced either: a manifest lost to a power cut reads as damaged, which only means the
  // next run makes everything again (the folder is still known as a gallery by the file's name).
  await writeFileAtomic(join(dir, MANIFEST_FILE), serializeManifest({ cache, originals, held, pages }, sections, key), 0o644, false);
  await writeFileAtomic(join(ports.store.home, LAST_GALLERY_FILE), Buffer.from(`${JSON.stringify({ dir })}\n`, 'utf8'), 0o644, false).catch(() => undefined);
}

function imagePorts(run: Run) {
  return { store: run.ports.store, signal: run.ports.signal, onNotice: run.ports.onNotice };
}

function newSlots(): Slots {
  return { cards: [], facts: [], costs: [], lines: [], links: new Set() };
}

/** Drops the slots of rows that were deleted since the selection was read (rare), keeping the order; returns the rows left. */
function compactSlots(slots: Slots, rows: readonly StampRow[], dropped: ReadonlySet<string>): StampRow[] {
  if (dropped.size === 0) return [...rows];
  for (const list of [slots.cards, slots.facts, slots.costs, slots.lines] as unknown[][]) {
    let to = 0;
    for (let i = 0; i < rows.length; i++) if (!dropped.has(rows[i]!.id)) list[to++] = list[i];
    list.length = to;
  }
  return rows.filter((row) => !dropped.has(row.id));
}

/** The names a run leaves in thumbs/, images/ and e/ (for the next run to check). */
function newFiles(manifest: { thumbs: Record<string, unknown>; images: Record<string, string> }, ids: readonly string[]): [string[], string[], string[]] {
  return [
    Object.keys(manifest.thumbs).filter((sha256) => manifest.thumbs[sha256]).map((sha256) => `${sha256}.webp`),
    Object.values(manifest.images).map((file) => file.slice('images/'.length)),
    ids.map((id) => `${id}.html`),
  ];
}

function costBytes(costs: readonly number[]): Buffer {
  const bytes = Buffer.alloc(costs.length * 8);
  costs.forEach((cost, k) => bytes.writeDoubleLE(cost, k * 8));
  return bytes;
}

const bytes = (piece: string | Buffer) => (typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece);

function readEntries(catalog: Ports['catalog'], ids: readonly string[]): Map<string, Entry> {
  const read = new Map<string, Entry>();
  for (const entry of catalog.getEntries(ids)) read.set(entry.id, entry);
  return read;
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
 * The selection's text (see Stamps.selectText), page by page until a short page: a search's
 * total is only a lower bound past a cap, so it cannot say when to stop.
 */
function selectText(catalog: Ports['catalog'], filter: GalleryFilter, pageSize = PAGE_SIZE): string {
  const texts: string[] = [];
  for (let page = 1; ; page++) {
    const { text, count } = listStampText(catalog, { ...filter, limit: pageSize, page, count: false });
    if (text) texts.push(text);
    if (count < pageSize) return texts.join('\n');
  }
}

/** The change stamps of every entry the filter selects, newest first. */
export function selectStamps(catalog: Ports['catalog'], filter: GalleryFilter, pageSize = PAGE_SIZE): StampRow[] {
  return parseRows(selectText(catalog, filter, pageSize)).rows;
}
