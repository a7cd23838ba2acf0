/**
 * Submitting image jobs as one Gemini batch job, crash-safe: the record (with entry ids chosen
 * up front) is written before batches.create; a record of the same work left `submitting` by an
 * earlier run is reconciled with Google's list first, and reused when Google has it.
 */
import { ImagegenError, toImagegenError } from '../../domain/errors.js';
import { newEntryId, newJobId, randomId } from '../ids.js';
import type { ImageJob } from '../run-images.js';
import { fingerprintOf, snapshotOf, toStoredJob, type BatchItemRecord, type BatchOrigin, type BatchRecord, type BatchTargetFacts } from './record.js';
import { reconcile } from './remote-sync.js';
import type { BatchPorts } from './ports.js';
import { BATCH_PRICE_FACTOR, priceForImage } from '../../providers/models.js';

export interface BatchDraft {
  origin: BatchOrigin;
  jobs: ImageJob[];
  /** For build: the target each job writes (parallel to jobs). */
  targets?: string[];
  /** For build: the lock facts of each target, written when its result arrives. */
  targetFacts?: Record<string, BatchTargetFacts>;
}

export interface SubmitResult {
  record: BatchRecord;
  /** True when an earlier, interrupted submit of the same work was found at Google and reused. */
  reused: boolean;
}

/** Codes that mean Google refused the create call: no job exists. */
const REFUSED = new Set(['API_KEY_INVALID', 'API_PERMISSION_DENIED', 'MODEL_NOT_FOUND', 'API_REQUEST_REJECTED', 'RATE_LIMITED']);

/** Estimated cost of the jobs at the batch price (images only; input tokens are billed as used). */
export function batchEstimate(jobs: ImageJob[]): number {
  const usd = jobs.reduce((sum, job) => sum + priceForImage(job.model, job.imageSize) * job.count, 0) * BATCH_PRICE_FACTOR;
  return Math.round(usd * 1e6) / 1e6;
}

function fingerprintOfDraft(draft: BatchDraft): string {
  return fingerprintOf([
    draft.origin,
    draft.targets ?? null,
    draft.jobs.map((j) => [j.model.id, j.effectivePrompt, j.aspectRatio, j.imageSize, j.format ?? null, j.count, j.outDir, j.inputs.map((i) => i.blob.sha256)]),
  ]);
}

export async function submitBatch(draft: BatchDraft, ports: BatchPorts): Promise<SubmitResult> {
  const model = draft.jobs[0]!.model.id;
  const fingerprint = fingerprintOfDraft(draft);

  // An earlier submit of the same work that was cut short: ask Google before sending again.
  const earlier = (await ports.book.all()).filter((r) => r.fingerprint === fingerprint && r.state === 'submitting');
  for (const record of earlier) {
    const settled = await reconcile(record, ports);
    if (settled.state === 'submitted') return { record: settled, reused: true };
  }

  const taken = new Set<string>();
  const existingIds = new Set((await ports.book.all()).map((r) => r.id));
  let id = randomId(8);
  while (existingIds.has(id)) id = randomId(8);
  const items: BatchItemRecord[] = [];
  draft.jobs.forEach((job, jobIndex) => {
    for (let index = 0; index < job.count; index++) {
      const entryId = newEntryId((c) => taken.has(c) || ports.catalog.hasEntry(c));
      taken.add(entryId);
      items.push({ key: `${jobIndex}-${index}`, entryId, job: jobIndex, index, ...(draft.targets ? { target: draft.targets[jobIndex] } : {}) });
    }
  });
  let record: BatchRecord = {
    version: 1,
    id,
    displayName: `imagegen-${id}`,
    fingerprint,
    createdAt: ports.clock().toISOString(),
    state: 'submitting',
    origin: draft.origin,
    model,
    catalogJobIds: draft.jobs.map(() => newJobId()),
    jobs: draft.jobs.map(toStoredJob),
    items,
    estimatedCostUsd: batchEstimate(draft.jobs),
    remote: null,
    ...(draft.targetFacts ? { targets: draft.targetFacts } : {}),
  };

  const provider = await ports.batchProvider();
  // The inputs' bytes go to the store now: the entries made at fetch time refer to them.
  const storedBlobs: { sha256: string; mimeType: string }[] = [];
  for (const input of draft.jobs.flatMap((j) => j.inputs)) {
    const stored = await ports.store.putBlob(input.send.data, input.send.mimeType);
    if (stored.created) storedBlobs.push({ sha256: input.blob.sha256, mimeType: input.send.mimeType });
  }
  await ports.book.write(record); // the intent, before anything is sent
  try {
    const remote = await provider.submit({
      displayName: record.displayName,
      model,
      signal: ports.signal,
      items: items.map((item) => {
        const job = draft.jobs[item.job]!;
        return {
          key: item.key,
          request: { model: job.model.id, prompt: job.effectivePrompt, aspectRatio: job.aspectRatio, imageSize: job.imageSize, inputs: job.inputs.map((i) => i.send) },
        };
      }),
    });
    record = { ...record, state: 'submitted', remote: snapshotOf(remote, ports.clock()) };
    await ports.book.write(record);
    return { record, reused: false };
  } catch (err) {
    const error = toImagegenError(err);
    if (REFUSED.has(error.code)) {
      // Google refused it: no job exists, so the input copies made for it are taken back.
      for (const blob of storedBlobs) await ports.store.removeBlob(blob.sha256, blob.mimeType);
      await ports.book.write({ ...record, state: 'not-submitted' });
      throw error;
    }
    if (ports.signal?.aborted) throw err;
    // The reply was lost (timeout, network, 5xx): Google may have the job. Look before giving up.
    try {
      const settled = await reconcile(record, ports);
      if (settled.state === 'submitted') return { record: settled, reused: false };
    } catch {
      // Still unreachable: the record stays `submitting` and the next command checks again.
    }
    throw new ImagegenError(
      error.code,
      `${error.message} Batch ${id} may or may not have reached Google.`,
      `Run the same command again (it checks Google's list first and never submits the same work twice), or imagegen batch status ${id}.`,
      error.exitCode,
      { cause: err },
    );
  }
}
