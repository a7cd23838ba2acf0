/**
 * Issue 4: catalog queries at 1k and at 1M entries, side by side, inside the process, through
 * the compiled Catalog and core functions. Every 1M figure should be within 1.5× of its 1k
 * figure and under 50 ms.
 *
 * Issue 13: `list QUERY`'s first page (what a pipe or --ids reads: the page alone, no total) at
 * 1M within 2× of 1k; short terms (under 3 characters) and --tag under 50 ms at 1M, total included.
 */
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { ensureCatalog, SHOWCASE, SHOWCASE_SIZE, NEWEST } from './lib/catalog-data.js';
import { bytes, distExists, distUrl, heading, machine, median, ms, ratio, requireBuild, ROOT, table, tempDir } from './lib/util.js';

const BIG = 1_000_000;
const SMALL_BACKGROUND = 1_000;
const WARMUP = 2;
const RUNS = 15;
const TARGET_RATIO = 1.5;
const TARGET_MS = 50;
const FIRST_PAGE_RATIO = 2;
const DAY = 86_400_000;

requireBuild();
heading('catalog: queries at 1k and 1M entries (issue 4)');
console.log(await machine());

const { Catalog } = await import(distUrl('catalog/catalog.js'));
const { Store } = await import(distUrl('store/store.js'));
const { buildListQuery, shortTermTrigrams } = await import(distUrl('catalog/list-query.js'));
const core = {
  show: distExists('core/show.js') ? await import(distUrl('core/show.js')) : null,
  tree: distExists('core/tree.js') ? await import(distUrl('core/tree.js')) : null,
  list: distExists('core/list.js') ? await import(distUrl('core/list.js')) : null,
};

const sizes = [
  { label: '1k', total: SMALL_BACKGROUND + SHOWCASE_SIZE },
  { label: '1M', total: BIG },
];
for (const size of sizes) {
  const { file, built, facts } = await ensureCatalog(size.total, { log: size.total > 100_000 ? (line) => console.log(line) : undefined });
  Object.assign(size, { file, facts });
  const how = built === null
    ? 'from the cache in bench/.work'
    : `built in ${(built / 1000).toFixed(1)} s (of which ${(facts.migrateMs / 1000).toFixed(1)} s running migrations ${facts.migrations.slice(1).join(', ') || '(none)'} over the rows)`;
  console.log(
    `${size.label} catalog: ${facts.entries.toLocaleString('en')} entries (${Object.entries(facts.kinds).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}; ` +
      `${facts.failed.toLocaleString('en')} failed; ${facts.blobs.toLocaleString('en')} blobs; deepest chain ${facts.maxDepth}), ${bytes(facts.bytes)}, ${how}`,
  );
  console.log(`  file: ${file.replace(`${ROOT}/`, '')}`);
}
console.log(
  `Both catalogs hold the same showcase family (${SHOWCASE_SIZE.toLocaleString('en')} entries: a chain ${SHOWCASE.depth} regenerations deep with ` +
    `${Math.floor(SHOWCASE.depth / SHOWCASE.branchEvery)} side branches), so show/tree do identical work at both sizes; the 1k catalog is ` +
    `${SMALL_BACKGROUND.toLocaleString('en')} ordinary entries plus that family.`,
);

const since = new Date(NEWEST - 30 * DAY).toISOString();
const listFilters = {
  list: { status: 'completed', limit: 20, page: 1 },
  lighthous: { status: 'completed', query: 'lighthous', limit: 20, page: 1 },
  lakeSunset: { status: 'completed', query: 'lake sunset', limit: 20, page: 1 },
  filtered: { status: 'completed', kind: 'generate', emotion: 'calm', since, limit: 20, page: 1 },
  // Issue 13: a short term (the trigram index cannot answer it), a tag, and a template.
  shortTerm: { status: 'completed', query: 'sk', limit: 20, page: 1 },
  // A pair of letters no prompt has (before migration 008 it read every row) and one letter.
  rareShort: { status: 'completed', query: 'qz', limit: 20, page: 1 },
  letter: { status: 'completed', query: 'x', limit: 20, page: 1 },
  tag: { status: 'completed', tags: [{ key: 'placeholder', value: 'true' }], limit: 20, page: 1 },
  tagKey: { status: 'completed', tags: [{ key: 'placeholder' }], limit: 20, page: 1 },
  template: { status: 'completed', template: 'campaign', limit: 20, page: 1 },
};

let treeMethod = null;
let showMethod = null;

/**
 * Core use cases take either the catalog or a ports object ({catalog, store, …}) first, and may
 * be sync or async; other engineers are still shaping them. Try ports, then the catalog, and
 * remember which one worked.
 */
const callStyle = new Map();
async function callCore(fn, ports, ...args) {
  const styles = callStyle.has(fn) ? [callStyle.get(fn)] : ['ports', 'catalog'];
  let lastError;
  for (const style of styles) {
    try {
      const result = await fn(style === 'ports' ? ports : ports.catalog, ...args);
      callStyle.set(fn, style);
      return result;
    } catch (err) {
      if (!(err instanceof TypeError)) throw err;
      lastError = err;
    }
  }
  throw lastError;
}

async function show(ports, id) {
  if (core.show?.showEntry) {
    try {
      const shown = await callCore(core.show.showEntry, ports, id);
      showMethod ??= `dist/core/show.js showEntry(${callStyle.get(core.show.showEntry)}, id): resolve id, getEntry, lineage, children, file and provenance`;
      return shown;
    } catch (err) {
      if (!(err instanceof TypeError)) throw err;
      showMethod ??= `Catalog getEntry + lineage + children (core showEntry failed: ${err.message})`;
    }
  }
  showMethod ??= 'Catalog getEntry + lineage + children';
  const { catalog } = ports;
  return { ...catalog.getEntry(id), lineage: catalog.lineage(id), children: catalog.children(id) };
}

const TREE_NAMES = ['entryTree', 'familyTree', 'buildTree', 'treeOf', 'showTree', 'getTree', 'tree', 'loadTree'];

async function tree(ports, id) {
  if (core.tree) {
    const name = TREE_NAMES.find((n) => typeof core.tree[n] === 'function') ?? Object.keys(core.tree).find((n) => typeof core.tree[n] === 'function' && /tree/i.test(n));
    if (name) {
      const result = await callCore(core.tree[name], ports, id);
      treeMethod ??= `dist/core/tree.js ${name}(${callStyle.get(core.tree[name])}, id)`;
      return result;
    }
  }
  // Fallback while no tree use case exists: the root by the recursive lineage CTE, then every
  // entry of the family (list --root), hydrated as list would.
  treeMethod ??= 'fallback (no dist/core/tree.js): Catalog.lineage(id) to the root, then Catalog.listEntries({rootId, status: all}) of the whole family';
  const root = ports.catalog.lineage(id)[0];
  return ports.catalog.listEntries({ status: 'all', rootId: root, limit: 100_000, page: 1 });
}

async function time(fn) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

const home = tempDir('catalog');
const results = new Map();
const details = new Map();
const firstPages = new Map();
for (const size of sizes) {
  const store = new Store(home.dir);
  const catalog = new Catalog(size.file, store.blobPath);
  const ports = { catalog, store, clock: () => new Date() };
  const { showcase } = size.facts;
  const list = (filter) => (core.list?.listEntries ? callCore(core.list.listEntries, ports, filter) : catalog.listEntries(filter));
  const queries = [
    ['list (newest 20)', () => list(listFilters.list)],
    ["search 'lighthous'", () => list(listFilters.lighthous)],
    ["search 'lake sunset'", () => list(listFilters.lakeSunset)],
    ['filter kind+emotion+30d', () => list(listFilters.filtered)],
    ["search 'sk' (short term)", () => list(listFilters.shortTerm)],
    ["search 'qz' (rare short)", () => list(listFilters.rareShort)],
    ["search 'x' (one letter)", () => list(listFilters.letter)],
    ['--tag placeholder=true', () => list(listFilters.tag)],
    ['--tag placeholder (key)', () => list(listFilters.tagKey)],
    ['--template campaign', () => list(listFilters.template)],
    [`show deepest (depth ${SHOWCASE.depth})`, () => show(ports, showcase.deepest)],
    [`tree of family (${showcase.size})`, () => tree(ports, showcase.deepest)],
  ];
  for (const [name, fn] of queries) {
    const result = await fn();
    const t = await time(fn);
    if (!results.has(name)) results.set(name, {});
    results.get(name)[size.label] = { ms: t, total: result?.total === undefined ? result?.size : `${result.total}${result.totalIsLowerBound ? '+' : ''}`, lineage: result?.lineage?.length };
  }
  // Issue 13: the first page alone, as `list QUERY` reads it when no total is shown.
  for (const [key, filter] of Object.entries(listFilters)) {
    const fn = () => list({ ...filter, count: false });
    await fn();
    const d = firstPages.get(key) ?? {};
    d[size.label] = await time(fn);
    firstPages.set(key, d);
  }
  // The two halves of every list query: the page of rows, and the count(*) for `total`, on a
  // second, read-only connection (the Catalog's own is private to it).
  const probe = new Database(size.file, { readonly: true });
  for (const [key, filter] of Object.entries(listFilters)) {
    const q = buildListQuery(filter, shortTermTrigrams ? shortTermTrigrams(probe, filter) : undefined);
    const count = probe.prepare(q.countSql).pluck();
    const page = probe.prepare(q.pageSql);
    const d = details.get(key) ?? { q };
    d[size.label] = { count: await time(() => count.get(q.params)), page: await time(() => page.all(q.params)) };
    details.set(key, d);
    if (size.label === '1M') {
      d.plan = {
        count: probe.prepare(`EXPLAIN QUERY PLAN ${q.countSql}`).all(q.params).map((r) => r.detail),
        page: probe.prepare(`EXPLAIN QUERY PLAN ${q.pageSql}`).all(q.params).map((r) => r.detail),
      };
    }
  }
  probe.close();
  catalog.close();
}
home.cleanup();

console.log(`\nmedian of ${RUNS} runs after ${WARMUP} warm-ups, in-process; targets: 1M ≤ ${TARGET_RATIO}× 1k and 1M < ${TARGET_MS} ms`);
const rows = [];
for (const [name, r] of results) {
  const k = r['1k'].ms;
  const m = r['1M'].ms;
  const ok = m <= TARGET_RATIO * k && m < TARGET_MS;
  const matches = r['1M'].total !== undefined ? `${r['1k'].total} / ${r['1M'].total}` : '';
  rows.push([name, ms(k), ms(m), ratio(m / k), ok ? 'yes' : 'NO', matches]);
}
console.log(table(['query', '1k', '1M', '1M/1k', 'target met', 'total 1k / 1M'], rows));
console.log(`\nissue 13, first page alone (count: false, as \`list QUERY\` piped or --ids): 1M ≤ ${FIRST_PAGE_RATIO}× 1k; short terms and --tag (above, total included) < ${TARGET_MS} ms at 1M`);
const pageRows = [];
for (const [key, d] of firstPages) pageRows.push([key, ms(d['1k']), ms(d['1M']), ratio(d['1M'] / d['1k']), d['1M'] <= FIRST_PAGE_RATIO * d['1k'] ? 'yes' : 'NO']);
console.log(table(['first page', '1k', '1M', '1M/1k', `≤ ${FIRST_PAGE_RATIO}×`], pageRows));
const shortAndTag = [...results].filter(([name]) => /short|letter|--tag/.test(name));
console.log(`short terms and --tag at 1M, total included: ${shortAndTag.map(([name, r]) => `${name} ${ms(r['1M'].ms)}`).join(', ')} — ${shortAndTag.every(([, r]) => r['1M'].ms < TARGET_MS) ? 'all' : 'NOT all'} under ${TARGET_MS} ms`);
console.log(`list: ${core.list?.listEntries ? `dist/core/list.js listEntries(${callStyle.get(core.list.listEntries)}, filter)` : 'Catalog.listEntries(filter)'}: the page of 20 entries, hydrated, and the total`);
console.log(`show: ${showMethod}`);
console.log(`tree: ${treeMethod}`);

console.log('\nlist queries split into their two statements (page = SELECT … LIMIT 20, count = SELECT count(*) for `total`):');
const splitRows = [];
for (const [key, d] of details) {
  splitRows.push([`${key}: page`, ms(d['1k'].page), ms(d['1M'].page), ratio(d['1M'].page / d['1k'].page)]);
  splitRows.push([`${key}: count`, ms(d['1k'].count), ms(d['1M'].count), ratio(d['1M'].count / d['1k'].count)]);
}
console.log(table(['statement', '1k', '1M', '1M/1k'], splitRows));

if (process.argv.includes('--plans') || process.env.BENCH_PLANS === '1') {
  for (const [key, d] of details) {
    console.log(`\nEXPLAIN QUERY PLAN at 1M, ${key}:`);
    console.log(`  count: ${d.q.countSql}`);
    for (const line of d.plan.count) console.log(`    ${line}`);
    console.log(`  page:  ${d.q.pageSql}`);
    for (const line of d.plan.page) console.log(`    ${line}`);
  }
} else {
  console.log('(query plans: npm run bench -- catalog --plans)');
}
