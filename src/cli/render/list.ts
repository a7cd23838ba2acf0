/**
 * Renders `list`: JSON, one id per line, a table on a terminal, or tab-separated lines when piped
 * (id, name, kind, status, emotion, created, file; tabs and newlines inside values become spaces).
 */
import { relative } from 'node:path';
import { age } from './format.js';
import type { ListResult } from '../../core/list.js';
import { newTable } from './table.js';
import type { Output } from './output.js';
import { escapeInline } from './safe-text.js';

export async function renderList(output: Output, result: ListResult, options: { idsOnly: boolean; cwd: string }): Promise<void> {
  if (output.json) {
    output.data(result);
    return;
  }
  if (options.idsOnly) {
    for (const entry of result.entries) output.line(entry.id);
    return;
  }
  const fileOf = (path: string | undefined) => (path ? relative(options.cwd, path) || path : '');
  if (!output.stdoutIsTerminal) {
    const cell = (text: string) => text.replace(/[\t\r\n]+/g, ' ');
    for (const e of result.entries) output.line([e.id, e.name, e.kind, e.status, e.emotion ?? '', e.createdAt, fileOf(e.file?.path)].map(cell).join('\t'));
    return;
  }
  if (result.entries.length === 0) {
    output.notice(result.total === 0 ? 'No entries yet. Try: imagegen generate "a lighthouse at dawn" --provider offline' : `Page ${result.page} is past the end (${result.total.toLocaleString('en')}${result.totalIsLowerBound ? '+' : ''} entries).`);
    return;
  }
  const table = await newTable(output, ['id', 'name', 'kind', 'emotion', 'age', 'file'], { wordWrap: true });
  for (const e of result.entries) {
    table.push([e.id, e.name, e.status === 'completed' ? e.kind : `${e.kind} (${e.status})`, e.emotion ?? '', age(e.createdAt), fileOf(e.file?.path)].map(escapeInline));
  }
  output.styledLine(table.toString());
  const pages = Math.max(1, Math.ceil(result.total / result.limit));
  const more = result.totalIsLowerBound ? '+' : '';
  output.notice(`page ${result.page} of ${pages.toLocaleString('en')}${more} · ${result.total.toLocaleString('en')}${more} entr${result.total === 1 && !more ? 'y' : 'ies'}`);
}
