/**
 * `delete`: plan first (resolve every id, refuse parents without --cascade), so the CLI can ask;
 * then remove the rows in one transaction and, after the commit, the files the catalog owns.
 */
import { failure, usageError } from '../domain/errors.js';
import { MIN_DESTRUCTIVE_PREFIX, resolveEntryId } from './resolve-id.js';
import { settleCleanup } from './file-cleanups.js';
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
    ids = catalog.deletion.withDescendants(requested);
  } else {
    const outside = catalog.deletion.childrenOutside(requested);
    if (outside.length) {
      const list = outside.map((p) => `${p.parentId} has ${p.children} ${p.children === 1 ? 'child' : 'children'}`).join(', ');
      throw usageError('HAS_CHILDREN', `Not deleting: ${list}.`, 'Add --cascade to delete them with all their descendants, or delete the children first.', { childrenOutside: outside });
    }
  }
  const rows = catalog.deletion.rows(ids);
  return { entries: rows.map((r) => ({ id: r.id, name: r.name })), requested };
}

export async function executeDelete(ports: Pick<Ports, 'catalog' | 'store'>, plan: DeletePlan, now: Date = new Date()): Promise<DeleteResult> {
  const { catalog } = ports;
  const ids = plan.entries.map((e) => e.id);
  const rows = catalog.deletion.rows(ids);
  // The rows go, and the files to remove are noted, in one transaction; the files go after the
  // commit, each note forgotten once its file is gone, so a kill midway leaves doctor --fix notes.
  const outcome = catalog.deletion.deleteEntries(ids, now.toISOString());
  if (!outcome.ok) {
    throw failure('CATALOG_CHANGED', `Nothing was deleted: ${outcome.childrenOutside.map((p) => p.parentId).join(', ')} gained children meanwhile.`, 'Run the command again (with --cascade to take the new children too).');
  }
  const removedFiles: string[] = [];
  const keptFiles: KeptFile[] = [];
  // Output files first: one may be recognised as ours by being a hard link to its blob.
  const ordered = [...outcome.cleanups.filter((c) => c.kind === 'output'), ...outcome.cleanups.filter((c) => c.kind === 'blob')];
  for (const note of ordered) {
    for (const verdict of await settleCleanup(note, ports)) {
      if (note.kind !== 'output') continue;
      if (verdict.outcome === 'removed') removedFiles.push(verdict.path);
      else if (verdict.outcome === 'kept') keptFiles.push({ path: verdict.path, reason: verdict.reason ?? 'kept' });
    }
  }
  return { deleted: rows.map((r) => r.id), removedFiles, keptFiles };
}
