/**
 * gallery (issue 12): a 1,000-entry gallery built in one run, and the incremental case — a
 * second run after 10 entries were added — against the baseline of a fresh 10-entry gallery,
 * measured side by side. Each run is the real CLI (`imagegen gallery -o DIR --json`), spawned as
 * a user runs it; catalogs are built with the test suite's builder (real SQLite, real blobs,
 * distinct 256×256 PNGs). The two are measured in alternating order, round by round, so load
 * from elsewhere falls on both alike; beside the wall-clock figure (the target) the children's
 * CPU time (user + system, all threads, from /proc on Linux) is shown, which load disturbs less.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadTestModule } from './lib/fake-gemini.js';
import { BIN, median, ms, ratio, requireBuild, table, tempDir, verdict } from './lib/util.js';

requireBuild();
const ROUNDS = 9;
const SIZE = 256;
const { buildCatalog } = await loadTestModule('test/catalog-builder.ts');
const { colourPng } = await loadTestModule('test/gallery-seeds.ts');

console.log(`# gallery — load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, Node ${process.version}, ${cpus().length} CPUs`);

let next = 0;
function seeds(count) {
  const list = [];
  for (let k = 0; k < count; k++, next++) {
    list.push({
      id: `g${String(next).padStart(7, '0')}`,
      name: `Picture ${next}`,
      prompt: `picture ${next}: a ${['lighthouse', 'red fox', 'harbour', 'teapot'][next % 4]} at ${['dawn', 'dusk', 'noon'][next % 3]}`,
      emotion: ['calm', 'energetic', 'mysterious', null][next % 4],
      // every tenth entry regenerates the one before it, so pages carry lineage
      ...(next % 10 === 9 && k > 0 ? { parent: `g${String(next - 1).padStart(7, '0')}` } : {}),
      createdAt: new Date(Date.UTC(2026, 0, 1) + next * 60_000).toISOString(),
      image: colourPng(next, SIZE),
    });
  }
  return list;
}

/** CPU time of this process's finished children in ms (Linux: /proc/self/stat, in clock ticks of 10 ms), or null. */
function childrenCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

function gallery(home, site) {
  const cpuBefore = childrenCpu();
  const start = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'gallery', '-o', site, '--json'], { env: { ...process.env, IMAGEGEN_HOME: home, NO_COLOR: '1' }, encoding: 'utf8' });
  const elapsed = performance.now() - start;
  if (r.status !== 0) throw new Error(`gallery failed (${r.status}): ${r.stderr}`);
  const cpuAfter = childrenCpu();
  return { elapsed, cpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, result: JSON.parse(r.stdout) };
}

const work = tempDir('gallery');
try {
  const big = { home: join(work.dir, 'big', 'home'), out: join(work.dir, 'big', 'out'), site: join(work.dir, 'big', 'site') };
  let t = performance.now();
  await buildCatalog(big.home, big.out, seeds(1000));
  console.log(`catalog of 1,000 entries built in ${ms(performance.now() - t)} (not part of any figure)`);

  const first = gallery(big.home, big.site);
  console.log(
    `1,000-entry gallery, one run: ${ms(first.elapsed)} — ${first.result.entries} entries, ${first.result.thumbnails.made} thumbnails made, ${first.result.pages.written} files written`,
  );
  const noop = gallery(big.home, big.site);
  console.log(`same gallery again, nothing new: ${ms(noop.elapsed)} — ${noop.result.thumbnails.made} thumbnails made, ${noop.result.pages.written} files written`);

  const incremental = [];
  const fresh = [];
  let lastIncremental;
  for (let round = 0; round < ROUNDS; round++) {
    await buildCatalog(big.home, big.out, seeds(10));
    const small = join(work.dir, `small-${round}`);
    await buildCatalog(join(small, 'home'), join(small, 'out'), seeds(10));
    const runIncremental = () => {
      lastIncremental = gallery(big.home, big.site);
      incremental.push(lastIncremental);
    };
    const runFresh = () => fresh.push(gallery(join(small, 'home'), join(small, 'site')));
    if (round % 2) {
      runFresh();
      runIncremental();
    } else {
      runIncremental();
      runFresh();
    }
  }
  const inc = median(incremental.map((r) => r.elapsed));
  const base = median(fresh.map((r) => r.elapsed));
  const perRound = median(incremental.map((r, i) => r.elapsed / fresh[i].elapsed));
  const cpuKnown = incremental.every((r) => r.cpu !== null) && fresh.every((r) => r.cpu !== null);
  const incCpu = cpuKnown ? median(incremental.map((r) => r.cpu)) : null;
  const baseCpu = cpuKnown ? median(fresh.map((r) => r.cpu)) : null;
  console.log(
    table(
      [`run (median of ${ROUNDS})`, 'time', 'ratio', ...(cpuKnown ? ['cpu', 'cpu ratio'] : [])],
      [
        ['fresh 10-entry gallery (baseline)', ms(base), ratio(1), ...(cpuKnown ? [ms(baseCpu), ratio(1)] : [])],
        ['+10 entries on a 1,000+ gallery', ms(inc), ratio(inc / base), ...(cpuKnown ? [ms(incCpu), ratio(incCpu / baseCpu)] : [])],
      ],
    ),
  );
  console.log(`median of the rounds' own ratios: ${ratio(perRound)}`);
  const r = lastIncremental.result;
  console.log(`last incremental run: ${r.entries} entries, ${r.thumbnails.made} thumbnails made / ${r.thumbnails.reused} reused, ${r.pages.written} files written / ${r.pages.unchanged} unchanged`);
  console.log(`incremental ÷ fresh 10 = ${ratio(inc / base)} (target ≤ 1.20×): ${verdict(inc / base <= 1.2)}`);
} finally {
  work.cleanup();
}
