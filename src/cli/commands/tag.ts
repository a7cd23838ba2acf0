/** `imagegen tag ID key=value … key=`: set and clear an entry's tags (metadata keys). */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import { tagAssignment } from '../filter-parsers.js';
import type { Context } from '../context.js';

export function register(program: Command, state: RunState): void {
  program
    .command('tag')
    .summary("set or clear an entry's tags")
    .description(
      "Set tags (key=value) and clear them (key=) in an entry's metadata; with no pairs, print its tags. Keys imagegen records itself (placeholder, options, finishReason, …) cannot be changed. Find tagged entries with list --tag key=value.",
    )
    .argument('<id>', 'entry id (or a unique prefix of one)')
    .argument('[pairs...]', 'key=value to set, key= to clear')
    .option('--json', 'print the updated entry as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen tag 7k2m9x4q client=acme approved=yes
  $ imagegen tag 7k2m approved=            # clear a tag
  $ imagegen list --tag client=acme`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, id: string, pairs: string[]): Promise<number> {
  const assignments = pairs.map(tagAssignment);
  const [{ tagEntry }, { userTags }] = await Promise.all([import('../../core/tag.js'), import('../../core/metadata-keys.js')]);
  const entry = tagEntry(await ctx.catalog(), id, assignments);
  if (ctx.output.json) {
    ctx.output.data(entry);
    return 0;
  }
  const tags = Object.entries(userTags(entry.metadata));
  if (tags.length === 0) ctx.output.notice(`${entry.id} has no tags.`);
  for (const [key, value] of tags) ctx.output.line(`${key}=${value}`);
  return 0;
}
