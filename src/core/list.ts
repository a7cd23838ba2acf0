/** `list`: entries, newest first, filtered and paged. */
import type { Catalog, ListFilter } from '../catalog/catalog.js';
import type { Entry } from './types.js';

export interface ListResult {
  entries: Entry[];
  total: number;
  page: number;
  limit: number;
}

export function listEntries(catalog: Catalog, filter: ListFilter): ListResult {
  const { entries, total } = catalog.listEntries(filter);
  return { entries, total, page: filter.page, limit: filter.limit };
}
