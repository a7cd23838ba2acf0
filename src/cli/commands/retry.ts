/** `imagegen retry ID`: run a failed entry again with exactly the same prompt, settings and inputs. */
import { Option, type Command } from 'commander';
import { action, type RunState } from '../action.js';
import { oneOf } from '../parsers.js';
import type { Context } from '../context.js';
import type { OutputFormat } from '../../domain/entry.js';

interface RetryFlags {
  format?: OutputFormat;
  out?: string;
  open?: boolean;
  json?: boolean;
}

export function register(program: Command, state: RunState): void {
  program
    .command('retry')
    .summary('run a failed or interrupted entry again with the same prompt, settings and inputs')
    .description(
      `Run failed or interrupted entry ID again exactly as it was asked for: the same kind, prompt, model, aspect ratio,
size, style and parent, and the same input images, sent byte for byte from the catalog's copies.
The new entry records the failure it retries (metadata.retryOf). Failed entries are listed by
imagegen list --status failed; entries cut short by Ctrl-C, a kill or a crash by
imagegen list --status interrupted.`,
    )
    .argument('<id>', 'the failed or interrupted entry (or a unique prefix of its id)')
    .addOption(new Option('--format <format>', 'output file format: png | jpeg | webp (default: as the failed run asked)').argParser(oneOf('--format', ['png', 'jpeg', 'webp'] as const)))
    .option('-o, --out <dir>', 'output folder (default: IMAGEGEN_OUT or ./imagegen-output)')
    .option('--open', 'open the image when done')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen list --status failed
  $ imagegen retry 7k2m9x4q
  $ imagegen retry 7k2m --json`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, id: string, flags: RetryFlags): Promise<number> {
  const { runGeneration } = await import('../run-generation.js');
  return runGeneration(ctx, { label: 'Retrying', open: flags.open }, { command: 'retry', options: { id, format: flags.format } });
}
