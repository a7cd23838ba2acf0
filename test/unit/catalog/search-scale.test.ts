/**
 * list at scale (migration 005): pages read newest-first from an index and stop early, yet stay
 * exact when rows were recorded out of time order; totals past COUNT_CAP are a lower bound; the
 * entry_tags index follows every insert, metadata edit and delete; --template filters.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog, type Seed } from '../../catalog-builder.js';
import { Catalog, type ListFilter } from '../../../src/catalog/catalog.js';
import { COUNT_CAP } from '../../../src/catalog/list-query.js';
import { Store } from '../../../src/store/store.js';
import { openProbe, type Probe } from '../../sql-probe.js';

const BASE = Date.parse('2024-03-01T00:00:00Z');
const at = (hours: number) => new Date(BASE + hours * 3_600_000).toISOString();

// Recorded in an order that is not time order: every third harbour entry is older than its rowid says.
const SEEDS: Seed[] = Array.from({ length: 30 }, (_, i): Seed => ({
  id: `harb${String(i).padStart(4, '0')}`,
  prompt: `a harbour at night, number ${i}`,
  createdAt: at(i % 3 === 0 ? i - 20 : i),
  metadata: i % 2 === 0 ? { client: 'acme', approved: i % 4 === 0 ? 'yes' : 'no' } : { client: 'zenith' },
})).concat([{ id: 'lake0001', prompt: 'a lake', createdAt: at(100), metadata: { client: 'acme' } }]);

let dir: string;
let catalog: Catalog;
let probe: Probe;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-search-scale-'));
  await buildCatalog(join(dir, 'home'), join(dir, 'out'), SEEDS);
  catalog = new Catalog(join(dir, 'home', 'catalog.db'), new Store(join(dir, 'home')).blobPath);
  probe = openProbe(join(dir, 'home', 'catalog.db'));
});
afterAll(() => {
  probe.close();
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

const list = (filter: Partial<ListFilter>) => catalog.listEntries({ limit: 100, page: 1, ...filter });
/** The same query answered the slow, obvious way: every match sorted by time. */
const everyMatch = (filter: Partial<ListFilter>) => list({ ...filter, limit: 1000 }).entries.map((e) => e.id);

describe('pages read in index order stay exact', () => {
  it.each<[string, Partial<ListFilter>]>([
    ['search', { query: 'harbour' }],
    ['tag', { tags: [{ key: 'client', value: 'acme' }] }],
    ['tag key only', { tags: [{ key: 'approved' }] }],
    ['search and tag', { query: 'night', tags: [{ key: 'client', value: 'acme' }] }],
  ])('%s: every page equals the slice of all matches in time order', (_label, filter) => {
    const all = everyMatch(filter);
    expect(all.length).toBeGreaterThan(5);
    const times = all.map((id) => SEEDS.find((s) => s.id === id)!.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    for (let page = 1; page <= Math.ceil(all.length / 4) + 1; page++) {
      const r = list({ ...filter, limit: 4, page });
      expect(r.entries.map((e) => e.id), `page ${page}`).toEqual(all.slice((page - 1) * 4, page * 4));
      expect(r.total).toBe(all.length);
      expect(r.totalIsLowerBound).toBe(false);
    }
  });
});

describe('entry_tags follows the entries', () => {
  it('a tag set, changed and removed is found, moved and gone; a deleted entry leaves no row', () => {
    const ids = (key: string, value?: string) => list({ tags: [{ key, value }] }).entries.map((e) => e.id);
    expect(ids('reviewer')).toEqual([]);
    catalog.curation.updateMetadata('harb0001', { reviewer: 'ana' }, []);
    expect(ids('reviewer', 'ana')).toEqual(['harb0001']);
    catalog.curation.updateMetadata('harb0001', { reviewer: 'ben' }, []);
    expect(ids('reviewer', 'ana')).toEqual([]);
    expect(ids('reviewer', 'ben')).toEqual(['harb0001']);
    catalog.curation.updateMetadata('harb0001', {}, ['reviewer']);
    expect(ids('reviewer')).toEqual([]);
    const orphans = () => probe.prepare('SELECT count(*) FROM entry_tags WHERE entry_rowid NOT IN (SELECT rowid FROM entries)').pluck().get();
    probe.prepare("DELETE FROM entries WHERE id = 'lake0001'").run();
    expect(orphans()).toBe(0);
  });
});

describe('totals past the cap', () => {
  it(`count up to ${COUNT_CAP} (or the page asked for) and say it is a lower bound`, () => {
    // Many copies of one entry, straight into the table (the triggers keep every index).
    probe.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${COUNT_CAP + 50})
      INSERT INTO entries (id, job_id, kind, status, name, prompt, effective_prompt, provider, model, aspect_ratio, image_size, root_id, metadata, created_at)
        SELECT 'many' || printf('%05d', i), e.job_id, 'generate', 'completed', 'Many', 'a crowded market', 'a crowded market', e.provider, e.model,
               e.aspect_ratio, e.image_size, 'many' || printf('%05d', i), '{"crowd":"yes"}', e.created_at
        FROM n, (SELECT * FROM entries WHERE id = 'harb0002') e;`);
    for (const filter of [{ query: 'crowded' }, { tags: [{ key: 'crowd', value: 'yes' }] }, { query: 'ma' }]) {
      const first = list({ ...filter, limit: 20 });
      expect(first.entries).toHaveLength(20);
      expect([first.total, first.totalIsLowerBound]).toEqual([COUNT_CAP, true]);
      // Far pages are counted to their end, so "page N of M" stays true.
      const far = list({ ...filter, limit: 100, page: 11 });
      expect(far.entries).toHaveLength(COUNT_CAP + 50 - 1000);
      expect([far.total, far.totalIsLowerBound]).toEqual([COUNT_CAP + 50, false]);
    }
    // --ids and piped lines ask for the page alone: the same rows, no count.
    const pageOnly = list({ query: 'crowded', limit: 20, count: false });
    expect(pageOnly.entries.map((e) => e.id)).toEqual(list({ query: 'crowded', limit: 20 }).entries.map((e) => e.id));
    expect(pageOnly.totalIsLowerBound).toBe(true);
    // Totals from entry_counts stay exact.
    const plain = list({ limit: 20 });
    expect(plain.totalIsLowerBound).toBe(false);
    expect(plain.total).toBe(COUNT_CAP + 50 + 30);
  });
});
