/** `imagegen list [QUERY]`: entries, newest first. */
import { Option, type Command } from 'commander';
import { action, type RunState } from '../action.js';
import { dateBound, tagFilter } from '../filter-parsers.js';
import { intInRange, nonEmpty, oneOf } from '../parsers.js';
import type { Context } from '../context.js';
import type { TagFilter } from '../../catalog/list-query.js';

interface ListFlags {
  limit: number;
  page: number;
  status: 'completed' | 'failed' | 'pending' | 'interrupted' | 'all';
  kind?: string;
  emotion?: string;
  model?: string;
  project?: string;
  name?: string;
  prompt?: string;
  since?: string;
  until?: string;
  parent?: string;
  root?: string;
  tag?: TagFilter[];
  ids?: boolean;
  json?: boolean;
}

export function register(program: Command, state: RunState): void {
  program
    .command('list')
    .alias('ls')
    .summary('list and search catalog entries, newest first')
    .description(
      'List catalog entries, newest first. QUERY searches names and prompts: parts of words, in any order, in any case (every word must match). Filters combine.',
    )
    .argument('[query...]', 'words to look for in names and prompts (quoted or not)')
    .addOption(new Option('--kind <kind>', 'generate | modify | reference | regenerate').argParser(oneOf('--kind', ['generate', 'modify', 'reference', 'regenerate'] as const)))
    .addOption(new Option('--emotion <emotion>', 'only entries with this emotion (calm, energetic, …)').argParser(nonEmpty('--emotion')))
    .addOption(new Option('--model <id>', 'only entries made with this model').argParser(nonEmpty('--model')))
    .addOption(new Option('--project <name>', 'only entries of this project').argParser(nonEmpty('--project')))
    .addOption(new Option('--name <text>', 'fuzzy search in names only').argParser(nonEmpty('--name')))
    .addOption(new Option('--prompt <text>', 'fuzzy search in prompts only').argParser(nonEmpty('--prompt')))
    .addOption(new Option('--since <date>', 'made at or after: YYYY-MM-DD, an ISO time, 24h, 7d, 2w, today, yesterday').argParser(dateBound('--since', 'since')))
    .addOption(new Option('--until <date>', 'made before the end of: YYYY-MM-DD (the whole day), an ISO time, 7d, yesterday').argParser(dateBound('--until', 'until')))
    .option('--parent <id>', 'only direct children of this entry')
    .option('--root <id>', 'only this entry and everything descended from it')
    .addOption(new Option('--tag <key=value>', 'only entries with this tag (repeatable; --tag key for any value)').argParser(tagFilter))
    .addOption(new Option('--status <status>', 'completed | failed | pending | interrupted | all').argParser(oneOf('--status', ['completed', 'failed', 'pending', 'interrupted', 'all'] as const)).default('completed'))
    .addOption(new Option('--limit <n>', 'entries per page').argParser(intInRange('--limit', 1, 1000)).default(20))
    .addOption(new Option('--page <n>', 'page number, from 1').argParser(intInRange('--page', 1, 1_000_000)).default(1))
    .option('--ids', 'print only ids, one per line (for shell pipelines)')
    .option('--json', 'print {entries, total, page, limit} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen list
  $ imagegen list lighthous                      # parts of words match
  $ imagegen list "lake sunset" --since 7d       # any word order, last 7 days
  $ imagegen list --kind regenerate --emotion calm --page 2
  $ imagegen list --since 2026-01-01 --until 2026-01-31 --json
  $ imagegen list --root 7k2m --tag client=acme
  $ imagegen list --project icons --ids | xargs -n1 imagegen show`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, words: string[], flags: ListFlags): Promise<number> {
  const [{ listEntries }, { renderList }] = await Promise.all([import('../../core/list.js'), import('../render/list.js')]);
  const catalog = await ctx.readCatalog();
  const result = listEntries(catalog, {
    query: words.length ? words.join(' ') : undefined,
    name: flags.name,
    prompt: flags.prompt,
    status: flags.status,
    kind: flags.kind,
    emotion: flags.emotion,
    model: flags.model,
    project: flags.project,
    parent: flags.parent,
    root: flags.root,
    since: flags.since,
    until: flags.until,
    tags: flags.tag,
    limit: flags.limit,
    page: flags.page,
  });
  await renderList(ctx.output, result, { idsOnly: Boolean(flags.ids) });
  return 0;
}
