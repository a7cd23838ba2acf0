/**
 * `gallery`: a static site of catalog entries in a folder — an index of lazy thumbnails with a
 * client-side filter, and a page per entry. Incremental: thumbnails are made once per image
 * (keyed by sha256) and reused; the catalog's change stamps say which entries changed since the
 * last run, and only those are read in full — the signed manifest keeps the rest (each entry's
 * line, card, facts, cost and pictures; see manifest.ts). When the run only adds entries on top,
 * the kept part is carried over as bytes (appended.ts); otherwise entry by entry (kept.ts).
 * Pages are rendered only when what they show changed, and what the previous run wrote but this
 * one no longer needs is removed. The folder holds only what this module wrote: a folder with
 * other files and no manifest is refused.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { listStampText } from '../core/list.js';
import { VERSION } from '../version.js';
import { appendRun, planAppend, touchesKept } from './appended.js';
import { entryByEntryRun } from './entry-by-entry.js';
import { Listing, openFolder } from './folder.js';
import { imageSources } from './images.js';
import { galleryKey } from './manifest-key.js';
import { PAGE_FORMAT, readEntries, type GalleryFilter, type GalleryOptions, type GalleryResult, type Run } from './run.js';
import type { Ports } from '../core/ports.js';

export type { GalleryFilter, GalleryOptions, GalleryResult } from './run.js';

const PAGE_SIZE = 5000;

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

/**
 * The selection's text (see Stamps.selectText), page by page until a short page: a search's
 * total is only a lower bound past a cap, so it cannot say when to stop.
 */
export function selectText(catalog: Ports['catalog'], filter: GalleryFilter, pageSize = PAGE_SIZE): string {
  const texts: string[] = [];
  for (let page = 1; ; page++) {
    const { text, count } = listStampText(catalog, { ...filter, limit: pageSize, page, count: false });
    if (text) texts.push(text);
    if (count < pageSize) return texts.join('\n');
  }
}
