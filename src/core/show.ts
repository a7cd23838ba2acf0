/** `show`: one entry in full, with its lineage from the root, its children and the file's provenance. */
import { readFile } from 'node:fs/promises';
import { resolveEntryId } from './resolve-id.js';
import type { Ports } from './ports.js';
import type { Entry } from '../domain/entry.js';

export interface ShownEntry extends Entry {
  lineage: string[];
  children: string[];
  /** Whether the output file is still where the catalog put it. */
  fileExists: boolean;
  /** The catalog's own copy of the output, under the home. */
  storedPath: string | null;
  /** The provenance embedded in the image (from the output file, or the stored copy if it has gone). */
  provenance: Record<string, string> | null;
  /** Whether the image carries Content Credentials (a C2PA manifest, as Gemini 3 images do). */
  contentCredentials: boolean;
}

export async function showEntry(ports: Pick<Ports, 'catalog' | 'store'>, typedId: string): Promise<ShownEntry> {
  const { catalog, store } = ports;
  const id = resolveEntryId(catalog, typedId);
  const entry = catalog.getEntry(id)!;
  const storedPath = entry.file ? store.blobPath(entry.file.sha256, entry.file.mimeType) : null;
  const fromFile = entry.file ? await readIfPresent(entry.file.path) : undefined;
  const image = fromFile ?? (storedPath ? await readIfPresent(storedPath) : undefined);
  let provenance: Record<string, string> | null = null;
  let contentCredentials = false;
  if (image) {
    // Lazily: only show needs the metadata readers (they do not load sharp).
    const { readProvenance } = await import('../images/provenance.js');
    const { hasContentCredentials } = await import('../images/content-credentials.js');
    provenance = await readProvenance(image).catch(() => null);
    contentCredentials = hasContentCredentials(image);
  }
  return {
    ...entry,
    lineage: catalog.lineage(id),
    children: catalog.children(id),
    fileExists: fromFile !== undefined,
    storedPath,
    provenance,
    contentCredentials,
  };
}

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}
