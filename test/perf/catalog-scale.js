/**
 * A quick look at catalog query times as the catalog grows (not a test: it prints, never fails).
 * Builds catalogs of 1k and N entries (default 200k) with the benchmark's realistic generator,
 * then times the catalog commands' core functions in-process, median of several runs.
 *
 *   npm run build && node test/perf/catalog-scale.js [N]
 *   node test/perf/catalog-scale.js small.db big.db     (existing catalogs, e.g. bench/.work's; opened, so migrated)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { buildCatalog, NEWEST } from '../../bench/lib/catalog-data.js';

const dist = (path) => import(pathToFileURL(resolve('dist', path)).href);
const { Catalog } = await dist('catalog/catalog.js');
const { Store } = await dist('store/store.js');
const { listEntries } = await dist('core/list.js');
const { showEntry } = await dist('core/show.js');
const { entryTree } = await dist('core/tree.js');
const { catalogStats } = await dist('core/stats.js');

const files = process.argv.slice(2).filter((a) => a.endsWith('.db'));
const big = Number(process.argv[2] ?? 200_000);
const RUNS = 9;
const dir = mkdtempSync(join(tmpdir(), 'imagegen-scale-'));
const DAY = 86_400_000;
const since30 = new Date(NEWEST - 30 * DAY).toISOString();

function median(fn) {
  fn();
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}
async function medianAsync(fn) {
  await fn();
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

/** The largest family's root, and its deepest entry. */
function showcaseOf(catalog, file) {
  // A fact no Catalog method states: read from the file on a connection of its own.
  const db = new Database(file, { readonly: true });
  const root = db.prepare('SELECT root_id FROM entries GROUP BY root_id ORDER BY count(*) DESC LIMIT 1').pluck().get();
  db.close();
  let deepest = { id: root, depth: 0 };
  const walk = [[entryTree(catalog, root).root, 0]];
  while (walk.length) {
    const [node, depth] = walk.pop();
    if (depth > deepest.depth) deepest = { id: node.id, depth };
    for (const child of node.children) walk.push([child, depth + 1]);
  }
  return { root, deepest: deepest.id };
}

const results = {};
try {
  const sources = files.length ? files : [1_000 + 1_021, big];
  for (const source of sources) {
    const file = typeof source === 'string' ? source : join(dir, `catalog-${source}.db`);
    const started = performance.now();
    if (typeof source === 'number') {
      const built = await buildCatalog(file, source);
      console.error(`built ${source} entries in ${((performance.now() - started) / 1000).toFixed(1)} s (migrations over the rows: ${(built.migrateMs / 1000).toFixed(1)} s)`);
    }
    const store = new Store(dir);
    const catalog = new Catalog(file, store.blobPath);
    const total = catalog.stats.overall().entries;
    const facts = { showcase: showcaseOf(catalog, file) };
    const list = (extra) => () => listEntries(catalog, { status: 'completed', limit: 20, page: 1, ...extra });
    const queries = {
      'list (newest 20)': list({}),
      'list page 50': list({ page: 50 }),
      "search 'lighthous'": list({ query: 'lighthous' }),
      "search 'lake sunset'": list({ query: 'lake sunset' }),
      "search 'ox' (short: LIKE)": list({ query: 'ox' }),
      'kind+emotion+30d': list({ kind: 'generate', emotion: 'calm', since: since30 }),
      'project': list({ project: 'zine' }),
      'kind+emotion (counts table)': list({ kind: 'reference', emotion: 'hopeful' }),
      'tag client=acme': list({ tags: [{ key: 'client', value: 'acme' }] }),
      '--root showcase (1,021)': list({ root: facts.showcase.root, status: 'all' }),
      'stats (30 days)': () => catalogStats(catalog, { now: new Date(NEWEST) }).window.total.entries,
      'tree of showcase family': () => entryTree(catalog, facts.showcase.deepest),
    };
    for (const [name, fn] of Object.entries(queries)) {
      const r = fn();
      (results[name] ??= {})[total] = { ms: median(fn), total: r.total ?? r.size ?? '' };
    }
    const show = () => showEntry({ catalog, store }, facts.showcase.deepest);
    results['show deepest (depth 1000)'] ??= {};
    results['show deepest (depth 1000)'][total] = { ms: await medianAsync(show), total: (await show()).lineage.length };
    catalog.close();
  }
  const sizes = Object.keys(Object.values(results)[0]);
  console.log(['query'.padEnd(30), ...sizes.map((s) => `${Number(s).toLocaleString('en')}`.padStart(18)), 'ratio'.padStart(7)].join(''));
  for (const [name, bySize] of Object.entries(results)) {
    const cells = sizes.map((s) => `${bySize[s].ms.toFixed(2)} ms (${bySize[s].total})`.padStart(18));
    console.log([name.padEnd(30), ...cells, `${(bySize[sizes[1]].ms / bySize[sizes[0]].ms).toFixed(1)}×`.padStart(7)].join(''));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
