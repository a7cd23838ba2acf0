/**
 * What every image-making command does around its use case (core/make-images.ts): build the
 * ports from the settings, show progress, render, open, pick the exit code.
 */
import { ExitCode, ImagegenError, interrupted } from '../domain/errors.js';
import { exitCodeFor } from '../core/run-images.js';
import { makeImages } from '../core/make-images.js';
import { createProvider, createTextModel } from '../providers/create.js';
import { startProgress, type Progress } from './render/progress.js';
import { claimStdin } from './stdin.js';
import { renderRunResult } from './render/run-result.js';
import type { Context } from './context.js';
import type { ImagePlan } from '../core/plan-images.js';

export interface GenerationOptions {
  /** The progress line's label ("Generating", "Modifying", …). */
  label: string;
  /** --open: open each image when done. */
  open?: boolean;
  /** -O/--output FILE, and --force to replace it. */
  output?: string;
  force?: boolean;
}

export async function runGeneration(ctx: Context, options: GenerationOptions, plan: ImagePlan): Promise<number> {
  const { settings, output } = ctx;
  let progress: Progress | undefined;
  let result;
  try {
    result = await makeImages(
      {
        plan,
        provider: settings.provider,
        outDir: settings.outDir,
        concurrency: settings.concurrency,
        ...(options.output === undefined ? {} : { outputFile: { path: options.output, overwrite: options.force === true } }),
      },
      {
        catalog: await ctx.catalog(),
        store: await ctx.store(),
        clock: () => new Date(),
        signal: ctx.signal,
        onNotice: (m) => output.remark(m),
        stdin: (purpose) => claimStdin(purpose, ctx.io.stdin),
        cwd: ctx.io.cwd,
        textModel: () => createTextModel(settings.providers(), (m) => output.remark(m)),
        imageProvider: (name) => createProvider(name, settings.providers()),
        onPlanned: async (job) => {
          progress = await startProgress(output, options.label, job.count);
        },
        onProgress: (e) => progress?.onProgress(e),
      },
    );
  } finally {
    progress?.stop();
  }
  renderRunResult(output, result, ctx.io.cwd);
  // What was kept and what was cut short is on stdout already; the error line says why it ended.
  if (result.interrupted) throw interrupted();
  const code = exitCodeFor(result);
  // Every image failed: under --json the contract's error line goes to stderr too (the first failure's).
  const first = result.failures[0];
  if (output.json && code === ExitCode.failed && first) output.error(new ImagegenError(first.error.code, first.error.message, first.error.hint));
  if (options.open && result.entries.length) {
    // The images are made either way: a missing opener is a warning here, not a failure.
    const { openWithSystem } = await import('./opener.js');
    for (const entry of result.entries) if (entry.file) await openWithSystem(entry.file.path, ctx.env).catch((err: unknown) => output.warn((err as Error).message));
  }
  return code;
}
