/** `imagegen stats`: counts by kind, model, emotion and project; tokens and dollars, in total and per day. */
import { Option, type Command } from 'commander';
import { action, type RunState } from '../action.js';
import { dateBound } from '../filter-parsers.js';
import type { Context } from '../context.js';

interface StatsFlags {
  since?: string;
  until?: string;
  json?: boolean;
}

export function register(program: Command, state: RunState): void {
  program
    .command('stats')
    .summary('what the catalog holds and what it cost')
    .description(
      'Count entries by status, kind, model, emotion and project, with their tokens and dollars; then the same per day for the last 30 days (or --since/--until). Days are local calendar days.',
    )
    .addOption(new Option('--since <date>', 'first day of the per-day table: YYYY-MM-DD, 7d, 2w, … (default: 30 days ago)').argParser(dateBound('--since', 'since')))
    .addOption(new Option('--until <date>', 'last day of the per-day table (default: today)').argParser(dateBound('--until', 'until')))
    .option('--json', 'print {total, byStatus, byKind, byModel, byEmotion, byProject, window} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen stats
  $ imagegen stats --since 7d
  $ imagegen stats --since 2026-01-01 --until 2026-01-31 --json | jq .window.total.costUsd`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, flags: StatsFlags): Promise<number> {
  const [{ catalogStats }, { renderStats }] = await Promise.all([import('../../core/stats.js'), import('../render/stats.js')]);
  await renderStats(ctx.output, catalogStats(await ctx.readCatalog(), { since: flags.since, until: flags.until }));
  return 0;
}
