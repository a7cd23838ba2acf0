/**
 * The life of each image's entry during a run, so no paid request goes unrecorded: the row is
 * written `pending` before the request is sent; the files are announced (file_cleanups) before
 * they are written; the row then becomes `completed`, `failed` or `interrupted`. A process that
 * dies leaves `pending` rows behind; the next run (or `doctor --fix`) sees that the process that
 * owned them is gone and marks them `interrupted`, which `retry` takes like a failure.
 */
import { hostname } from 'node:os';
import type { ErrorJson } from '../domain/errors.js';
import { settleCleanup } from './file-cleanups.js';
import { HEARTBEAT_MS, ownerAlive } from './job-owner.js';
import type { Ports } from './ports.js';
import type { Catalog, EntryBase, NewBlob, NewEntry, NewJob, PendingRow } from '../catalog/catalog.js';

export { HEARTBEAT_MS, ownerAlive, STALE_AFTER_MS } from './job-owner.js';

export const INTERRUPTED_HINT = (id: string) => `Run it again with imagegen retry ${id} (imagegen list --status interrupted lists every one).`;

function interruptedError(id: string, why: string): ErrorJson {
  return { code: 'INTERRUPTED', message: why, hint: INTERRUPTED_HINT(id) };
}

/** Pending rows whose process is gone. */
export function stalePending(catalog: Catalog, now: Date): PendingRow[] {
  return catalog.lifecycle.pendingRows().filter((row) => !ownerAlive(row, now));
}

/** Marks the pending rows of dead processes interrupted; returns their ids. */
export function sweepStalePending(catalog: Catalog, now: Date): string[] {
  const stale = stalePending(catalog, now);
  const changed: string[] = [];
  for (const row of stale) {
    const why = 'The run making this image ended before its answer was saved (its process is gone).';
    changed.push(...catalog.lifecycle.interruptPending([row.id], interruptedError(row.id, why)));
  }
  return changed;
}

/** One run's entries, from pending to their end; `close()` stops its heartbeat. */
export class RunLifecycle {
  private readonly timer: NodeJS.Timeout;
  private readonly owner: { pid: number; host: string };

  private readonly jobRow: NewJob;
  private readonly ports: Pick<Ports, 'catalog' | 'store' | 'clock'>;

  constructor(jobRow: NewJob, ports: Pick<Ports, 'catalog' | 'store' | 'clock'>) {
    this.jobRow = jobRow;
    this.ports = ports;
    this.owner = { pid: process.pid, host: hostname() };
    sweepStalePending(ports.catalog, ports.clock());
    ports.catalog.lifecycle.insertOwnedJob(jobRow, { ...this.owner, heartbeatAt: ports.clock().toISOString() });
    this.timer = setInterval(() => {
      try {
        ports.catalog.lifecycle.touchJob(jobRow.id, new Date().toISOString());
      } catch {
        // A busy catalog skips one beat; the next one will do.
      }
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Writes the entry as pending: called before its request is sent. */
  begin(base: EntryBase, metadata: Record<string, unknown>): void {
    this.ports.catalog.lifecycle.insertPendingEntry(
      { ...base, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, durationMs: null, error: null, metadata },
      { ...this.owner, heartbeatAt: this.ports.clock().toISOString() },
    );
  }

  /** Announces the input blobs about to be stored for the run (kept once an entry uses them). */
  placingInputs(blobs: { sha256: string; mimeType: string }[]): void {
    const createdAt = this.ports.clock().toISOString();
    this.ports.catalog.lifecycle.recordCleanups(
      blobs.map((b) => ({ reason: 'placing' as const, kind: 'blob' as const, entryId: null, jobId: this.jobRow.id, sha256: b.sha256, mimeType: b.mimeType, path: null, numbered: false, createdAt })),
    );
  }

  /**
   * Announces the blob and output file about to be written for this entry: `numbered` when the
   * file may land as `stem-2.ext` … (a name in the output folder), not for an exact path (-O, build).
   */
  placing(entryId: string, blob: { sha256: string; mimeType: string }, output: { path: string; numbered: boolean }): void {
    const common = { reason: 'placing' as const, entryId, jobId: this.jobRow.id, sha256: blob.sha256, mimeType: blob.mimeType, createdAt: this.ports.clock().toISOString() };
    this.ports.catalog.lifecycle.recordCleanups([
      { ...common, kind: 'blob', path: null, numbered: false },
      { ...common, kind: 'output', path: output.path, numbered: output.numbered },
    ]);
  }

  complete(entryId: string, done: { output: { blob: NewBlob; filePath: string }; usage: NewEntry['usage']; durationMs: number | null; metadata: Record<string, unknown>; createdAt: string }): void {
    this.ports.catalog.lifecycle.completeEntry(entryId, done);
  }

  fail(entryId: string, error: ErrorJson, metadata: Record<string, unknown>, usage?: NewEntry['usage']): void {
    this.ports.catalog.lifecycle.endEntry(entryId, 'failed', error, metadata, usage);
  }

  interrupt(entryId: string, metadata: Record<string, unknown>): ErrorJson {
    const error = interruptedError(entryId, 'Interrupted before this image was saved.');
    this.ports.catalog.lifecycle.endEntry(entryId, 'interrupted', error, metadata);
    return error;
  }

  /**
   * Takes back entries whose requests never reached the model's work (a rejected key, an unknown
   * model): their rows, a job left empty, and input blobs nothing else uses.
   */
  async drop(entryIds: string[]): Promise<void> {
    if (entryIds.length === 0) return;
    const outcome = this.ports.catalog.deletion.deleteEntries(entryIds);
    if (outcome.ok) for (const blob of outcome.blobs) await this.ports.store.removeBlob(blob.sha256, blob.mimeType);
  }

  /**
   * Ends the run's bookkeeping: files announced but claimed by no row are taken back, and the
   * job is marked finished (or removed, if it has no entry at all).
   */
  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const note of this.ports.catalog.lifecycle.cleanupsOfJob(this.jobRow.id)) {
      if (note.reason === 'placing') await settleCleanup(note, this.ports);
    }
    this.ports.catalog.lifecycle.finishOrDropJob(this.jobRow.id, this.ports.clock().toISOString());
  }
}
