/**
 * `--batch` on an image command: the same plan as the interactive run, submitted to Google's
 * Batch API by core/batch/submit-images.ts. The results land later, with `imagegen batch fetch ID`,
 * as ordinary entries.
 */
import { usageError } from '../domain/errors.js';
import { batchPortsFor } from './batch-ports.js';
import { renderSubmitted } from './render/batch.js';
import { submitImages } from '../core/batch/submit-images.js';
import { summarize } from '../core/batch/record.js';
import { BATCH_PRICE_FACTOR } from '../providers/models.js';
import type { ImagePlan } from '../core/plan-images.js';
import type { Context } from './context.js';

export async function runBatchGeneration(ctx: Context, options: { output?: string }, plan: ImagePlan): Promise<number> {
  const { settings } = ctx;
  if (options.output !== undefined) {
    throw usageError('BATCH_WITH_OUTPUT', '-O/--output cannot be combined with --batch: the image arrives later, with imagegen batch fetch.', 'Drop -O and use -o DIR, or put the image in an imagegen.yaml and run imagegen build --batch.');
  }
  const { record, reused } = await submitImages({ plan, outDir: settings.outDir }, await batchPortsFor(ctx, settings.provider));
  renderSubmitted(ctx.output, summarize(record), reused, record.estimatedCostUsd / BATCH_PRICE_FACTOR);
  return 0;
}
