/** `imagegen open ID|last [--gallery [DIR]]`: open an entry's image, or its gallery page. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import type { Context } from '../context.js';

interface OpenFlags {
  gallery?: string | true;
  json?: boolean;
}

export function register(program: Command, state: RunState): void {
  program
    .command('open')
    .summary("open an entry's image (or its gallery page) in the default application")
    .description(
      "Open an entry's image with the system's default application: its output file, or the home's copy if that file was moved or deleted. With --gallery, open the entry's page in the gallery last built from this home (or in the gallery folder given). When nothing on the system can open files (no xdg-open on Linux), it says so and exits 1. The path opened is printed on standard output.",
    )
    .argument('<id>', 'entry id (or a unique prefix, or last)')
    .option('--gallery [dir]', "open the entry's gallery page (default: the last gallery built)")
    .option('--json', 'print {entryId, path, what} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen open last
  $ imagegen open 7k2m --gallery
  $ imagegen open 7k2m9x4q --gallery ./site`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, id: string, flags: OpenFlags): Promise<number> {
  const [{ openTarget }, { openWithSystem }] = await Promise.all([import('../../core/open.js'), import('../opener.js')]);
  const target = await openTarget({ catalog: await ctx.readCatalog(), store: await ctx.store(), cwd: ctx.io.cwd }, id, flags.gallery);
  if (target.what === 'stored copy') ctx.output.notice(`The output file has gone; opening the home's copy.`);
  await openWithSystem(target.path, ctx.env);
  if (ctx.output.json) ctx.output.data(target);
  else ctx.output.line(target.path);
  return 0;
}
