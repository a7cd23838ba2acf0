/** Renders `show` for a person: every field worth reading, grouped. */
import { bytes, dollars } from './format.js';
import { SYSTEM_METADATA_KEYS, userTags } from '../../core/metadata-keys.js';
import type { ShownEntry } from '../../core/show.js';
import type { Output } from './output.js';
import { escapeInline } from './safe-text.js';

export async function renderEntry(output: Output, e: ShownEntry): Promise<void> {
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: output.colour ? 1 : 0 });
  // Every value is escaped before it meets the colour codes (see safe-text.ts).
  const row = (label: string, value: string | number | null | undefined, suffix = '') => {
    if (value === null || value === undefined || value === '') return;
    output.line(`${c.dim(escapeInline(label).padEnd(16))}${escapeInline(String(value))}${suffix}`);
  };
  const heading = (title: string) => output.line(`\n${c.bold(title)}`);

  output.line(`${c.bold(escapeInline(e.name))}  ${c.cyan(e.id)}${e.status === 'completed' ? '' : c.red(`  (${e.status})`)}`);
  row('kind', e.kind);
  row('created', e.createdAt);
  row('project', e.project);
  if (e.error) row('error', `${e.error.code}: ${e.error.message}`);
  if (e.status === 'failed' || e.status === 'interrupted') row('retry with', `imagegen retry ${e.id}`);

  heading('prompt');
  row('as typed', e.prompt);
  row('sent as', e.effectivePrompt === e.prompt ? '(the same)' : e.effectivePrompt);

  heading('parameters');
  row('model', `${e.model} (${e.provider})${e.metadata.placeholder ? ' — offline placeholder' : ''}`);
  row('aspect / size', `${e.aspectRatio} · ${e.imageSize}`);
  row('emotion', e.emotion);
  row('style', e.style);
  row('reference', e.referenceType);
  row('template', e.template);
  if (e.durationMs !== null) row('took', `${(e.durationMs / 1000).toFixed(1)} s`);
  row('usage', `${e.usage.inputTokens} in / ${e.usage.outputTokens} out tokens`);
  row('cost', e.usage.costUsd === null ? 'unknown (no prices for this model)' : dollars(e.usage.costUsd));

  if (e.inputs.length) {
    heading('inputs');
    e.inputs.forEach((input, i) =>
      row(`${i + 1}. ${input.role}`, `${input.entryId ? `entry ${input.entryId}` : (input.source ?? '(file)')} · ${input.sha256.slice(0, 12)} · ${input.path}`),
    );
  }

  heading('family');
  row('lineage', e.lineage.join(' → '));
  row('children', e.children.length ? e.children.join(', ') : '(none)');

  if (e.file) {
    heading('file');
    row('path', e.file.path, e.fileExists ? '' : c.yellow('  (moved or deleted)'));
    row('image', `${e.file.width}×${e.file.height} ${e.file.mimeType}, ${bytes(e.file.bytes)}`);
    row('sha256', e.file.sha256);
    row('stored copy', e.storedPath);
    if (e.contentCredentials) output.line('Content Credentials: present (a C2PA manifest from the model, kept byte for byte)');
  }

  const tags = Object.entries(userTags(e.metadata));
  if (tags.length) {
    heading('tags');
    for (const [key, value] of tags) row(key, value);
  }

  const facts = Object.entries(e.metadata).filter(([key, value]) => SYSTEM_METADATA_KEYS.has(key) || typeof value !== 'string');
  if (facts.length) {
    heading('metadata');
    for (const [key, value] of facts) row(key, typeof value === 'string' ? value : JSON.stringify(value));
  }

  if (e.provenance) {
    heading('provenance (embedded in the image)');
    for (const [key, value] of Object.entries(e.provenance)) row(key.replace(/^imagegen:/, ''), value.length > 200 ? `${value.slice(0, 200)}…` : value);
  }
}
