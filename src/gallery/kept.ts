/**
 * Which entries a run keeps as the last run left them, one by one (when the selection is not the
 * last one's with new entries on top, see appended.ts): an entry whose change stamp, family and
 * links are the same, whose page is in the folder and whose pictures the manifest and the folder
 * both still vouch for keeps its page (not rendered), its card, facts and cost (pasted as they
 * are: the manifest is signed, see manifest-key.ts) and its line.
 */
import type { StampRow } from '../catalog/catalog.js';
import { entryLinePrefix, linkDigits } from './entry-line.js';
import { copyExtension, hasNoThumb, pictureLines, sectionText, type GalleryManifest } from './manifest.js';
import type { ImageCounts } from './images.js';

/** What the last run kept of its entries, in its order. */
export interface PreviousEntries {
  lines: string[];
  /** Entry id → its index in `lines`. */
  at: Map<string, number>;
  /** Cards, facts and costs by the same index; undefined when the sections do not agree. */
  cards: string[] | undefined;
  facts: string[] | undefined;
  costs: Buffer;
  pictures: Map<string, string>;
}

export function previousEntries(manifest: GalleryManifest, withCards: boolean): PreviousEntries {
  const text = sectionText(manifest, 'entries');
  const lines = text ? text.split('\n') : [];
  const at = new Map<string, number>();
  lines.forEach((line, i) => at.set(line.slice(2, line.indexOf('\t', 2)), i));
  let cards: string[] | undefined;
  let facts: string[] | undefined;
  if (withCards && lines.length > 0) {
    // A card starts with its <li> and a fact with its id; no user string can hold either (escaped).
    cards = sectionText(manifest, 'cards').split(/\n(?=<li class="card" data-id=")/);
    facts = sectionText(manifest, 'facts').split(/,(?=\{"id":)/);
    if (cards.length !== lines.length || facts.length !== lines.length || manifest.sections.costs.length !== lines.length * 8) cards = facts = undefined;
  }
  return { lines, at, cards, facts, costs: manifest.sections.costs, pictures: pictureLines(sectionText(manifest, 'pictures')) };
}

/** Per row of the selection, in its order: what goes into the index and the manifest. */
export interface Slots {
  cards: string[];
  facts: string[];
  costs: number[];
  lines: string[];
  /** The entries that are an input of an entry here. */
  links: Set<string>;
}

export interface KeepContext {
  previous: PreviousEntries;
  /** What each family's pages show of it, by root (see `familyTexts`). */
  families: ReadonlyMap<string, string>;
  inGallery: (id: string) => boolean;
  present: { has(path: string): boolean };
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
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const index = ctx.previous.cards ? ctx.previous.at.get(row.id) : undefined;
    if (index === undefined || !keep(row, index, i, ctx, slots)) toRead.push(i);
  }
  return toRead;
}

function keep(row: StampRow, index: number, i: number, ctx: KeepContext, slots: Slots): boolean {
  const line = ctx.previous.lines[index]!;
  const prefix = entryLinePrefix(row.id, row.stamp, ctx.families.get(row.rootId) ?? '');
  if (!line.startsWith(prefix) || !ctx.present.has(`e/${row.id}.html`)) return false;
  const linkedEnd = line.indexOf('\t', prefix.length);
  const keyEnd = line.indexOf('\t', linkedEnd + 1);
  const outputEnd = line.indexOf('\t', keyEnd + 1);
  if (linkedEnd < 0 || keyEnd < 0 || outputEnd < 0) return false;
  const output = outputEnd > keyEnd + 1 ? line.slice(keyEnd + 1, outputEnd) : null;
  const inputs = outputEnd + 1 < line.length ? parseInputs(line.slice(outputEnd + 1)) : [];
  if (inputs === undefined || line.slice(prefix.length, linkedEnd) !== linkDigits(inputs, ctx.inGallery)) return false;
  // Pictures are checked only once every other test passed, and recorded only once all are good.
  if (output !== null && !vouch(output, true, ctx)) return false;
  for (const [sha256] of inputs) if (!vouch(sha256, false, ctx)) return false;
  if (output !== null) record(output, true, ctx);
  for (const [sha256, entryId] of inputs) {
    record(sha256, false, ctx);
    if (entryId !== null) slots.links.add(entryId);
  }
  slots.cards[i] = ctx.previous.cards![index]!;
  slots.facts[i] = ctx.previous.facts![index]!;
  slots.costs[i] = ctx.previous.costs.readDoubleLE(index * 8);
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
