/**
 * Finishing what a note in file_cleanups announced: a blob or output file that was about to be
 * written (and may now be nobody's) or was about to be removed (after a delete's commit). Used
 * by a run as it ends, by `delete` after its commit, and by `doctor --fix` for notes whose
 * writer died. A file is removed only if no row claims it and it is what imagegen wrote.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { jobIsLive } from './job-owner.js';
import type { FileCleanup } from '../catalog/catalog.js';
import type { Ports } from './ports.js';

export type CleanupVerdict = { path: string; outcome: 'removed' | 'missing' | 'kept'; reason?: string };

/** Acts on one note and forgets it; returns what happened to each file it named. */
export async function settleCleanup(note: FileCleanup, ports: Pick<Ports, 'catalog' | 'store'>): Promise<CleanupVerdict[]> {
  const verdicts = note.kind === 'blob' ? [await settleBlob(note, ports)] : await settleOutputs(note, ports);
  ports.catalog.lifecycle.removeCleanup(note.id);
  return verdicts;
}

async function settleBlob(note: FileCleanup, ports: Pick<Ports, 'catalog' | 'store'>): Promise<CleanupVerdict> {
  const path = ports.store.blobPath(note.sha256, note.mimeType);
  if (ports.catalog.lifecycle.hasBlobRow(note.sha256)) return { path, outcome: 'kept', reason: 'the catalog still uses it' };
  if (notedByLiveJob(note, ports)) return { path, outcome: 'kept', reason: 'a running imagegen is saving the same image' };
  if (!(await lstat(path).catch(() => undefined))) return { path, outcome: 'missing' };
  await rm(path, { force: true });
  return { path, outcome: 'removed' };
}

async function settleOutputs(note: FileCleanup, ports: Pick<Ports, 'catalog' | 'store'>): Promise<CleanupVerdict[]> {
  if (!note.path) return [];
  const candidates = note.numbered ? await numberedForms(note.path) : [note.path];
  const verdicts: CleanupVerdict[] = [];
  for (const path of candidates) {
    if (ports.catalog.lifecycle.isEntryFile(path)) {
      if (!note.numbered) verdicts.push({ path, outcome: 'kept', reason: 'another entry names this file' });
      continue;
    }
    const verdict = await removeIfOurs(path, note, ports.store.home, ports.store.blobPath(note.sha256, note.mimeType));
    if (note.numbered && verdict.outcome !== 'removed') continue; // a neighbour's file, not this note's
    verdicts.push(verdict);
  }
  return verdicts;
}

/** Another running job has announced the same blob (same bytes): it may be about to use the file. */
function notedByLiveJob(note: FileCleanup, ports: Pick<Ports, 'catalog'>): boolean {
  const now = new Date();
  return ports.catalog.lifecycle.listCleanups().some(
    (other) => other.id !== note.id && other.kind === 'blob' && other.sha256 === note.sha256 && other.jobId !== note.jobId && jobIsLive(ports.catalog, other.jobId, now),
  );
}

/** `dir/stem.ext` and the `stem-2.ext`, `stem-3.ext` … forms placeOutput falls back to. */
async function numberedForms(first: string): Promise<string[]> {
  const dir = dirname(first);
  const ext = extname(first);
  const stem = basename(first, ext);
  const names = await readdir(dir).catch(() => [] as string[]);
  const pattern = new RegExp(`^${escapeRegExp(stem)}(-\\d+)?${escapeRegExp(ext)}$`);
  return names.filter((n) => pattern.test(n)).map((n) => join(dir, n));
}

/**
 * An output file is imagegen's to remove if it is a regular file and either a hard link to the
 * blob, a file under the home, or a copy whose bytes are still exactly what was written (its
 * sha256, recorded as the entry's hash): the case of an output folder on another file system.
 * An edited, replaced or symlinked file is left in place.
 */
export async function removeIfOurs(path: string, written: { sha256: string }, home: string, blobPath: string): Promise<CleanupVerdict> {
  const file = await lstat(path).catch(() => undefined);
  if (!file) return { path, outcome: 'missing' };
  if (!file.isFile()) return { path, outcome: 'kept', reason: 'it is not a regular file imagegen wrote, so it was left in place' };
  let owned = isInside(home, path);
  if (!owned) {
    const blob = await stat(blobPath).catch(() => undefined);
    owned = blob !== undefined && blob.dev === file.dev && blob.ino === file.ino;
  }
  if (!owned) owned = (await hashFile(path).catch(() => undefined)) === written.sha256;
  if (!owned) return { path, outcome: 'kept', reason: 'it is no longer the file imagegen wrote (its contents changed), so it was left in place' };
  await rm(path, { force: true });
  return { path, outcome: 'removed' };
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
