/** `imagegen gallery [QUERY] -o DIR`: a static site of the catalog, with thumbnails and lineage. */
import { Option, type Command } from 'commander';
import { action, type RunState } from '../action.js';
import { addListFilters, listFilterFrom, type ListFilterFlags } from '../list-filters.js';
import { nonEmpty } from '../parsers.js';
import type { Context } from '../context.js';

interface GalleryFlags extends ListFilterFlags {
  out: string;
  originals: boolean;
  open?: boolean;
  json?: boolean;
}

export const DEFAULT_GALLERY_DIR = 'imagegen-gallery';

export function register(program: Command, state: RunState): void {
  const command = program
    .command('gallery')
    .summary('build a static HTML gallery of the catalog')
    .description(
      `Build a static, self-contained site of catalog entries in a folder: an index of thumbnails with search and filters, and a page per entry with its prompts, parameters, inputs, lineage, cost and provenance. Works from file:// and on any static host; needs no network. QUERY and the filters select entries as in list (all of them, not one page). Run it again to update: only new thumbnails are made and only changed pages written. The folder must be new, empty, or a gallery made before.`,
    )
    .argument('[query...]', 'words to look for in names and prompts (as in list)');
  addListFilters(command)
    .addOption(new Option('-o, --out <dir>', 'the folder to write the gallery into').argParser(nonEmpty('--out')).default(DEFAULT_GALLERY_DIR))
    .option('--no-originals', 'thumbnails only: leave the full-size images out (a much smaller site, e.g. for a CI artifact)')
    .option('--open', 'open the index in the browser when done')
    .option('--json', 'print what was written as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen gallery -o site
  $ imagegen gallery --project icons --since 7d -o icons-gallery --open
  $ imagegen gallery lighthouse -o site --json | jq .thumbnails
  $ imagegen gallery --since 1d --no-originals -o artifacts/gallery`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, words: string[], flags: GalleryFlags): Promise<number> {
  const [{ buildGallery }, { renderGallery }] = await Promise.all([import('../../gallery/build.js'), import('../render/gallery.js')]);
  const result = await buildGallery(
    { catalog: await ctx.readCatalog(), store: await ctx.store(), signal: ctx.signal, onNotice: (m) => ctx.output.remark(m), cwd: ctx.io.cwd },
    { dir: flags.out, filter: listFilterFrom(words, flags), originals: flags.originals },
  );
  renderGallery(ctx.output, result);
  if (flags.open) {
    const { openWithSystem } = await import('../opener.js');
    await openWithSystem(result.index, ctx.env);
  }
  return 0;
}
