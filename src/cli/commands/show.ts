/** `imagegen show ID`: one entry in full. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import type { Context } from '../context.js';

export function register(program: Command, state: RunState): void {
  program
    .command('show')
    .summary('show one entry in full')
    .description(
      'Show one entry in full: the prompt as typed and as sent, parameters, inputs with their roles, lineage from the root, children, usage and cost, the file, its tags and the provenance embedded in the image. ID may be a unique prefix.',
    )
    .argument('<id>', 'entry id (or a unique prefix of one)')
    .option('--json', 'print the entry as JSON, with lineage, children and provenance')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen show 7k2m9x4q
  $ imagegen show 7k2m --json | jq .lineage`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, id: string): Promise<number> {
  const [{ showEntry }, { renderEntry }] = await Promise.all([import('../../core/show.js'), import('../render/entry.js')]);
  const shown = await showEntry({ catalog: await ctx.readCatalog(), store: await ctx.store() }, id);
  if (ctx.output.json) ctx.output.data(shown);
  else await renderEntry(ctx.output, shown);
  return 0;
}
