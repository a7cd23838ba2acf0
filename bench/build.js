/**
 * Issue 10: `imagegen build`, three figures measured in one run.
 *  1. 64 targets against a fake Gemini with 300 ms latency, concurrency 8, against the ideal:
 *     8 rounds × 300 ms plus the fixed cost of a one-target build (measured alongside). ≤ 1.10×.
 *  2. A no-op rebuild of 1,000 up-to-date targets of 1 MB each, against `imagegen list`'s
 *     start-up on the same home. ≤ 3×. (Stat first; hash only when size or mtime changed.)
 *  3. A fake that allows 2 requests in flight and answers 429 beyond: 32 targets, concurrency 8 —
 *     all built, 0 failures, throttled requests < 1.5 × 32.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadFakeGemini, loadInFlightLimit } from './lib/fake-gemini.js';
import { BIN, heading, machine, median, ms, ratio, requireBuild, tempDir, verdict } from './lib/util.js';

const LATENCY_MS = 300;
const RUNS = 3;
const NOOP_TARGETS = Number(process.env.BENCH_NOOP_TARGETS ?? 1000);
const FILE_BYTES = 1024 * 1024;

requireBuild();
heading('build: parallel targets, a no-op rebuild, the pace under 429s (issue 10)');
console.log(await machine());

const startFakeGemini = await loadFakeGemini();
const limitInFlight = await loadInFlightLimit();
const fake = await startFakeGemini({ latencyMs: LATENCY_MS });
const sandbox = tempDir('build');
const baseEnv = {
  PATH: process.env.PATH ?? '',
  HOME: sandbox.dir,
  IMAGEGEN_HOME: join(sandbox.dir, 'home'),
  GEMINI_API_KEY: 'bench-key',
  GOOGLE_GEMINI_BASE_URL: fake.url,
  NO_COLOR: '1',
};

function run(args, cwd, env = baseEnv) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, elapsed: performance.now() - started }));
  });
}

let serial = 0;
/** A fresh folder with a manifest of `count` targets (unique prompts, so nothing is shared). */
function site(count, extra = '') {
  const dir = join(sandbox.dir, `site-${++serial}`);
  mkdirSync(dir, { recursive: true });
  const values = Array.from({ length: count }, (_, i) => i).join(', ');
  writeFileSync(join(dir, 'imagegen.yaml'), `version: 1\ndefaults: { provider: gemini, size: 512${extra} }\ntargets:\n  "out/t-{n}.png": { prompt: "target {n} of run ${serial}", matrix: { n: [${values}] } }\n`);
  return dir;
}

async function build(dir, args = []) {
  const r = await run(['build', '--json', ...args], dir);
  if (r.code !== 0) throw new Error(`build exited ${r.code}: ${r.stderr}`);
  return { ...r, doc: JSON.parse(r.stdout) };
}

// 1. 64 targets at 300 ms, concurrency 8.
await build(site(1), ['--concurrency', '8']); // warm-up
const one = [];
const many = [];
for (let i = 0; i < RUNS; i++) {
  one.push((await build(site(1), ['--concurrency', '8'])).elapsed);
  const r = await build(site(64), ['--concurrency', '8']);
  if (r.doc.built.length !== 64) throw new Error(`built ${r.doc.built.length} of 64`);
  many.push(r.elapsed);
}
const fixed = median(one) - LATENCY_MS;
const ideal = 8 * LATENCY_MS + fixed;
const actual = median(many);
console.log('\n1. 64 targets, fake latency 300 ms, --concurrency 8');
console.log(`   one-target build        ${ms(median(one)).padStart(9)}   (fixed cost ${ms(fixed)} + one round)`);
console.log(`   ideal := 8 rounds × ${LATENCY_MS} ms + fixed cost = ${ms(ideal)}`);
console.log(`   64-target build         ${ms(actual).padStart(9)}   ${ratio(actual / ideal)} the ideal — target within 10 %: ${verdict(actual / ideal <= 1.1)}`);

// 2. No-op rebuild of up-to-date 1 MB targets.
fake.latencyMs = 0;
const big = site(NOOP_TARGETS);
await build(big, ['--concurrency', '32']);
// Give every output 1 MB of bytes and record them in the lock, as if the model had made them so.
const lockFile = join(big, 'imagegen.lock');
const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
for (const path of Object.keys(lock.targets)) {
  const bytes = randomBytes(FILE_BYTES);
  writeFileSync(join(big, path), bytes);
  lock.targets[path].sha256 = createHash('sha256').update(bytes).digest('hex');
}
writeFileSync(lockFile, JSON.stringify(lock, null, 2));
const cold = await build(big); // hashes every file once (their mtimes changed)
if (cold.doc.built.length !== 0) throw new Error(`the no-op build built ${cold.doc.built.length}`);
const noop = [];
const list = [];
for (let i = 0; i < 5; i++) {
  const r = await build(big);
  if (r.doc.built.length !== 0 || r.doc.kept.length !== NOOP_TARGETS) throw new Error('not a no-op');
  noop.push(r.elapsed);
  const l = await run(['list'], big);
  if (l.code !== 0) throw new Error(`list exited ${l.code}`);
  list.push(l.elapsed);
}
console.log(`\n2. no-op rebuild of ${NOOP_TARGETS} up-to-date targets of ${FILE_BYTES / 1024 / 1024} MB (median of 5, interleaved with list)`);
console.log(`   imagegen list (start-up) ${ms(median(list)).padStart(9)}`);
console.log(`   first no-op (hashes all) ${ms(cold.elapsed).padStart(9)}   after the files were replaced: every one read once`);
console.log(`   no-op build              ${ms(median(noop)).padStart(9)}   ${ratio(median(noop) / median(list))} list's start-up — target ≤ 3×: ${verdict(median(noop) / median(list) <= 3)}`);

// 3. Two in flight, 429 beyond.
fake.latencyMs = 100;
const limiter = await limitInFlight(fake.url, { limit: 2, retryAfter: '1' });
const throttledSite = site(32);
const r = await run(['build', '--json', '--concurrency', '8'], throttledSite, { ...baseEnv, GOOGLE_GEMINI_BASE_URL: limiter.url });
const doc = JSON.parse(r.stdout || '{"built":[],"failures":[]}');
console.log('\n3. 32 targets, --concurrency 8, a server that allows 2 in flight and answers 429 (Retry-After: 1) beyond');
console.log(`   built ${doc.built.length}/32, failures ${doc.failures.length}, exit ${r.code}, ${ms(r.elapsed)}`);
console.log(`   throttled requests ${limiter.throttled} = ${ratio(limiter.throttled / 32)} the targets — target < 1.5× with 0 failures: ${verdict(doc.built.length === 32 && doc.failures.length === 0 && limiter.throttled < 48)}`);
console.log(`   most in flight at the server: ${limiter.peak}`);
await limiter.close();
await fake.close();
sandbox.cleanup();
