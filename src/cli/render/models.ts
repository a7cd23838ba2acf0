/** Renders `models`: JSON for scripts; a table and the retired ids for people. */
import { dollars } from './format.js';
import type { ModelsReport } from '../../core/models.js';
import { newTable } from './table.js';
import type { Output } from './output.js';

export async function renderModels(output: Output, report: ModelsReport): Promise<void> {
  if (report.live.error) output.warn(`could not list the API's models: ${report.live.error.message}`);
  if (output.json) {
    output.data(report);
    return;
  }
  const table = await newTable(output, ['model', 'status', 'sizes', 'ratios', 'inputs', 'per image', 'in $/M', 'out $/M', 'key can use']);
  for (const m of report.models) {
    const perImage = Object.entries(m.pricePerImage).map(([size, usd]) => `${size} ${dollars(usd)}`).join(' ') || '—';
    const available = m.available === null ? '—' : m.available ? 'yes' : 'no';
    const out = m.imageOutputPricePerMillion ? `${m.imageOutputPricePerMillion} img / ${m.textOutputPricePerMillion} text` : '—';
    table.push([`${m.id}${m.default ? ' (default)' : ''}`, m.status, m.imageSizes.join(' '), String(m.aspectRatios.length), String(m.maxInputImages), perImage, m.inputPricePerMillion ? String(m.inputPricePerMillion) : '—', out, available]);
  }
  output.styledLine(table.toString());
  const today = new Date().toISOString().slice(0, 10);
  for (const a of report.aliases) output.line(`${a.id} → ${a.replacement} (${a.shutdown <= today ? 'shut down' : 'shuts down'} ${a.shutdown})`);
  output.line(`text model for --enhance: ${report.textModel}`);
  if (report.live.unlisted.length) output.line(`also offered by the API (not in imagegen's table; cost unknown): ${report.live.unlisted.join(', ')}`);
  if (!report.live.checked && !report.live.error) output.notice('No API key: showing imagegen\'s table only. Set GEMINI_API_KEY to see which models the key can use.');
}
