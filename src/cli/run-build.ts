/** Builds the ports of a build (catalog, store, providers made on first use), runs it, renders it. */
import { build, type BuildOptions } from '../build/build.js';
import { createProvider } from '../providers/create.js';
import { startBuildProgress } from './render/build-progress.js';
import { buildExitCode, renderBuildOutcome } from './render/build.js';
import type { Context } from './context.js';
import { batchPortsFor } from './batch-ports.js';
import { onChange } from './render/batch.js';

/** The build flags as parsed: the use case's own options, with --concurrency optional and --wait a switch. */
export type BuildCommandFlags = Pick<BuildOptions, 'dryRun' | 'check' | 'force' | 'only' | 'budget' | 'prune' | 'batch'> & {
  concurrency?: number;
  wait?: boolean;
};

export async function runBuildCommand(ctx: Context, manifestArg: string | undefined, flags: BuildCommandFlags): Promise<number> {
  const { settings, output } = ctx;
  const catalog = await ctx.catalog();
  const store = await ctx.store();
  const progress = flags.dryRun || flags.check || flags.batch ? undefined : await startBuildProgress(output);
  const batch = flags.batch && !flags.dryRun && !flags.check ? await batchPortsFor(ctx) : undefined;
  try {
    const outcome = await build(
      {
        manifest: manifestArg,
        cwd: ctx.io.cwd,
        home: settings.home,
        provider: settings.provider,
        model: settings.model,
        concurrency: flags.concurrency ?? settings.concurrency,
        dryRun: flags.dryRun,
        check: flags.check,
        force: flags.force,
        only: flags.only,
        budget: flags.budget,
        prune: flags.prune,
        batch: flags.batch,
        wait: flags.wait ? { pollMs: settings.batchPollMs, timeoutMs: 48 * 3600_000, onUpdate: onChange((line) => output.notice(`batch job ${line}`)) } : undefined,
      },
      {
        catalog,
        store,
        clock: () => new Date(),
        signal: ctx.signal,
        onNotice: (m) => output.remark(m),
        provider: (name) => createProvider(name, settings.providers()),
        onEvent: (e) => progress?.onEvent(e),
        book: batch?.book,
        batchProvider: batch?.batchProvider,
      },
    );
    progress?.stop();
    if (flags.batch && outcome.mode === 'dry-run') output.notice('Estimates are at the Batch API price (half the interactive price).');
    renderBuildOutcome(output, outcome);
    return buildExitCode(outcome);
  } finally {
    progress?.stop();
  }
}
