/** `imagegen models`: the model table with prices and limits, merged with the API's live list. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import type { Context } from '../context.js';

export function register(program: Command, state: RunState): void {
  program
    .command('models')
    .summary('the image models, their sizes, limits and prices')
    .description(
      "List the image models imagegen knows: aspect ratios, sizes, how many input images each takes, the price per image and per million tokens, and the status. With an API key, the API's models.list is asked too: which ids the key can use. Works offline from the table alone. Retired ids are listed with the model they now mean.",
    )
    .option('--json', 'print {models, aliases, textModel, live} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen models
  $ imagegen models --json | jq -r '.models[] | select(.available) | .id'`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context): Promise<number> {
  const [{ listModels }, { renderModels }] = await Promise.all([import('../../core/models.js'), import('../render/models.js')]);
  const { apiKey, vertex, modelsTimeoutMs } = ctx.settings;
  await renderModels(ctx.output, await listModels({ apiKey, vertex, timeoutMs: modelsTimeoutMs, signal: ctx.signal }));
  return 0;
}
