/** Renders batch jobs: JSON for scripts, short lines for people. */
import type { BatchSummary } from '../../core/batch/record.js';
import type { Output } from './output.js';
import { escapeInline } from './safe-text.js';

function stateText(s: BatchSummary): string {
  if (s.state === 'submitting') return 'SUBMITTING (not confirmed by Google yet)';
  if (s.state === 'not-submitted') return 'NOT SUBMITTED (never reached Google)';
  const google = escapeInline((s.googleState ?? 'UNKNOWN').replace(/^JOB_STATE_/, ''));
  return s.state === 'fetched' ? `${google}, fetched` : google;
}

const requests = (n: number) => `${n} request${n === 1 ? '' : 's'}`;

function countsText(s: BatchSummary): string {
  if (!s.counts) return requests(s.requests);
  const { total, succeeded, failed, pending } = s.counts;
  if (succeeded || failed) return `${requests(total)}: ${succeeded} ok, ${failed} failed`;
  return pending ? `${requests(total)}, ${pending} pending` : requests(total);
}

/** One line per job: id, state, counts, Google's name, estimated batch cost. */
export function batchLine(s: BatchSummary): string {
  // The state and name come from the network: no control characters reach the terminal.
  return [s.id, stateText(s), countsText(s), escapeInline(s.name ?? '-'), `$${s.estimatedCostUsd.toFixed(3)}`, s.createdAt].join('  ');
}

export function renderBatchList(output: Output, batches: BatchSummary[]): void {
  if (output.json) return output.data({ batches });
  if (batches.length === 0) {
    output.notice('No batch jobs yet. Start one with imagegen generate "…" --batch -n 4.');
    return;
  }
  for (const s of batches) output.line(batchLine(s));
}

export function renderBatch(output: Output, s: BatchSummary): void {
  if (output.json) return output.data(s);
  output.line(batchLine(s));
  if (s.error) output.line(`  error from Google: ${escapeInline(s.error.message)} (code ${s.error.code})`);
}

export function renderSubmitted(output: Output, s: BatchSummary, reused: boolean, interactiveCostUsd: number): void {
  if (output.json) return output.data({ batch: s, reused, estimatedCostUsd: s.estimatedCostUsd, interactiveCostUsd });
  output.line(s.id);
  output.notice(
    `${reused ? 'Found the batch job an interrupted run had already submitted' : 'Submitted batch job'} ${s.id} (${escapeInline(s.name ?? '?')}): ${s.requests} request${s.requests === 1 ? '' : 's'}, about $${s.estimatedCostUsd.toFixed(3)} at the batch price ($${interactiveCostUsd.toFixed(3)} interactive).\n` +
      `  next: imagegen batch wait ${s.id} && imagegen batch fetch ${s.id}`,
  );
}

/** Reports a job's line only when it changed since the last poll. */
export function onChange(report: (line: string) => void): (summary: BatchSummary) => void {
  let last = '';
  return (summary) => {
    const line = batchLine(summary);
    if (line !== last) report(line);
    last = line;
  };
}
