/**
 * `--batch` on an image command, the use case whole: check the batch provider first (no key, or a
 * provider without a batch API, is refused before planning reads anything), plan exactly as the
 * interactive run would, check the output folder, then submit the one job to the Batch API.
 */
import { checkOutputFolder } from '../output-file.js';
import { planImages, type ImagePlan } from '../plan-images.js';
import { submitBatch, type SubmitResult } from './submit.js';
import type { BatchPorts } from './ports.js';

export async function submitImages(request: { plan: ImagePlan; outDir: string }, ports: BatchPorts): Promise<SubmitResult> {
  await ports.batchProvider();
  // The images are made at Google, not by a pool of ours: concurrency 1 (it is kept in the job's options).
  const job = await planImages(request.plan, { outDir: request.outDir, concurrency: 1 }, ports);
  await checkOutputFolder({ outDir: request.outDir });
  return submitBatch({ origin: { command: 'generate' }, jobs: [job] }, ports);
}
