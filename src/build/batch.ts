/**
 * `imagegen build --batch`: the stale targets with no stale dependency go to Google's Batch API
 * as one job, at half the price. The job's record (in the home) names the manifest and carries
 * each target's lock facts. Running the build again while the job runs reports its state; once
 * it has finished, its results are written to the targets, the catalog and the lock, and the
 * next wave (the dependents) is submitted. With --wait all of that happens in one run.
 */
import { failure, toImagegenError, usageError } from '../domain/errors.js';
import { fetchBatch, assertFetchable } from '../core/batch/fetch.js';
import { summarize, type BatchRecord, type BatchSummary, type BatchTargetFacts } from '../core/batch/record.js';
import { refresh } from '../core/batch/remote-sync.js';
import { submitBatch } from '../core/batch/submit.js';
import { isOpen, waitForBatch, type WaitOptions } from '../core/batch/watch.js';
import type { BatchPorts } from '../core/batch/ports.js';
import type { ImageJob } from '../core/run-images.js';
import type { FileHashes } from './file-hashes.js';
import type { LockWriter } from './lock.js';
import type { PlanOutcome } from './plan.js';
import { roundUsd } from './plan.js';
import { blockedTargets, readyTargets, staleTargets } from './schedule.js';
import { planTargetJob, type PlannedJob } from './target-job.js';
import { targetLockFacts } from './target-lock.js';
import type { BuildPlan, BuildResult, Manifest, StaleReason } from './types.js';

export interface BatchBuildContext {
  manifest: Manifest;
  home: string;
  writer: LockWriter;
  hashes: FileHashes;
  /** Plans again from the lock as it now is (after results were written). */
  replan: () => Promise<PlanOutcome>;
  /** Waits for each job and carries on with the next wave; absent: submit or report, then return. */
  wait?: WaitOptions;
}

export interface BatchBuildResult {
  plan: BuildPlan;
  result: Omit<BuildResult, 'pruned'>;
  /** The job still running (or just submitted), if any. */
  batch: BatchSummary | null;
  /** Stale targets not built yet: in the job, or waiting for it. */
  waiting: string[];
}

/** The job of this manifest that has not been written to the lock yet, if any. */
async function openRecordOf(manifest: Manifest, ports: BatchPorts): Promise<BatchRecord | null> {
  const records = (await ports.book.all()).filter((r) => r.origin.command === 'build' && r.origin.manifest === manifest.file && (r.state === 'submitting' || r.state === 'submitted'));
  records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return records[0] ?? null;
}

export async function runBatchBuild(first: PlanOutcome, ports: BatchPorts, ctx: BatchBuildContext): Promise<BatchBuildResult> {
  const result: Omit<BuildResult, 'pruned'> = { built: [], kept: [], failures: [], skipped: [], costUsd: 0 };
  const failed = new Set<string>();
  let outcome = first;
  for (;;) {
    let record = await openRecordOf(ctx.manifest, ports);
    if (record) record = await refresh(record, ports);
    if (record && record.state !== 'not-submitted') {
      if (isOpen(record)) {
        if (!ctx.wait) return { plan: outcome.plan, result, batch: summarize(record), waiting: staleTargets(outcome.plan.targets).map((p) => p.target.path) };
        record = await waitForBatch(record.id, ports, ctx.wait);
      }
      await applyResults(record, ports, ctx, result, failed);
      outcome = await ctx.replan();
      continue;
    }

    const state = { built: new Set<string>(), started: new Set<string>(), failed };
    for (const blocked of blockedTargets(outcome.plan.targets, state)) {
      if (!result.skipped.some((s) => s.path === blocked.path)) result.skipped.push(blocked);
      failed.add(blocked.path);
    }
    const ready = readyTargets(outcome.plan.targets, state);
    if (ready.length === 0) break;
    const planned = new Map<string, PlannedJob>();
    for (const p of ready) planned.set(p.target.path, outcome.jobs.get(p.target.path) ?? (await planTargetJob(p.target, ctx.manifest, ports, ctx.home)));
    const offBatch = ready.find((p) => planned.get(p.target.path)!.job.model.provider !== 'gemini');
    if (offBatch) {
      throw usageError('BATCH_UNSUPPORTED', `Target ${JSON.stringify(offBatch.target.path)} uses the ${offBatch.target.provider} provider, which has no batch API; nothing was sent.`, 'Build it without --batch (imagegen build --only PATH), or give it a Gemini model.');
    }
    // A batch job runs one model: the first ready target's; the others follow in the next wave.
    const model = planned.get(ready[0]!.target.path)!.job.model.id;
    const wave = ready.filter((p) => planned.get(p.target.path)!.job.model.id === model);
    const jobs: ImageJob[] = [];
    const targetFacts: Record<string, BatchTargetFacts> = {};
    for (const p of wave) {
      const job = planned.get(p.target.path)!;
      const facts = await targetLockFacts(p.target, job, ctx.hashes);
      // As in the runner: the fingerprint travels with the entry, so the planner can adopt a written file.
      jobs.push({ ...job.job, metadata: { ...job.job.metadata, build: { ...(job.job.metadata.build as object), fingerprint: facts.fingerprint } } });
      targetFacts[p.target.path] = { file: p.target.file, reason: p.reason!, ...facts };
    }
    const submitted = await submitBatch({ origin: { command: 'build', manifest: ctx.manifest.file }, jobs, targets: wave.map((p) => p.target.path), targetFacts }, ports);
    if (!ctx.wait) {
      const waiting = staleTargets(outcome.plan.targets).map((p) => p.target.path).filter((path) => !failed.has(path));
      return { plan: outcome.plan, result, batch: summarize(submitted.record), waiting };
    }
  }
  result.kept = outcome.plan.targets.filter((p) => p.reason === null).map((p) => p.target.path);
  return { plan: outcome.plan, result, batch: null, waiting: [] };
}

/**
 * Writes a finished job into the targets, the catalog and the lock, then closes its record. Safe
 * to repeat after a kill: entries already written are reused, and the record closes last.
 */
async function applyResults(record: BatchRecord, ports: BatchPorts, ctx: BatchBuildContext, result: Omit<BuildResult, 'pruned'>, failed: Set<string>): Promise<void> {
  const facts = record.targets ?? {};
  let jobError: ReturnType<typeof toImagegenError> | undefined;
  try {
    assertFetchable(record);
    await fetchBatch(record, ports, { close: false });
  } catch (err) {
    jobError = toImagegenError(err);
    if (jobError.code === 'BATCH_NOT_FINISHED' || jobError.code === 'INTERRUPTED' || ports.signal?.aborted) throw jobError;
  }
  for (const item of record.items) {
    const path = item.target;
    if (!path) continue;
    const fact = facts[path];
    const entry = jobError ? undefined : ports.catalog.getEntry(item.entryId);
    if (entry?.status === 'completed' && entry.file && fact) {
      await ctx.hashes.remember(fact.file, entry.file.sha256);
      await ctx.writer.set(path, { entryId: entry.id, fingerprint: fact.fingerprint, inputs: fact.inputs, sha256: entry.file.sha256 });
      const costUsd = entry.usage.costUsd ?? 0; // an unknown price counts as 0, as in the runner
      result.built.push({ path, entryId: entry.id, reason: fact.reason as StaleReason, costUsd });
      result.costUsd = roundUsd(result.costUsd + costUsd);
      continue;
    }
    failed.add(path);
    const error = jobError?.toJSON() ?? entry?.error ?? failure('BATCH_RESULT_MISSING', `No result for ${path} in batch ${record.id}.`, 'Run the build again.').toJSON();
    result.failures.push({ path, error });
  }
  await ctx.writer.flush();
  await ports.book.write({ ...record, state: 'fetched', fetchedAt: ports.clock().toISOString() });
}
