/**
 * `.imagegen-gallery.json` in a gallery's folder: what the last run wrote, so the next run writes
 * only what changed, and a folder that holds other things is never taken over.
 *
 * Format 2 is a line of JSON — `{"format":2,"mac":…,"sizes":[…]}`: the HMAC of the rest (see
 * manifest-key.ts) and the byte size of each of its sections — and then the sections, in the
 * order of `SECTIONS`, each kept in the form the next run uses it in, so an entry that did not
 * change costs no parsing and no object (see appended.ts):
 * - `meta`: lines `C` cache tag (page format, version, home; JSON), `O` originals (1/0), `N`
 *   thumbnails and copies held, `F path key` a fixed file (the index, the assets) and its key;
 * - `rows`: the selection as the catalog gave it (Stamps.selectText), one line per entry;
 * - `entries`: one line per entry, in the same order (see entry-line.ts);
 * - `pictures`: one line per image, `P sha256 WxH|- ext`: its thumbnail `thumbs/<sha256>.webp`
 *   (`-`: none could be made) and its copy `images/<sha256>.<ext>` (ext empty: none);
 * - `cards`, `facts`: the index's cards (joined by newlines) and facts (joined by commas), as they
 *   are in the index, in the same order; `costs`: each entry's cost, float64 little-endian;
 * - `links`: `,id,…,` the entries that are an input of an entry here;
 * - `files`: three lines, the names in thumbs/, images/ and e/ that the run left, `/`-separated.
 * Format 1 (one JSON object: pages, thumbs and images as maps) is still read: its pages and pictures
 * are checked and reused, and every entry is read once.
 */
import { createHmac } from 'node:crypto';
import { usageError } from '../domain/errors.js';
import { NotRegularFileError, readRegularFileCapped } from '../store/bounded-read.js';
import { verify } from './manifest-key.js';
import type { ThumbRef } from './pages.js';

export const MANIFEST_FILE = '.imagegen-gallery.json';
/** Larger than any manifest a gallery writes (about 1.3 kB per entry); one past it is rebuilt. */
const MAX_MANIFEST_BYTES = 2 ** 30;
const LEGACY_FORMAT = 1;
const FORMAT = 2;
export const SECTIONS = ['meta', 'rows', 'entries', 'pictures', 'cards', 'facts', 'costs', 'links', 'files'] as const;
export type Section = (typeof SECTIONS)[number];

/** A previous run's manifest, as read. */
export interface GalleryManifest {
  format: number;
  /** Relative path → the key it was made from: the fixed files (format 1: every page). */
  pages: Record<string, string>;
  /** Image sha256 → its thumbnail, or null when it could not be made (format 2: only the images `loadPictures` was given). */
  thumbs: Record<string, ThumbRef | null>;
  /** Image sha256 → the full-size copy, relative to the folder (format 2: as `thumbs`). */
  images: Record<string, string>;
  /** What the sections were made under (page format, version, home); '' when unknown. */
  cache: string;
  /** Whether that run copied the full-size images. */
  originals: boolean;
  /** The thumbnails and copies it held. */
  held: { thumbnails: number; copies: number };
  /** The body's HMAC verified under the home's key: only then may its cards be used. */
  signed: boolean;
  /** Format 2: each section's bytes (empty when absent). */
  sections: Record<Section, Buffer>;
}

export function emptyManifest(): GalleryManifest {
  const empty = Buffer.alloc(0);
  return {
    format: FORMAT,
    pages: {},
    thumbs: {},
    images: {},
    cache: '',
    originals: true,
    held: { thumbnails: 0, copies: 0 },
    signed: false,
    sections: Object.fromEntries(SECTIONS.map((name) => [name, empty])) as Record<Section, Buffer>,
  };
}

/** A section's text. */
export function sectionText(manifest: GalleryManifest, name: Section): string {
  return manifest.sections[name].toString('utf8');
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

/** The `P` lines of a pictures section, by sha256. */
export function pictureLines(text: string): Map<string, string> {
  const lines = new Map<string, string>();
  if (text) for (const line of text.split('\n')) if (line.startsWith('P\t')) lines.set(line.slice(2, P_THUMB - 1), line);
  return lines;
}

/**
 * Fills `previous.thumbs` and `.images` from `P` lines for the given images (the few a run reads),
 * checking each field's shape: a line that is not as this module writes it vouches for nothing.
 */
export function loadPictures(previous: GalleryManifest, lines: ReadonlyMap<string, string>, sha256s: Iterable<string>): void {
  for (const sha256 of sha256s) {
    const line = lines.get(sha256);
    if (line === undefined || previous.thumbs[sha256] !== undefined) continue;
    const parts = line.split('\t');
    if (parts.length !== 4) continue;
    const size = DIMENSIONS.exec(parts[2]!);
    if (parts[2] === '-') previous.thumbs[sha256] = null;
    else if (size) previous.thumbs[sha256] = { file: `thumbs/${sha256}.webp`, width: Number(size[1]), height: Number(size[2]) };
    if (EXTENSION.test(parts[3]!)) previous.images[sha256] = `images/${sha256}.${parts[3]}`;
  }
}

export interface ManifestMeta {
  cache: string;
  originals: boolean;
  held: { thumbnails: number; copies: number };
  pages: Record<string, string>;
}

/** The manifest's bytes, in pieces: the header line (HMAC and sizes), then the sections, each given as its pieces. */
export function serializeManifest(meta: ManifestMeta, sections: Record<Exclude<Section, 'meta'>, readonly (string | Buffer)[]>, key: Buffer): Buffer[] {
  const lines = [`C\t${JSON.stringify(meta.cache)}`, `O\t${meta.originals ? 1 : 0}`, `N\t${meta.held.thumbnails}\t${meta.held.copies}`];
  for (const path in meta.pages) lines.push(`F\t${path}\t${meta.pages[path]}`);
  const parts: Buffer[] = [];
  const sizes: number[] = [];
  const mac = createHmac('sha256', key);
  for (const name of SECTIONS) {
    const pieces = name === 'meta' ? [lines.join('\n')] : sections[name];
    let size = 0;
    for (const piece of pieces) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      if (bytes.length === 0) continue;
      parts.push(bytes);
      mac.update(bytes);
      size += bytes.length;
    }
    sizes.push(size);
  }
  return [Buffer.from(`${JSON.stringify({ format: FORMAT, mac: mac.digest('hex'), sizes })}\n`, 'utf8'), ...parts];
}

/** The manifest in `file`, undefined when there is none; a damaged or foreign one counts as empty. */
export async function readManifest(file: string, key: Buffer): Promise<GalleryManifest | undefined> {
  let data: Buffer | undefined;
  try {
    // A regular file only: a FIFO or a device in its place would block the run.
    data = await readRegularFileCapped(file, MAX_MANIFEST_BYTES);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (err instanceof NotRegularFileError) {
      throw usageError('GALLERY_MANIFEST_INVALID', `${file} is ${err.kind}, not a gallery's manifest.`, 'Remove it, or give -o another folder.');
    }
    throw err;
  }
  if (data === undefined) return emptyManifest();
  const end = data.indexOf(10);
  let head: { format?: unknown; mac?: unknown; sizes?: unknown } | null;
  try {
    head = JSON.parse(data.toString('utf8', 0, end < 0 ? data.length : end)) as typeof head;
  } catch {
    return emptyManifest();
  }
  if (head?.format === LEGACY_FORMAT) return legacy(head);
  const body = data.subarray(end + 1);
  const sizes = head?.sizes;
  if (
    head?.format !== FORMAT ||
    end < 0 ||
    !Array.isArray(sizes) ||
    sizes.length !== SECTIONS.length ||
    !sizes.every((size) => Number.isSafeInteger(size) && size >= 0) ||
    (sizes as number[]).reduce((a, b) => a + b, 0) !== body.length
  ) {
    return emptyManifest();
  }
  const manifest = emptyManifest();
  // Unsigned (or signed with another key): its page keys and pictures are still checked and used,
  // never its cards.
  manifest.signed = typeof head.mac === 'string' && verify(key, body, head.mac);
  let at = 0;
  SECTIONS.forEach((name, i) => {
    manifest.sections[name] = body.subarray(at, at + (sizes[i] as number));
    at += sizes[i] as number;
  });
  for (const line of sectionText(manifest, 'meta').split('\n')) {
    const fields = line.split('\t');
    if (fields[0] === 'F' && fields.length === 3) manifest.pages[fields[1]!] = fields[2]!;
    else if (fields[0] === 'O') manifest.originals = fields[1] === '1';
    else if (fields[0] === 'N') manifest.held = { thumbnails: Number(fields[1]) || 0, copies: Number(fields[2]) || 0 };
    else if (fields[0] === 'C') {
      try {
        const cache = JSON.parse(fields.slice(1).join('\t')) as unknown;
        if (typeof cache === 'string') manifest.cache = cache;
      } catch {
        // no cache tag: nothing of the entries is used
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
