/**
 * Writing a finished batch job's results: each result becomes the entry whose id was chosen at
 * submit (an image → a completed entry at the batch price; a per-request error → a failed entry,
 * as an interactive failure would). A result whose entry already exists is not written again,
 * so fetching twice, or again after a kill, writes each result exactly once.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { failure, toImagegenError } from '../../domain/errors.js';
import { baseEntry, saveResult, unfinishedMetadata } from '../run-images.js';
import { RunLifecycle } from '../entry-lifecycle.js';
import { slugify } from '../../domain/text.js';
import { fromStoredJob, type BatchItemRecord, type BatchRecord } from './record.js';
import { refresh } from './remote-sync.js';
import type { BatchPorts } from './ports.js';
import type { NewJob } from '../../catalog/catalog.js';
import type { Entry, Failure, RunResult } from '../../domain/entry.js';
import { BATCH_PRICE_FACTOR, costOf, type TokenUsage } from '../../providers/models.js';
import type { BatchItemResult } from '../../providers/batch-types.js';

export interface FetchOutcome {
  record: BatchRecord;
  result: RunResult;
  /** Entry ids written by this call (0 when everything had been fetched before). */
  written: string[];
}

/** Refuses, with Google's own state and error, a job that has no results to fetch. */
export function assertFetchable(record: BatchRecord): asserts record is BatchRecord & { remote: NonNullable<BatchRecord['remote']> } {
  if (record.state === 'not-submitted' || !record.remote) {
    throw failure('BATCH_NOT_SUBMITTED', `Batch ${record.id} never reached Google, so it has no results.`, 'Run the command that made it again.');
  }
  const { remote } = record;
  if (remote.state === 'pending' || remote.state === 'running') {
    const counts = remote.counts ? ` (${remote.counts.total} requests)` : '';
    throw failure('BATCH_NOT_FINISHED', `Batch ${record.id} (${remote.name}) is still ${remote.googleState}${counts}.`, `Wait for it: imagegen batch wait ${record.id}`);
  }
  if (remote.state !== 'succeeded') {
    const why = remote.error ? `: ${remote.error.message} (code ${remote.error.code})` : '';
    throw failure('BATCH_' + (remote.state === 'unknown' ? 'UNKNOWN' : remote.state.toUpperCase()), `Batch ${record.id} (${remote.name}) ended ${remote.googleState}${why}.`, 'Nothing to fetch; submit the work again (without --batch for results now).');
  }
}

export function catalogJobOf(record: BatchRecord, jobIndex: number): NewJob {
  const job = record.jobs[jobIndex]!;
  return { id: record.catalogJobIds[jobIndex]!, command: job.command, requested: job.count, options: { ...job.options, batch: record.id }, createdAt: record.createdAt };
}

/**
 * Fetches and writes a job's results as entries and their files. The record is closed (state
 * `fetched`) unless `close` is false: a build closes it itself, once the lock has the results too.
 */
export async function fetchBatch(recordIn: BatchRecord, ports: BatchPorts, options: { close?: boolean } = {}): Promise<FetchOutcome> {
  const held = await ports.book.exclusive(recordIn.id, async () => fetchHeld((await ports.book.read(recordIn.id)) ?? recordIn, ports, options));
  if ('busy' in held) {
    throw failure('BATCH_BUSY', `Another imagegen (pid ${held.busy}) is writing the results of batch ${recordIn.id}.`, 'Wait for it to finish; fetching afterwards writes nothing twice.');
  }
  return held.done;
}

/** Whether the entry has reached its end (an interrupted or pending one is written again). */
function settled(ports: BatchPorts, id: string): boolean {
  const status = ports.catalog.getEntry(id)?.status;
  return status === 'completed' || status === 'failed';
}

async function fetchHeld(recordIn: BatchRecord, ports: BatchPorts, options: { close?: boolean }): Promise<FetchOutcome> {
  let record = recordIn;
  // Everything already written: answer from the catalog without asking Google again.
  if (!record.items.every((item) => settled(ports, item.entryId))) {
    record = await refresh(record, ports);
    assertFetchable(record);
  }
  const written: string[] = [];
  let results: ((key: string, position: number) => BatchItemResult | undefined) | undefined;
  const outcomes: (Entry | Failure)[] = [];
  // One lifecycle per catalog job, as an interactive run has: pending rows, announced files.
  const lifecycles = new Map<number, RunLifecycle>();
  try {
    for (const [position, item] of record.items.entries()) {
      if (!settled(ports, item.entryId)) {
        results ??= await resultsOf(record, ports);
        let lifecycle = lifecycles.get(item.job);
        if (!lifecycle) lifecycles.set(item.job, (lifecycle = new RunLifecycle(catalogJobOf(record, item.job), ports)));
        await writeItem(record, item, results(item.key, position), ports, lifecycle);
        written.push(item.entryId);
      }
      const entry = ports.catalog.getEntry(item.entryId);
      if (!entry) throw failure('BATCH_ENTRY_MISSING', `Entry ${item.entryId} of batch ${record.id} was not found after writing.`, 'Run imagegen doctor.');
      outcomes.push(entry.status === 'completed' ? entry : { index: item.index, entryId: entry.id, error: entry.error ?? { code: 'FAILED', message: 'failed', hint: '' } });
    }
  } finally {
    for (const lifecycle of lifecycles.values()) await lifecycle.close();
  }
  if (record.state !== 'fetched' && (options.close ?? record.origin.command !== 'build')) {
    record = { ...record, state: 'fetched', fetchedAt: ports.clock().toISOString() };
    await ports.book.write(record);
  }
  const entries = outcomes.filter((o): o is Entry => 'kind' in o);
  const failures = outcomes.filter((o): o is Failure => !('kind' in o));
  return { record, result: { entries, failures }, written };
}

/** A lookup of the job's results: by the key sent, else (when Google did not echo keys) by position. */
async function resultsOf(record: BatchRecord, ports: BatchPorts): Promise<(key: string, position: number) => BatchItemResult | undefined> {
  assertFetchable(record);
  const provider = await ports.batchProvider();
  const list = await provider.results(record.remote.name, ports.signal);
  const byKey = new Map(list.map((r) => [r.key, r]));
  const keysEchoed = record.items.some((item) => byKey.has(item.key));
  const byPosition = new Map(list.map((r) => [r.position, r]));
  return (key, position) => (keysEchoed ? byKey.get(key) : byPosition.get(position));
}

async function writeItem(record: BatchRecord, item: BatchItemRecord, result: BatchItemResult | undefined, ports: BatchPorts, lifecycle: RunLifecycle): Promise<void> {
  const stored = fromStoredJob(record.jobs[item.job]!);
  const job = { ...stored, metadata: { ...stored.metadata, batch: { id: record.id, name: record.remote?.name ?? null } } };
  // The row may exist already: left interrupted by a fetch that was killed. It is completed in place.
  if (!ports.catalog.hasEntry(item.entryId)) lifecycle.begin(baseEntry(job, catalogJobOf(record, item.job), item.entryId, ports.clock().toISOString()), unfinishedMetadata(job));
  if (result?.ok) {
    // A file left by a write that was killed before its row completed is ours (its name holds the entry id).
    if (!job.outFile) await removeStale(job.outDir, `${slugify(job.name)}-${item.entryId}`);
    await saveResult(job, item.entryId, result.result, null, ports, lifecycle, BATCH_PRICE_FACTOR);
    return;
  }
  const error = toImagegenError(result ? result.error : failure('BATCH_RESULT_MISSING', `Gemini's results for batch ${record.id} have no answer for request ${item.key}.`, 'Run it again with imagegen retry ID.'));
  // A reply that failed may still have been billed (a blocked image): keep what it reported, at the batch price.
  const reported = (error.details as { usage?: TokenUsage } | undefined)?.usage;
  const cost = reported ? costOf(job.model, reported, null) : job.model.priced ? 0 : null;
  const usage = { inputTokens: reported?.inputTokens ?? 0, outputTokens: reported?.outputTokens ?? 0, costUsd: cost === null ? null : Math.round(cost * BATCH_PRICE_FACTOR * 1e6) / 1e6 };
  lifecycle.fail(item.entryId, error.toJSON(), unfinishedMetadata(job), usage);
}

async function removeStale(outDir: string, stem: string): Promise<void> {
  for (const ext of ['png', 'jpg', 'webp']) await rm(join(outDir, `${stem}.${ext}`), { force: true });
}
