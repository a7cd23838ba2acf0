/** Renders `build --batch`: what was written from finished jobs, and the job still running. */
import type { BuildOutcome } from '../../build/build.js';
import { batchLine } from './batch.js';
import { escapeInline } from './safe-text.js';
import type { Output } from './output.js';

export function renderBatchBuild(output: Output, outcome: Extract<BuildOutcome, { mode: 'batch' }>): void {
  const { result, batch, waiting } = outcome;
  if (output.json) {
    output.data({
      built: result.built.map(({ path, entryId, reason }) => ({ path, entryId, reason })),
      kept: result.kept,
      failures: result.failures,
      skipped: result.skipped,
      costUsd: result.costUsd,
      batch,
      waiting,
    });
    return;
  }
  for (const b of result.built) output.line(`${b.entryId}  ${escapeInline(b.path)}`);
  for (const f of result.failures) output.notice(`failed ${escapeInline(f.path)}: ${escapeInline(f.error.message)}\n  hint: ${f.error.hint}`);
  for (const s of result.skipped) output.notice(`skipped ${escapeInline(s.path)}: ${escapeInline(s.reason)}`);
  if (batch) {
    output.line(batch.id);
    output.notice(`batch job ${batchLine(batch)}`);
    output.notice(`${waiting.length} target${waiting.length === 1 ? '' : 's'} waiting for it (or for its results). Run imagegen build --batch again once it has finished (imagegen batch wait ${batch.id}), or use --wait.`);
  }
  const parts = [`${result.built.length} built`];
  if (result.failures.length) parts.push(`${result.failures.length} failed`);
  if (result.skipped.length) parts.push(`${result.skipped.length} skipped`);
  if (!batch) parts.push(`${result.kept.length} up to date`);
  output.notice(`${parts.join(', ')}${result.costUsd > 0 ? ` · $${result.costUsd.toFixed(3)} at the batch price` : ''}`);
}
