/** `imagegen show ID`: one entry in full. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import type { Context } from '../context.js';

export function register(program: Command, state: RunState): void {
  program
    .command('show')
    .summary('show one entry in full')
    .description('Show one entry in full: prompts, parameters, inputs, lineage from the root, children, usage and file. ID may be a unique prefix.')
    .argument('<id>', 'entry id (or a unique prefix of one)')
    .option('--json', 'print the entry as JSON, with lineage and children')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen show 7k2m9x4q
  $ imagegen show 7k2m --json | jq .lineage`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, id: string, flags: { json?: boolean }): Promise<number> {
  void flags;
  const [{ showEntry }, { renderEntry }] = await Promise.all([import('../../core/show.js'), import('../render/entry.js')]);
  const shown = showEntry(await ctx.catalog(), id);
  if (ctx.output.json) ctx.output.data(shown);
  else await renderEntry(ctx.output, shown);
  return 0;
}
