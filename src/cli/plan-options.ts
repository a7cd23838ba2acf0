/** The options an image-making command plans with, from its flags and the settings. */
import type { GenerateOptions } from '../core/generate.js';
import type { SharedJobOptions } from '../core/plan-images.js';
import type { Context } from './context.js';
import type { GenerationFlags } from './generation-flags.js';

export function planOptionsFrom(ctx: Context, prompt: string, flags: GenerationFlags): Omit<GenerateOptions, keyof SharedJobOptions> {
  return {
    prompt,
    count: flags.count,
    provider: ctx.settings.provider,
    model: ctx.settings.model,
    aspectRatio: flags.aspect,
    imageSize: flags.size,
    name: flags.name,
    project: flags.project,
    format: flags.format,
    style: flags.style,
    emotion: flags.emotion,
    enhance: flags.enhance,
    context: flags.context,
    history: flags.history,
    identity: flags.identity,
  };
}
