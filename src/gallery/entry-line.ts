/**
 * An entry's line in the gallery's manifest (its card, facts and cost are in their own sections,
 * in the same order): what the next run needs to keep the entry without reading it again.
 *
 *   E  id  stamp  family  linked  page-key  output  inputs
 *
 * (tab-separated). `stamp` is the entry's change stamp and `family` what its page shows of its
 * family (see `familyTexts`): while both and `linked` (which of its inputs link to a page here, one
 * digit each) are the same, so are its page and its card. `output` is its image's sha256 (empty:
 * none), `inputs` its inputs as JSON `[[sha256, entry id or null], …]` (empty: none).
 */
import { hash } from 'node:crypto';
import type { StampRow } from '../catalog/catalog.js';

export interface EntryLine {
  id: string;
  stamp: number;
  family: string;
  linked: string;
  pageKey: string;
  output: string | null;
  inputs: readonly (readonly [string, string | null])[];
}

export function entryLine(e: EntryLine): string {
  return `${entryLinePrefix(e.id, e.stamp, e.family)}${e.linked}\t${e.pageKey}\t${e.output ?? ''}\t${e.inputs.length ? JSON.stringify(e.inputs) : ''}`;
}

/** How an entry's line starts while the entry and its family are as they were. */
export function entryLinePrefix(id: string, stamp: number, family: string): string {
  return `E\t${id}\t${stamp}\t${family}\t`;
}

/** The page key an entry's line records (for an entry that is read again: its page is not rewritten if it is the same). */
export function linePageKey(line: string): string | undefined {
  let at = 0;
  for (let k = 0; k < 5; k++) {
    at = line.indexOf('\t', at) + 1;
    if (at === 0) return undefined;
  }
  const end = line.indexOf('\t', at);
  return end < 0 ? undefined : line.slice(at, end);
}

/**
 * What each family's pages show of it besides their own entry, by root: its change stamp and which
 * of its members are in the gallery (a digest when that is long).
 */
export function familyTexts(rows: readonly StampRow[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const row of rows) {
    const text = texts.get(row.rootId);
    texts.set(row.rootId, text === undefined ? `${row.familyStamp}:${row.id}` : `${text},${row.id}`);
  }
  for (const [root, text] of texts) if (text.length > 64) texts.set(root, hash('sha256', text));
  return texts;
}

/** Which of an entry's inputs link to a page in this gallery, as one digit each. */
export function linkDigits(inputs: readonly (readonly [string, string | null])[], inGallery: (id: string) => boolean): string {
  let digits = '';
  for (const [, entryId] of inputs) digits += entryId !== null && inGallery(entryId) ? '1' : '0';
  return digits;
}

/** The selection's text (Stamps.selectText) as rows, and each row's own line of it. */
export function parseRows(text: string): { rows: StampRow[]; lines: string[] } {
  const rows: StampRow[] = [];
  const lines = text ? text.split('\n') : [];
  for (const line of lines) {
    const space = line.indexOf(' ');
    const [rootId = '', stamp = '0', familyStamp = '0'] = line.slice(space + 1).split('/');
    rows.push({ id: line.slice(0, space), rootId, stamp: Number(stamp), familyStamp: Number(familyStamp) });
  }
  return { rows, lines };
}

/** An id as the selection's text writes it: plain ids as they are, others `!` and hex (see Stamps.selectText). */
export function shownId(id: string): string {
  return id.startsWith('!') ? Buffer.from(id.slice(1), 'hex').toString('utf8') : id;
}
