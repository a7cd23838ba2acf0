/**
 * `delete`: plan first (resolve every id, refuse parents without --cascade), so the CLI can ask;
 * then remove the rows in one transaction and, after the commit, the files the catalog owns.
 */
import { lstat, rm, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { failure, usageError } from './errors.js';
import { MIN_DESTRUCTIVE_PREFIX, resolveEntryId } from './resolve-id.js';
import { childrenOutside, deleteEntries, deletionRows, withDescendants, type DeletionRow } from '../catalog/deletion.js';
import type { Ports } from './ports.js';
import type { Catalog } from '../catalog/catalog.js';

export interface DeletePlan {
  /** Every entry that will go, the requested ones and (with --cascade) their descendants. */
  entries: { id: string; name: string }[];
  requested: string[];
}

export interface KeptFile {
  path: string;
  reason: string;
}

export interface DeleteResult {
  deleted: string[];
  removedFiles: string[];
  keptFiles: KeptFile[];
}

export function planDelete(catalog: Catalog, typedIds: string[], options: { cascade: boolean }): DeletePlan {
  if (typedIds.length === 0) throw usageError('MISSING_ID', 'Name at least one entry to delete.', 'For example: imagegen delete 7k2m9x4q --yes');
  const requested = [...new Set(typedIds.map((typed) => resolveEntryId(catalog, typed, { minLength: MIN_DESTRUCTIVE_PREFIX, command: 'delete' })))];
  let ids = requested;
  if (options.cascade) {
    ids = withDescendants(catalog, requested);
  } else {
    const outside = childrenOutside(catalog, requested);
    if (outside.length) {
      const list = outside.map((p) => `${p.parentId} has ${p.children} ${p.children === 1 ? 'child' : 'children'}`).join(', ');
      throw usageError('HAS_CHILDREN', `Not deleting: ${list}.`, 'Add --cascade to delete them with all their descendants, or delete the children first.', { childrenOutside: outside });
    }
  }
  const rows = deletionRows(catalog, ids);
  return { entries: rows.map((r) => ({ id: r.id, name: r.name })), requested };
}

export async function executeDelete(ports: Pick<Ports, 'catalog' | 'store'>, plan: DeletePlan): Promise<DeleteResult> {
  const { catalog, store } = ports;
  const ids = plan.entries.map((e) => e.id);
  const rows = deletionRows(catalog, ids);
  const outcome = deleteEntries(catalog, ids);
  if (!outcome.ok) {
    throw failure('CATALOG_CHANGED', `Nothing was deleted: ${outcome.childrenOutside.map((p) => p.parentId).join(', ')} gained children meanwhile.`, 'Run the command again (with --cascade to take the new children too).');
  }
  const removedFiles: string[] = [];
  const keptFiles: KeptFile[] = [];
  const shared = new Set(outcome.sharedFiles);
  for (const row of rows) {
    if (!row.filePath || shared.has(row.filePath)) continue;
    const verdict = await removeOwnedFile(row, store.home, (sha, mime) => store.blobPath(sha, mime));
    if (verdict === 'removed') removedFiles.push(row.filePath);
    else if (verdict !== 'missing') keptFiles.push({ path: row.filePath, reason: verdict });
  }
  // Blob files last: the output files were recognised as ours by sharing the blob's inode.
  for (const blob of outcome.blobs) await store.removeBlob(blob.sha256, blob.mimeType);
  return { deleted: rows.map((r) => r.id), removedFiles, keptFiles };
}

/**
 * Removes an entry's output file only if imagegen made it: a hard link to the entry's blob (same
 * device and inode) or a file under the home. Anything else (replaced, copied by hand, a link to
 * somewhere else) is left alone. Returns 'removed', 'missing', or why it was kept.
 */
async function removeOwnedFile(row: DeletionRow, home: string, blobPath: (sha: string, mime: string) => string): Promise<string> {
  const path = row.filePath!;
  const file = await lstat(path).catch(() => undefined);
  if (!file) return 'missing';
  let owned = file.isFile() && isInside(home, path);
  if (!owned && file.isFile() && row.blobSha256 && row.blobMime) {
    const blob = await stat(blobPath(row.blobSha256, row.blobMime)).catch(() => undefined);
    owned = blob !== undefined && blob.dev === file.dev && blob.ino === file.ino;
  }
  if (!owned) return 'it is no longer the file imagegen wrote (not a link to the catalog\'s copy), so it was left in place';
  await rm(path, { force: true });
  return 'removed';
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
