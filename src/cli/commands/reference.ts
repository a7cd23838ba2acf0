/** `imagegen reference PROMPT -i IMG --type subject|face|full_image`: a new image from a reference. */
import { Option, type Command } from 'commander';
import { action, type RunState } from '../action.js';
import { addGenerationFlags, type GenerationFlags } from '../generation-flags.js';
import { collect, oneOf } from '../parsers.js';
import { FOCUS_MODES, REFERENCE_TYPES } from '../../prompts/focus.js';
import type { Context } from '../context.js';
import type { ReferenceType } from '../../domain/entry.js';

interface ReferenceFlags extends GenerationFlags {
  image?: string[];
  type?: ReferenceType;
}

export function register(program: Command, state: RunState): void {
  const command = program
    .command('reference')
    .alias('ref')
    .summary('a new image that keeps the subject, face or look of a reference')
    .description(
      `Make a new image that keeps part of a reference image, as --type says:
  subject     ${FOCUS_MODES.subject.keeps}
  face        ${FOCUS_MODES.face.keeps}
  full_image  ${FOCUS_MODES.full_image.keeps}
-i is a file path or the id of an earlier entry. On a terminal, a missing prompt or --type is asked for.`,
    )
    .argument('[prompt]', 'what the new image shows (quote it), or - to read standard input')
    .option('-i, --image <path|id>', 'the reference image: a file, an entry id, or - for standard input (repeat for several of the same subject)', collect)
    .addOption(new Option('-t, --type <type>', `what to keep: ${REFERENCE_TYPES.join(' | ')}`).argParser(oneOf('--type', REFERENCE_TYPES)));
  addGenerationFlags(command)
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen reference "the same mug on a marble kitchen counter" -i mug.jpg --type subject
  $ imagegen reference "a professional headshot in a navy suit" -i me.jpg --type face -n 4
  $ imagegen reference "a harbour town at dusk" -i 7k2m9x4q --type full_image -a 16:9 --json`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, promptArg: string | undefined, flags: ReferenceFlags): Promise<number> {
  const [{ promptOrAsk, choiceOrAsk, missingPrompt }, { planOptionsFrom }, { checkImages }, { missingReferenceType }, { runGeneration }] = await Promise.all([
    import('../interactive.js'),
    import('../plan-options.js'),
    import('../../core/plan-common.js'),
    import('../../core/reference.js'),
    import('../run-generation.js'),
  ]);
  const images = checkImages(flags.image, 'reference'); // before asking for anything
  const prompt = await promptOrAsk(ctx, promptArg, () => missingPrompt('reference', 'imagegen reference "a headshot in a navy suit" -i me.jpg --type face'));
  const referenceType = await choiceOrAsk(
    ctx,
    flags.type,
    { message: 'What should the new image keep from the reference?', choices: REFERENCE_TYPES.map((value) => ({ value, name: value, description: FOCUS_MODES[value].keeps })) },
    missingReferenceType,
  );
  return runGeneration(ctx, { label: 'Generating from reference', open: flags.open, output: flags.output, force: flags.force }, { command: 'reference', options: { ...planOptionsFrom(ctx, prompt, flags), images, referenceType } });
}
