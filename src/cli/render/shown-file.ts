/** Renders `show FILE`: the provenance in the file, then the catalog entry it names (if here). */
import { renderEntry } from './entry.js';
import type { ShownFile } from '../../core/show-file.js';
import type { Output } from './output.js';

/** The file is anyone's: its text must not drive the terminal (escape sequences become visible). */
// eslint-disable-next-line no-control-regex
const visible = (text: string) => text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export async function renderShownFile(output: Output, shown: ShownFile): Promise<void> {
  output.line(`file            ${visible(shown.file)}`);
  output.line(`sha256          ${shown.sha256}`);
  output.line('\nprovenance (embedded in the image)');
  for (const [key, value] of Object.entries(shown.provenance)) {
    output.line(`${visible(key.replace(/^imagegen:/, '')).padEnd(16)}${visible(value.length > 200 ? `${value.slice(0, 200)}…` : value)}`);
  }
  if (!shown.entry) {
    output.line(`\nentry ${visible(shown.entryId ?? '(none named)')} is not in this home's catalog.`);
    return;
  }
  output.line(`\ncatalog entry (${shown.sameAsCatalog ? 'the same bytes as the catalog\'s image' : 'the file differs from the catalog\'s image'})\n`);
  await renderEntry(output, shown.entry);
}
