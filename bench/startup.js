/**
 * Issue 2: start-up cost. Median wall time of `node -e 0` (the baseline: a bare Node start),
 * `imagegen --version` and `imagegen list` on a 10,000-entry catalog, run interleaved in one
 * session. Targets (issue 13): --version ≤ 1.3× and list ≤ 1.5× the baseline; list loads neither
 * sharp nor @google/genai. Runs on the Node that runs the bench (`npm run bench`: the packaged
 * Node 24), so bin/imagegen.js never re-executes itself here (it does only below Node 22).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { buildCatalog } from './lib/catalog-data.js';
import { BIN, heading, machine, median, ms, ratio, requireBuild, ROOT, tempDir, verdict } from './lib/util.js';

const ENTRIES = 10_000;
const WARMUP = 2;
const RUNS = 15;
const HEAVY = ['sharp', '@google/genai', '@img/sharp-linux-x64', '@img/sharp-libvips-linux-x64'];

requireBuild();
heading('startup: imagegen --version and list against a bare node start (issues 2 and 13)');
console.log(await machine());
if (Number(process.versions.node.split('.')[0]) < 22) console.log('NOTE: this Node is older than 22, so every imagegen run below includes a re-execution with the packaged Node; run it with `npm run bench`.');

const sandbox = tempDir('startup');
const home = join(sandbox.dir, 'home');
const env = {
  PATH: process.env.PATH ?? '',
  HOME: sandbox.dir,
  IMAGEGEN_HOME: home,
  IMAGEGEN_OUT: join(sandbox.dir, 'out'),
  NO_COLOR: '1',
};

function run(args, extraEnv = {}) {
  const started = performance.now();
  // Pipes, not a terminal: what a script or `| less` sees.
  const result = spawnSync(process.execPath, args, { cwd: sandbox.dir, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { elapsed, stdout: result.stdout, stderr: result.stderr };
}

// A real entry through the real CLI (the offline provider writes a real blob and runs every
// migration), then 9,999 more generated straight into the same catalog file.
const t0 = performance.now();
run([BIN, 'generate', 'a lighthouse at dawn', '--provider', 'offline', '--json']);
await buildCatalog(join(home, 'catalog.db'), ENTRIES - 1, { withShowcase: false, seed: 10_000 });
const listed = run([BIN, 'list', '--json', '--limit', '1']);
const total = JSON.parse(listed.stdout).total;
console.log(`catalog: ${total.toLocaleString('en')} completed entries (${ENTRIES.toLocaleString('en')} in all, failed included), built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// Two rows without targets say where list's time goes: --help loads commander and every
// command's module but opens no catalog; list in a home with no catalog yet reads an empty one
// made in memory (with better-sqlite3, which the migrations need).
const emptyHome = join(sandbox.dir, 'empty-home');
const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'imagegen --version', args: [BIN, '--version'], target: 1.3 },
  { name: 'imagegen list', args: [BIN, 'list'], target: 1.5 },
  { name: 'imagegen --help', args: [BIN, '--help'], info: 'CLI modules, no catalog' },
  { name: 'list, no catalog yet', args: [BIN, 'list'], env: { IMAGEGEN_HOME: emptyHome }, info: 'a new home: an empty catalog in memory' },
];
for (let i = 0; i < WARMUP; i++) for (const c of cases) run(c.args, c.env);
const samples = new Map(cases.map((c) => [c.name, []]));
for (let i = 0; i < RUNS; i++) for (const c of cases) samples.get(c.name).push(run(c.args, c.env).elapsed);

const base = median(samples.get('node -e 0'));
console.log(`\nmedian wall time of ${RUNS} interleaved runs after ${WARMUP} warm-ups (spawned, stdout piped, not a TTY); baseline = node -e 0`);
for (const c of cases) {
  const m = median(samples.get(c.name));
  const line = `${c.name.padEnd(20)} ${ms(m).padStart(9)}   ${ratio(m / base).padStart(6)}`;
  console.log(c.target ? `${line}   target ≤ ${c.target}× — ${verdict(m / base <= c.target)}` : `${line}   (${c.info ?? 'baseline'})`);
}

// Which packages `list` loads: a resolve hook preloaded with --import records them.
const trace = run(['--import', pathToFileURL(join(ROOT, 'bench', 'lib', 'trace-modules.js')).href, BIN, 'list']);
const loaded = (/bench-trace-modules: (.*)/.exec(trace.stderr)?.[1] ?? '').split(',').filter(Boolean);
const heavy = loaded.filter((p) => HEAVY.includes(p));
console.log(`\npackages loaded by list: ${loaded.join(', ') || 'none'}`);
console.log(`heavy modules loaded by list: ${heavy.length ? heavy.join(', ') : 'none'}`);
const traceVersion = run(['--import', pathToFileURL(join(ROOT, 'bench', 'lib', 'trace-modules.js')).href, BIN, '--version']);
const loadedVersion = (/bench-trace-modules: (.*)/.exec(traceVersion.stderr)?.[1] ?? '').split(',').filter(Boolean);
console.log(`packages loaded by --version: ${loadedVersion.join(', ') || 'none'}`);

sandbox.cleanup();
