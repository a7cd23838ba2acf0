/** `show`: one entry in full, with its lineage from the root and its children. */
import { resolveEntryId } from './resolve-id.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Entry } from './types.js';

export interface ShownEntry extends Entry {
  lineage: string[];
  children: string[];
}

export function showEntry(catalog: Catalog, typedId: string): ShownEntry {
  const id = resolveEntryId(catalog, typedId);
  const entry = catalog.getEntry(id)!;
  return { ...entry, lineage: catalog.lineage(id), children: catalog.children(id) };
}
