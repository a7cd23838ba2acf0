/** `rename`: set an entry's name (search finds it by the new name at once). */
import { usageError } from '../domain/errors.js';
import { resolveEntryId } from './resolve-id.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Entry } from '../domain/entry.js';

export const MAX_NAME_LENGTH = 200;

/** A name on one line: runs of whitespace (newlines, tabs) become one space. */
export function checkName(name: string): string {
  const clean = name.replace(/\s+/gu, ' ').trim();
  if (!clean) throw usageError('EMPTY_NAME', 'The new name is empty.', 'Give the name in quotes, e.g. imagegen rename 7k2m "Harbour at night".');
  if ([...clean].length > MAX_NAME_LENGTH) {
    throw usageError('NAME_TOO_LONG', `The new name is ${[...clean].length} characters; at most ${MAX_NAME_LENGTH} are allowed.`, 'Choose a shorter name.');
  }
  return clean;
}

export function renameEntry(catalog: Catalog, typedId: string, name: string): { entry: Entry; previousName: string } {
  const clean = checkName(name);
  const id = resolveEntryId(catalog, typedId);
  const previousName = catalog.getEntry(id)!.name;
  catalog.curation.setName(id, clean);
  return { entry: catalog.getEntry(id)!, previousName };
}
