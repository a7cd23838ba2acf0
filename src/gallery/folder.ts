/**
 * The gallery's folder: claimed with a manifest before anything else is written, refused when it
 * holds someone else's files, and listed once per run (what is there, by subfolder).
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { usageError } from '../domain/errors.js';
import { writeFileAtomic } from '../store/atomic.js';
import { emptyManifest, MANIFEST_FILE, readManifest, serializeManifest, type GalleryManifest } from './manifest.js';

/** The previous run's manifest; refuses a path that is a file, or a folder of someone else's files. */
export async function openFolder(dir: string, key: Buffer): Promise<GalleryManifest> {
  let names: string[];
  try {
    const stat = await fs.stat(dir);
    if (!stat.isDirectory()) throw usageError('GALLERY_NOT_A_FOLDER', `${dir} is a file, not a folder.`, 'Give -o a folder for the gallery (it is made if missing).');
    names = await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await fs.mkdir(dir, { recursive: true });
    names = [];
  }
  const manifest = await readManifest(join(dir, MANIFEST_FILE), key);
  if (manifest) return manifest;
  if (names.length > 0) {
    throw usageError('GALLERY_FOLDER_NOT_EMPTY', `${dir} already holds files that are not an imagegen gallery.`, 'Choose a new or empty folder with -o; a gallery folder is only ever updated by imagegen gallery.');
  }
  // Claimed before anything else is written, so a run cut short leaves a folder the next run
  // recognises as its own.
  const empty = emptyManifest();
  const none = { rows: [], entries: [], pictures: [], cards: [], facts: [], costs: [], links: [], files: [] };
  await writeFileAtomic(join(dir, MANIFEST_FILE), serializeManifest({ cache: '', originals: true, held: empty.held, pages: {} }, none, key));
  return empty;
}

const SUBFOLDERS = ['thumbs', 'images', 'e', 'assets'] as const;

/** What is in the folder, read once (the names as they are, no path made for each). */
export class Listing {
  readonly thumbs: ReadonlySet<string>;
  readonly images: ReadonlySet<string>;
  readonly pages: ReadonlySet<string>;
  private readonly assets: ReadonlySet<string>;
  private readonly top: ReadonlySet<string>;

  private constructor(lists: string[][]) {
    [this.thumbs, this.images, this.pages, this.assets, this.top] = lists.map((names) => new Set(names)) as [Set<string>, Set<string>, Set<string>, Set<string>, Set<string>];
  }

  static async read(dir: string): Promise<Listing> {
    return new Listing(await Promise.all([...SUBFOLDERS.map((sub) => names(join(dir, sub))), names(dir)]));
  }

  /** Whether a file (relative to the folder, `/`-separated) is there. */
  has(path: string): boolean {
    const slash = path.indexOf('/');
    if (slash < 0) return this.top.has(path);
    const name = path.slice(slash + 1);
    switch (path.slice(0, slash)) {
      case 'thumbs':
        return this.thumbs.has(name);
      case 'images':
        return this.images.has(name);
      case 'e':
        return this.pages.has(name);
      case 'assets':
        return this.assets.has(name);
      default:
        return false;
    }
  }
}

async function names(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch {
    return [];
  }
}
