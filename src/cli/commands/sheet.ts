/** `imagegen sheet IDS…|QUERY -o FILE`: one contact-sheet image of entries, captioned. */
import { Option, type Command } from 'commander';
import { action, type RunState } from '../action.js';
import { addListFilters, listFilterFrom, type ListFilterFlags } from '../list-filters.js';
import { intInRange, nonEmpty } from '../parsers.js';
import type { Context } from '../context.js';

interface SheetFlags extends ListFilterFlags {
  out: string;
  columns?: number;
  limit: number;
  json?: boolean;
}

const FILTER_FLAGS = ['kind', 'emotion', 'model', 'project', 'name', 'prompt', 'since', 'until', 'parent', 'root', 'tag'] as const;

export function register(program: Command, state: RunState): void {
  const command = program
    .command('sheet')
    .summary('make one contact-sheet image of entries, with captions')
    .description(
      'Make one image holding a grid of entries\' pictures, each captioned with its name and id: for a quick look in a CI artifact or a chat. The words are entry ids when each names one entry (a full id, a unique prefix, or last); otherwise they are a search over names and prompts, as in list, and the filters apply. The format follows the file name: .png, .jpg or .webp.',
    )
    .argument('[ids-or-query...]', 'entry ids, or words to search for');
  addListFilters(command)
    .addOption(new Option('-o, --out <file>', 'the image to write (.png, .jpg or .webp)').argParser(nonEmpty('--out')).makeOptionMandatory())
    .addOption(new Option('--columns <n>', 'pictures per row (default: about square, at most 6)').argParser(intInRange('--columns', 1, 50)))
    .addOption(new Option('--limit <n>', 'at most this many entries, newest first').argParser(intInRange('--limit', 1, 400)).default(48))
    .option('--json', 'print {file, width, height, bytes, selectedBy, entries} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen sheet 7k2m9x4q 3h8n2c1d last -o picks.png
  $ imagegen sheet lighthouse --since 7d -o lighthouses.jpg
  $ imagegen sheet --project icons --columns 8 -o icons.webp --json`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, words: string[], flags: SheetFlags): Promise<number> {
  const { makeSheet } = await import('../../gallery/sheet.js');
  const { query, ...filter } = listFilterFrom([], flags);
  void query;
  const result = await makeSheet(
    { catalog: await ctx.readCatalog(), store: await ctx.store(), cwd: ctx.io.cwd },
    {
      words,
      filter,
      filtered: FILTER_FLAGS.some((f) => flags[f] !== undefined) || flags.status !== 'completed',
      out: flags.out,
      columns: flags.columns,
      limit: flags.limit,
    },
  );
  if (ctx.output.json) ctx.output.data(result);
  else {
    ctx.output.notice(`Contact sheet of ${result.entries.length} ${result.entries.length === 1 ? 'entry' : 'entries'} (${result.selectedBy === 'ids' ? 'by id' : 'by search'}), ${result.width}×${result.height}.`);
    ctx.output.line(result.file);
  }
  return 0;
}
