/**
 * The gallery's pictures: a thumbnail of every image its pages show and a full-size copy of every
 * entry's output, each once per sha256 in the gallery's folder, made only when the last run's
 * manifest does not already vouch for a file that is there.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { runBounded } from '../core/pool.js';
import { extensionFor } from '../store/store.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { GalleryManifest } from './manifest.js';
import type { Thumbnail } from '../images/thumbnail.js';
import type { Ports } from '../core/ports.js';
import type { Store } from '../store/store.js';

export const THUMB_FILE = /^thumbs\/[0-9a-f]{64}\.webp$/;
export const IMAGE_FILE = /^images\/[0-9a-f]{64}\.[a-z]{2,5}$/;
/** Thumbnails and copies made at once (sharp has its own threads too). */
const IN_FLIGHT = 4;

export interface ImageSource {
  sha256: string;
  mimeType: string;
  /**
   * Files to read it from when it must be read (the home's blob comes first for an output, see
   * `readPaths`): paths are only joined for the few images a run reads, not for every source.
   */
  files: string[];
  /** An entry's output (its provenance is read), not only an input. */
  output: boolean;
  /** A full-size copy goes into the folder (outputs, unless the gallery is thumbnails only). */
  wantFull: boolean;
}

export interface ImageCounts {
  thumbnails: { made: number; reused: number; failed: number };
  images: { added: number; reused: number; missing: number };
}

/** The images an entry's page shows: an Entry is one, and so is what the manifest kept of an entry. */
export interface ImageUse {
  /** Without a path the image is read from the home's blob alone. */
  file: { sha256: string; mimeType: string; path?: string } | null;
  /** Without a path the image is never read: such a use must be vouched for (see `vouched`). */
  inputs: readonly { sha256: string; path?: string }[];
}

/** Every image the entries' pages show, once per sha256. */
export function imageSources(entries: readonly ImageUse[], originals: boolean): ImageSource[] {
  const sources = new Map<string, ImageSource>();
  const want = (sha256: string, mimeType: string, file: string | undefined, output: boolean) => {
    const known = sources.get(sha256);
    if (!known) {
      sources.set(sha256, { sha256, mimeType, files: file === undefined ? [] : [file], output, wantFull: output && originals });
      return;
    }
    known.output ||= output;
    known.wantFull ||= output && originals;
    known.mimeType ||= mimeType;
    if (file !== undefined && !known.files.includes(file)) known.files.push(file);
  };
  for (const e of entries) {
    if (e.file) want(e.file.sha256, e.file.mimeType, e.file.path, true);
    for (const input of e.inputs) want(input.sha256, '', input.path, false);
  }
  return [...sources.values()];
}

/** Where to read a source from: the home's blob first (for an output, whose type is known), then its files. */
export function readPaths(source: ImageSource, store: Pick<Store, 'blobPath'>): string[] {
  return source.output && source.mimeType ? [store.blobPath(source.sha256, source.mimeType), ...source.files] : source.files;
}

/** A sha256 as the catalog should hold it; anything else never becomes part of a file name. */
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Fills `folder.manifest.thumbs` and `.images` for every source, reusing what the previous
 * manifest recorded and `present` confirms; returns the provenance of the images it read.
 */
export async function prepareImages(
  folder: { dir: string; previous: GalleryManifest; present: { has(path: string): boolean }; manifest: Pick<GalleryManifest, 'thumbs' | 'images'>; counts: ImageCounts },
  sources: readonly ImageSource[],
  ports: { store: Store } & Pick<Ports, 'signal' | 'onNotice'>,
): Promise<{ provenanceRead: Map<string, Record<string, string> | null> }> {
  const { dir, previous, present, manifest, counts } = folder;
  await fs.mkdir(join(dir, 'thumbs'), { recursive: true });
  // sharp loads only when a thumbnail is to be made: a run with nothing new does without it.
  let thumbnailer: Promise<{ makeThumbnail: (data: Buffer) => Promise<Thumbnail> }> | undefined;
  const makeThumbnail = async (data: Buffer) => (await (thumbnailer ??= import('../images/thumbnail.js'))).makeThumbnail(data);

  /** Provenance embedded in the images read this run (others are read when their page is written). */
  const provenanceRead = new Map<string, Record<string, string> | null>();
  // One synchronous pass settles every image the previous run's manifest vouches for (the bulk of
  // an incremental run); only the rest is read, thumbnailed or copied, a few at a time.
  const work: { source: ImageSource; thumbOk: boolean; fullFile: string | undefined }[] = [];
  for (const source of sources) {
    const { sha256 } = source;
    const { thumbOk, fullFile, fullOk } = vouched(source, previous, present);
    if (thumbOk && fullOk) {
      manifest.thumbs[sha256] = previous.thumbs[sha256]!;
      if (fullFile) manifest.images[sha256] = fullFile;
      counts.thumbnails.reused++;
      if (source.wantFull) counts.images.reused++;
    } else {
      work.push({ source, thumbOk, fullFile });
    }
  }
  if (work.length === 0) return { provenanceRead };

  const { readProvenance } = await import('../images/provenance.js');
  const toMake = work.filter((w) => !w.thumbOk).length;
  if (toMake >= 50) ports.onNotice?.(`Making ${toMake.toLocaleString('en')} thumbnails…`);
  await runBounded(work.length, IN_FLIGHT, async (i) => {
    const { source, thumbOk, fullFile } = work[i]!;
    const { sha256 } = source;
    const found = SHA256.test(sha256) ? await readFirst(readPaths(source, ports.store)) : undefined;
    if (!found) {
      // Not recorded: the next run looks for it again.
      counts.images.missing++;
      ports.onNotice?.(`The image ${sha256.slice(0, 12)} is missing from the home and the output folder; its card has no picture.`);
      return;
    }
    if (thumbOk) {
      manifest.thumbs[sha256] = previous.thumbs[sha256]!;
      counts.thumbnails.reused++;
    } else {
      try {
        const thumb = await makeThumbnail(found.data);
        const file = `thumbs/${sha256}.webp`;
        await writeFileAtomic(join(dir, file), thumb.data, 0o644, false);
        manifest.thumbs[sha256] = { file, width: thumb.width, height: thumb.height };
        counts.thumbnails.made++;
      } catch (err) {
        manifest.thumbs[sha256] = null;
        counts.thumbnails.failed++;
        ports.onNotice?.(`No thumbnail for image ${sha256.slice(0, 12)}: ${(err as Error).message}`);
      }
    }
    if (fullFile) {
      if ((await ports.store.exportBlob(found.path, join(dir, fullFile))) === 'kept') counts.images.reused++;
      else counts.images.added++;
      manifest.images[sha256] = fullFile;
    }
    if (source.output) provenanceRead.set(sha256, await readProvenance(found.data).catch(() => null));
  }, () => ports.signal?.aborted === true);
  ports.signal?.throwIfAborted();
  return { provenanceRead };
}

/**
 * Whether the previous run's manifest vouches for an image's thumbnail and (when wanted) its
 * full-size copy. The manifest is a file in someone's folder: what it says is checked before it
 * is used (a thumbnail must be this image's own file, and there).
 */
export function vouched(
  source: Pick<ImageSource, 'sha256' | 'mimeType' | 'wantFull'>,
  previous: GalleryManifest,
  present: { has(path: string): boolean },
): { thumbOk: boolean; fullFile: string | undefined; fullOk: boolean } {
  const { sha256 } = source;
  const oldThumb = previous.thumbs[sha256];
  const thumbOk =
    oldThumb !== undefined &&
    (oldThumb === null || (oldThumb.file === `thumbs/${sha256}.webp` && present.has(oldThumb.file) && Number.isInteger(oldThumb.width) && Number.isInteger(oldThumb.height)));
  const fullFile = source.wantFull && source.mimeType ? `images/${sha256}.${extensionFor(source.mimeType)}` : undefined;
  const fullOk = !source.wantFull || (fullFile !== undefined && previous.images[sha256] === fullFile && present.has(fullFile));
  return { thumbOk, fullFile, fullOk };
}

async function readFirst(paths: string[]): Promise<{ data: Buffer; path: string } | undefined> {
  for (const path of paths) {
    try {
      return { data: await fs.readFile(path), path };
    } catch {
      // try the next place
    }
  }
  return undefined;
}
