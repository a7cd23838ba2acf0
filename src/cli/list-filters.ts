/** The filters of `list`, shared by every command that selects entries the same way (gallery, sheet). */
import { Option, type Command } from 'commander';
import { dateBound, tagFilter } from './filter-parsers.js';
import { nonEmpty, oneOf } from './parsers.js';
import { LIST_STATUSES, pickEntryFilters, type Paging, type TagFilter } from '../catalog/catalog.js';
import type { ListOptions } from '../core/list.js';

/**
 * The filter flags as commander hands them over: the list use case's options (the one filter
 * shape, see catalog/list-query.ts) less the query words and paging, with `--tag` under its flag's name.
 */
export type ListFilterFlags = Omit<ListOptions, 'query' | 'tags' | keyof Paging> & { tag?: TagFilter[] };

export function addListFilters(command: Command): Command {
  return command
    .addOption(new Option('--kind <kind>', 'generate | modify | reference | regenerate').argParser(oneOf('--kind', ['generate', 'modify', 'reference', 'regenerate'] as const)))
    .addOption(new Option('--emotion <emotion>', 'only entries with this emotion (calm, energetic, …)').argParser(nonEmpty('--emotion')))
    .addOption(new Option('--model <id>', 'only entries made with this model').argParser(nonEmpty('--model')))
    .addOption(new Option('--project <name>', 'only entries of this project').argParser(nonEmpty('--project')))
    .addOption(new Option('--template <name>', 'only entries made by this template (templates run NAME)').argParser(nonEmpty('--template')))
    .addOption(new Option('--name <text>', 'fuzzy search in names only').argParser(nonEmpty('--name')))
    .addOption(new Option('--prompt <text>', 'fuzzy search in prompts only').argParser(nonEmpty('--prompt')))
    .addOption(new Option('--since <date>', 'made at or after: YYYY-MM-DD, an ISO time, 24h, 7d, 2w, today, yesterday').argParser(dateBound('--since', 'since')))
    .addOption(new Option('--until <date>', 'made before the end of: YYYY-MM-DD (the whole day), an ISO time, 7d, yesterday').argParser(dateBound('--until', 'until')))
    .option('--parent <id>', 'only direct children of this entry')
    .option('--root <id>', 'only this entry and everything descended from it')
    .addOption(new Option('--tag <key=value>', 'only entries with this tag (repeatable; --tag key for any value)').argParser(tagFilter))
    .addOption(new Option('--status <status>', 'completed | failed | pending | interrupted | all').argParser(oneOf('--status', LIST_STATUSES)).default('completed'));
}

/** The query words and filter flags as the list use case takes them (without paging). */
export function listFilterFrom(words: readonly string[], flags: ListFilterFlags): Omit<ListOptions, keyof Paging> {
  const { tag, parent, root } = flags;
  return {
    ...pickEntryFilters({ ...flags, query: words.length ? words.join(' ') : undefined, tags: tag }),
    status: flags.status,
    ...(parent === undefined ? {} : { parent }),
    ...(root === undefined ? {} : { root }),
  };
}
