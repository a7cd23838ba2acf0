/**
 * `.imagegen-gallery.json` in a gallery's folder: what the last run wrote (each page's key, each
 * thumbnail and image by sha256), so the next run writes only
 * what changed, and a folder that holds other things is never taken over.
 */
import { readFile } from 'node:fs/promises';
import type { CardData, ThumbRef } from './pages.js';

export const MANIFEST_FILE = '.imagegen-gallery.json';
const FORMAT = 1;

export interface GalleryManifest {
  format: number;
  /** Relative page path → the digest of what it was made from (for fixed files, of their content). */
  pages: Record<string, string>;
  /** Image sha256 → its thumbnail, or null when it could not be made. */
  thumbs: Record<string, ThumbRef | null>;
  /** Image sha256 → the full-size copy, relative to the folder. */
  images: Record<string, string>;
  /**
   * What `entries` was made under (page format, version, home): when it differs, it is not used.
   * Absent in galleries made before the catalog had change stamps.
   */
  cache?: string;
  /** Entry id → what the last run read of it, under its change stamp (unchecked: see build.ts). */
  entries?: Record<string, unknown>;
}

/** What a run keeps of an entry, so the next run need not read it while its stamp is the same. */
export interface EntryRecord {
  /** The entry's change stamp when it was read. */
  s: number;
  /** The digest of what else its page shows (its family, which of its links are in the gallery, its pictures). */
  k: string;
  /** Its card in the index. */
  c: CardData;
  /** Its output: sha256 and MIME type (no path: a kept record's images are never read, see build.ts). */
  f: [string, string] | null;
  /** Its inputs: sha256 and the entry each came from. */
  i: [string, string | null][];
}

export function emptyManifest(): GalleryManifest {
  return { format: FORMAT, pages: {}, thumbs: {}, images: {} };
}

/** The manifest in `file`, undefined when there is none; a damaged or foreign one counts as empty. */
export async function readManifest(file: string): Promise<GalleryManifest | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<GalleryManifest> | null;
    if (parsed?.format !== FORMAT) return emptyManifest();
    // Each part must be a map; a part that is not counts as empty (its files are made again).
    const map = <T>(value: unknown): Record<string, T> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, T>) : {});
    const manifest: GalleryManifest = { format: FORMAT, pages: map(parsed.pages), thumbs: map(parsed.thumbs), images: map(parsed.images) };
    if (typeof parsed.cache === 'string') Object.assign(manifest, { cache: parsed.cache, entries: map(parsed.entries) });
    return manifest;
  } catch {
    return emptyManifest();
  }
}
