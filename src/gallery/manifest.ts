/**
 * `.imagegen-gallery.json` in a gallery's folder: what the last run wrote (each page's key, each
 * thumbnail and image by sha256), so the next run writes only
 * what changed, and a folder that holds other things is never taken over.
 */
import { readFile } from 'node:fs/promises';
import type { ThumbRef } from './pages.js';

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
    return { format: FORMAT, pages: map(parsed.pages), thumbs: map(parsed.thumbs), images: map(parsed.images) };
  } catch {
    return emptyManifest();
  }
}
