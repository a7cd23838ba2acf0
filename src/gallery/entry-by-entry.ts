/**
 * A run entry by entry (any change but entries added on top, see appended.ts): the last run's
 * entries are kept one by one where they can be (kept.ts), the others are read and rendered.
 */
import type { StampRow } from '../catalog/catalog.js';
import { familyTexts, linePageKey, parseRows, shownId } from './entry-line.js';
import { isPlainId } from './html.js';
import { imageSources, prepareImages } from './images.js';
import { keepEntries, previousEntries } from './kept.js';
import { copyExtension, hasNoThumb, loadPictures, pictureLine, type GalleryManifest } from './manifest.js';
import { entryPagePath, renderIndex } from './pages.js';
import { compactSlots, costBytes, imagePorts, newFiles, newSlots, readEntries, remove, renderRead, withPagePaths, writeFixed, writeManifest, type GalleryResult, type Run } from './run.js';
import { staleFiles } from './stale.js';

/** Entry by entry: the last run's entries kept one by one where they can be (kept.ts), the others read. */
export async function entryByEntryRun(run: Run, selection: string, trusted: boolean): Promise<GalleryResult> {
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

