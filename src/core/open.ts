/**
 * `open`: which file to open for an entry — its output file, or the home's copy when the output
 * has been moved or deleted — or, with a gallery, the entry's page there.
 */
import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { resolveEntryId } from './resolve-id.js';
import { notFoundError, usageError } from '../domain/errors.js';
import type { Ports } from './ports.js';

/** Where `gallery` records the folder it last wrote, in the home (kept in step with gallery/build.ts). */
export const LAST_GALLERY_FILE = 'last-gallery.json';

export interface OpenTarget {
  entryId: string;
  path: string;
  what: 'file' | 'stored copy' | 'gallery page';
}

/** `gallery`: undefined for the image; true for the last gallery built from this home; or its folder. */
export async function openTarget(ports: Pick<Ports, 'catalog' | 'store' | 'cwd'>, typed: string, gallery?: string | true): Promise<OpenTarget> {
  const entryId = resolveEntryId(ports.catalog, typed);
  const entry = ports.catalog.getEntry(entryId)!;
  if (gallery !== undefined) {
    const dir = gallery === true ? await lastGallery(ports.store.home) : resolve(ports.cwd ?? process.cwd(), gallery);
    const page = join(dir, 'e', `${entryId}.html`);
    if (!(await exists(page))) {
      throw notFoundError('NOT_IN_GALLERY', `Entry ${entryId} has no page in the gallery at ${dir}.`, 'Update the gallery first: imagegen gallery -o DIR (with filters that include this entry).');
    }
    return { entryId, path: page, what: 'gallery page' };
  }
  if (!entry.file) {
    throw usageError('NO_IMAGE', `Entry ${entryId} has no image (it ${entry.status === 'failed' ? 'failed' : 'is not finished'}).`, `See why with imagegen show ${entryId}.`);
  }
  if (await exists(entry.file.path)) return { entryId, path: entry.file.path, what: 'file' };
  const stored = ports.store.blobPath(entry.file.sha256, entry.file.mimeType);
  if (await exists(stored)) return { entryId, path: stored, what: 'stored copy' };
  throw notFoundError('IMAGE_MISSING', `Entry ${entryId}'s image is gone from ${entry.file.path} and from the home.`, 'The catalog entry remains; regenerate it or delete it.');
}

async function lastGallery(home: string): Promise<string> {
  try {
    const { dir } = JSON.parse(await readFile(join(home, LAST_GALLERY_FILE), 'utf8')) as { dir?: unknown };
    if (typeof dir === 'string' && dir) return dir;
  } catch {
    // none recorded
  }
  throw usageError('NO_GALLERY', 'No gallery has been built from this home yet.', 'Build one with imagegen gallery -o DIR, or name it: imagegen open ID --gallery DIR.');
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
