/** `list`: entries, newest first, filtered and paged. */
import { checkRange } from './dates.js';
import { resolveEntryId } from './resolve-id.js';
import type { Catalog, ListFilter } from '../catalog/catalog.js';
import type { TagFilter } from '../catalog/list-query.js';
import type { Entry } from '../domain/entry.js';

export interface ListOptions {
  /** Fuzzy text over names and prompts. */
  query?: string;
  name?: string;
  prompt?: string;
  status: 'completed' | 'failed' | 'pending' | 'interrupted' | 'all';
  kind?: string;
  emotion?: string;
  model?: string;
  project?: string;
  /** Entries made by this template. */
  template?: string;
  /** Ids as typed (full or a unique prefix). */
  parent?: string;
  root?: string;
  /** ISO instants: inclusive lower, exclusive upper bound. */
  since?: string;
  until?: string;
  tags?: TagFilter[];
  limit: number;
  page: number;
  /** false when no total is shown (--ids, piped lines): the page alone is read. */
  count?: boolean;
}

export interface ListResult {
  entries: Entry[];
  /** All matches, or when totalIsLowerBound a cap: there are at least this many (1,000+). */
  total: number;
  totalIsLowerBound: boolean;
  page: number;
  limit: number;
}

export function listEntries(catalog: Catalog, options: ListOptions): ListResult {
  checkRange(options.since, options.until);
  const filter: ListFilter = {
    query: options.query,
    name: options.name,
    prompt: options.prompt,
    status: options.status,
    kind: options.kind,
    emotion: options.emotion?.toLowerCase(),
    model: options.model,
    project: options.project,
    template: options.template,
    since: options.since,
    until: options.until,
    tags: options.tags,
    limit: options.limit,
    page: options.page,
    count: options.count,
    ...(options.parent === undefined ? {} : { parentId: resolveEntryId(catalog, options.parent) }),
    ...familyFilter(catalog, options.root),
  };
  const { entries, total, totalIsLowerBound } = catalog.listEntries(filter);
  return { entries, total, totalIsLowerBound, page: options.page, limit: options.limit };
}

/** --root ID: a root's whole family through the root_id index, or the subtree under any other entry. */
function familyFilter(catalog: Catalog, typed: string | undefined): Pick<ListFilter, 'rootId' | 'subtreeOf'> {
  if (typed === undefined) return {};
  const id = resolveEntryId(catalog, typed);
  const entry = catalog.getEntry(id);
  return entry?.rootId === id ? { rootId: id } : { subtreeOf: id };
}
