/** `imagegen generate PROMPT`: text → image. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import { addGenerationFlags, type GenerationFlags } from '../generation-flags.js';
import type { Context } from '../context.js';

export function register(program: Command, state: RunState): void {
  const command = program
    .command('generate')
    .alias('gen')
    .summary('make images from a text prompt')
    .description('Make images from a text prompt. The prompt is one quoted argument; "-" reads it from standard input.')
    .argument('[prompt]', 'what to draw (quote it), or - to read standard input; asked for on a terminal when left out');
  addGenerationFlags(command)
    .option('--batch', 'send the images as one Gemini Batch API job at half the price; prints its id (fetch the results later with imagegen batch fetch ID)')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen generate "a lighthouse at dawn" --provider offline
  $ imagegen generate "a red fox in snow, watercolour" -n 3 -a 16:9
  $ imagegen generate "app icon, a paper plane" -s 2K --format webp --name "Plane icon" --json
  $ echo "a quiet harbour at night" | imagegen generate - -o assets/
  $ imagegen generate "a lighthouse at dawn" -O assets/hero.webp --force
  $ imagegen generate "a harbour, morning" --enhance --project coast --history 3 --context brief.txt
  $ HF_TOKEN=hf_… imagegen generate "a calm lake" --provider huggingface --emotion calm
  $ imagegen generate "a paper plane icon" -n 8 --batch    # half price; then imagegen batch wait/fetch ID`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, promptArg: string | undefined, flags: GenerationFlags & { batch?: boolean }): Promise<number> {
  const [{ promptOrAsk, missingPrompt }, { runGeneration }, { planOptionsFrom }] = await Promise.all([
    import('../interactive.js'),
    import('../run-generation.js'),
    import('../plan-options.js'),
  ]);
  const prompt = await promptOrAsk(ctx, promptArg, () => missingPrompt('generate', 'imagegen generate "a lighthouse at dawn"'));
  const plan = { command: 'generate' as const, options: planOptionsFrom(ctx, prompt, flags) };
  if (flags.batch) {
    const { runBatchGeneration } = await import('../run-batch-generation.js');
    return runBatchGeneration(ctx, { output: flags.output }, plan);
  }
  return runGeneration(ctx, { label: 'Generating', open: flags.open, output: flags.output, force: flags.force }, plan);
}
