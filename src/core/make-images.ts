/**
 * The use case of every image-making command, whole: plan (identity photos included), point the
 * job at -O's file, check the output folder, build the provider, run. Everything that can be
 * refused is refused before anything is sent. The CLI parses flags, shows progress and renders.
 */
import { checkOutputFolder, withOutputFile } from './output-file.js';
import { planImages, type ImagePlan, type SharedJobOptions } from './plan-images.js';
import type { Ports, ProviderFactory } from './ports.js';
import { runImageJob, type ImageJob } from './run-images.js';
import type { RunResult } from '../domain/entry.js';
import type { ProviderName } from '../domain/provider.js';

export interface MakeImagesRequest extends SharedJobOptions {
  plan: ImagePlan;
  /** The provider the settings name: --enhance builds it before calling the text model, so a missing key is refused first. */
  provider: ProviderName;
  /** -O/--output FILE, and whether an existing file may be replaced (--force). */
  outputFile?: { path: string; overwrite: boolean };
}

/** What the use case is given: the usual ports, and the image providers built on demand. */
export interface MakeImagesPorts extends Ports {
  imageProvider: ProviderFactory;
  /** The job, planned and checked, just before the first request (a CLI starts its progress here). */
  onPlanned?: (job: ImageJob) => Promise<void> | void;
}

export async function makeImages(request: MakeImagesRequest, ports: MakeImagesPorts): Promise<RunResult> {
  const { textModel } = ports;
  const planPorts: Ports = {
    ...ports,
    // --enhance calls a text model while planning: building the image provider first keeps a
    // missing key (GEMINI_API_KEY, HF_TOKEN) a usage error raised before anything is sent.
    textModel: textModel && (async () => {
      await ports.imageProvider(request.provider);
      return textModel();
    }),
  };
  const planned = await planImages(request.plan, { outDir: request.outDir, concurrency: request.concurrency }, planPorts);
  const job = request.outputFile ? await withOutputFile(planned, request.outputFile.path, request.outputFile.overwrite, ports.cwd) : planned;
  const provider = await ports.imageProvider(job.model.provider);
  await checkOutputFolder(job);
  await ports.onPlanned?.(job);
  return runImageJob(job, { ...ports, provider });
}
