/**
 * Totals for `stats`: the breakdowns come from the entry_counts table (a few hundred rows however
 * large the catalog), the per-day figures from the created_at range.
 */
import type { Db } from './open.js';

export interface Totals {
  entries: number;
  inputTokens: number;
  outputTokens: number;
  /** Dollars of the entries whose cost is known; see unpricedEntries for the rest. */
  costUsd: number;
  /** Entries whose cost is unknown (a model without prices): not in costUsd. */
  unpricedEntries?: number;
}

export interface GroupTotals extends Omit<Totals, 'costUsd'> {
  value: string | null;
  /** Null when none of the group's entries has a known cost. */
  costUsd: number | null;
}

export interface DayTotals extends Totals {
  /** The local calendar day, YYYY-MM-DD. */
  day: string;
}

export type StatsColumn = 'status' | 'kind' | 'model' | 'emotion' | 'project';

/** A local calendar day, as the instants it spans: [start, end). */
export interface DayRange {
  day: string;
  start: string;
  end: string;
}

const SUMS = 'coalesce(sum(entries), 0) AS entries, coalesce(sum(input_tokens), 0) AS inputTokens, coalesce(sum(output_tokens), 0) AS outputTokens, coalesce(sum(cost_usd), 0) AS costUsd';

/** The queries behind `stats`. */
export class Stats {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  overall(): Totals {
    return this.db.prepare(`SELECT ${SUMS} FROM entry_counts`).get() as Totals;
  }

  /** Totals per value of one column, largest first. */
  totalsBy(column: StatsColumn): GroupTotals[] {
    return this.db
      .prepare(`SELECT ${column} AS value, ${SUMS} FROM entry_counts GROUP BY ${column} ORDER BY entries DESC, value`)
      .all() as GroupTotals[];
  }

  /** Totals per template, largest first, for entries a template made (migration 005's partial index). */
  totalsByTemplate(): GroupTotals[] {
    return this.db
      .prepare(
        `SELECT template AS value, count(*) AS entries, coalesce(sum(input_tokens), 0) AS inputTokens,
                coalesce(sum(output_tokens), 0) AS outputTokens, coalesce(sum(cost_usd), 0) AS costUsd
         FROM entries INDEXED BY entries_template_created WHERE template IS NOT NULL
         GROUP BY template ORDER BY entries DESC, value`,
      )
      .all() as GroupTotals[];
  }

  /**
   * Entries, tokens and dollars per day, for days given as ranges (the caller knows the time zone;
   * SQLite's 'localtime' would convert every row). Days without entries are left out.
   */
  totalsPerDay(days: DayRange[]): DayTotals[] {
    return this.db
      .prepare(
        `SELECT d.value ->> '$.day' AS day, count(*) AS entries, coalesce(sum(e.input_tokens), 0) AS inputTokens,
                coalesce(sum(e.output_tokens), 0) AS outputTokens, coalesce(sum(e.cost_usd), 0) AS costUsd
         FROM json_each(?) d CROSS JOIN entries e
         WHERE e.created_at >= d.value ->> '$.start' AND e.created_at < d.value ->> '$.end'
         GROUP BY day ORDER BY day`,
      )
      .all(JSON.stringify(days)) as DayTotals[];
  }

  /** How many entries have an unknown cost, per model (a partial index keeps this cheap). */
  unpricedByModel(): Map<string, number> {
    const rows = this.db.prepare('SELECT model, count(*) AS n FROM entries WHERE cost_known = 0 GROUP BY model').all() as { model: string; n: number }[];
    return new Map(rows.map((r) => [r.model, r.n]));
  }

  /** How many entries in [since, until) have an unknown cost. */
  unpricedBetween(since: string, until: string): number {
    const row = this.db.prepare('SELECT count(*) AS n FROM entries WHERE cost_known = 0 AND created_at >= ? AND created_at < ?').get(since, until) as { n: number };
    return row.n;
  }
}
