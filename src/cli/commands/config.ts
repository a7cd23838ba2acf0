/** `imagegen config get|set|unset|list|path` over config.json in the home. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import { commandGroup } from '../command-group.js';
import { nonEmpty } from '../parsers.js';
import type { Context } from '../context.js';

const lenient = { lenientConfig: true };

export function register(program: Command, state: RunState): void {
  const group = commandGroup(program, 'config')
    .summary('read and change config.json in the home (out, model, provider)')
    .description(
      'Read and change config.json in the home. It may set "out", "model" and "provider"; flags and environment variables win over it. Every change is validated and written atomically.',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen config set provider offline
  $ imagegen config get provider
  $ imagegen config list --json
  $ imagegen config unset provider
  $ imagegen config path`,
    );

  group
    .command('list', { isDefault: true })
    .summary('print every key the file sets (the default)')
    .option('--json', 'print the file as a JSON object')
    .addHelpText('after', '\nExamples:\n  $ imagegen config list\n  $ imagegen config list --json')
    .action(action(state, async () => list));

  group
    .command('get')
    .summary('print one key (exit 1, printing nothing, when it is not set)')
    .argument('<key>', 'out, model or provider')
    .option('--json', 'print {key, value} as JSON')
    .addHelpText('after', '\nExamples:\n  $ imagegen config get model\n  $ imagegen config get out || echo "not set"')
    .action(action(state, async () => get));

  group
    .command('set')
    .summary('set one key (validated; the file is written atomically)')
    .argument('<key>', 'out, model or provider')
    .argument('<value>', 'its value', nonEmpty('value'))
    .option('--json', 'print the whole file as JSON afterwards')
    .addHelpText('after', '\nExamples:\n  $ imagegen config set out ~/Pictures/imagegen\n  $ imagegen config set provider offline')
    .action(action(state, async () => set, lenient));

  group
    .command('unset')
    .summary('remove one key (any key, so a file with an unknown one can be repaired)')
    .argument('<key>', 'the key to remove')
    .option('--json', 'print {key, removed} as JSON')
    .addHelpText('after', '\nExamples:\n  $ imagegen config unset model')
    .action(action(state, async () => unset, lenient));

  group
    .command('path')
    .summary('print where config.json is (it may not exist yet)')
    .addHelpText('after', '\nExamples:\n  $ imagegen config path\n  $ cat "$(imagegen config path)"')
    .action(action(state, async () => path, lenient));
}

async function checkedKey(key: string) {
  const { isConfigKey, CONFIG_KEY_NAMES } = await import('../../config/config-keys.js');
  if (isConfigKey(key)) return key;
  const { usageError } = await import('../../domain/errors.js');
  throw usageError('CONFIG_UNKNOWN_KEY', `Unknown config key ${JSON.stringify(key)}.`, `The keys are ${CONFIG_KEY_NAMES.join(', ')}.`);
}

async function list(ctx: Context): Promise<number> {
  const { readConfig } = await import('../../config/config-file.js');
  const config = await readConfig(ctx.settings.home);
  if (ctx.output.json) ctx.output.data(config);
  else for (const [key, value] of Object.entries(config)) ctx.output.line(`${key}=${value}`);
  return 0;
}

async function get(ctx: Context, key: string): Promise<number> {
  const name = await checkedKey(key);
  const { readConfig } = await import('../../config/config-file.js');
  const value = (await readConfig(ctx.settings.home))[name];
  if (ctx.output.json) ctx.output.data({ key: name, value: value ?? null });
  else if (value !== undefined) ctx.output.line(value);
  return value === undefined ? 1 : 0;
}

async function set(ctx: Context, key: string, value: string): Promise<number> {
  const name = await checkedKey(key);
  const { setConfig } = await import('../../config/config-file.js');
  // A relative output folder would move with every working directory: store it absolute.
  const config = await setConfig(ctx.settings.home, name, name === 'out' ? resolve(ctx.io.cwd, value) : value);
  if (ctx.output.json) ctx.output.data(config);
  return 0;
}

async function unset(ctx: Context, key: string): Promise<number> {
  const { unsetConfig } = await import('../../config/config-file.js');
  const removed = await unsetConfig(ctx.settings.home, key);
  if (ctx.output.json) ctx.output.data({ key, removed });
  else if (!removed) ctx.output.notice(`config.json does not set ${JSON.stringify(key)}; nothing to remove.`);
  return 0;
}

async function path(ctx: Context): Promise<number> {
  const { configPath } = await import('../../config/config-file.js');
  ctx.output.line(configPath(ctx.settings.home));
  return 0;
}
