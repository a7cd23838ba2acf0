/**
 * Issue 2: `imagegen generate -n 8` against a fake Gemini that answers every request after
 * 300 ms, compared with the ideal measured side by side. The ideal for -n 8 is one request's
 * latency plus the CLI's fixed cost — which is exactly what `generate -n 1` takes — so the figure
 * is t(-n 8) / t(-n 1), target ≤ 1.15 (within 15 % of the ideal).
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadFakeGemini } from './lib/fake-gemini.js';
import { BIN, heading, machine, median, ms, ratio, requireBuild, tempDir, verdict } from './lib/util.js';

const LATENCY_MS = 300;
const COUNT = 8;
const WARMUP = 1;
const RUNS = 5;
const TARGET = 1.15;

requireBuild();
heading(`generate: -n ${COUNT} against the ideal, fake Gemini with ${LATENCY_MS} ms latency (issue 2)`);
console.log(await machine());

const startFakeGemini = await loadFakeGemini();
const fake = await startFakeGemini({ latencyMs: LATENCY_MS });
const sandbox = tempDir('generate');
const env = {
  PATH: process.env.PATH ?? '',
  HOME: sandbox.dir,
  IMAGEGEN_HOME: join(sandbox.dir, 'home'),
  IMAGEGEN_OUT: join(sandbox.dir, 'out'),
  GEMINI_API_KEY: 'bench-key',
  GOOGLE_GEMINI_BASE_URL: fake.url,
  NO_COLOR: '1',
};
mkdirSync(env.IMAGEGEN_OUT, { recursive: true });

let serial = 0;
function generate(count) {
  return new Promise((resolve, reject) => {
    fake.reset();
    const prompt = `a lighthouse at dawn, study ${++serial}`;
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, 'generate', prompt, '-n', String(count), '--json'], { cwd: sandbox.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = performance.now() - started;
      if (code !== 0) return reject(new Error(`generate -n ${count} exited ${code}: ${stderr}`));
      const made = JSON.parse(stdout).entries.length;
      if (made !== count) return reject(new Error(`generate -n ${count} made ${made} images`));
      const arrivals = fake.requests.map((r) => r.receivedAt);
      resolve({ elapsed, spread: Math.max(...arrivals) - Math.min(...arrivals), requests: fake.requests.length });
    });
  });
}

for (let i = 0; i < WARMUP; i++) {
  await generate(1);
  await generate(COUNT);
}
const one = [];
const many = [];
const spreads = [];
for (let i = 0; i < RUNS; i++) {
  one.push((await generate(1)).elapsed);
  const r = await generate(COUNT);
  many.push(r.elapsed);
  spreads.push(r.spread);
}
await fake.close();
sandbox.cleanup();

const ideal = median(one);
const actual = median(many);
console.log(`ideal for -n ${COUNT} := one request's latency + the CLI's fixed cost, measured as generate -n 1 in the same run`);
console.log(`median wall time of ${RUNS} interleaved runs each after ${WARMUP} warm-up (spawned CLI, --json, fake in the bench process)`);
console.log(`generate -n 1 (ideal)   ${ms(ideal).padStart(9)}   of which ${LATENCY_MS} ms is the fake's latency, ${ms(ideal - LATENCY_MS)} the CLI's own cost`);
console.log(`generate -n ${COUNT}           ${ms(actual).padStart(9)}   ${ratio(actual / ideal)} the ideal (+${(((actual / ideal) - 1) * 100).toFixed(1)} %) — target within 15 %: ${verdict(actual / ideal <= TARGET)}`);
console.log(`the ${COUNT} requests of a run reached the fake within ${ms(median(spreads))} of each other (median), i.e. they ran concurrently`);
