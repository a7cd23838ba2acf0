/** `imagegen regenerate ID PROMPT`: a new version of an entry, its image plus a further instruction. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import { addGenerationFlags, type GenerationFlags } from '../generation-flags.js';
import type { Context } from '../context.js';
import type { ProviderName } from '../../domain/provider.js';

export function register(program: Command, state: RunState): void {
  const command = program
    .command('regenerate')
    .alias('regen')
    .summary("a new version of an entry: its image plus a further instruction")
    .description(
      `Make a new version of entry ID: its image is sent (from the catalog's own copy, so it works after the
file was moved or deleted) with the combined prompt "<ID's effective prompt>. <PROMPT>". The new
entry is ID's child. It keeps ID's model, provider, aspect ratio, size, style, template and project
unless flags here say otherwise (IMAGEGEN_MODEL and IMAGEGEN_PROVIDER do not apply). Works on
regenerated entries too, to any depth. Asks for the prompt on a terminal when it is left out.`,
    )
    .argument('<id>', 'the entry to start from (or a unique prefix of its id)')
    .argument('[prompt]', 'what to change (quote it), or - to read standard input');
  addGenerationFlags(command)
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen regenerate 7k2m9x4q "add gold accents"
  $ imagegen regenerate 7k2m "make it more vibrant" -n 3 --json
  $ imagegen regen 7k2m9x4q "same, but at night" -a 16:9 --style cinematic`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, id: string, promptArg: string | undefined, flags: GenerationFlags): Promise<number> {
  const [{ promptOrAsk, missingPrompt }, { runGeneration }, { planOptionsFrom }] = await Promise.all([
    import('../interactive.js'),
    import('../run-generation.js'),
    import('../plan-options.js'),
  ]);
  const prompt = await promptOrAsk(ctx, promptArg, () => missingPrompt('regenerate', `imagegen regenerate ${id} "add gold accents"`));
  // Only flags given here override the entry's settings: not IMAGEGEN_MODEL or IMAGEGEN_PROVIDER.
  const options = { ...planOptionsFrom(ctx, prompt, flags), id, provider: flags.provider as ProviderName | undefined, model: flags.model };
  return runGeneration(ctx, { label: 'Regenerating', open: flags.open, output: flags.output, force: flags.force }, { command: 'regenerate', options });
}
