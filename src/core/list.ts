/** `list`: entries, newest first, filtered and paged. */
import { checkRange } from './dates.js';
import { resolveEntryId } from './resolve-id.js';
import type { Catalog, ListFilter } from '../catalog/catalog.js';
import type { EntryFilters, ListStatus, Paging } from '../catalog/catalog.js';
import type { Entry } from '../domain/entry.js';

/** The list filters as the catalog takes them, with ids as typed (a full id or a unique prefix). */
export interface ListOptions extends EntryFilters, Paging {
  status: ListStatus;
  /** Only direct children of this entry. */
  parent?: string;
  /** Only this entry and everything descended from it. */
  root?: string;
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
  const { entries, total, totalIsLowerBound } = catalog.listEntries(toListFilter(catalog, options));
  return { entries, total, totalIsLowerBound, page: options.page, limit: options.limit };
}

/** The change stamps of the entries `listEntries` would return for these options, as one text (see Stamps.selectText): what the gallery reads first. */
export function listStampText(catalog: Catalog, options: ListOptions): { text: string; count: number } {
  return catalog.stamps.selectText(toListFilter(catalog, options));
}

function toListFilter(catalog: Catalog, options: ListOptions): ListFilter {
  checkRange(options.since, options.until);
  const { parent, root, emotion, ...filters } = options;
  return {
    ...filters,
    emotion: emotion?.toLowerCase(),
    ...(parent === undefined ? {} : { parentId: resolveEntryId(catalog, parent) }),
    ...familyFilter(catalog, root),
  };
}

/** --root ID: a root's whole family through the root_id index, or the subtree under any other entry. */
function familyFilter(catalog: Catalog, typed: string | undefined): Pick<ListFilter, 'rootId' | 'subtreeOf'> {
  if (typed === undefined) return {};
  const id = resolveEntryId(catalog, typed);
  const entry = catalog.getEntry(id);
  return entry?.rootId === id ? { rootId: id } : { subtreeOf: id };
}
