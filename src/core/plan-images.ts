/**
 * Which image-making use case to plan, and its options: one typed request for generate, modify,
 * reference, regenerate, `templates run` and retry. Each planner is loaded when it is used.
 */
import type { GenerateOptions } from './generate.js';
import type { ModifyOptions } from './modify.js';
import type { Ports } from './ports.js';
import type { ReferenceOptions } from './reference.js';
import type { RegenerateOptions } from './regenerate.js';
import type { RetryOptions } from './retry.js';
import type { ImageJob } from './run-images.js';
import type { TemplateRunOptions } from './run-template.js';

/** What every planner takes from the run rather than the command: where images go, how many at once. */
export interface SharedJobOptions {
  outDir: string;
  concurrency: number;
}

type Own<T> = Omit<T, keyof SharedJobOptions>;

export type ImagePlan =
  | { command: 'generate'; options: Own<GenerateOptions> }
  | { command: 'modify'; options: Own<ModifyOptions> }
  | { command: 'reference'; options: Own<ReferenceOptions> }
  | { command: 'regenerate'; options: Own<RegenerateOptions> }
  | { command: 'template'; options: Own<TemplateRunOptions> }
  | { command: 'retry'; options: Own<RetryOptions> };

/** Checks everything and returns the job to run (identity photos included); a usage error before anything is sent. */
export async function planImages(plan: ImagePlan, shared: SharedJobOptions, ports: Ports): Promise<ImageJob> {
  switch (plan.command) {
    case 'generate':
      return (await import('./generate.js')).planGenerate({ ...plan.options, ...shared }, ports);
    case 'modify':
      return (await import('./modify.js')).planModify({ ...plan.options, ...shared }, ports);
    case 'reference':
      return (await import('./reference.js')).planReference({ ...plan.options, ...shared }, ports);
    case 'regenerate':
      return (await import('./regenerate.js')).planRegenerate({ ...plan.options, ...shared }, ports);
    case 'template':
      return (await import('./run-template.js')).planTemplateRun({ ...plan.options, ...shared }, ports);
    case 'retry':
      return (await import('./retry.js')).planRetry({ ...plan.options, ...shared }, ports);
  }
}
