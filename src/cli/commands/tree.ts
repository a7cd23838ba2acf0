/** `imagegen tree ID`: the whole family of an entry, drawn from its root. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import type { Context } from '../context.js';

export function register(program: Command, state: RunState): void {
  program
    .command('tree')
    .summary("draw an entry's whole family, from its root")
    .description(
      "Draw the whole family of an entry — its root and every entry regenerated or derived from it — as a tree, marking the entry asked for (◀). A node's only child continues in the same column, so long chains stay readable. ID may be a unique prefix.",
    )
    .argument('<id>', 'any entry of the family (or a unique prefix of its id)')
    .option('--json', 'print the family as nested {id, name, kind, status, createdAt, children: […]}')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen tree 7k2m9x4q
  $ imagegen tree 7k2m --json | jq '.children | length'`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, id: string): Promise<number> {
  const [{ entryTree }, { renderTree }] = await Promise.all([import('../../core/tree.js'), import('../render/tree.js')]);
  await renderTree(ctx.output, entryTree(await ctx.readCatalog(), id));
  return 0;
}
