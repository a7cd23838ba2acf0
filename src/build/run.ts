/**
 * The runner: builds a plan's stale targets, dependencies first, every request paced by one
 * AdaptiveGate. Each target is the core's ordinary image job (one catalog entry, written
 * atomically at its exact path); the lock is rewritten after each one lands. A failed target
 * never stops the others; the targets that needed it are skipped, with the reason. Errors that no
 * target could survive (a rejected key, a full disk, an interrupt) stop new targets from starting;
 * those in flight finish and are recorded before the error is raised.
 */
import { AdaptiveGate } from '../core/adaptive-gate.js';
import { ImagegenError, interrupted, toImagegenError } from '../domain/errors.js';
import type { GenerationPorts, Ports, ProviderFactory } from '../core/ports.js';
import { runImageJob } from '../core/run-images.js';
import type { ImageProvider, ProviderName } from '../domain/provider.js';
import { targetLockFacts } from './target-lock.js';
import type { FileHashes } from './file-hashes.js';
import type { LockWriter } from './lock.js';
import { roundUsd } from './plan.js';
import { blockedTargets, readyTargets, type ScheduleState } from './schedule.js';
import { planTargetJob, type PlannedJob } from './target-job.js';
import type { BuildEvent, BuildPlan, BuildResult, BuiltTarget, PlannedTarget } from './types.js';

export interface RunPorts extends Ports {
  /** Builds (once per provider) what the targets are sent to. */
  provider: ProviderFactory;
  onEvent?: (event: BuildEvent) => void;
}

export interface RunContext {
  home: string;
  concurrency: number;
  lock: LockWriter;
  hashes: FileHashes;
  /** Jobs the planner already made, by target path. */
  jobs: Map<string, PlannedJob>;
  /** The gate to pace requests with (tests and benchmarks read its counters). */
  gate?: AdaptiveGate;
}

/** Errors after which no other target can succeed either: the build stops starting new ones. */
const BUILD_FATAL = new Set(['API_KEY_INVALID', 'API_PERMISSION_DENIED', 'MISSING_API_KEY', 'MISSING_HF_TOKEN', 'DISK_FULL', 'NOT_WRITABLE', 'INTERRUPTED']);

export async function runPlan(plan: BuildPlan, ports: RunPorts, ctx: RunContext): Promise<Omit<BuildResult, 'pruned'>> {
  const gate = ctx.gate ?? new AdaptiveGate(ctx.concurrency);
  const built = new Set<string>();
  const started = new Set<string>();
  const failed = new Set<string>();
  const state: ScheduleState = { built, started, failed };
  const result: Omit<BuildResult, 'pruned'> = { built: [], kept: [], failures: [], skipped: [], costUsd: 0 };
  const providers = new Map<ProviderName, Promise<ImageProvider>>();
  const providerFor = (name: ProviderName) => {
    if (!providers.has(name)) providers.set(name, ports.provider(name));
    return providers.get(name)!;
  };
  // A missing key is found before any target starts, not by the first one.
  for (const name of new Set(plan.targets.filter((p) => p.reason !== null).map((p) => p.target.provider))) await providerFor(name);
  let stop: ImagegenError | undefined;
  const running = new Set<Promise<void>>();
  // Targets are started only as fast as slots may free up, so a large manifest is not planned all at once.
  const maxRunning = Math.max(1, ctx.concurrency) * 2;

  const runOne = async (p: PlannedTarget): Promise<void> => {
    const path = p.target.path;
    try {
      const outcome = await buildTarget(p, plan, ports, ctx, gate, providerFor);
      built.add(path);
      result.built.push(outcome);
      result.costUsd = roundUsd(result.costUsd + outcome.costUsd);
      ports.onEvent?.({ type: 'built', path, entryId: outcome.entryId, costUsd: outcome.costUsd });
    } catch (err) {
      const error = toImagegenError(err);
      failed.add(path);
      if (BUILD_FATAL.has(error.code) || ports.signal?.aborted) {
        stop ??= error;
        return;
      }
      result.failures.push({ path, error: error.toJSON() });
      ports.onEvent?.({ type: 'failed', path, message: error.message });
    }
  };

  for (;;) {
    if (!stop && !ports.signal?.aborted) {
      for (const blocked of blockedTargets(plan.targets, state)) {
        failed.add(blocked.path);
        result.skipped.push(blocked);
        ports.onEvent?.({ type: 'skipped', ...blocked });
      }
      for (const p of readyTargets(plan.targets, state)) {
        if (running.size >= maxRunning) break;
        started.add(p.target.path);
        const task = runOne(p).finally(() => running.delete(task));
        running.add(task);
      }
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  await ctx.lock.flush();
  if (stop) throw stop;
  if (ports.signal?.aborted) throw interrupted();
  result.kept = plan.targets.filter((p) => p.reason === null).map((p) => p.target.path);
  return result;
}

async function buildTarget(
  p: PlannedTarget,
  plan: BuildPlan,
  ports: RunPorts,
  ctx: RunContext,
  gate: AdaptiveGate,
  providerFor: (name: ProviderName) => Promise<ImageProvider>,
): Promise<BuiltTarget> {
  const { target } = p;
  // Targets whose inputs were just rebuilt are planned now, from the new files.
  const planned = ctx.jobs.get(target.path) ?? (await planTargetJob(target, plan.manifest, ports, ctx.home));
  const { fingerprint, inputs } = await targetLockFacts(target, planned, ctx.hashes);
  // The fingerprint travels with the entry, so a file written just before a kill can be adopted.
  const job = { ...planned.job, metadata: { ...planned.job.metadata, build: { ...(planned.job.metadata.build as object), fingerprint } } };
  const provider = await providerFor(job.model.provider);
  const generationPorts: GenerationPorts = {
    ...ports,
    provider,
    gate,
    onProgress: (e) => {
      if (e.type === 'retrying') ports.onEvent?.({ type: 'retrying', path: target.path, reason: e.reason, delayMs: e.delayMs });
    },
  };
  const run = await runImageJob(job, generationPorts);
  const failure = run.failures[0];
  if (failure || !run.entries[0]?.file) {
    const error = failure?.error ?? { code: 'NO_OUTPUT', message: 'The target produced no file.', hint: 'Run the build again.' };
    throw new ImagegenError(error.code, error.message, error.hint);
  }
  const entry = run.entries[0];
  const file = entry.file!;
  await ctx.hashes.remember(target.file, file.sha256);
  await ctx.lock.set(target.path, { entryId: entry.id, fingerprint, inputs, sha256: file.sha256 });
  return { path: target.path, entryId: entry.id, reason: p.reason!, costUsd: entry.usage.costUsd ?? 0 };
}
