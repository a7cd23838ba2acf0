/**
 * An entry's line in the gallery's manifest: everything the next run needs of an entry it does not
 * read again, as one string, so keeping it costs a few slices and no objects:
 *
 *   E  id  stamp  family  linked  page-key  cost  output  inputs  card  facts
 *
 * (tab-separated). `stamp` is the entry's change stamp and `family` what its page shows of its
 * family (see build.ts): while both and `linked` (which of its inputs link to a page here, one
 * digit each) are the same, so are its page and its card. `output` is its image's sha256 (empty:
 * none), `inputs` its inputs as JSON `[[sha256, entry id or null], …]` (empty: none), `card` its
 * card's HTML (`%`, tab, CR and newline written as %25 %09 %0D %0A) and `facts` its facts' JSON for
 * the index (which holds no raw control character).
 */

export interface EntryLine {
  id: string;
  stamp: number;
  family: string;
  linked: string;
  pageKey: string;
  cost: number | null;
  output: string | null;
  inputs: readonly (readonly [string, string | null])[];
  card: string;
  facts: string;
}

export function entryLine(e: EntryLine): string {
  const inputs = e.inputs.length ? JSON.stringify(e.inputs) : '';
  return `${entryLinePrefix(e.id, e.stamp, e.family)}${e.linked}\t${e.pageKey}\t${e.cost ?? ''}\t${e.output ?? ''}\t${inputs}\t${escapeField(e.card)}\t${e.facts}`;
}

/** How an entry's line starts while the entry and its family are as they were. */
export function entryLinePrefix(id: string, stamp: number, family: string): string {
  return `E\t${id}\t${stamp}\t${family}\t`;
}

/** The fields after the prefix, as offsets into the line (no copies): [linked, page-key, cost, output, inputs, card, facts] ends. */
export function fieldEnds(line: string, from: number): number[] | undefined {
  const ends: number[] = [];
  let at = from;
  for (let k = 0; k < 6; k++) {
    const end = line.indexOf('\t', at);
    if (end < 0) return undefined;
    ends.push(end);
    at = end + 1;
  }
  ends.push(line.length);
  return ends;
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

const SPECIAL = /[%\t\r\n]/;

function escapeField(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text.replace(/[%\t\r\n]/g, (c) => (c === '%' ? '%25' : c === '\t' ? '%09' : c === '\r' ? '%0D' : '%0A'));
}

export function unescapeField(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/%(25|09|0D|0A)/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
}
