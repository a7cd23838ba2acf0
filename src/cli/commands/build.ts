/** `imagegen build [MANIFEST]`: images as build outputs (see shared/spec/build.md and docs/build.md). */
import { Option, type Command } from 'commander';
import { action, type RunState } from '../action.js';
import { collect, intInRange } from '../parsers.js';
import { usageError } from '../../domain/errors.js';
import type { Context } from '../context.js';
import type { BuildCommandFlags } from '../run-build.js';

type BuildFlags = BuildCommandFlags & { json?: boolean; schema?: boolean };

function usd(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !Number.isFinite(n)) {
    throw usageError('INVALID_OPTION', `--budget must be an amount of US dollars such as 5 or 2.50, not "${value}".`, 'For example --budget 5.');
  }
  return n;
}

export function register(program: Command, state: RunState): void {
  program
    .command('build')
    .summary('make the images a manifest describes, only those out of date')
    .description(
      'Build the targets of a manifest (default ./imagegen.yaml): each one an image at an exact path. imagegen.lock beside it records what was built, so targets that are up to date are not sent (or paid for) again. Dependencies are built first.',
    )
    .argument('[manifest]', 'the manifest: imagegen.yaml, .yml or .json (default: the one in this folder)')
    .option('--dry-run', 'print the plan (create, update or keep, the reason, the estimated cost) and send nothing; needs no key')
    .option('--check', 'send nothing; exit 5 and list the targets that are out of date (for CI)')
    .option('--force', 'treat every selected target as out of date')
    .option('--only <glob>', 'build only the targets whose path matches (repeatable); out-of-date inputs come along', collect)
    .addOption(new Option('--budget <usd>', 'refuse (exit 2, nothing sent) when the estimated cost is higher').argParser(usd))
    .option('--prune', 'remove the files of targets that left the manifest (only files the lock records)')
    .addOption(new Option('--concurrency <n>', 'requests in flight at most (default: IMAGEGEN_CONCURRENCY or 8)').argParser(intInRange('--concurrency', 1, 64)))
    .option('--batch', 'send the out-of-date targets to Google\'s Batch API at half the price; prints the job id and exits (run again to collect the results)')
    .option('--wait', 'with --batch: wait for each job, write its results, and go on with the targets that depend on them')
    .option('--schema', 'print the manifest\'s JSON Schema and exit')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen build --dry-run
  $ imagegen build
  $ imagegen build site/imagegen.yaml --only "icons/*" --budget 2
  $ imagegen build --check            # in CI: exit 5 when an image is out of date
  $ imagegen build --prune --json
  $ imagegen build --schema > imagegen.schema.json
  $ imagegen build --dry-run --batch   # the estimate at the Batch API price (half)
  $ imagegen build --batch             # submit; run it again later to collect the images
  $ imagegen build --batch --wait

Exit codes: 0 done (or up to date) · 1 every target failed · 2 invalid manifest or flags, over budget · 4 some failed · 5 out of date (--check)`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, manifestArg: string | undefined, flags: BuildFlags): Promise<number> {
  if (flags.schema) {
    const { manifestJsonSchema } = await import('../../build/schema.js');
    ctx.output.data(manifestJsonSchema());
    return 0;
  }
  if (flags.dryRun && flags.check) throw usageError('CONFLICTING_OPTIONS', '--dry-run and --check cannot be combined.', 'Use --dry-run to see the plan, or --check to test that everything is up to date.');
  if (flags.wait && !flags.batch) throw usageError('CONFLICTING_OPTIONS', '--wait only applies to --batch.', 'Use imagegen build --batch --wait, or drop --wait.');
  if (flags.batch && flags.prune) throw usageError('CONFLICTING_OPTIONS', '--prune cannot be combined with --batch.', 'Prune in a separate run: imagegen build --prune.');
  const { runBuildCommand } = await import('../run-build.js');
  return runBuildCommand(ctx, manifestArg, flags);
}
