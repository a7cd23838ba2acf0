/**
 * What the last run wrote and this one no longer needs: only paths of the gallery's own shapes
 * are ever named, whatever the manifest says. Every thumbnail and copy a run keeps is named after
 * its own sha256, so whether a file is kept is one look-up under the sha256 its name holds.
 */
import { IMAGE_FILE, THUMB_FILE } from './images.js';
import { copyExtension, hasNoThumb, type GalleryManifest } from './manifest.js';
import type { PreviousEntries } from './kept.js';
import { entryPagePath } from './pages.js';

const PAGE_FILE = /^(e\/[0-9a-z]{1,64}\.html|index\.html|assets\/gallery\.(css|js))$/;

export interface KeptFiles {
  /** The fixed files this run wrote or kept. */
  pages: Readonly<Record<string, string>>;
  /** This run's `P` lines, by sha256. */
  pictures: ReadonlyMap<string, string>;
  /** Whether an entry has a page in this run. */
  keep: (id: string) => boolean;
}

/** `kept`: the last run's entries and pictures, when they were read (not when the run only added entries). */
export function staleFiles(previous: GalleryManifest, kept: PreviousEntries | undefined, now: KeptFiles): Set<string> {
  const stale = new Set<string>();
  const keptThumb = (file: string) => {
    const line = now.pictures.get(file.slice('thumbs/'.length, 'thumbs/'.length + 64));
    return line !== undefined && !hasNoThumb(line);
  };
  const keptCopy = (file: string) => {
    const sha256 = file.slice('images/'.length, 'images/'.length + 64);
    const line = now.pictures.get(sha256);
    return line !== undefined && file === `images/${sha256}.${copyExtension(line)}`;
  };
  const thumb = (file: unknown) => {
    if (typeof file === 'string' && THUMB_FILE.test(file) && !keptThumb(file)) stale.add(file);
  };
  const copy = (file: unknown) => {
    if (typeof file === 'string' && IMAGE_FILE.test(file) && !keptCopy(file)) stale.add(file);
  };
  for (const path in previous.pages) {
    if (now.pages[path] !== undefined || !PAGE_FILE.test(path)) continue;
    if (path.startsWith('e/') && now.keep(path.slice(2, -'.html'.length))) continue;
    stale.add(path);
  }
  for (const id of kept?.at.keys() ?? []) {
    const path = entryPagePath(id);
    if (!now.keep(id) && PAGE_FILE.test(path)) stale.add(path);
  }
  for (const [sha256, line] of kept?.pictures ?? []) {
    if (!hasNoThumb(line)) thumb(`thumbs/${sha256}.webp`);
    const extension = copyExtension(line);
    if (extension) copy(`images/${sha256}.${extension}`);
  }
  // A format-1 manifest's maps (and, from format 2, the few images a run read).
  for (const sha256 in previous.thumbs) thumb(previous.thumbs[sha256]?.file);
  for (const sha256 in previous.images) copy(previous.images[sha256]);
  return stale;
}
