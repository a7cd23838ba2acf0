/**
 * Issue 8: what keeping every image visible costs the catalog. Baseline: one completed entry
 * written in one transaction (how images were recorded before). Against it: the lifecycle each
 * image now goes through — its pending row, the note of the files it is about to write, and the
 * transaction that completes it. Interleaved rounds on fresh catalogs in temp dirs; medians.
 * Target: under 10 ms per image, nothing next to a request's seconds.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { distUrl, heading, machine, median, ms, ratio, requireBuild, tempDir, verdict } from './lib/util.js';

const IMAGES = 300;
const ROUNDS = 5;

requireBuild();
const { Catalog } = await import(distUrl('catalog/catalog.js'));
const { Store } = await import(distUrl('store/store.js'));

heading('lifecycle: pending row, file notes and completion against one insert per image (issue 8)');
console.log(await machine());

const sandbox = tempDir('lifecycle');
let fresh = 0;
function catalog() {
  const home = join(sandbox.dir, `home-${fresh++}`);
  mkdirSync(home, { recursive: true });
  return new Catalog(join(home, 'catalog.db'), new Store(home).blobPath, {});
}
const job = { id: 'job_bench', command: 'generate', requested: IMAGES, options: {}, createdAt: new Date().toISOString() };
const blob = (i) => ({ sha256: i.toString(16).padStart(64, '0'), mimeType: 'image/png', bytes: 1000, width: 1024, height: 1024 });
const usage = { inputTokens: 0, outputTokens: 1290, costUsd: 0.039 };
const base = (id) => ({
  id, job, kind: 'generate', name: 'Bench', prompt: 'a bench', effectivePrompt: 'a bench', emotion: null, style: null, referenceType: null,
  template: null, provider: 'gemini', model: 'bench-model', aspectRatio: '1:1', imageSize: '1K', parentId: null, rootId: id, project: null,
  inputs: [], createdAt: new Date().toISOString(),
});

function oneInsert(c) {
  const start = performance.now();
  for (let i = 0; i < IMAGES; i++) {
    c.insertEntry({ ...base(`b${i}`), status: 'completed', output: { blob: blob(i), filePath: `/out/${i}.png` }, usage, durationMs: 1, error: null, metadata: {} });
  }
  return (performance.now() - start) / IMAGES;
}

function lifecycle(c) {
  const owner = { pid: process.pid, host: 'bench', heartbeatAt: new Date().toISOString() };
  const start = performance.now();
  for (let i = 0; i < IMAGES; i++) {
    const id = `b${i}`;
    c.lifecycle.insertPendingEntry({ ...base(id), usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, durationMs: null, error: null, metadata: {} }, owner);
    const note = { reason: 'placing', entryId: id, jobId: job.id, sha256: blob(i).sha256, mimeType: 'image/png', createdAt: owner.heartbeatAt };
    c.lifecycle.recordCleanups([
      { ...note, kind: 'blob', path: null, numbered: false },
      { ...note, kind: 'output', path: `/out/${i}.png`, numbered: true },
    ]);
    c.lifecycle.completeEntry(id, { output: { blob: blob(i), filePath: `/out/${i}.png` }, usage, durationMs: 1, metadata: {}, createdAt: new Date().toISOString() });
  }
  return (performance.now() - start) / IMAGES;
}

const before = [];
const after = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const [run, into] of [[oneInsert, before], [lifecycle, after]]) {
    const c = catalog();
    into.push(run(c));
    c.close();
  }
}
sandbox.cleanup();
const a = median(before);
const b = median(after);
console.log(`median per image over ${ROUNDS} interleaved rounds of ${IMAGES} images (file-backed WAL catalogs):`);
console.log(`one insert (before)            ${ms(a)}`);
console.log(`pending + notes + completion   ${ms(b)}   ${ratio(b / a)} the baseline, +${ms(b - a)} per image — target under 10 ms: ${verdict(b < 10)}`);
