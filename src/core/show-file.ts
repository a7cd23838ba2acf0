/**
 * `show FILE`: the provenance imagegen embedded in an image file (PNG text chunks, or XMP in JPEG
 * and WEBP), and the catalog entry it names when that entry is in this home.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { notFoundError, usageError } from '../domain/errors.js';
import { showEntry, type ShownEntry } from './show.js';
import type { Ports } from './ports.js';

export interface ShownFile {
  file: string;
  sha256: string;
  /** The fields embedded in the image. */
  provenance: Record<string, string>;
  /** The entry id the provenance names. */
  entryId: string | null;
  /** That entry, when it is in this home's catalog. */
  entry: ShownEntry | null;
  /** Whether the file's bytes are the catalog's image for that entry (null: no entry here). */
  sameAsCatalog: boolean | null;
}

export async function showFile(ports: Pick<Ports, 'catalog' | 'store' | 'cwd'>, path: string): Promise<ShownFile> {
  const file = resolve(ports.cwd ?? process.cwd(), path);
  // Lazily: these do not load sharp, but only this path needs them.
  const [{ readImageFile }, { readProvenance }, { sniffFormat }, { inputNotImage }] = await Promise.all([
    import('../images/read.js'),
    import('../images/provenance.js'),
    import('../images/format.js'),
    import('../images/input-errors.js'),
  ]);
  // A FIFO or device would block the read (or never end): only files and folders go further.
  const kind = await stat(file).catch(() => undefined);
  if (kind && !kind.isFile() && !kind.isDirectory()) {
    throw usageError('NOT_A_FILE', `${file} is not a regular file.`, 'Give the path of an image file imagegen wrote.');
  }
  const data = await readImageFile(file);
  const sniffed = sniffFormat(data);
  if (sniffed.kind !== 'image') throw inputNotImage(file, sniffed.kind === 'other' ? sniffed.name : undefined);
  const provenance = await readProvenance(data).catch(() => null);
  if (!provenance) {
    throw notFoundError('NO_PROVENANCE', `${file} carries no imagegen provenance.`, 'Only images imagegen wrote (PNG, JPEG or WEBP, not re-encoded since) carry it; for an entry id, run imagegen show ID.');
  }
  const sha256 = createHash('sha256').update(data).digest('hex');
  const named = provenance.id ?? provenance['imagegen:id'] ?? null;
  const entryId = named && /^[0-9a-z]{1,32}$/.test(named) ? named : null;
  const entry = entryId && ports.catalog.hasEntry(entryId) ? await showEntry(ports, entryId) : null;
  return { file, sha256, provenance, entryId: named, entry, sameAsCatalog: entry ? entry.file?.sha256 === sha256 : null };
}
