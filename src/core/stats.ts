/** `stats`: what the catalog holds and what it cost, in total, by group and per day. */
import { checkRange } from './dates.js';
import type { Catalog, DayRange, DayTotals, GroupTotals, Totals } from '../catalog/catalog.js';

export const DEFAULT_STATS_DAYS = 30;

export interface Stats {
  total: Totals;
  byStatus: GroupTotals[];
  byKind: GroupTotals[];
  byModel: GroupTotals[];
  byEmotion: GroupTotals[];
  byProject: GroupTotals[];
  /** Entries made by `templates run`, per template (entries made otherwise are not in it). */
  byTemplate: GroupTotals[];
  /** The per-day window: [since, until), and its totals. */
  window: { since: string; until: string; total: Totals; days: DayTotals[] };
}

export function catalogStats(catalog: Catalog, options: { since?: string; until?: string; now?: Date } = {}): Stats {
  const now = options.now ?? new Date();
  const since = options.since ?? new Date(now.getFullYear(), now.getMonth(), now.getDate() - (DEFAULT_STATS_DAYS - 1)).toISOString();
  const until = options.until ?? new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).toISOString();
  checkRange(since, until);
  const days = catalog.stats.totalsPerDay(localDays(since, until)).map(rounded);
  const windowTotal = rounded(
    days.reduce<Totals>(
      (sum, d) => ({ entries: sum.entries + d.entries, inputTokens: sum.inputTokens + d.inputTokens, outputTokens: sum.outputTokens + d.outputTokens, costUsd: sum.costUsd + d.costUsd }),
      { entries: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
    ),
  );
  // Entries of models without prices count as unknown, never as $0.
  const unpriced = catalog.stats.unpricedByModel();
  const byModel = catalog.stats.totalsBy('model').map((g) => {
    const n = unpriced.get(g.value ?? '') ?? 0;
    return n === 0 ? rounded(g) : { ...rounded(g), costUsd: n >= g.entries ? null : g.costUsd, unpricedEntries: n };
  });
  const allUnpriced = [...unpriced.values()].reduce((a, b) => a + b, 0);
  return {
    total: { ...rounded(catalog.stats.overall()), unpricedEntries: allUnpriced },
    byStatus: catalog.stats.totalsBy('status').map(rounded),
    byKind: catalog.stats.totalsBy('kind').map(rounded),
    byModel,
    byEmotion: catalog.stats.totalsBy('emotion').map(rounded),
    byProject: catalog.stats.totalsBy('project').map(rounded),
    byTemplate: catalog.stats.totalsByTemplate().map(rounded),
    window: { since, until, total: { ...windowTotal, unpricedEntries: catalog.stats.unpricedBetween(since, until) }, days },
  };
}

/** The local calendar days from since to until, each clipped to the range. */
export function localDays(since: string, until: string): DayRange[] {
  const days: DayRange[] = [];
  const end = new Date(until);
  for (let start = new Date(since); start < end; ) {
    const next = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
    const stop = next < end ? next : end;
    const day = `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}-${String(start.getDate()).padStart(2, '0')}`;
    days.push({ day, start: start.toISOString(), end: stop.toISOString() });
    start = stop;
  }
  return days;
}

/** Sums of many small prices drift in the last bits; dollars are kept to a millionth. */
function rounded<T extends { costUsd: number | null }>(totals: T): T {
  return { ...totals, costUsd: totals.costUsd === null ? null : Math.round(totals.costUsd * 1e6) / 1e6 };
}
