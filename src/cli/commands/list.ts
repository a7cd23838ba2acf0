/** `imagegen list [QUERY]`: entries, newest first. */
import { Option, type Command } from 'commander';
import { action, type RunState } from '../action.js';
import { intInRange, oneOf } from '../parsers.js';
import type { Context } from '../context.js';

interface ListFlags {
  limit: number;
  page: number;
  status: 'completed' | 'failed' | 'all';
  kind?: string;
  model?: string;
  project?: string;
  parent?: string;
  root?: string;
  ids?: boolean;
  json?: boolean;
}

export function register(program: Command, state: RunState): void {
  program
    .command('list')
    .alias('ls')
    .summary('list catalog entries, newest first')
    .description('List catalog entries, newest first. QUERY searches names and prompts (parts of words, any order, any case).')
    .argument('[query]', 'words to look for in names and prompts')
    .addOption(new Option('--limit <n>', 'entries per page').argParser(intInRange('--limit', 1, 1000)).default(20))
    .addOption(new Option('--page <n>', 'page number, from 1').argParser(intInRange('--page', 1, 1_000_000)).default(1))
    .addOption(new Option('--status <status>', 'completed | failed | all').argParser(oneOf('--status', ['completed', 'failed', 'all'] as const)).default('completed'))
    .addOption(new Option('--kind <kind>', 'generate | modify | reference | regenerate').argParser(oneOf('--kind', ['generate', 'modify', 'reference', 'regenerate'] as const)))
    .option('--model <id>', 'only entries made with this model')
    .option('--project <name>', 'only entries of this project')
    .option('--parent <id>', 'only direct children of this entry')
    .option('--root <id>', 'only entries descended from this root')
    .option('--ids', 'print only ids, one per line (for shell pipelines)')
    .option('--json', 'print {entries, total, page, limit} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen list
  $ imagegen list lighthouse --limit 5
  $ imagegen list --status failed --json
  $ imagegen list --project icons --ids | xargs imagegen show`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, query: string | undefined, flags: ListFlags): Promise<number> {
  const [{ listEntries }, { renderList }] = await Promise.all([import('../../core/list.js'), import('../render/list.js')]);
  const catalog = await ctx.catalog();
  const result = listEntries(catalog, {
    query,
    status: flags.status,
    kind: flags.kind,
    model: flags.model,
    project: flags.project,
    parentId: flags.parent,
    rootId: flags.root,
    limit: flags.limit,
    page: flags.page,
  });
  await renderList(ctx.output, result, { idsOnly: Boolean(flags.ids) });
  return 0;
}
