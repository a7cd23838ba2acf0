/** `imagegen show ID`: one entry in full; `imagegen show FILE`: the provenance an image carries. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import type { Context } from '../context.js';

export function register(program: Command, state: RunState): void {
  program
    .command('show')
    .summary('show one entry in full')
    .description(
      'Show one entry in full: the prompt as typed and as sent, parameters, inputs with their roles, lineage from the root, children, usage and cost, the file, its tags and the provenance embedded in the image. ID may be a unique prefix. Given the path of an image file instead (an existing path wins over an id), it reads the provenance imagegen embedded in that file and shows the catalog entry it names when that entry is in this home.',
    )
    .argument('<id>', 'entry id (or a unique prefix of one), or the path of an image imagegen wrote (an existing path wins)')
    .option('--json', 'print the entry as JSON, with lineage, children and provenance')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen show 7k2m9x4q
  $ imagegen show 7k2m --json | jq .lineage
  $ imagegen show ~/Downloads/lighthouse-dawn-7k2m9x4q.png`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, id: string): Promise<number> {
  // An existing path wins: ids never contain "/" or ".", so only a file in the working folder
  // named exactly like an id could be mistaken, and then the file is what was meant.
  if (existsSync(resolve(ctx.io.cwd, id))) return showFileCommand(ctx, id);
  const [{ showEntry }, { renderEntry }] = await Promise.all([import('../../core/show.js'), import('../render/entry.js')]);
  const shown = await showEntry({ catalog: await ctx.readCatalog(), store: await ctx.store() }, id);
  if (ctx.output.json) ctx.output.data(shown);
  else await renderEntry(ctx.output, shown);
  return 0;
}

async function showFileCommand(ctx: Context, path: string): Promise<number> {
  const [{ showFile }, { renderShownFile }] = await Promise.all([import('../../core/show-file.js'), import('../render/shown-file.js')]);
  const shown = await showFile({ catalog: await ctx.readCatalog(), store: await ctx.store(), cwd: ctx.io.cwd }, path);
  if (ctx.output.json) ctx.output.data(shown);
  else await renderShownFile(ctx.output, shown);
  return 0;
}
