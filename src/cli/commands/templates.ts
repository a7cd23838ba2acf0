/** `imagegen templates [list]`, `templates show NAME`, `templates run NAME [PROMPT] -i ROLE=IMG …`. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import { commandGroup } from '../command-group.js';
import { addGenerationFlags, type GenerationFlags } from '../generation-flags.js';
import { collect } from '../parsers.js';
import type { Context } from '../context.js';

interface RunFlags extends GenerationFlags {
  image?: string[];
  param?: string[];
}

export function register(program: Command, state: RunState): void {
  const group = commandGroup(program, 'templates')
    .alias('template')
    .summary('list, explain and run workflow templates (jewellery shots and your own)')
    .description(
      'Workflow templates turn a few named input images and parameters into a complete instruction for the model: built in are the five jewellery workflows (white-background, change-background, ai-model, real-model, campaign); your own go in <home>/templates/NAME.yaml.',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen templates
  $ imagegen templates show campaign
  $ imagegen templates run white-background -i ornament=fixtures/ring.png
  $ imagegen templates run real-model -i ornament=fixtures/necklace.png --identity ana`,
    );

  group
    .command('list', { isDefault: true })
    .summary('list the templates (the default)')
    .description('List the built-in templates and yours, with their input roles and parameters.')
    .option('--json', 'print {templates, folder} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen templates
  $ imagegen templates list --json | jq -r '.templates[].name'`,
    )
    .action(action(state, async () => list));

  group
    .command('show')
    .summary('explain one template: its roles, parameters and an example')
    .description('Explain one template: each input role and parameter, the either/or choices, an example command, and the instruction it sends.')
    .argument('<name>', 'the template (imagegen templates lists them)')
    .option('--json', 'print the template as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen templates show change-background
  $ imagegen templates show campaign --json`,
    )
    .action(action(state, async () => show));

  const run = group
    .command('run')
    .summary('make images with a template')
    .description(
      'Make images with a template. Give each input image as -i ROLE=PATH_OR_ID (a bare -i PATH goes to the first role) and each parameter as --param KEY=VALUE; images are sent in the order of the template\'s roles. PROMPT adds your own words after the template\'s instruction; "-" reads it from standard input. --identity NAME fills the role for a person (real-model, campaign).',
    )
    .argument('<name>', 'the template (imagegen templates lists them)')
    .argument('[prompt]', 'your own words, added to the instruction (optional)')
    .option('-i, --image <role=path|id>', 'an input image for a role: ROLE=FILE or ROLE=ENTRY_ID (repeat for several)', collect)
    .option('--param <key=value>', 'a template parameter (repeat for several)', collect);
  addGenerationFlags(run)
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen templates run white-background -i ornament=fixtures/ring.png
  $ imagegen templates run change-background -i ornament=fixtures/ring.png --param colour="deep navy blue"
  $ imagegen templates run change-background -i ornament=fixtures/ring.png -i background=fixtures/beach.jpg
  $ imagegen templates run ai-model "summer editorial, golden hour" -i ornament=fixtures/necklace.png
  $ imagegen templates run real-model -i ornament=fixtures/necklace.png -i model=fixtures/model.jpg
  $ imagegen templates run campaign "festive evening" -i ornament=fixtures/ring.png -i ornament=fixtures/necklace.png --param names="Ruby ring, Pearl necklace" --json`,
    )
    .action(action(state, async () => runTemplate));
}

async function list(ctx: Context, flags: { json?: boolean }): Promise<number> {
  void flags;
  const [{ listTemplates }, { renderTemplateList }] = await Promise.all([import('../../core/templates.js'), import('../render/templates.js')]);
  renderTemplateList(ctx.output, await listTemplates(ctx.settings.home));
  return 0;
}

async function show(ctx: Context, name: string, flags: { json?: boolean }): Promise<number> {
  void flags;
  const [{ explainTemplate }, { renderTemplateDetails }] = await Promise.all([import('../../core/templates.js'), import('../render/templates.js')]);
  renderTemplateDetails(ctx.output, await explainTemplate(ctx.settings.home, name));
  return 0;
}

async function runTemplate(ctx: Context, name: string, promptArg: string | undefined, flags: RunFlags): Promise<number> {
  const [{ readPromptArg }, { planOptionsFrom }, { runGeneration }] = await Promise.all([import('../stdin.js'), import('../plan-options.js'), import('../run-generation.js')]);
  const prompt = (await readPromptArg(promptArg, ctx.io.stdin, ctx.signal)) ?? '';
  const options = { ...planOptionsFrom(ctx, prompt, flags), home: ctx.settings.home, template: name, images: flags.image ?? [], params: flags.param ?? [] };
  return runGeneration(ctx, { label: `Running ${name}`, open: flags.open, output: flags.output, force: flags.force }, { command: 'template', options });
}
