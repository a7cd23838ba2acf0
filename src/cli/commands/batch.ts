/** `imagegen batch list|status|wait|fetch|cancel`: Gemini Batch API jobs started by imagegen (half price, asynchronous). */
import { Option, type Command } from 'commander';
import { action, type RunState } from '../action.js';
import { commandGroup } from '../command-group.js';
import { intInRange } from '../parsers.js';
import type { Context } from '../context.js';

interface JsonFlag {
  json?: boolean;
}

const TWO_DAYS_S = 48 * 3600;

export function register(program: Command, state: RunState): void {
  const group = commandGroup(program, 'batch')
    .alias('batches')
    .summary('Gemini Batch API jobs: list, status, wait, fetch, cancel')
    .description(
      'Jobs sent with --batch run asynchronously on Google\'s Batch API at half the price (usually within minutes, at most 24 hours). Their records live in the home; fetch writes the results as ordinary entries, once, however often it is run.',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen generate "a paper plane icon" -n 4 --batch
  $ imagegen batch list
  $ imagegen batch wait <id> && imagegen batch fetch <id>`,
    );

  group
    .command('list', { isDefault: true })
    .alias('ls')
    .summary('list batch jobs, newest first (the default)')
    .description('List the batch jobs started from this home, newest first. Jobs still running are checked with Google first when a key is set.')
    .option('--json', 'print {batches} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen batch list
  $ imagegen batch list --json | jq -r '.batches[] | select(.googleState == "JOB_STATE_SUCCEEDED") | .id'`,
    )
    .action(action(state, async () => list));

  group
    .command('status')
    .summary('show one job\'s state, as Google reports it')
    .description('Ask Google for a job\'s state and request counts. ID is the local id, a unique prefix of it (4+ characters), or Google\'s batches/… name.')
    .argument('<id>', 'the batch job')
    .option('--json', 'print the job as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen batch status 7k2m9q4x
  $ imagegen batch status 7k2m --json`,
    )
    .action(action(state, async () => status));

  group
    .command('wait')
    .summary('wait until a job has finished')
    .description('Poll Google until the job has finished (every 30 s; IMAGEGEN_BATCH_POLL_MS changes it), showing its state. Exits 0 when it succeeded, 1 when it failed, expired or was cancelled, naming Google\'s state and error.')
    .argument('<id>', 'the batch job')
    .addOption(new Option('--timeout <seconds>', 'give up waiting after this long (the job keeps running)').argParser(intInRange('--timeout', 1, TWO_DAYS_S)).default(TWO_DAYS_S))
    .option('--json', 'print the finished job as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen batch wait 7k2m9q4x
  $ imagegen batch wait 7k2m9q4x --timeout 600 && imagegen batch fetch 7k2m9q4x`,
    )
    .action(action(state, async () => wait));

  group
    .command('fetch')
    .summary('write a finished job\'s results as entries')
    .description('Write the results of a finished job: each image becomes an ordinary entry (at the batch price) and output file; a request Google could not answer becomes a failed entry, as with interactive runs. Fetching again writes nothing new.')
    .argument('<id>', 'the batch job')
    .option('--json', 'print {entries, failures} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen batch fetch 7k2m9q4x
  $ imagegen batch fetch 7k2m9q4x --json | jq -r '.entries[].file.path'`,
    )
    .action(action(state, async () => fetch));

  group
    .command('cancel')
    .summary('cancel a pending or running job')
    .description('Ask Google to cancel a job that has not finished. Nothing is charged for requests it had not run.')
    .argument('<id>', 'the batch job')
    .option('--json', 'print the job as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen batch cancel 7k2m9q4x
  $ imagegen batch cancel 7k2m --json`,
    )
    .action(action(state, async () => cancel));
}

async function list(ctx: Context, flags: JsonFlag): Promise<number> {
  void flags;
  const [{ batchPortsFor }, { listBatches }, { renderBatchList }] = await Promise.all([import('../batch-ports.js'), import('../../core/batch/watch.js'), import('../render/batch.js')]);
  const ports = await batchPortsFor(ctx);
  renderBatchList(ctx.output, await listBatches(ports, { refreshOpen: ctx.settings.apiKey !== undefined }));
  return 0;
}

async function status(ctx: Context, id: string, flags: JsonFlag): Promise<number> {
  void flags;
  const [{ batchPortsFor }, { batchStatus }, { renderBatch }] = await Promise.all([import('../batch-ports.js'), import('../../core/batch/watch.js'), import('../render/batch.js')]);
  renderBatch(ctx.output, await batchStatus(id, await batchPortsFor(ctx)));
  return 0;
}

async function wait(ctx: Context, id: string, flags: JsonFlag & { timeout: number }): Promise<number> {
  const [{ batchPortsFor }, { waitForBatch }, fetching, { summarize }, { renderBatch, onChange }] = await Promise.all([
    import('../batch-ports.js'),
    import('../../core/batch/watch.js'),
    import('../../core/batch/fetch.js'),
    import('../../core/batch/record.js'),
    import('../render/batch.js'),
  ]);
  const assertFetchable: typeof fetching.assertFetchable = fetching.assertFetchable;
  const record = await waitForBatch(id, await batchPortsFor(ctx), { pollMs: ctx.settings.batchPollMs, timeoutMs: flags.timeout * 1000, onUpdate: onChange((line) => ctx.output.notice(line)) });
  assertFetchable(record); // failed, expired, cancelled: Google's state and error, exit 1
  renderBatch(ctx.output, summarize(record));
  return 0;
}

async function fetch(ctx: Context, id: string, flags: JsonFlag): Promise<number> {
  void flags;
  const [{ batchPortsFor }, { resolveRecord }, { fetchBatch }, { renderRunResult }, { exitCodeFor }] = await Promise.all([
    import('../batch-ports.js'),
    import('../../core/batch/remote-sync.js'),
    import('../../core/batch/fetch.js'),
    import('../render/run-result.js'),
    import('../../core/run-images.js'),
  ]);
  const ports = await batchPortsFor(ctx);
  const { result, written } = await fetchBatch(await resolveRecord(id, ports), ports);
  renderRunResult(ctx.output, result, ctx.io.cwd);
  if (written.length === 0) ctx.output.notice('(already fetched: nothing new was written)');
  return exitCodeFor(result);
}

async function cancel(ctx: Context, id: string, flags: JsonFlag): Promise<number> {
  void flags;
  const [{ batchPortsFor }, { cancelBatch }, { renderBatch }] = await Promise.all([import('../batch-ports.js'), import('../../core/batch/watch.js'), import('../render/batch.js')]);
  renderBatch(ctx.output, await cancelBatch(id, await batchPortsFor(ctx)));
  return 0;
}
