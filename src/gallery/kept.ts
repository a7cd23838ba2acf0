/**
 * Which entries an incremental run keeps as the last run left them, from the manifest's entry
 * lines alone: an entry whose change stamp, family and links are the same, whose page is in the
 * folder and whose pictures the manifest and the folder both still vouch for keeps its page (not
 * rendered), its card and facts (pasted into the index as they are: the manifest is signed, see
 * manifest-key.ts) and its line. Nothing is parsed into objects for it but its inputs, if any.
 */
import type { StampRow } from '../catalog/catalog.js';
import { entryLinePrefix, fieldEnds, unescapeField } from './entry-line.js';
import { copyExtension, hasNoThumb, type GalleryManifest } from './manifest.js';
import type { ImageCounts } from './images.js';

/** Per row of the selection, in its order: what goes into the index, the index's key and the manifest. */
export interface Slots {
  cards: string[];
  facts: string[];
  pageKeys: string[];
  costs: number[];
  lines: string[];
}

export interface KeepContext {
  previous: GalleryManifest;
  /** What each family's pages show of it, by root (see `familyTexts`). */
  families: ReadonlyMap<string, string>;
  inGallery: ReadonlySet<string>;
  present: ReadonlySet<string>;
  originals: boolean;
  /** The new manifest's `P` lines: a kept entry's pictures are copied in as they were. */
  pictures: Map<string, string>;
  /** The outputs of kept entries whose copy is kept (a read entry's source never drops one). */
  keptCopies: Set<string>;
  counts: ImageCounts;
}

/** Fills the slots of every entry kept as it was; returns the indexes of the rows to read in full. */
export function keepEntries(rows: readonly StampRow[], ctx: KeepContext, slots: Slots): number[] {
  const toRead: number[] = [];
  const { previous } = ctx;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const line = previous.entries.get(row.id);
    if (line === undefined || !keep(row, line, i, ctx, slots)) toRead.push(i);
  }
  return toRead;
}

function keep(row: StampRow, line: string, i: number, ctx: KeepContext, slots: Slots): boolean {
  const prefix = entryLinePrefix(row.id, row.stamp, ctx.families.get(row.rootId) ?? '');
  if (!line.startsWith(prefix)) return false;
  const ends = fieldEnds(line, prefix.length);
  if (ends === undefined || !ctx.present.has(`e/${row.id}.html`)) return false;
  const [linkedEnd, keyEnd, costEnd, outputEnd, inputsEnd, cardEnd, factsEnd] = ends as [number, number, number, number, number, number, number];
  const output = outputEnd > costEnd + 1 ? line.slice(costEnd + 1, outputEnd) : null;
  const inputs = inputsEnd > outputEnd + 1 ? parseInputs(line.slice(outputEnd + 1, inputsEnd)) : [];
  if (inputs === undefined || !sameLinks(line, prefix.length, linkedEnd, inputs, ctx.inGallery)) return false;
  // Pictures are checked only once every other test passed, and recorded only once all are good.
  if (output !== null && !vouch(output, true, ctx)) return false;
  for (const [sha256] of inputs) if (!vouch(sha256, false, ctx)) return false;
  if (output !== null) record(output, true, ctx);
  for (const [sha256] of inputs) record(sha256, false, ctx);
  slots.pageKeys[i] = line.slice(linkedEnd + 1, keyEnd);
  slots.costs[i] = costEnd > keyEnd + 1 ? Number(line.slice(keyEnd + 1, costEnd)) : 0;
  slots.cards[i] = unescapeField(line.slice(inputsEnd + 1, cardEnd));
  slots.facts[i] = line.slice(cardEnd + 1, factsEnd);
  slots.lines[i] = line;
  return true;
}

/** Whether the last run's `P` line for an image and the folder vouch for what a kept page shows of it. */
function vouch(sha256: string, output: boolean, ctx: KeepContext): boolean {
  const line = ctx.previous.pictures.get(sha256);
  if (line === undefined) return false;
  if (!hasNoThumb(line) && !ctx.present.has(`thumbs/${sha256}.webp`)) return false;
  if (!output) return true;
  // The page shows the full-size copy exactly when the gallery holds originals.
  const extension = copyExtension(line);
  return ctx.originals ? extension !== '' && ctx.present.has(`images/${sha256}.${extension}`) : extension === '';
}

function record(sha256: string, output: boolean, ctx: KeepContext): void {
  if (!ctx.pictures.has(sha256)) {
    ctx.pictures.set(sha256, ctx.previous.pictures.get(sha256)!);
    ctx.counts.thumbnails.reused++;
  }
  if (output && ctx.originals && !ctx.keptCopies.has(sha256)) {
    ctx.keptCopies.add(sha256);
    ctx.counts.images.reused++;
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

function parseInputs(text: string): [string, string | null][] | undefined {
  try {
    const inputs = JSON.parse(text) as unknown;
    if (!Array.isArray(inputs)) return undefined;
    for (const input of inputs) {
      if (!Array.isArray(input) || input.length !== 2 || typeof input[0] !== 'string' || !SHA256.test(input[0]) || (input[1] !== null && typeof input[1] !== 'string')) return undefined;
    }
    return inputs as [string, string | null][];
  } catch {
    return undefined;
  }
}

function sameLinks(line: string, from: number, to: number, inputs: readonly (readonly [string, string | null])[], inGallery: ReadonlySet<string>): boolean {
  if (to - from !== inputs.length) return false;
  return line.slice(from, to) === linkDigits(inputs, inGallery);
}

/** Which of an entry's inputs link to a page in this gallery, as one digit each. */
export function linkDigits(inputs: readonly (readonly [string, string | null])[], inGallery: ReadonlySet<string>): string {
  let digits = '';
  for (const [, entryId] of inputs) digits += entryId !== null && inGallery.has(entryId) ? '1' : '0';
  return digits;
}
