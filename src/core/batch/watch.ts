/** `batch list | status | wait | cancel`: the records in the home, kept in step with Google. */
import { failure, interrupted, toImagegenError } from '../../domain/errors.js';
import { refresh, resolveRecord } from './remote-sync.js';
import { summarize, type BatchRecord, type BatchSummary } from './record.js';
import type { BatchPorts } from './ports.js';
import { FINISHED_STATES } from '../../providers/batch-types.js';

/** A record that can still change on Google's side. */
export function isOpen(record: BatchRecord): boolean {
  if (record.state === 'submitting') return true;
  return record.state === 'submitted' && record.remote !== null && !FINISHED_STATES.has(record.remote.state) && record.remote.state !== 'unknown';
}

/** Every record, newest first; open ones are refreshed when `refreshOpen` (it needs the key). */
export async function listBatches(ports: BatchPorts, options: { refreshOpen: boolean }): Promise<BatchSummary[]> {
  const records = (await ports.book.all()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const out: BatchSummary[] = [];
  for (const record of records) {
    if (!options.refreshOpen || !isOpen(record)) {
      out.push(summarize(record));
      continue;
    }
    try {
      out.push(summarize(await refresh(record, ports)));
    } catch (err) {
      // One unreachable job does not hide the others: it is listed as last seen.
      ports.onNotice?.(`Could not check batch ${record.id} with Google (${toImagegenError(err).message}); showing its last known state.`);
      out.push(summarize(record));
    }
  }
  return out;
}

export async function batchStatus(id: string, ports: BatchPorts): Promise<BatchSummary> {
  return summarize(await refresh(await resolveRecord(id, ports), ports));
}

export interface WaitOptions {
  pollMs: number;
  timeoutMs: number;
  onUpdate?: (summary: BatchSummary) => void;
}

/** Polls until the job is finished (or never reached Google); gives up after timeoutMs. */
export async function waitForBatch(id: string, ports: BatchPorts, options: WaitOptions): Promise<BatchRecord> {
  let record = await resolveRecord(id, ports);
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    record = await refresh(record, ports);
    options.onUpdate?.(summarize(record));
    if (!isOpen(record)) return record;
    if (Date.now() >= deadline) {
      throw failure('BATCH_WAIT_TIMEOUT', `Batch ${record.id} is still ${record.remote?.googleState ?? record.state} after ${Math.round(options.timeoutMs / 1000)} s.`, `It keeps running at Google; wait again later with imagegen batch wait ${record.id}.`);
    }
    await sleep(Math.min(options.pollMs, Math.max(0, deadline - Date.now())), ports.signal);
    if (ports.signal?.aborted) throw interrupted();
  }
}

export async function cancelBatch(id: string, ports: BatchPorts): Promise<BatchSummary> {
  let record = await refresh(await resolveRecord(id, ports), ports);
  if (!isOpen(record) || !record.remote) {
    throw failure('BATCH_NOT_RUNNING', `Batch ${record.id} is ${record.remote?.googleState ?? record.state}; there is nothing to cancel.`, 'imagegen batch status shows its state.');
  }
  const provider = await ports.batchProvider();
  await provider.cancel(record.remote.name, ports.signal);
  record = await refresh(record, ports);
  return summarize(record);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
