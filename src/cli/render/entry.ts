/** Renders `show` for a person: every field worth reading, grouped. */
import { bytes, dollars } from './format.js';
import type { ShownEntry } from '../../core/show.js';
import type { Output } from './output.js';

export async function renderEntry(output: Output, e: ShownEntry): Promise<void> {
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: output.stdoutIsTerminal ? 1 : 0 });
  const row = (label: string, value: string | number | null | undefined) => {
    if (value === null || value === undefined || value === '') return;
    output.line(`${c.dim(label.padEnd(16))}${value}`);
  };
  output.line(`${c.bold(e.name)}  ${c.cyan(e.id)}${e.status === 'failed' ? c.red('  (failed)') : ''}`);
  row('kind', e.kind);
  row('prompt', e.prompt);
  if (e.effectivePrompt !== e.prompt) row('sent as', e.effectivePrompt);
  row('model', `${e.model} (${e.provider})${e.metadata.placeholder ? ' — offline placeholder' : ''}`);
  row('aspect / size', `${e.aspectRatio} · ${e.imageSize}`);
  row('emotion', e.emotion);
  row('style', e.style);
  row('reference', e.referenceType);
  row('template', e.template);
  row('project', e.project);
  row('created', e.createdAt);
  if (e.durationMs !== null) row('took', `${(e.durationMs / 1000).toFixed(1)} s`);
  row('usage', `${e.usage.inputTokens} in / ${e.usage.outputTokens} out tokens · ${dollars(e.usage.costUsd)}`);
  if (e.file) row('file', `${e.file.path} (${e.file.width}×${e.file.height} ${e.file.mimeType}, ${bytes(e.file.bytes)})`);
  if (e.error) row('error', `${e.error.code}: ${e.error.message}`);
  e.inputs.forEach((input, i) => row(i === 0 ? 'inputs' : '', `${input.role}: ${input.entryId ? `entry ${input.entryId}` : (input.source ?? input.sha256.slice(0, 12))}`));
  row('lineage', e.lineage.join(' → '));
  row('children', e.children.join(', '));
  const tags = Object.entries(e.metadata).filter(([k]) => !['placeholder', 'finishReason', 'modelVersion', 'responseId', 'options'].includes(k));
  for (const [key, value] of tags) row(key, typeof value === 'string' ? value : JSON.stringify(value));
}
