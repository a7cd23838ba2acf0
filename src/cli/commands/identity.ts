/** `imagegen identity add|list|show|remove`: saved sets of up to five reference photos of a person. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import { commandGroup } from '../command-group.js';
import { collect } from '../parsers.js';
import type { Context } from '../context.js';

interface JsonFlag {
  json?: boolean;
}

export function register(program: Command, state: RunState): void {
  const group = commandGroup(program, 'identity')
    .alias('identities')
    .summary('save reference photos of a person, to use with --identity NAME')
    .description(
      'An identity is a named set of one to five reference photos of one person, kept in the catalog. --identity NAME sends them with generate (which then keeps that person\'s face) and with the templates that show a person (real-model, campaign).',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen identity add ana -i fixtures/face1.jpg -i fixtures/face2.jpg
  $ imagegen identity list
  $ imagegen generate "portrait in a sunlit garden" --identity ana`,
    );

  group
    .command('add')
    .summary('create an identity, or add photos to one')
    .description('Create an identity from one to five photos, or add photos to an existing one (five at most in all). Each photo is checked like any input image; the catalog keeps its own copy.')
    .argument('<name>', 'the identity\'s name, e.g. ana or "Ana Maria"')
    .requiredOption('-i, --image <path|id>', 'a photo: a file or an entry id (repeat for several)', collect)
    .option('--json', 'print the identity as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen identity add ana -i fixtures/face1.jpg -i fixtures/face2.jpg
  $ imagegen identity add ana -i fixtures/face3.jpg --json`,
    )
    .action(action(state, async () => add));

  group
    .command('list', { isDefault: true })
    .summary('list identities (the default)')
    .description('List the saved identities with how many photos each holds.')
    .option('--json', 'print {identities} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen identity list
  $ imagegen identities --json`,
    )
    .action(action(state, async () => list));

  group
    .command('show')
    .summary('show one identity and its photos')
    .description('Show one identity: its photos, where the catalog keeps them and the files they came from.')
    .argument('<name>', 'the identity')
    .option('--json', 'print the identity as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen identity show ana
  $ imagegen identity show ana --json | jq -r '.photos[].path'`,
    )
    .action(action(state, async () => show));

  group
    .command('remove')
    .alias('rm')
    .summary('remove identities')
    .description('Remove identities and their stored photos (entries made with them keep their own inputs). Asks first on a terminal; needs --yes otherwise.')
    .argument('<names...>', 'the identities to remove')
    .option('-y, --yes', 'do not ask')
    .option('--json', 'print {removed} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen identity remove ana
  $ imagegen identity remove ana --yes --json`,
    )
    .action(action(state, async () => remove));
}

async function add(ctx: Context, name: string, flags: JsonFlag & { image: string[] }): Promise<number> {
  const [{ addIdentityPhotos }, { renderIdentity }, { claimStdin }] = await Promise.all([import('../../core/identities.js'), import('../render/identities.js'), import('../stdin.js')]);
  const ports = { catalog: await ctx.catalog(), store: await ctx.store(), clock: () => new Date(), signal: ctx.signal, onNotice: (m: string) => ctx.output.remark(m), stdin: (purpose: string) => claimStdin(purpose, ctx.io.stdin), cwd: ctx.io.cwd };
  const { identity, duplicates } = await addIdentityPhotos(ports, name, flags.image);
  if (duplicates) ctx.output.notice(`${duplicates} photo${duplicates === 1 ? ' was' : 's were'} already in "${identity.name}" and ${duplicates === 1 ? 'was' : 'were'} skipped.`);
  renderIdentity(ctx.output, identity);
  ctx.output.notice(`Saved identity "${identity.name}" with ${identity.photoCount} photo${identity.photoCount === 1 ? '' : 's'}; use it with --identity "${identity.name}".`);
  return 0;
}

async function list(ctx: Context, flags: JsonFlag): Promise<number> {
  void flags;
  const [{ listIdentities }, { renderIdentityList }] = await Promise.all([import('../../core/identities.js'), import('../render/identities.js')]);
  renderIdentityList(ctx.output, listIdentities(await ctx.readCatalog()));
  return 0;
}

async function show(ctx: Context, name: string, flags: JsonFlag): Promise<number> {
  void flags;
  const [{ showIdentity }, { renderIdentity }] = await Promise.all([import('../../core/identities.js'), import('../render/identities.js')]);
  renderIdentity(ctx.output, showIdentity(await ctx.readCatalog(), await ctx.store(), name));
  return 0;
}

async function remove(ctx: Context, names: string[], flags: JsonFlag & { yes?: boolean }): Promise<number> {
  const [{ findIdentity, removeIdentities }, { ask, canAsk }, { usageError }] = await Promise.all([
    import('../../core/identities.js'),
    import('../render/confirm.js'),
    import('../../domain/errors.js'),
  ]);
  const catalog = await ctx.catalog();
  const found = names.map((n) => findIdentity(catalog, n).name); // unknown names fail before the question
  const listed = `identit${found.length === 1 ? 'y' : 'ies'} ${found.map((n) => `"${n}"`).join(', ')}`;
  if (!flags.yes) {
    if (!canAsk(ctx.io)) throw usageError('CONFIRMATION_REQUIRED', `Not removing ${listed} without confirmation: this is not a terminal.`, 'Add --yes to remove without being asked.');
    if (!(await ask(`Remove ${listed} and ${found.length === 1 ? 'its' : 'their'} photos?`, ctx.io))) {
      ctx.output.notice('Nothing removed.');
      return 0;
    }
  }
  const result = await removeIdentities({ catalog, store: await ctx.store(), clock: () => new Date() }, found);
  if (ctx.output.json) ctx.output.data(result);
  else ctx.output.line(`Removed ${result.removed.map((n) => `"${n}"`).join(', ')}.`);
  return 0;
}
