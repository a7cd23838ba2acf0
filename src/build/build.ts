/**
 * `imagegen build [MANIFEST]`: the use case. Loads and checks the manifest as a whole, plans
 * against the lock, then — by mode — returns the plan (--dry-run), the stale targets (--check),
 * or builds them (and prunes, with --prune). Nothing is sent before the whole plan is known.
 */
import { usageError } from '../domain/errors.js';
import { checkWritableDir } from '../store/store.js';
import type { ProviderName } from '../domain/provider.js';
import { VERSION } from '../version.js';
import type { AdaptiveGate } from '../core/adaptive-gate.js';
import { FileHashes } from './file-hashes.js';
import { findManifest, loadManifest } from './load.js';
import { LockWriter, readLock } from './lock.js';
import { planBuild, roundUsd } from './plan.js';
import { removeStaleTemps } from './stale-temps.js';
import { BATCH_PRICE_FACTOR } from '../providers/models.js';
import type { BatchPorts } from '../core/batch/ports.js';
import type { BatchSummary } from '../core/batch/record.js';
import type { WaitOptions } from '../core/batch/watch.js';
import { orphanedPaths, pruneOutputs } from './prune.js';
import type { RunPorts } from './run.js';
import type { BuildPlan, BuildResult } from './types.js';

export interface BuildOptions {
  /** The manifest as given (relative to cwd), or undefined for ./imagegen.yaml. */
  manifest?: string;
  cwd: string;
  home: string;
  /** The provider and model of targets that name none (IMAGEGEN_PROVIDER, IMAGEGEN_MODEL). */
  provider: ProviderName;
  model?: string;
  concurrency: number;
  dryRun?: boolean;
  check?: boolean;
  force?: boolean;
  only?: string[];
  budget?: number;
  prune?: boolean;
  gate?: AdaptiveGate;
  /** --batch: send the stale targets to Google's Batch API at half the price (see batch.ts). */
  batch?: boolean;
  /** --batch --wait: how to wait for each job. */
  wait?: WaitOptions;
}

export type BuildOutcome =
  | { mode: 'dry-run'; plan: BuildPlan; prune: string[] | null }
  | { mode: 'check'; plan: BuildPlan }
  | { mode: 'build'; plan: BuildPlan; result: BuildResult; prune: { removed: string[]; changed: string[] } | null }
  | { mode: 'batch'; plan: BuildPlan; result: BuildResult; batch: BatchSummary | null; waiting: string[] };

/** The ports of a build, plus what --batch needs (the home's batch records and the batch provider). */
export type BuildPorts = RunPorts & Partial<Pick<BatchPorts, 'book' | 'batchProvider'>>;

export async function build(options: BuildOptions, ports: BuildPorts): Promise<BuildOutcome> {
  const file = await findManifest(options.cwd, options.manifest);
  const hashes = await new FileHashes(FileHashes.fileFor(options.home, file)).load();
  try {
    const manifest = await loadManifest(file, { home: options.home, provider: options.provider, model: options.model }, hashes);
    const lock = await readLock(manifest.lockFile);
    const planContext = { ports, home: options.home, hashes, version: VERSION, force: options.force, only: options.only };
    const planned = await planBuild(manifest, lock, planContext);
    const plan = options.batch ? atBatchPrice(planned.plan) : planned.plan;
    const { jobs, adoptions } = planned;
    if (options.dryRun) return { mode: 'dry-run', plan, prune: options.prune ? orphanedPaths(manifest, lock.targets) : null };
    if (options.check) return { mode: 'check', plan };
    checkBudget(plan, options.budget);
    const stale = plan.targets.filter((p) => p.reason !== null).length;
    const writer = new LockWriter(manifest.lockFile, lock);
    if (stale || options.prune || adoptions.size) {
      await checkLockWritable(manifest.dir);
      await removeStaleTemps([manifest.lockFile, ...plan.targets.filter((p) => p.reason !== null).map((p) => p.target.file)]);
    }
    for (const [path, entry] of adoptions) await writer.set(path, entry);
    if (options.batch) {
      const { book, batchProvider } = ports;
      if (!book || !batchProvider) throw new Error('build --batch needs the batch ports');
      const { runBatchBuild } = await import('./batch.js');
      const replan = async () => {
        const next = await planBuild(manifest, { ...lock, targets: { ...writer.targets } }, { ...planContext, force: false });
        for (const [path, entry] of next.adoptions) await writer.set(path, entry);
        return { ...next, plan: atBatchPrice(next.plan) };
      };
      const done = await runBatchBuild({ ...planned, plan }, { ...ports, book, batchProvider }, { manifest, home: options.home, writer, hashes, replan, wait: options.wait });
      await writer.flush();
      return { mode: 'batch', plan: done.plan, result: { ...done.result, pruned: [] }, batch: done.batch, waiting: done.waiting };
    }
    ports.onEvent?.({ type: 'start', total: stale, estimatedCostUsd: plan.estimatedCostUsd });
    // Only a build with work to do loads the runner (and with it sharp and the providers).
    const result = stale
      ? await (await import('./run.js')).runPlan(plan, ports, { home: options.home, concurrency: options.concurrency, lock: writer, hashes, jobs, gate: options.gate })
      : { built: [], kept: plan.targets.map((p) => p.target.path), failures: [], skipped: [], costUsd: 0 };
    const pruned = options.prune ? await pruneOutputs(manifest, writer, hashes) : null;
    await writer.flush();
    return { mode: 'build', plan, result: { ...result, pruned: pruned?.removed ?? [] }, prune: pruned };
  } finally {
    await hashes.save();
  }
}

/** The plan with every estimate at the Batch API's price. */
function atBatchPrice(plan: BuildPlan): BuildPlan {
  const scale = (usd: number | null) => (usd === null ? null : roundUsd(usd * BATCH_PRICE_FACTOR));
  return { ...plan, targets: plan.targets.map((p) => ({ ...p, estimatedCostUsd: scale(p.estimatedCostUsd) })), estimatedCostUsd: roundUsd(plan.estimatedCostUsd * BATCH_PRICE_FACTOR) };
}

/** The lock is written after each target: find out before paying for the first that it cannot be. */
async function checkLockWritable(dir: string): Promise<void> {
  try {
    await checkWritableDir(dir);
  } catch (err) {
    throw usageError('LOCK_NOT_WRITABLE', `Cannot write imagegen.lock in ${dir}: ${(err as Error).message}`, 'Run the build where the manifest\'s folder is writable.');
  }
}

function checkBudget(plan: BuildPlan, budget: number | undefined): void {
  if (budget === undefined) return;
  if (plan.estimatedCostUsd > budget) {
    throw usageError(
      'BUDGET_EXCEEDED',
      `The build would cost about $${plan.estimatedCostUsd.toFixed(2)}, more than the budget of $${budget.toFixed(2)}; nothing was sent.`,
      'Raise --budget, build part of it with --only, or see the plan with --dry-run.',
      { estimatedCostUsd: plan.estimatedCostUsd, budget },
    );
  }
  if (plan.unpriced.length) {
    throw usageError(
      'BUDGET_UNKNOWN_PRICE',
      `The price of ${plan.unpriced.length === 1 ? 'target' : 'targets'} ${plan.unpriced.slice(0, 5).map((p) => JSON.stringify(p)).join(', ')} is not known, so the budget cannot be checked; nothing was sent.`,
      'Use a model whose price imagegen knows (imagegen build --dry-run shows the estimate), or leave out --budget.',
    );
  }
}
