/**
 * The list query builder against a real catalog: hostile search text is only ever data, the
 * plans use the indexes meant for them, and totals from entry_counts match counting rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog, type Seed } from '../../catalog-builder.js';
import { Catalog, type ListFilter } from '../../../src/catalog/catalog.js';
import { buildListQuery, searchTerms } from '../../../src/catalog/list-query.js';
import { Store } from '../../../src/store/store.js';
import { openProbe, type Probe } from '../../sql-probe.js';

const HOSTILE = [
  '"', '""', "'", '*', '-', '^', '(', ')', ':', 'NEAR(', 'NEAR(a b, 3)', 'AND', 'OR', 'NOT', 'a OR b', 'lake AND', '"lake',
  'name:lake', '{name prompt}: lake', 'lake*', '*lake', '-lake', '+lake', "'; DROP TABLE entries; --", '"); DELETE FROM entries; --',
  '%', '_', '%%', '\\', '\\%', '[abc]', 'a\u0000b', '🦊', 'ß', 'ÉTÉ', '   ', '\t\n', 'x'.repeat(5000), Array.from({ length: 300 }, (_, i) => `w${i}`).join(' '),
  '@limit', ':offset', '?', '?1', '$x', 'NULL', 'rowid', 'entries_fts', 'MATCH', '1=1', 'lake OR 1=1',
];

const SEEDS: Seed[] = [
  { id: 'lake0001', name: 'Quiet Lake', prompt: 'sunset over a quiet lake', createdAt: '2024-01-05T10:00:00.000Z', emotion: 'calm', project: 'travel' },
  { id: 'sale0001', name: 'Sale', prompt: '50% off_sale [abc] \\backslash 🦊 fox émoji straße', createdAt: '2024-01-06T10:00:00.000Z' },
  { id: 'fail0001', name: 'Failed Lake', prompt: 'a failed lake', status: 'failed', createdAt: '2024-01-07T10:00:00.000Z' },
  ...Array.from({ length: 40 }, (_, i): Seed => ({
    id: `gen${String(i).padStart(5, '0')}`,
    prompt: `generated picture ${i}`,
    kind: i % 4 === 0 ? 'modify' : 'generate',
    emotion: i % 3 === 0 ? 'calm' : null,
    project: i % 5 === 0 ? 'icons' : null,
    createdAt: new Date(Date.parse('2023-01-01T00:00:00Z') + i * 3_600_000).toISOString(),
  })),
];

let dir: string;
let catalog: Catalog;
let probe: Probe;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-list-query-'));
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
const countRows = (filter: Partial<ListFilter>) => {
  const q = buildListQuery({ limit: 1_000_000, page: 1, ...filter });
  return probe.prepare(`SELECT count(*) FROM (${q.pageSql})`).pluck().get(q.params) as number;
};
const plan = (sql: string, params: Record<string, unknown>) =>
  (probe.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join(' | ');

describe('hostile search text', () => {
  it.each(HOSTILE)('%j is a search term: no error, and never part of the SQL text', (text) => {
    for (const filter of [{ query: text }, { name: text }, { prompt: text }, { query: text, status: 'all' as const, kind: 'generate' }]) {
      expect(() => list(filter)).not.toThrow();
      // The SQL depends only on how many terms there are and which are short, never on their text.
      const neutral = searchTerms(text).map((t) => 'x'.repeat([...t].length)).join(' ');
      const q = buildListQuery({ ...filter, limit: 1, page: 1 });
      const same = buildListQuery({ ...filter, ...Object.fromEntries(Object.keys(filter).filter((k) => k !== 'status' && k !== 'kind').map((k) => [k, neutral])), limit: 1, page: 1 });
      expect([q.pageSql, q.countSql]).toEqual([same.pageSql, same.countSql]);
    }
    expect(probe.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(SEEDS.length);
  });

  it('special characters are found literally', () => {
    const ids = (query: string) => list({ query }).entries.map((e) => e.id);
    expect(ids('50%')).toEqual(['sale0001']);
    expect(ids('%')).toEqual(['sale0001']);
    expect(ids('f_s')).toEqual(['sale0001']);
    expect(ids('[abc]')).toEqual(['sale0001']);
    expect(ids('\\back')).toEqual(['sale0001']);
    expect(ids('🦊')).toEqual(['sale0001']);
    expect(ids('STRASSE')).toEqual([]);
    expect(ids('STRAßE')).toEqual(['sale0001']);
    expect(ids('ÉMOJI')).toEqual(['sale0001']);
    expect(ids('lake OR 1=1')).toEqual([]);
  });

  it('every term must match, each anywhere, in names or prompts', () => {
    expect(list({ query: 'quiet sunset' }).entries.map((e) => e.id)).toEqual(['lake0001']);
    expect(list({ query: 'quiet nothing' }).entries).toEqual([]);
    expect(list({ query: 'lake', status: 'all' }).entries.map((e) => e.id)).toEqual(['fail0001', 'lake0001']);
    expect(list({ name: 'quiet', prompt: 'sunset' }).entries.map((e) => e.id)).toEqual(['lake0001']);
    expect(list({ name: 'sunset' }).entries).toEqual([]);
  });
});

describe('totals', () => {
  it.each<[string, Partial<ListFilter>]>([
    ['everything', { status: 'all' }],
    ['completed', {}],
    ['failed', { status: 'failed' }],
    ['kind', { kind: 'modify' }],
    ['emotion and project', { emotion: 'calm', project: 'icons' }],
    ['emotion, status all', { emotion: 'calm', status: 'all' }],
    ['a model nobody used', { model: 'nope' }],
    ['search', { query: 'picture 1' }],
    ['short term', { query: 'e 1' }],
    ['dates', { since: '2023-01-01T05:00:00.000Z', until: '2023-01-02T00:00:00.000Z' }],
  ])('%s: the reported total is the number of matching rows', (_label, filter) => {
    expect(list(filter).total).toBe(countRows(filter));
  });

  it('equality-only filters are totalled from entry_counts, others by counting', () => {
    expect(buildListQuery({ kind: 'modify', emotion: 'calm', limit: 1, page: 1 }).countSql).toContain('entry_counts');
    expect(buildListQuery({ query: 'lake', limit: 1, page: 1 }).countSql).not.toContain('entry_counts');
    expect(buildListQuery({ since: '2024-01-01', limit: 1, page: 1 }).countSql).not.toContain('entry_counts');
    expect(buildListQuery({ query: '  "" ', limit: 1, page: 1 }).countSql).toContain('entry_counts');
  });
});

describe('query plans', () => {
  const planOf = (filter: Partial<ListFilter>) => {
    const q = buildListQuery({ limit: 20, page: 1, ...filter });
    return plan(q.pageSql, q.params);
  };

  it('the default page reads the status index in order, with no sort', () => {
    const p = planOf({});
    expect(p).toContain('COVERING INDEX entries_status_created');
    // Only ties on created_at are put in rowid order: rows still stream, and LIMIT stops early.
    expect(p).not.toContain('TEMP B-TREE FOR ORDER BY');
  });

  it.each([
    ['kind', { kind: 'modify' }, 'entries_kind_created'],
    ['emotion', { emotion: 'calm' }, 'entries_emotion_created'],
    ['model', { model: 'm' }, 'entries_model_created'],
    ['project', { project: 'icons', kind: 'generate', emotion: 'calm' }, 'entries_project_created'],
  ] as const)('a %s filter reads its own (column, created_at) index, in order', (_label, filter, index) => {
    const p = planOf(filter);
    expect(p).toContain(`COVERING INDEX ${index}`);
    expect(p).not.toContain('TEMP B-TREE FOR ORDER BY');
  });

  it('a filtered count runs on the index alone', () => {
    const q = buildListQuery({ limit: 20, page: 1, kind: 'generate', emotion: 'calm', since: '2023-01-01' });
    expect(plan(q.countSql, q.params)).toMatch(/SEARCH e USING COVERING INDEX entries_\w+_created/);
  });

  it('search drives from the trigram index newest first, with no sort (LIMIT stops early)', () => {
    const p = planOf({ query: 'lake', kind: 'generate' });
    expect(p.indexOf('VIRTUAL TABLE INDEX')).toBeGreaterThanOrEqual(0);
    expect(p).toMatch(/SEARCH e USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(p).not.toContain('TEMP B-TREE FOR ORDER BY');
  });

  it('--tag key=value drives from the entry_tags index, in order; --template from its partial index', () => {
    const tag = planOf({ tags: [{ key: 'client', value: 'acme' }] });
    expect(tag).toContain('entry_tags_key_value');
    expect(tag).not.toContain('TEMP B-TREE FOR ORDER BY');
    const template = planOf({ template: 'white-background' });
    expect(template).toContain('entries_template_created');
    expect(template).not.toContain('TEMP B-TREE FOR ORDER BY');
  });

  it('--parent and --root use their indexes', () => {
    expect(planOf({ parentId: 'x' })).toContain('entries_parent');
    expect(planOf({ rootId: 'x' })).toContain('COVERING INDEX entries_family');
  });
});
