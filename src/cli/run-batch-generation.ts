/**
 * `--batch` on an image command: plan exactly as the interactive run would (same checks, same
 * exit 2 before anything is sent), then submit the job to Google's Batch API instead of running
 * it. The results land later, with `imagegen batch fetch ID`, as ordinary entries.
 */
import { usageError } from '../domain/errors.js';
import { checkWritableDir } from '../store/store.js';
import { batchPortsFor } from './batch-ports.js';
import { renderSubmitted } from './render/batch.js';
import { submitBatch } from '../core/batch/submit.js';
import { summarize } from '../core/batch/record.js';
import { BATCH_PRICE_FACTOR } from '../providers/models.js';
import type { Context } from './context.js';
import type { Ports } from '../core/ports.js';
import type { ImageJob } from '../core/run-images.js';
import type { SharedJobOptions } from './run-generation.js';

export async function runBatchGeneration(ctx: Context, options: { output?: string }, plan: (ports: Ports, shared: SharedJobOptions) => Promise<ImageJob>): Promise<number> {
  const { settings } = ctx;
  if (options.output !== undefined) {
    throw usageError('BATCH_WITH_OUTPUT', '-O/--output cannot be combined with --batch: the image arrives later, with imagegen batch fetch.', 'Drop -O and use -o DIR, or put the image in an imagegen.yaml and run imagegen build --batch.');
  }
  const ports = await batchPortsFor(ctx, settings.provider);
  await ports.batchProvider(); // no key, or a provider without a batch API: exit 2 before planning reads anything
  const job = await plan(ports, { outDir: settings.outDir, concurrency: 1 });
  try {
    await checkWritableDir(settings.outDir);
  } catch (err) {
    throw usageError('OUTPUT_NOT_WRITABLE', `Cannot write to the output folder ${settings.outDir}: ${(err as Error).message}`, 'Choose a folder you can write to with -o/--out or IMAGEGEN_OUT.');
  }
  const { record, reused } = await submitBatch({ origin: { command: 'generate' }, jobs: [job] }, ports);
  renderSubmitted(ctx.output, summarize(record), reused, record.estimatedCostUsd / BATCH_PRICE_FACTOR);
  return 0;
}
