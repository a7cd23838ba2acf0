/**
 * Totals for `stats`: the breakdowns come from the entry_counts table (a few hundred rows however
 * large the catalog), the per-day figures from the created_at range.
 */
import type { Catalog } from './catalog.js';

export interface Totals {
  entries: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface GroupTotals extends Totals {
  value: string | null;
}

export interface DayTotals extends Totals {
  /** The local calendar day, YYYY-MM-DD. */
  day: string;
}

export type StatsColumn = 'status' | 'kind' | 'model' | 'emotion' | 'project';

const SUMS = 'coalesce(sum(entries), 0) AS entries, coalesce(sum(input_tokens), 0) AS inputTokens, coalesce(sum(output_tokens), 0) AS outputTokens, coalesce(sum(cost_usd), 0) AS costUsd';

export function overallTotals(catalog: Catalog): Totals {
  return catalog.db.prepare(`SELECT ${SUMS} FROM entry_counts`).get() as Totals;
}

/** Totals per value of one column, largest first. */
export function totalsBy(catalog: Catalog, column: StatsColumn): GroupTotals[] {
  return catalog.db
    .prepare(`SELECT ${column} AS value, ${SUMS} FROM entry_counts GROUP BY ${column} ORDER BY entries DESC, value`)
    .all() as GroupTotals[];
}

/** Entries, tokens and dollars per local day for entries created in [since, until). */
export function totalsPerDay(catalog: Catalog, since: string, until: string): DayTotals[] {
  return catalog.db
    .prepare(
      `SELECT date(created_at, 'localtime') AS day, count(*) AS entries, coalesce(sum(input_tokens), 0) AS inputTokens,
              coalesce(sum(output_tokens), 0) AS outputTokens, coalesce(sum(cost_usd), 0) AS costUsd
       FROM entries WHERE created_at >= ? AND created_at < ? GROUP BY day ORDER BY day`,
    )
    .all(since, until) as DayTotals[];
}
