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
import type { Entry } from '../domain/entry.js';
import type { Store } from '../store/store.js';

export const THUMB_FILE = /^thumbs\/[0-9a-f]{64}\.webp$/;
export const IMAGE_FILE = /^images\/[0-9a-f]{64}\.[a-z]{2,5}$/;
/** Thumbnails and copies made at once (sharp has its own threads too). */
const IN_FLIGHT = 4;

export interface ImageSource {
  sha256: string;
  mimeType: string;
  /** Candidates to read it from: the home's blob first, then the file the user sees. */
  paths: string[];
  /** An entry's output (its provenance is read), not only an input. */
  output: boolean;
  /** A full-size copy goes into the folder (outputs, unless the gallery is thumbnails only). */
  wantFull: boolean;
}

export interface ImageCounts {
  thumbnails: { made: number; reused: number; failed: number };
  images: { added: number; reused: number; missing: number };
}

/** Every image the entries' pages show, once per sha256. */
export function imageSources(entries: readonly Entry[], store: Store, originals: boolean): ImageSource[] {
  const sources = new Map<string, ImageSource>();
  const want = (sha256: string, mimeType: string, paths: string[], output: boolean) => {
    const known = sources.get(sha256);
    if (!known) {
      sources.set(sha256, { sha256, mimeType, paths, output, wantFull: output && originals });
      return;
    }
    known.output ||= output;
    known.wantFull ||= output && originals;
    known.mimeType ||= mimeType;
    known.paths.push(...paths.filter((p) => !known.paths.includes(p)));
  };
  for (const e of entries) {
    if (e.file) want(e.file.sha256, e.file.mimeType, [store.blobPath(e.file.sha256, e.file.mimeType), e.file.path], true);
    for (const input of e.inputs) want(input.sha256, '', [input.path], false);
  }
  return [...sources.values()];
}

/**
 * Fills `folder.manifest.thumbs` and `.images` for every source, reusing what the previous
 * manifest recorded and `present` confirms; returns the provenance of the images it read.
 */
export async function prepareImages(
  folder: { dir: string; previous: GalleryManifest; present: ReadonlySet<string>; manifest: GalleryManifest; counts: ImageCounts },
  sources: readonly ImageSource[],
  ports: { store: Store } & Pick<Ports, 'signal' | 'onNotice'>,
): Promise<{ provenanceRead: Map<string, Record<string, string> | null> }> {
  const { dir, previous, present, manifest, counts } = folder;
  await fs.mkdir(join(dir, 'thumbs'), { recursive: true });
  // sharp loads only when a thumbnail is to be made: a run with nothing new does without it.
  let thumbnailer: Promise<{ makeThumbnail: (data: Buffer) => Promise<Thumbnail> }> | undefined;
  const makeThumbnail = async (data: Buffer) => (await (thumbnailer ??= import('../images/thumbnail.js'))).makeThumbnail(data);
  const { readProvenance } = await import('../images/provenance.js');

  /** Provenance embedded in the images read this run (others are read when their page is written). */
  const provenanceRead = new Map<string, Record<string, string> | null>();
  const toMake = sources.filter((j) => previous.thumbs[j.sha256] === undefined).length;
  if (toMake >= 50) ports.onNotice?.(`Making ${toMake.toLocaleString('en')} thumbnails…`);
  await runBounded(sources.length, IN_FLIGHT, async (i) => {
    const source = sources[i]!;
    const { sha256 } = source;
    const oldThumb = previous.thumbs[sha256];
    // The manifest is a file in someone's folder: what it says is checked before it is used.
    const thumbOk =
      oldThumb !== undefined &&
      (oldThumb === null || (THUMB_FILE.test(oldThumb.file) && present.has(oldThumb.file) && Number.isInteger(oldThumb.width) && Number.isInteger(oldThumb.height)));
    const fullFile = source.mimeType ? `images/${sha256}.${extensionFor(source.mimeType)}` : undefined;
    const fullOk = !source.wantFull || (fullFile !== undefined && present.has(fullFile) && previous.images[sha256] === fullFile);
    if (thumbOk && fullOk) {
      manifest.thumbs[sha256] = oldThumb;
      if (source.wantFull && fullFile) manifest.images[sha256] = fullFile;
      counts.thumbnails.reused++;
      if (source.wantFull) counts.images.reused++;
      return;
    }
    const found = await readFirst(source.paths);
    if (!found) {
      // Not recorded: the next run looks for it again.
      counts.images.missing++;
      ports.onNotice?.(`The image ${sha256.slice(0, 12)} is missing from the home and the output folder; its card has no picture.`);
      return;
    }
    if (thumbOk) {
      manifest.thumbs[sha256] = oldThumb;
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
    if (source.wantFull && fullFile) {
      if ((await ports.store.exportBlob(found.path, join(dir, fullFile))) === 'kept') counts.images.reused++;
      else counts.images.added++;
      manifest.images[sha256] = fullFile;
    }
    if (source.output) provenanceRead.set(sha256, await readProvenance(found.data).catch(() => null));
  }, () => ports.signal?.aborted === true);
  ports.signal?.throwIfAborted();
  return { provenanceRead };
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
