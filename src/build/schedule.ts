/**
 * Which stale targets can be built now, and which cannot be built at all. Pure functions over the
 * plan and what has happened so far, shared by the runner here and by `build --batch`.
 */
import type { PlannedTarget } from './types.js';

export interface ScheduleState {
  /** Targets built successfully in this build. */
  readonly built: ReadonlySet<string>;
  /** Targets started (building, built, failed). */
  readonly started: ReadonlySet<string>;
  /** Targets that failed, or were skipped because an input failed. */
  readonly failed: ReadonlySet<string>;
}

/** The stale targets of a plan, in dependency order. */
export function staleTargets(plan: readonly PlannedTarget[]): PlannedTarget[] {
  return plan.filter((p) => p.reason !== null);
}

/**
 * The stale targets not yet started whose stale dependencies have all been built: they can be
 * sent now. With an empty state, the stale targets that have no stale dependency.
 */
export function readyTargets(plan: readonly PlannedTarget[], state: ScheduleState): PlannedTarget[] {
  const stale = new Set(staleTargets(plan).map((p) => p.target.path));
  return staleTargets(plan).filter(
    (p) => !state.started.has(p.target.path) && !state.failed.has(p.target.path) && p.target.dependsOn.every((dep) => !stale.has(dep) || state.built.has(dep)),
  );
}

/**
 * The stale targets that can never be built in this run because one of their inputs failed (or
 * was itself skipped), each with the reason, in dependency order.
 */
export function blockedTargets(plan: readonly PlannedTarget[], state: ScheduleState): { path: string; reason: string }[] {
  const failed = new Set(state.failed);
  const skipped = new Set<string>();
  const blocked: { path: string; reason: string }[] = [];
  for (const p of staleTargets(plan)) {
    if (state.started.has(p.target.path) || failed.has(p.target.path)) continue;
    const cause = p.target.dependsOn.find((dep) => failed.has(dep));
    if (cause === undefined) continue;
    failed.add(p.target.path);
    skipped.add(p.target.path);
    blocked.push({ path: p.target.path, reason: `input ${JSON.stringify(cause)} ${skipped.has(cause) ? 'was skipped' : 'failed'}` });
  }
  return blocked;
}
