/** Renders `stats`: JSON for scripts; for people, one small table per breakdown. */
import { dollars, localDay } from './format.js';
import type { DayTotals, GroupTotals, Totals } from '../../catalog/catalog.js';
import type { Stats } from '../../core/stats.js';
import { tableMaker } from './table.js';
import type { Output } from './output.js';
import { escapeInline } from './safe-text.js';

export async function renderStats(output: Output, stats: Stats): Promise<void> {
  if (output.json) {
    output.data(stats);
    return;
  }
  const cost = (t: Pick<Totals, 'unpricedEntries'> & { costUsd: number | null }) =>
    t.costUsd === null ? 'unknown' : `${dollars(t.costUsd)}${t.unpricedEntries ? ` + ${t.unpricedEntries} unknown` : ''}`;
  const figures = (t: Omit<Totals, 'costUsd'> & { costUsd: number | null }) => [String(t.entries), tokens(t.inputTokens), tokens(t.outputTokens), cost(t)];
  const makeTable = await tableMaker(output);
  const table = (title: string, rows: string[][]) => {
    const t = makeTable([title, 'entries', 'tokens in', 'tokens out', 'cost']);
    for (const row of rows) t.push(row.map(escapeInline));
    output.styledLine(t.toString());
  };
  const groups = (title: string, list: GroupTotals[]) => table(title, list.map((g) => [g.value ?? '(none)', ...figures(g)]));

  table('catalog', [['all entries', ...figures(stats.total)]]);
  groups('status', stats.byStatus);
  groups('kind', stats.byKind);
  groups('model', stats.byModel);
  groups('emotion', stats.byEmotion);
  groups('project', stats.byProject);
  if (stats.byTemplate.length) groups('template', stats.byTemplate);
  const w = stats.window;
  table(`day (${localDay(w.since)} – ${localDay(Date.parse(w.until) - 1)})`, [...w.days.map((d: DayTotals) => [d.day, ...figures(d)]), ['total', ...figures(w.total)]]);
}

function tokens(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(n >= 1e6 ? 0 : 1)}k` : String(n);
}
