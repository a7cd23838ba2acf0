/**
 * What every image-making command does around its use case: plan (validate) first, then check
 * the key and the output folder, build the ports, show progress, render, open, pick the exit code.
 */
import { dirname } from 'node:path';
import { checkWritableDir } from '../store/store.js';
import { withOutputFile } from '../core/output-file.js';
import { ExitCode, ImagegenError, interrupted, usageError } from '../domain/errors.js';
import { exitCodeFor, runImageJob, type ImageJob } from '../core/run-images.js';
import { createProvider, createTextModel } from '../providers/create.js';
import { concurrencyFrom } from './concurrency.js';
import { startProgress } from './render/progress.js';
import { claimStdin } from './stdin.js';
import { renderRunResult } from './render/run-result.js';
import type { Context } from './context.js';
import type { Ports } from '../core/ports.js';
import type { RunResult } from '../domain/entry.js';


export interface SharedJobOptions {
  outDir: string;
  concurrency: number;
}

export async function runGeneration(
  ctx: Context,
  options: { label: string; open?: boolean; output?: string; force?: boolean },
  plan: (ports: Ports, shared: SharedJobOptions) => Promise<ImageJob> | ImageJob,
): Promise<number> {
  const { settings, output } = ctx;
  const catalog = await ctx.catalog();
  const store = await ctx.store();
  const ports: Ports = {
    catalog,
    store,
    clock: () => new Date(),
    signal: ctx.signal,
    onNotice: (m) => output.remark(m),
    stdin: (purpose) => claimStdin(purpose, ctx.io.stdin),
    cwd: ctx.io.cwd,
    // --enhance calls a text model while planning: building the image provider first keeps a
    // missing key (GEMINI_API_KEY, HF_TOKEN) a usage error raised before anything is sent.
    textModel: async () => {
      await createProvider(settings.provider, settings.apiKey, settings.env, settings);
      return createTextModel(settings.apiKey, settings.env, { vertex: settings.vertex, onNotice: (m) => output.remark(m) });
    },
  };
  const planned = await plan(ports, { outDir: settings.outDir, concurrency: concurrencyFrom(ctx) });
  const job = options.output === undefined ? planned : await withOutputFile(planned, options.output, options.force === true, ctx.io.cwd);
  const provider = await createProvider(job.model.provider, settings.apiKey, settings.env, settings);
  const folder = job.outFile ? dirname(job.outFile.path) : settings.outDir;
  try {
    await checkWritableDir(folder);
  } catch (err) {
    throw usageError('OUTPUT_NOT_WRITABLE', `Cannot write to the output folder ${folder}: ${(err as Error).message}`, job.outFile ? 'Choose a file in a folder you can write to with -O/--output.' : 'Choose a folder you can write to with -o/--out or IMAGEGEN_OUT.');
  }
  const progress = await startProgress(output, options.label, job.count);
  let result: RunResult;
  try {
    result = await runImageJob(job, { ...ports, provider, onProgress: (e) => progress.onProgress(e) });
  } finally {
    progress.stop();
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

