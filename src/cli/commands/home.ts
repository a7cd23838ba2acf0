/** `imagegen home`: where things live. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import type { Context } from '../context.js';

export function register(program: Command, state: RunState): void {
  program
    .command('home')
    .summary('print where things live: home, catalog, stored images, templates, config, output folder')
    .option('--json', 'print {home, catalog, blobs, templates, config, out} as JSON')
    .addHelpText('after', '\nExamples:\n  $ imagegen home\n  $ imagegen home --json | jq -r .catalog')
    .action(action(state, async () => home, { lenientConfig: true }));
}

async function home(ctx: Context): Promise<number> {
  const { homeLayout } = await import('../../config/home-layout.js');
  const layout = homeLayout(ctx.settings);
  if (ctx.output.json) ctx.output.data(layout);
  else for (const [what, where] of Object.entries(layout)) ctx.output.line(`${what.padEnd(10)} ${where}`);
  if (ctx.configProblem) ctx.output.warn(`${ctx.configProblem.message} (ignored here)`);
  return 0;
}
