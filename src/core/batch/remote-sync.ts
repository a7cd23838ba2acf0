/**
 * Bringing a record up to date with Google: a record left `submitting` (a kill, a lost reply)
 * is looked up by its displayName in batches.list; a submitted one is read with batches.get.
 */
import { notFoundError } from '../../domain/errors.js';
import { snapshotOf, type BatchRecord } from './record.js';
import type { BatchPorts } from './ports.js';
import { FINISHED_STATES } from '../../providers/batch-types.js';

/** Looks the record's displayName up in Google's list: found → submitted, absent → not submitted. */
export async function reconcile(record: BatchRecord, ports: BatchPorts): Promise<BatchRecord> {
  const provider = await ports.batchProvider();
  const found = (await provider.list(ports.signal)).find((job) => job.displayName === record.displayName);
  const next: BatchRecord = found ? { ...record, state: 'submitted', remote: snapshotOf(found, ports.clock()) } : { ...record, state: 'not-submitted' };
  await ports.book.write(next);
  if (!found) ports.onNotice?.(`Batch ${record.id} never reached Google (not in its list of jobs); nothing was charged for it.`);
  return next;
}

/** The record with Google's latest word on it (no call for records that cannot change). */
export async function refresh(record: BatchRecord, ports: BatchPorts): Promise<BatchRecord> {
  if (record.state === 'submitting') return reconcile(record, ports);
  if (record.state !== 'submitted' || !record.remote) return record;
  if (FINISHED_STATES.has(record.remote.state)) return record;
  const provider = await ports.batchProvider();
  const remote = await provider.get(record.remote.name, ports.signal);
  const next: BatchRecord = remote
    ? { ...record, remote: snapshotOf(remote, ports.clock()) }
    : { ...record, remote: { ...record.remote, googleState: 'NOT_FOUND', state: 'unknown', checkedAt: ports.clock().toISOString() } };
  await ports.book.write(next);
  return next;
}

/** Finds a record by its local id, Google's name (`batches/…` or without the prefix) or a unique id prefix of 4+. */
export async function resolveRecord(arg: string, ports: BatchPorts): Promise<BatchRecord> {
  const wanted = arg.trim();
  const records = await ports.book.all();
  const exact = records.find((r) => r.id === wanted || (r.remote && (r.remote.name === wanted || r.remote.name === `batches/${wanted}`)));
  if (exact) return exact;
  const prefixed = wanted.length >= 4 ? records.filter((r) => r.id.startsWith(wanted.toLowerCase())) : [];
  if (prefixed.length === 1) return prefixed[0]!;
  const shown = JSON.stringify(wanted.slice(0, 80));
  if (prefixed.length > 1) {
    throw notFoundError('BATCH_AMBIGUOUS', `Batch id ${shown} matches ${prefixed.length} batch jobs.`, 'Type more of the id; imagegen batch list shows them.');
  }
  throw notFoundError('BATCH_NOT_FOUND', `No batch job ${shown} in this home.`, 'imagegen batch list shows the batch jobs imagegen started here.');
}
