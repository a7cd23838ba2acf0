/** Renders a build's outcome: the documented JSON for scripts, short lines for people. */
import type { BuildOutcome } from '../../build/build.js';
import { ExitCode } from '../../domain/errors.js';
import type { Output } from './output.js';
import { renderBatchBuild } from './build-batch.js';
import { escapeInline } from './safe-text.js';

// Manifest paths come from a file: escapeInline keeps their control characters off the terminal.

function dollars(value: number | null): string {
  return value === null ? 'price unknown' : `$${value.toFixed(3)}`;
}

export function renderBuildOutcome(output: Output, outcome: BuildOutcome): void {
  switch (outcome.mode) {
    case 'dry-run':
      return renderDryRun(output, outcome);
    case 'check':
      return renderCheck(output, outcome);
    case 'build':
      return renderBuild(output, outcome);
    case 'batch':
      return renderBatchBuild(output, outcome);
  }
}

function renderDryRun(output: Output, outcome: Extract<BuildOutcome, { mode: 'dry-run' }>): void {
  const { plan } = outcome;
  if (output.json) {
    output.data({
      targets: plan.targets.map((p) => ({ path: p.target.path, action: p.action, reason: p.reason, estimatedCostUsd: p.estimatedCostUsd })),
      estimatedCostUsd: plan.estimatedCostUsd,
      ...(outcome.prune ? { prune: outcome.prune } : {}),
    });
    return;
  }
  const width = Math.max(0, ...plan.targets.map((p) => p.target.path.length));
  for (const p of plan.targets) {
    output.line(`${p.action.padEnd(6)}  ${escapeInline(p.target.path).padEnd(width)}  ${(p.reason ?? 'up to date').padEnd(13)}  ${p.reason === null ? '' : dollars(p.estimatedCostUsd)}`.trimEnd());
  }
  for (const path of outcome.prune ?? []) output.line(`prune   ${escapeInline(path)}`);
  const stale = plan.targets.filter((p) => p.reason !== null).length;
  const unknown = plan.unpriced.length ? ` (+ ${plan.unpriced.length} at an unknown price)` : '';
  output.line(`${stale} to build, ${plan.targets.length - stale} up to date · estimated $${plan.estimatedCostUsd.toFixed(3)}${unknown}`);
}

function renderCheck(output: Output, outcome: Extract<BuildOutcome, { mode: 'check' }>): void {
  const stale = outcome.plan.targets.filter((p) => p.reason !== null);
  if (output.json) {
    output.data({ upToDate: stale.length === 0, stale: stale.map((p) => ({ path: p.target.path, reason: p.reason })) });
    return;
  }
  for (const p of stale) output.line(`${escapeInline(p.target.path)}\t${p.reason}`);
  output.notice(stale.length ? `${stale.length} of ${outcome.plan.targets.length} targets out of date; run imagegen build` : `all ${outcome.plan.targets.length} targets up to date`);
}

function renderBuild(output: Output, outcome: Extract<BuildOutcome, { mode: 'build' }>): void {
  const { result } = outcome;
  if (output.json) {
    output.data({
      built: result.built.map(({ path, entryId, reason }) => ({ path, entryId, reason })),
      kept: result.kept,
      failures: result.failures,
      skipped: result.skipped,
      costUsd: result.costUsd,
      ...(outcome.prune ? { pruned: outcome.prune.removed } : {}),
    });
    return;
  }
  for (const b of result.built) output.line(`${b.entryId}  ${escapeInline(b.path)}`);
  for (const f of result.failures) output.notice(`failed ${escapeInline(f.path)}: ${escapeInline(f.error.message)}\n  hint: ${f.error.hint}`);
  for (const s of result.skipped) output.notice(`skipped ${escapeInline(s.path)}: ${escapeInline(s.reason)}`);
  for (const path of outcome.prune?.removed ?? []) output.notice(`pruned ${escapeInline(path)}`);
  for (const path of outcome.prune?.changed ?? []) output.notice(`left ${escapeInline(path)}: it changed since it was built (its lock entry is dropped)`);
  const parts = [`${result.built.length} built`, `${result.kept.length} up to date`];
  if (result.failures.length) parts.push(`${result.failures.length} failed`);
  if (result.skipped.length) parts.push(`${result.skipped.length} skipped`);
  output.notice(`${parts.join(', ')}${result.costUsd > 0 ? ` · $${result.costUsd.toFixed(3)}` : ''}`);
}

/** 0 done; 5 out of date (--check); 4 some targets failed or were skipped; 1 when nothing was built and something failed. */
export function buildExitCode(outcome: BuildOutcome): number {
  if (outcome.mode === 'dry-run') return ExitCode.ok;
  if (outcome.mode === 'check') return outcome.plan.targets.some((p) => p.reason !== null) ? ExitCode.outOfDate : ExitCode.ok;
  const { result } = outcome;
  if (result.failures.length === 0 && result.skipped.length === 0) return ExitCode.ok;
  return result.built.length > 0 ? ExitCode.partial : ExitCode.failed;
}
