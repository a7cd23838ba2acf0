/** Renders what an image command made: JSON for scripts, a short report for people. */
import { relative } from 'node:path';
import type { RunResult } from '../../domain/entry.js';
import type { Output } from './output.js';

export function renderRunResult(output: Output, result: RunResult, cwd: string): void {
  if (output.json) {
    // entryId is the failed entry recorded in the catalog, for `imagegen retry`.
    output.data({ entries: result.entries, failures: result.failures.map(({ index, error, entryId }) => ({ index, error, entryId: entryId ?? null })) });
    return;
  }
  for (const entry of result.entries) {
    const file = entry.file ? relative(cwd, entry.file.path) || entry.file.path : '(no file)';
    output.line(`${entry.id}  ${file}`);
  }
  for (const failure of result.failures) {
    output.notice(`image ${failure.index + 1} failed: ${failure.error.message}\n  hint: ${failure.error.hint}${failure.entryId ? `\n  recorded as ${failure.entryId}; run it again with: imagegen retry ${failure.entryId}` : ''}`);
  }
  const unknown = result.entries.some((e) => e.usage.costUsd === null);
  const cost = result.entries.reduce((sum, e) => sum + (e.usage.costUsd ?? 0), 0);
  const placeholders = result.entries.some((e) => e.metadata.placeholder) ? ' (offline placeholders)' : '';
  const spent = unknown ? ' · cost unknown' : cost > 0 ? ` · $${cost.toFixed(3)}` : '';
  output.notice(`${result.entries.length} image${result.entries.length === 1 ? '' : 's'} saved${placeholders}${spent}`);
}
