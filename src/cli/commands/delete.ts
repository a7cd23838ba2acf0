/** `imagegen delete ID…`: remove entries and the files the catalog owns. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import { usageError } from '../../domain/errors.js';
import type { Context } from '../context.js';

interface DeleteFlags {
  yes?: boolean;
  cascade?: boolean;
  json?: boolean;
}

export function register(program: Command, state: RunState): void {
  program
    .command('delete')
    .alias('rm')
    .summary('remove entries and the files the catalog owns')
    .description(
      'Remove entries, their output files and the stored images nothing else uses. Asks first on a terminal; elsewhere needs --yes. An entry with children is refused unless --cascade, which deletes its descendants too. Only files imagegen made are removed (an output file that was replaced or copied by hand is left, with a warning).',
    )
    .argument('<ids...>', 'entry ids (or unique prefixes)')
    .option('-y, --yes', 'do not ask (needed when not at a terminal)')
    .option('--cascade', 'also delete every entry descended from these')
    .option('--json', 'print {"deleted": [ids], "removedFiles": [...], "keptFiles": [...]} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen delete 7k2m9x4q
  $ imagegen delete 7k2m 9x4q --yes
  $ imagegen delete 7k2m --cascade --yes --json
  $ imagegen list --status failed --ids | xargs imagegen delete --yes`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, ids: string[], flags: DeleteFlags): Promise<number> {
  const [{ planDelete, executeDelete }, { describePlan, renderDeleted }, { ask, canAsk }] = await Promise.all([
    import('../../core/delete.js'),
    import('../render/delete.js'),
    import('../render/confirm.js'),
  ]);
  const catalog = await ctx.catalog();
  const plan = planDelete(catalog, ids, { cascade: Boolean(flags.cascade) });
  if (!flags.yes) {
    if (!canAsk(ctx.io)) {
      throw usageError('CONFIRMATION_REQUIRED', `Not deleting ${plan.entries.length} entr${plan.entries.length === 1 ? 'y' : 'ies'} without confirmation: this is not a terminal.`, 'Add --yes to delete without being asked.');
    }
    if (!(await ask(describePlan(plan), ctx.io))) {
      ctx.output.notice('Nothing deleted.');
      return 0;
    }
  }
  renderDeleted(ctx.output, await executeDelete({ catalog, store: await ctx.store() }, plan));
  return 0;
}
