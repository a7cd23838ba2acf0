/** `imagegen doctor [--fix]`: check the catalog, its files and the set-up; finish what a kill left half-done. */
import type { Command } from 'commander';
import { action, type RunState } from '../action.js';
import type { Context } from '../context.js';

interface DoctorFlags {
  fix?: boolean;
  out?: string;
  json?: boolean;
}

export function register(program: Command, state: RunState): void {
  program
    .command('doctor')
    .summary('check the catalog, its files and the set-up (--fix repairs what it can)')
    .description(
      `Check the catalog's integrity, stored images no row records (orphan blobs), files a killed run
or delete left half-done, pending entries whose process has gone, missing stored images, whether
the home and output folder can be written, the Node version, and whether an API key is set (the
key itself is never printed). Without --fix nothing is changed; with --fix orphans the catalog
owns are removed and stale pending entries are marked interrupted (imagegen retry ID makes them).
Exits 0 when nothing is wrong, 1 when a problem remains.`,
    )
    .option('--fix', 'remove orphans the catalog owns and mark stale pending entries interrupted')
    .option('-o, --out <dir>', 'output folder to check (default: IMAGEGEN_OUT or ./imagegen-output)')
    .option('--json', 'print {ok, fixed, checks: [{name, status, message, items}]} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ imagegen doctor
  $ imagegen doctor --fix
  $ imagegen doctor --json | jq '.checks[] | select(.status != "ok")'`,
    )
    .action(action(state, async () => run));
}

async function run(ctx: Context, flags: DoctorFlags): Promise<number> {
  const [{ runDoctor }, { renderDoctor }, { existsSync }, { catalogFile }] = await Promise.all([
    import('../../core/doctor.js'),
    import('../render/doctor.js'),
    import('node:fs'),
    import('../../catalog/catalog.js'),
  ]);
  const catalogExists = existsSync(catalogFile(ctx.settings.home));
  // Without --fix doctor only reads: the catalog is opened read-only and nothing is created.
  const catalog = flags.fix && catalogExists ? await ctx.catalog() : await ctx.readCatalog();
  const report = await runDoctor(
    { catalog, store: await ctx.store(), clock: () => new Date() },
    { fix: Boolean(flags.fix), outDir: ctx.settings.outDir, nodeVersion: process.versions.node, keyPresent: Boolean(ctx.settings.apiKey), catalogExists },
  );
  renderDoctor(ctx.output, report);
  return report.ok ? 0 : 1;
}
