/** `imagegen list [QUERY]`: entries, newest first. */
import { Option, type Command } from 'commander';
import { action, type RunState } from '../action.js';
import { addListFilters, listFilterFrom, type ListFilterFlags } from '../list-filters.js';
import { intInRange } from '../parsers.js';
import type { Context } from '../context.js';

interface ListFlags extends ListFilterFlags {
  limit: number;
  page: number;
  ids?: boolean;
  json?: boolean;
}

export function register(program: Command, state: RunState): void {
  const command = program
    .command('list')
    .alias('ls')
    .summary('list and search catalog entries, newest first')
    .description(
      'List catalog entries, newest first. QUERY searches names and prompts: parts of words, in any order, in any case (every word must match). Filters combine.',
    )
    .argument('[query...]', 'words to look for in names and prompts (quoted or not)');
  addListFilters(command)
    .addOption(new Option('--limit <n>', 'entries per page').argParser(intInRange('--limit', 1, 1000)).default(20))
    .addOption(new Option('--page <n>', 'page number, from 1').argParser(intInRange('--page', 1, 1_000_000)).default(1))
    .option('--ids', 'print only ids, one per line (for shell pipelines)')
    .option('--json', 'print {entries, total, page, limit} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen list
  $ imagegen list lighthous                      # parts of words match
  $ imagegen list "lake sunset" --since 7d       # any word order, last 7 days
  $ imagegen list --kind regenerate --emotion calm --page 2
  $ imagegen list --since 2026-01-01 --until 2026-01-31 --json
  $ imagegen list --root 7k2m --tag client=acme
  $ imagegen list --project icons --ids | xargs -n1 imagegen show`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, words: string[], flags: ListFlags): Promise<number> {
  const [{ listEntries }, { renderList }] = await Promise.all([import('../../core/list.js'), import('../render/list.js')]);
  const catalog = await ctx.readCatalog();
  const result = listEntries(catalog, {
    ...listFilterFrom(words, flags),
    limit: flags.limit,
    page: flags.page,
    // Only JSON and the table show a total; --ids and piped lines need the page alone.
    count: ctx.output.json || (!flags.ids && ctx.output.stdoutIsTerminal),
  });
  await renderList(ctx.output, result, { idsOnly: Boolean(flags.ids), cwd: ctx.io.cwd });
  return 0;
}
