/**
 * One gallery run's shared parts: what it was given and found (`Run`), rendering the entries it
 * reads, writing the fixed files and the manifest, and the result.
 */
import { createHash, hash as digest } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join, sep } from 'node:path';
import { LAST_GALLERY_FILE } from '../core/open.js';
import type { ListOptions } from '../core/list.js';
import type { MemberRow, StampRow } from '../catalog/catalog.js';
import { VERSION } from '../version.js';
import { writeFileAtomic } from '../store/atomic.js';
import { GALLERY_CSS, GALLERY_JS } from './assets.js';
import { entryLine, linkDigits } from './entry-line.js';
import { Families } from './families.js';
import type { Listing } from './folder.js';
import type { Slots } from './kept.js';
import { MANIFEST_FILE, serializeManifest, type GalleryManifest, type Section } from './manifest.js';
import { cardData, cardJson, entryPagePath, renderCard, renderEntryPage, type GalleryItem, type ThumbRef } from './pages.js';
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

/** Bump when the pages' HTML changes shape, so every page is written again. */
export const PAGE_FORMAT = 2;
export type Pieces = readonly (string | Buffer)[];

/** One run: what it was given, what it found, and how it writes. */
export interface Run {
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
/** The result, with each entry's page made only when asked for (a run that adds 10 entries to 1,000 need not make 1,010 paths). */
export function withPagePaths(run: Run, ids: () => string[]): GalleryResult {
  const pageDir = join(run.dir, 'e') + sep;
  let paths: Record<string, string> | undefined;
  return Object.defineProperty(run.result, 'pagePaths', { enumerable: false, get: () => (paths ??= Object.fromEntries(ids().map((id) => [id, `${pageDir}${id}.html`]))) });
}

export interface ReadContext {
  families: ReadonlyMap<string, string>;
  inGallery: (id: string) => boolean;
  previousKey: (id: string) => string | undefined;
  manifest: Pick<GalleryManifest, 'thumbs' | 'images'>;
  provenanceRead: Map<string, Record<string, string> | null>;
}

/** Renders what the entries read show: their slots (card, facts, cost, line) and, where it changed, their page. Returns the ids deleted since the selection was read. */
export async function renderRead(run: Run, rows: readonly StampRow[], indexes: readonly number[], read: ReadonlyMap<string, Entry>, rc: ReadContext, slots: Slots): Promise<Set<string>> {
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
export async function writeFixed(run: Run, index: () => Buffer | Buffer[]): Promise<void> {
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

export async function write(run: Run, path: string, content: Buffer | Buffer[]): Promise<void> {
  await writeFileAtomic(join(run.dir, path), content, 0o644, false);
  run.result.pages.written++;
}

export async function remove(run: Run, path: string): Promise<void> {
  await fs.rm(join(run.dir, path), { force: true });
  if (path.startsWith('e/')) run.result.pages.removed++;
}

export async function writeManifest(run: Run, held: { thumbnails: number; copies: number }, sections: Record<Exclude<Section, 'meta'>, Pieces>): Promise<void> {
  const { dir, ports, cache, originals, pages, key } = run;
  // Not fsynced either: a manifest lost to a power cut reads as damaged, which only means the
  // next run makes everything again (the folder is still known as a gallery by the file's name).
  await writeFileAtomic(join(dir, MANIFEST_FILE), serializeManifest({ cache, originals, held, pages }, sections, key), 0o644, false);
  await writeFileAtomic(join(ports.store.home, LAST_GALLERY_FILE), Buffer.from(`${JSON.stringify({ dir })}\n`, 'utf8'), 0o644, false).catch(() => undefined);
}

export function imagePorts(run: Run) {
  return { store: run.ports.store, signal: run.ports.signal, onNotice: run.ports.onNotice };
}

export function newSlots(): Slots {
  return { cards: [], facts: [], costs: [], lines: [], links: new Set() };
}

/** Drops the slots of rows that were deleted since the selection was read (rare), keeping the order; returns the rows left. */
export function compactSlots(slots: Slots, rows: readonly StampRow[], dropped: ReadonlySet<string>): StampRow[] {
  if (dropped.size === 0) return [...rows];
  for (const list of [slots.cards, slots.facts, slots.costs, slots.lines] as unknown[][]) {
    let to = 0;
    for (let i = 0; i < rows.length; i++) if (!dropped.has(rows[i]!.id)) list[to++] = list[i];
    list.length = to;
  }
  return rows.filter((row) => !dropped.has(row.id));
}

/** The names a run leaves in thumbs/, images/ and e/ (for the next run to check). */
export function newFiles(manifest: { thumbs: Record<string, unknown>; images: Record<string, string> }, ids: readonly string[]): [string[], string[], string[]] {
  return [
    Object.keys(manifest.thumbs).filter((sha256) => manifest.thumbs[sha256]).map((sha256) => `${sha256}.webp`),
    Object.values(manifest.images).map((file) => file.slice('images/'.length)),
    ids.map((id) => `${id}.html`),
  ];
}

export function costBytes(costs: readonly number[]): Buffer {
  const bytes = Buffer.alloc(costs.length * 8);
  costs.forEach((cost, k) => bytes.writeDoubleLE(cost, k * 8));
  return bytes;
}

export const bytes = (piece: string | Buffer) => (typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece);

export function readEntries(catalog: Ports['catalog'], ids: readonly string[]): Map<string, Entry> {
  const read = new Map<string, Entry>();
  for (const entry of catalog.getEntries(ids)) read.set(entry.id, entry);
  return read;
}

/** One digest per family: its members' ids, parents, names, kinds, statuses, and which are in the gallery. */
export function familySignatures(members: readonly MemberRow[], inGallery: (id: string) => boolean): Map<string, string> {
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
