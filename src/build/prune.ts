/**
 * --prune: removes the output files of targets that have left the manifest. Only files the lock
 * records, and only while they still hold the bytes the build wrote: a file someone has since
 * changed is theirs, so it stays (and is reported).
 */
import { rm } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { FileHashes } from './file-hashes.js';
import type { LockWriter } from './lock.js';
import type { Manifest } from './types.js';

export interface PruneResult {
  removed: string[];
  /** Recorded paths left in place because their bytes changed since the build wrote them. */
  changed: string[];
}

/** Lock entries whose targets are no longer in the manifest. */
export function orphanedPaths(manifest: Manifest, recorded: Readonly<Record<string, unknown>>): string[] {
  const current = new Set(manifest.targets.map((t) => t.path));
  return Object.keys(recorded)
    .filter((path) => !current.has(path))
    .sort();
}

export async function pruneOutputs(manifest: Manifest, lock: LockWriter, hashes: FileHashes): Promise<PruneResult> {
  const result: PruneResult = { removed: [], changed: [] };
  for (const path of orphanedPaths(manifest, lock.targets)) {
    const entry = lock.targets[path]!;
    const file = resolve(manifest.dir, path);
    const rel = relative(manifest.dir, file);
    if (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
      await lock.remove(path);
      continue;
    }
    const sha = await hashes.hash(file);
    if (sha !== null && sha !== entry.sha256) {
      result.changed.push(path);
    } else if (sha !== null) {
      await rm(file, { force: true });
      result.removed.push(path);
    }
    await lock.remove(path);
  }
  return result;
}
