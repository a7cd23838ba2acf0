/**
 * `--batch` on an image command: plan exactly as the interactive run would (same checks, same
 * exit 2 before anything is sent), then submit the job to Google's Batch API instead of running
 * it. The results land later, with `imagegen batch fetch ID`, as ordinary entries.
 */
import { usageError } from '../domain/errors.js';
import { batchPortsFor } from './batch-ports.js';
import { renderSubmitted } from './render/batch.js';
import { submitBatch } from '../core/batch/submit.js';
import { summarize } from '../core/batch/record.js';
import { checkOutputFolder } from '../core/output-file.js';
import { planImages, type ImagePlan } from '../core/plan-images.js';
import { BATCH_PRICE_FACTOR } from '../providers/models.js';
import type { Context } from './context.js';

export async function runBatchGeneration(ctx: Context, options: { output?: string }, plan: ImagePlan): Promise<number> {
  const { settings } = ctx;
  if (options.output !== undefined) {
    throw usageError('BATCH_WITH_OUTPUT', '-O/--output cannot be combined with --batch: the image arrives later, with imagegen batch fetch.', 'Drop -O and use -o DIR, or put the image in an imagegen.yaml and run imagegen build --batch.');
  }
  const ports = await batchPortsFor(ctx, settings.provider);
  await ports.batchProvider(); // no key, or a provider without a batch API: exit 2 before planning reads anything
  const job = await planImages(plan, { outDir: settings.outDir, concurrency: 1 }, ports);
  await checkOutputFolder({ outDir: settings.outDir });
  const { record, reused } = await submitBatch({ origin: { command: 'generate' }, jobs: [job] }, ports);
  renderSubmitted(ctx.output, summarize(record), reused, record.estimatedCostUsd / BATCH_PRICE_FACTOR);
  return 0;
}
