/** `imagegen modify PROMPT -i IMG [-i IMG …]`: edit images with a prompt. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import { addGenerationFlags, type GenerationFlags } from '../generation-flags.js';
import { collect } from '../parsers.js';
import type { Context } from '../context.js';

interface ModifyFlags extends GenerationFlags {
  image?: string[];
}

export function register(program: Command, state: RunState): void {
  const command = program
    .command('modify')
    .alias('edit')
    .summary('edit one or more images with a prompt')
    .description('Apply a prompt to one or more input images, sent in the order given. Each -i is a file path or the id of an earlier entry (its image comes from the catalog). Asks for the prompt on a terminal when it is left out.')
    .argument('[prompt]', 'the change to make (quote it), or - to read standard input')
    .option('-i, --image <path|id>', 'an input image: a file, an entry id, or - for standard input (repeat for several)', collect);
  addGenerationFlags(command)
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen modify "make the sky stormy" -i beach.jpg
  $ imagegen modify "put the cat from the second picture on the sofa" -i sofa.png -i cat.jpg
  $ imagegen modify "turn it into a night scene" -i 7k2m9x4q -n 2 --json
  $ imagegen modify "remove the text" -i poster.webp --provider offline
  $ curl -s https://example.com/photo.jpg | imagegen modify "make it a watercolour" -i -`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, promptArg: string | undefined, flags: ModifyFlags): Promise<number> {
  const [{ promptOrAsk, missingPrompt }, { planOptionsFrom }, { checkImages }, { runGeneration }] = await Promise.all([
    import('../interactive.js'),
    import('../plan-options.js'),
    import('../../core/plan-common.js'),
    import('../run-generation.js'),
  ]);
  const images = checkImages(flags.image, 'modify'); // before asking for anything
  const prompt = await promptOrAsk(ctx, promptArg, () => missingPrompt('modify', 'imagegen modify "make the sky stormy" -i beach.jpg'));
  return runGeneration(ctx, { label: 'Modifying', open: flags.open, output: flags.output, force: flags.force }, { command: 'modify', options: { ...planOptionsFrom(ctx, prompt, flags), images } });
}
