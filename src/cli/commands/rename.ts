/** `imagegen rename ID NAME`: set an entry's name. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import type { Context } from '../context.js';

export function register(program: Command, state: RunState): void {
  program
    .command('rename')
    .summary("set an entry's name")
    .description("Set an entry's name (what list shows and what search finds). The output file keeps its name. ID may be a unique prefix.")
    .argument('<id>', 'entry id (or a unique prefix of one)')
    .argument('<name>', 'the new name (quote it)')
    .option('--json', 'print the renamed entry as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen rename 7k2m9x4q "Harbour at night"
  $ imagegen rename 7k2m "Logo, final" --json | jq .name`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, id: string, name: string): Promise<number> {
  const { renameEntry } = await import('../../core/rename.js');
  const { entry, previousName } = renameEntry(await ctx.catalog(), id, name);
  if (ctx.output.json) ctx.output.data(entry);
  else ctx.output.line(`${entry.id}  "${previousName}" → "${entry.name}"`);
  return 0;
}
