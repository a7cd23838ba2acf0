/** The commander program: global flags and the commands' definitions (their code loads lazily). */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import type { RunState } from './action.js';

interface CommandModule {
  register(program: Command, state: RunState): void;
}

/**
 * Every command, with the names it answers to (kept equal to its .alias() calls; a test checks).
 * Only the command being run is loaded: loading all of them would double `imagegen list`'s
 * start-up. Help and unknown words load them all.
 */
export const COMMANDS: readonly { names: readonly string[]; load: () => Promise<CommandModule> }[] = [
  { names: ['generate', 'gen'], load: () => import('./commands/generate.js') },
  { names: ['modify', 'edit'], load: () => import('./commands/modify.js') },
  { names: ['reference', 'ref'], load: () => import('./commands/reference.js') },
  { names: ['regenerate', 'regen'], load: () => import('./commands/regenerate.js') },
  { names: ['retry'], load: () => import('./commands/retry.js') },
  { names: ['list', 'ls'], load: () => import('./commands/list.js') },
  { names: ['show'], load: () => import('./commands/show.js') },
  { names: ['tree'], load: () => import('./commands/tree.js') },
  { names: ['rename'], load: () => import('./commands/rename.js') },
  { names: ['tag'], load: () => import('./commands/tag.js') },
  { names: ['delete', 'rm'], load: () => import('./commands/delete.js') },
  { names: ['stats'], load: () => import('./commands/stats.js') },
  { names: ['styles'], load: () => import('./commands/styles.js') },
  { names: ['templates', 'template'], load: () => import('./commands/templates.js') },
  { names: ['identity', 'identities'], load: () => import('./commands/identity.js') },
  { names: ['models'], load: () => import('./commands/models.js') },
  { names: ['config'], load: () => import('./commands/config.js') },
  { names: ['home'], load: () => import('./commands/home.js') },
  { names: ['completion'], load: () => import('./commands/completion.js') },
  { names: ['gallery'], load: () => import('./commands/gallery.js') },
  { names: ['sheet'], load: () => import('./commands/sheet.js') },
  { names: ['open'], load: () => import('./commands/open.js') },
  { names: ['doctor'], load: () => import('./commands/doctor.js') },
  { names: ['build'], load: () => import('./commands/build.js') },
  { names: ['batch', 'batches'], load: () => import('./commands/batch.js') },
];

/** The first word of argv that is not an option (or the value of --home). */
export function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--home') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** A bare `imagegen` (global options at most) prints its help, as `imagegen --help` does. */
export function withDefaultHelp(argv: readonly string[]): string[] {
  const asksSomething = commandWord(argv) !== undefined || argv.some((a) => ['-h', '--help', '-V', '--version'].includes(a));
  return asksSomething ? [...argv] : [...argv, '--help'];
}

export async function buildProgram(state: RunState, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('imagegen')
    .description('Make and edit images with Gemini image models, and keep every prompt, input and result in a local catalog.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--home <dir>', 'where the catalog and stored images live (default: IMAGEGEN_HOME or ~/.local/share/imagegen)')
    .option('--vertex', 'use Gemini through Vertex AI with Google Cloud credentials (GOOGLE_CLOUD_PROJECT, GOOGLE_CLOUD_LOCATION)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen generate "a lighthouse at dawn" --provider offline
  $ imagegen list
  $ imagegen show <id>

Environment: GEMINI_API_KEY (or GOOGLE_API_KEY), HF_TOKEN, IMAGEGEN_HOME, IMAGEGEN_OUT, IMAGEGEN_MODEL,
IMAGEGEN_PROVIDER, IMAGEGEN_TEXT_MODEL; for Vertex AI GOOGLE_GENAI_USE_VERTEXAI=true, GOOGLE_CLOUD_PROJECT,
GOOGLE_CLOUD_LOCATION; a .env file in the working directory is read too.
Exit codes: 0 done · 1 failed · 2 invalid usage or input · 3 unknown id · 4 partly done · 5 out of date (build --check) · 130 interrupted`,
    );
  const word = commandWord(argv);
  const chosen = COMMANDS.filter((c) => word !== undefined && c.names.includes(word));
  const modules = await Promise.all((chosen.length ? chosen : COMMANDS).map((c) => c.load()));
  for (const module of modules) module.register(program, state);
  return program;
}
