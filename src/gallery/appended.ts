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
import { isPlainId } from './html.js';
import { parseRows } from './entry-line.js';
import type { Listing } from './folder.js';
import { sectionText, type GalleryManifest } from './manifest.js';

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
