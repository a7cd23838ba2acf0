/** `tag`: set (`key=value`) and clear (`key=`) an entry's metadata tags. */
import { usageError } from '../domain/errors.js';
import { isSystemKey } from './metadata-keys.js';
import { resolveEntryId } from './resolve-id.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Entry } from '../domain/entry.js';

/** One `key=value` (value undefined: clear the key), already checked by the CLI's parser. */
export interface TagAssignment {
  key: string;
  value: string | undefined;
}

export const MAX_TAG_VALUE = 1000;

export function tagEntry(catalog: Catalog, typedId: string, assignments: TagAssignment[]): Entry {
  const id = resolveEntryId(catalog, typedId);
  const entry = catalog.getEntry(id)!;
  if (assignments.length === 0) return entry;
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const { key, value } of assignments) {
    if (isSystemKey(key, entry.metadata)) {
      throw usageError('RESERVED_TAG', `"${key}" is metadata imagegen records for ${id}; it cannot be changed.`, 'Choose another tag name, e.g. client=acme or status-note=approved.');
    }
    if (value !== undefined && value.length > MAX_TAG_VALUE) {
      throw usageError('INVALID_TAG', `The value of "${key}" is ${value.length} characters; at most ${MAX_TAG_VALUE} are kept.`, 'Shorten the value.');
    }
    // The last word on a key wins, as in a shell's assignments.
    delete set[key];
    const at = remove.indexOf(key);
    if (at >= 0) remove.splice(at, 1);
    if (value === undefined) remove.push(key);
    else set[key] = value;
  }
  catalog.curation.updateMetadata(id, set, remove);
  return catalog.getEntry(id)!;
}
