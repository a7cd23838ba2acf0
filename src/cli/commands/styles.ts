/** `imagegen styles`: the style presets --style takes. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import type { Context } from '../context.js';

export function register(program: Command, state: RunState): void {
  program
    .command('styles')
    .summary('list the style presets for --style')
    .description('List the style presets that --style takes, with the direction each adds to the prompt.')
    .option('--json', 'print {styles: [{name, instruction, aliases}]} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen styles
  $ imagegen styles --json | jq -r '.styles[].name'
  $ imagegen generate "a fox in the snow" --style watercolour`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context): Promise<number> {
  const [{ listStyles }, { renderStyles }] = await Promise.all([import('../../prompts/styles.js'), import('../render/styles.js')]);
  await renderStyles(ctx.output, listStyles());
  return 0;
}
