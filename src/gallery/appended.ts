/**
 * The usual incremental run: the selection is the last run's with new entries on top (the
 * catalog lists newest first). Then the last run's part of every section of the manifest — rows,
 * entry lines, pictures, cards, facts, costs — is kept as bytes and the new entries' are put in
 * front; the index is its frame around the new cards and the kept block of cards. Nothing is done
 * per kept entry but checking that the files the last run left are still there.
 *
 * It applies only when nothing a kept entry shows can have changed: the manifest is this home's
 * (signed) and made under the same format, version, home and originals setting; the selection's
 * text ends with the last run's exactly (same entries, order and change stamps, family stamps
 * included); no new entry belongs to a family of a kept one, nor is an input of one (either would
 * change a kept page); no new entry's picture is one the last run held (see `touchesKept`); and
 * every file the last run left is there. Otherwise the run goes entry by entry (kept.ts).
 */
import type { StampRow } from '../catalog/catalog.js';
import type { Entry } from '../domain/entry.js';
import { familyTexts, parseRows } from './entry-line.js';
import type { Listing } from './folder.js';
import { isPlainId } from './html.js';
import { prepareImages, type ImageSource } from './images.js';
import { pictureLine, sectionText, type GalleryManifest } from './manifest.js';
import { indexFrame } from './pages.js';
import { bytes, compactSlots, costBytes, imagePorts, newFiles, newSlots, remove, renderRead, withPagePaths, writeFixed, writeManifest, type GalleryResult, type Run } from './run.js';
import { staleFiles } from './stale.js';

export interface Appending {
  /** The new entries, in order, and each one's line of the selection's text. */
  fresh: { rows: StampRow[]; lines: string[] };
  /** The last run's selection text (the kept entries). */
  kept: string;
}

export function planAppend(previous: GalleryManifest, text: string, listing: Listing): Appending | undefined {
  const kept = sectionText(previous, 'rows');
  if (kept === '' || !text.endsWith(kept)) return undefined;
  const cut = text.length - kept.length;
  if (cut > 0 && text.charCodeAt(cut - 1) !== 10) return undefined;
  const fresh = parseRows(cut > 0 ? text.slice(0, cut - 1) : '');
  const links = sectionText(previous, 'links');
  for (const row of fresh.rows) {
    if (!isPlainId(row.id) || kept.includes(` ${row.rootId}/`) || links.includes(`,${row.id},`)) return undefined;
  }
  return allThere(sectionText(previous, 'files'), listing) ? { fresh, kept } : undefined;
}

/** Whether an image is one the last run held (a kept entry's `P` line would then change). */
export function touchesKept(previous: GalleryManifest, sha256: string): boolean {
  return previous.sections.pictures.includes(`P\t${sha256}\t`);
}

/** Whether every file the manifest says the last run left is in the folder. */
function allThere(files: string, listing: Listing): boolean {
  const [thumbs = '', images = '', pages = ''] = files.split('\n');
  const check = (list: string, present: ReadonlySet<string>) => {
    if (list === '') return true;
    for (const name of list.split('/')) if (!present.has(name)) return false;
    return true;
  };
  return check(thumbs, listing.thumbs) && check(images, listing.images) && check(pages, listing.pages);
}

/** A section's pieces: the new entries' part, the separator, then the last run's bytes. */
export function inFront(fresh: string, separator: string, kept: Buffer): (string | Buffer)[] {
  if (fresh === '') return [kept];
  if (kept.length === 0) return [fresh];
  return [fresh, separator, kept];
}

/** Whether an id is one of the kept entries (a line of the last run's selection text starts with it). */
export function keptHas(kept: string, id: string): boolean {
  return kept.startsWith(`${id} `) || kept.includes(`\n${id} `);
}

/** The run itself: the new entries read and rendered, in front of the last run's sections, kept as bytes. */
export async function appendRun(run: Run, plan: Appending, read: Map<string, Entry>, sources: ImageSource[]): Promise<GalleryResult> {
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

