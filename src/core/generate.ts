/** `generate`: text → image(s). */
import { usageError } from './errors.js';
import { chooseModel } from './model-options.js';
import type { ImageJob } from './run-images.js';
import type { OutputFormat } from './types.js';
import { composePrompt } from '../prompts/compose.js';
import { describePrompt } from '../prompts/describe.js';
import type { ProviderName } from '../providers/types.js';

export const MAX_COUNT = 8;

export interface GenerateOptions {
  prompt: string;
  count: number;
  provider: ProviderName;
  model?: string;
  aspectRatio?: string;
  imageSize?: string;
  name?: string;
  project?: string;
  format?: OutputFormat;
  style?: string;
  emotion?: string;
  outDir: string;
  concurrency: number;
}

export function checkPrompt(prompt: string): string {
  const text = prompt.trim();
  if (!text) throw usageError('EMPTY_PROMPT', 'The prompt is empty.', 'Describe the image in quotes, e.g. imagegen generate "a lighthouse at dawn", or pass - to read it from standard input.');
  return text;
}

export function checkCount(count: number): number {
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw usageError('INVALID_COUNT', `Count ${count} is outside 1–${MAX_COUNT}.`, `Ask for between 1 and ${MAX_COUNT} images with -n.`);
  }
  return count;
}

/** Checks everything and returns the job to run; throws a usage error before anything is sent. */
export async function planGenerate(options: GenerateOptions): Promise<ImageJob> {
  const prompt = checkPrompt(options.prompt);
  const count = checkCount(options.count);
  const choice = chooseModel(options.provider, options.model, options.aspectRatio, options.imageSize);
  const described = await describePrompt({ prompt, name: options.name, emotion: options.emotion });
  return {
    command: 'generate',
    kind: 'generate',
    prompt,
    effectivePrompt: composePrompt({ prompt: described.visualPrompt, style: options.style, emotion: described.emotion }),
    name: described.name,
    count,
    model: choice.spec,
    aspectRatio: choice.aspectRatio,
    imageSize: choice.imageSize,
    format: options.format,
    outDir: options.outDir,
    project: options.project ?? null,
    emotion: described.emotion,
    style: options.style ?? null,
    referenceType: null,
    template: null,
    parent: null,
    inputs: [],
    metadata: described.metadata,
    concurrency: options.concurrency,
    options: { ...options, outDir: undefined },
  };
}
