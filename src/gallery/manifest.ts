/**
 * `.imagegen-gallery.json` in a gallery's folder: what the last run wrote, so the next run writes
 * only what changed, and a folder that holds other things is never taken over.
 *
 * Format 2 is a line of JSON (`{"format":2,"mac":…}`: the HMAC of the rest, see manifest-key.ts)
 * and then one line per thing, tab-separated, so a run reads it by splitting and builds no object
 * for what it keeps as it was:
 * - `C` the cache tag (page format, version, home; JSON): entry lines made under another are not used;
 * - `F path key` a fixed file (the index, the assets) and the digest it was made from;
 * - `P sha256 WxH|- ext` an image: its thumbnail `thumbs/<sha256>.webp` (`-`: none could be made)
 *   and its full-size copy `images/<sha256>.<ext>` (empty: none);
 * - `E …` an entry: see entry-line.ts.
 * Format 1 (one JSON object: pages, thumbs and images as maps) is still read: its pages and pictures
 * are checked and reused, and every entry is read once.
 */
import { readFile } from 'node:fs/promises';
import { sign, verify } from './manifest-key.js';
import type { ThumbRef } from './pages.js';

export const MANIFEST_FILE = '.imagegen-gallery.json';
const LEGACY_FORMAT = 1;
const FORMAT = 2;

/** A previous run's manifest, as read. */
export interface GalleryManifest {
  format: number;
  /** Relative path → the digest it was made from: the fixed files (format 1: every page). */
  pages: Record<string, string>;
  /** Image sha256 → its thumbnail, or null when it could not be made (format 2: only the images `loadPictures` was asked for). */
  thumbs: Record<string, ThumbRef | null>;
  /** Image sha256 → the full-size copy, relative to the folder (format 2: as `thumbs`). */
  images: Record<string, string>;
  /** What the entry lines were made under (page format, version, home). */
  cache: string;
  /** Entry id → its line (format 2). */
  entries: Map<string, string>;
  /** Image sha256 → its `P` line (format 2). */
  pictures: Map<string, string>;
  /** The body's HMAC verified under the home's key: only then may its entry lines' cards be used. */
  signed: boolean;
}

/** What a run writes. */
export interface ManifestParts {
  cache: string;
  pages: Record<string, string>;
  pictures: Iterable<string>;
  entries: readonly string[];
}

export function emptyManifest(): GalleryManifest {
  return { format: FORMAT, pages: {}, thumbs: {}, images: {}, cache: '', entries: new Map(), pictures: new Map(), signed: false };
}

/** A picture's `P` line. */
export function pictureLine(sha256: string, thumb: ThumbRef | null | undefined, image: string | undefined): string {
  return `P\t${sha256}\t${thumb ? `${thumb.width}x${thumb.height}` : '-'}\t${image === undefined ? '' : image.slice(image.lastIndexOf('.') + 1)}`;
}

const P_THUMB = 2 + 64 + 1; // where a P line's thumbnail field starts
const DIMENSIONS = /^([1-9]\d{0,4})x([1-9]\d{0,4})$/;
const EXTENSION = /^[a-z]{2,5}$/;

/** The `P` line's thumbnail field is `-` (no thumbnail could be made). */
export function hasNoThumb(line: string): boolean {
  return line.charCodeAt(P_THUMB) === 45 && line.charCodeAt(P_THUMB + 1) === 9;
}

/** The `P` line's full-size copy's extension, '' when it has none. */
export function copyExtension(line: string): string {
  return line.slice(line.indexOf('\t', P_THUMB) + 1);
}

/**
 * Fills `previous.thumbs` and `.images` from its `P` lines for the given images (the few a run
 * reads), checking each field's shape: a line that is not as this module writes it vouches for nothing.
 */
export function loadPictures(previous: GalleryManifest, sha256s: Iterable<string>): void {
  for (const sha256 of sha256s) {
    const line = previous.pictures.get(sha256);
    if (line === undefined || previous.thumbs[sha256] !== undefined) continue;
    const parts = line.split('\t');
    if (parts.length !== 4) continue;
    const size = DIMENSIONS.exec(parts[2]!);
    if (parts[2] === '-') previous.thumbs[sha256] = null;
    else if (size) previous.thumbs[sha256] = { file: `thumbs/${sha256}.webp`, width: Number(size[1]), height: Number(size[2]) };
    if (EXTENSION.test(parts[3]!)) previous.images[sha256] = `images/${sha256}.${parts[3]}`;
  }
}

/** The manifest's bytes: the header line with the body's HMAC, then the body. */
export function serializeManifest(parts: ManifestParts, key: Buffer): Buffer {
  const lines = [`C\t${JSON.stringify(parts.cache)}`];
  for (const path in parts.pages) lines.push(`F\t${path}\t${parts.pages[path]}`);
  for (const line of parts.pictures) lines.push(line);
  for (const line of parts.entries) lines.push(line);
  lines.push('');
  const body = Buffer.from(lines.join('\n'), 'utf8');
  return Buffer.concat([Buffer.from(`${JSON.stringify({ format: FORMAT, mac: sign(key, body) })}\n`, 'utf8'), body]);
}

/** The manifest in `file`, undefined when there is none; a damaged or foreign one counts as empty. */
export async function readManifest(file: string, key: Buffer): Promise<GalleryManifest | undefined> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const end = data.indexOf(10);
  let head: { format?: unknown; mac?: unknown } | null;
  try {
    head = JSON.parse(data.toString('utf8', 0, end < 0 ? data.length : end)) as typeof head;
  } catch {
    return emptyManifest();
  }
  if (head?.format === LEGACY_FORMAT) return legacy(head);
  if (head?.format !== FORMAT || typeof head.mac !== 'string' || end < 0) return emptyManifest();
  const body = data.subarray(end + 1);
  const manifest = emptyManifest();
  manifest.signed = verify(key, body, head.mac);
  for (const line of body.toString('utf8').split('\n')) {
    const kind = line.charCodeAt(0);
    if (line.charCodeAt(1) !== 9) continue;
    if (kind === 69 /* E */) manifest.entries.set(line.slice(2, line.indexOf('\t', 2)), line);
    else if (kind === 80 /* P */) manifest.pictures.set(line.slice(2, P_THUMB - 1), line);
    else if (kind === 70 /* F */) {
      const [, path, digest] = line.split('\t');
      if (path !== undefined && digest !== undefined) manifest.pages[path] = digest;
    } else if (kind === 67 /* C */) {
      try {
        const cache = JSON.parse(line.slice(2)) as unknown;
        if (typeof cache === 'string') manifest.cache = cache;
      } catch {
        // no cache tag: no entry line is used
      }
    }
  }
  return manifest;
}

/** A format-1 manifest: each part must be a map; a part that is not counts as empty (its files are made again). */
function legacy(parsed: Record<string, unknown>): GalleryManifest {
  const map = <T>(value: unknown): Record<string, T> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, T>) : {});
  return { ...emptyManifest(), format: LEGACY_FORMAT, pages: map(parsed.pages), thumbs: map(parsed.thumbs), images: map(parsed.images) };
}
