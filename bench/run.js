/**
 * Runs the benchmarks, each in its own Node process so they do not disturb each other:
 *   node bench/run.js                 all of them
 *   node bench/run.js startup inputs  just these (extra --flags are passed on to each)
 * Benchmarks print figures; they exit 0 however slow the machine is, and non-zero only when one
 * crashes.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './lib/util.js';

const ALL = ['startup', 'generate', 'inputs', 'catalog', 'gallery', 'output', 'lifecycle', 'build', 'placeholder'];
const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
const unknown = names.filter((n) => !ALL.includes(n));
if (unknown.length) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (choose from ${ALL.join(', ')})`);
  process.exit(2);
}

const failed = [];
for (const name of names.length ? names : ALL) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bench', `${name}.js`), ...flags], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) failed.push(`${name} (${result.signal ?? `exit ${result.status}`})`);
}
if (failed.length) {
  console.error(`\nbenchmarks that crashed: ${failed.join(', ')}`);
  process.exit(1);
}
