/** Renders `styles`: JSON, a table on a terminal, or tab-separated lines when piped. */
import type { StyleInfo } from '../../prompts/styles.js';
import { newTable } from './table.js';
import type { Output } from './output.js';

export async function renderStyles(output: Output, styles: StyleInfo[]): Promise<void> {
  if (output.json) {
    output.data({ styles });
    return;
  }
  if (!output.stdoutIsTerminal) {
    for (const s of styles) output.line([s.name, s.aliases.join(','), s.instruction].join('\t'));
    return;
  }
  const width = Math.max(40, (output.stdout.columns ?? 100) - 34);
  const table = await newTable(output, ['style', 'also', 'adds to the prompt'], { colWidths: [16, 12, width], wordWrap: true });
  for (const s of styles) table.push([s.name, s.aliases.join(', '), s.instruction]);
  output.styledLine(table.toString());
  output.notice('Use one with --style NAME on generate, modify, reference or regenerate.');
}
