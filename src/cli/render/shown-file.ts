/** Renders `show FILE`: the provenance in the file, then the catalog entry it names (if here). */
import { renderEntry } from './entry.js';
import { escapeInline } from './safe-text.js';
import type { ShownFile } from '../../core/show-file.js';
import type { Output } from './output.js';

export async function renderShownFile(output: Output, shown: ShownFile): Promise<void> {
  output.line(`file            ${escapeInline(shown.file)}`);
  output.line(`sha256          ${shown.sha256}`);
  output.line('\nprovenance (embedded in the image)');
  for (const [key, value] of Object.entries(shown.provenance)) {
    output.line(`${escapeInline(key.replace(/^imagegen:/, '')).padEnd(16)}${escapeInline(value.length > 200 ? `${value.slice(0, 200)}…` : value)}`);
  }
  if (!shown.entry) {
    output.line(`\nentry ${escapeInline(shown.entryId ?? '(none named)')} is not in this home's catalog.`);
    return;
  }
  output.line(`\ncatalog entry (${shown.sameAsCatalog ? 'the same bytes as the catalog\'s image' : 'the file differs from the catalog\'s image'})\n`);
  await renderEntry(output, shown.entry);
}
