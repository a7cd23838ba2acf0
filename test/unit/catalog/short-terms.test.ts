/**
 * Short terms and tag keys at scale (migration 008), on a real catalog file: a term under three
 * characters is found through the trigrams that contain it, yet every page equals what LIKE over
 * every row gives (names and prompts too short for a trigram, non-ASCII case, column searches,
 * terms mixed with long ones, entries added and renamed after the migration); the plans use the
 * new indexes; and the migration fills entry_trigrams on a catalog that already has entries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog, type Seed } from '../../catalog-builder.js';
import { Catalog, type ListFilter } from '../../../src/catalog/catalog.js';
import { buildListQuery, MAX_SHORT_TERM_TRIGRAMS, searchTerms, shortTermTrigrams } from '../../../src/catalog/list-query.js';
import { MIGRATIONS } from '../../../src/catalog/migrations/all.js';
import { migrate } from '../../../src/catalog/open.js';
import { Store } from '../../../src/store/store.js';

const BASE = Date.parse('2025-05-01T00:00:00Z');
const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();

const WORDS = ['harbour', 'lighthouse', 'forest', 'desk lamp', 'whisker', 'mountain', 'sunset', 'river', 'city', 'garden'];
const SEEDS: Seed[] = [
  ...Array.from({ length: 48 }, (_, i): Seed => ({
    id: `bulk${String(i).padStart(4, '0')}`,
    name: `Scene ${i}`,
    prompt: `a ${WORDS[i % WORDS.length]} at noon, take ${i}`,
    // Every fifth one recorded out of time order.
    createdAt: at(i % 5 === 0 ? i - 30 : i),
    status: i % 7 === 0 ? 'failed' : 'completed',
  })),
  { id: 'rare0001', name: 'Fish', prompt: 'a qzar fish in a bowl', createdAt: at(10.5) },
  // A name too short for any trigram: only entries_short_text can find "qz" here.
  { id: 'shrt0001', name: 'Qz', prompt: 'a plain bowl', createdAt: at(20.5) },
  { id: 'shrt0002', name: 'Ok', prompt: 'ok', createdAt: at(21.5) },
  { id: 'shrt0003', name: 'X', prompt: 'a harbour with qz', createdAt: at(22.5) },
  { id: 'accn0001', name: 'Café', prompt: 'café au lait', createdAt: at(30.5) },
  { id: 'accn0002', name: 'Upper', prompt: 'CAFÉ SIGN', createdAt: at(31.5) },
  // A one-letter name with a long prompt: "x" only in the name, "café" (any case) in the prompt.
  { id: 'accn0003', name: 'X', prompt: 'CAFÉ corner', createdAt: at(32.5) },
  { id: 'tags0001', prompt: 'tagged one', createdAt: at(40.5), metadata: { reviewer: 'ana' } },
  { id: 'tags0002', prompt: 'tagged two', createdAt: at(-100), metadata: { reviewer: 'ben' } },
  { id: 'tags0003', prompt: 'tagged three', createdAt: at(41.5), metadata: { reviewer: 7 } },
];

let dir: string;
let file: string;
let catalog: Catalog;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-short-terms-'));
  await buildCatalog(join(dir, 'home'), join(dir, 'out'), SEEDS);
  file = join(dir, 'home', 'catalog.db');
  catalog = new Catalog(file, new Store(join(dir, 'home')).blobPath);
});
afterAll(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

const list = (filter: Partial<ListFilter>) => catalog.listEntries({ limit: 1000, page: 1, ...filter });

/**
 * "Contains" as list means it: a term of three or more characters in any case (the trigram
 * index folds all letters); a shorter one as LIKE has it, ASCII letters in any case, others as written.
 */
const likeContains = (text: string, term: string) =>
  [...term].length >= 3 ? text.toLowerCase().includes(term) : text.replace(/[A-Z]/g, (c) => c.toLowerCase()).includes(term);

/** The answer the obvious way: every seed whose text has every term, newest first. */
function expected(filter: Partial<ListFilter>): string[] {
  const status = filter.status ?? 'completed';
  const texts = (s: Seed) => ({ name: s.name ?? '', prompt: s.prompt ?? '' });
  const matches = (s: Seed) => {
    const { name, prompt } = texts(s);
    const has = (text: string | undefined, columns: string[]) =>
      searchTerms(text ?? '').every((term) => columns.some((c) => likeContains(c, term)));
    return has(filter.query, [name, prompt]) && has(filter.name, [name]) && has(filter.prompt, [prompt]);
  };
  const rowid = (s: Seed) => SEEDS.indexOf(s);
  return SEEDS.filter((s) => (status === 'all' || (s.status ?? 'completed') === status) && matches(s))
    .sort((a, b) => (a.createdAt === b.createdAt ? rowid(b) - rowid(a) : a.createdAt < b.createdAt ? 1 : -1))
    .map((s) => s.id);
}

const CASES: [string, Partial<ListFilter>][] = [
  ['a rare pair of letters, one match in a short name', { query: 'qz' }],
  ['a common pair', { query: 'sk' }],
  ['one letter', { query: 'x' }],
  ['a pair only a two-character prompt has', { query: 'ok' }],
  ['a pair in no text at all', { query: 'zq' }],
  ['non-ASCII: lower case only, as LIKE', { query: 'é' }],
  ['names only', { name: 'qz' }],
  ['prompts only', { prompt: 'qz' }],
  ['a short term and a long one', { query: 'harbour qz' }],
  ['a long term and a short one in different columns', { query: 'bowl qz' }],
  ['a long non-ASCII term in any case, a short one in a one-letter name', { query: 'café x' }],
  ['failed entries', { query: 'it', status: 'failed' }],
  ['every status', { query: 'ou', status: 'all' }],
];

describe('short terms', () => {
  it.each(CASES)('%s: every page equals LIKE over every row', (_label, filter) => {
    const all = expected(filter);
    expect(list(filter).entries.map((e) => e.id)).toEqual(all);
    expect(list(filter).total).toBe(all.length);
    for (let page = 1; page <= Math.ceil(all.length / 3) + 1; page++) {
      const r = list({ ...filter, limit: 3, page });
      expect(r.entries.map((e) => e.id), `page ${page}`).toEqual(all.slice((page - 1) * 3, page * 3));
      expect(r.total).toBe(all.length);
    }
  });

  it('a rare short term is looked up through the FTS index, not by reading every row', () => {
    const db = new Database(file, { readonly: true });
    try {
      const filter: ListFilter = { query: 'qz', status: 'completed', limit: 20, page: 1 };
      const grams = shortTermTrigrams(db, filter);
      expect(grams?.get('qz')).toEqual(expect.arrayContaining(['qza', ' qz']));
      const q = buildListQuery(filter, grams);
      const plan = (sql: string) => db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(q.params).map((r) => (r as { detail: string }).detail).join(' | ');
      expect(plan(q.pageSql)).toMatch(/entries_fts VIRTUAL TABLE/);
      expect(plan(q.pageSql)).not.toMatch(/SCAN e\b/);
      expect(plan(q.shortSql!)).toMatch(/entries_short_text/);
      // No trigram has "zq": only the short texts are read.
      const none = buildListQuery({ ...filter, query: 'zq' }, shortTermTrigrams(db, { ...filter, query: 'zq' }));
      expect(plan(none.pageSql)).toMatch(/entries_short_text/);
    } finally {
      db.close();
    }
  });

  it('a term in more than MAX_SHORT_TERM_TRIGRAMS trigrams is left to LIKE, with the same answer', () => {
    const db = new Database(file);
    try {
      // Trigrams no entry has are harmless (a deleted entry leaves its own): add enough with "w" in them.
      const add = db.prepare('INSERT OR IGNORE INTO entry_trigrams (gram) VALUES (?)');
      for (let i = 0; i <= MAX_SHORT_TERM_TRIGRAMS; i++) add.run(`w${String.fromCharCode(0x4e00 + i)}${i % 10}`);
      const filter: ListFilter = { query: 'w', status: 'completed', limit: 20, page: 1 };
      expect(shortTermTrigrams(db, filter)?.has('w')).toBe(false);
      expect(buildListQuery(filter, shortTermTrigrams(db, filter)).pageSql).not.toMatch(/MATCH/);
    } finally {
      db.close();
    }
    expect(list({ query: 'w' }).entries.map((e) => e.id)).toEqual(expected({ query: 'w' }));
  });

  it('entries added or renamed after the migration are found by their short terms', async () => {
    await buildCatalog(join(dir, 'home'), join(dir, 'out'), [{ id: 'late0001', name: 'Jq', prompt: 'a vjqk sign', createdAt: at(500) }]);
    expect(list({ query: 'jq' }).entries.map((e) => e.id)).toEqual(['late0001']);
    expect(list({ query: 'kv' }).entries.map((e) => e.id)).toEqual([]);
    catalog.curation.setName('bulk0001', 'Kvasir');
    expect(list({ query: 'kv' }).entries.map((e) => e.id)).toEqual(['bulk0001']);
    expect(list({ name: 'vq' }).entries).toEqual([]);
  });
});

describe('--tag KEY (any value)', () => {
  it('reads newest first from the (key, created_at) index, out-of-order rows included', () => {
    expect(list({ tags: [{ key: 'reviewer' }] }).entries.map((e) => e.id)).toEqual(['tags0003', 'tags0001', 'tags0002']);
    expect(list({ tags: [{ key: 'reviewer' }], limit: 1, page: 2 }).entries.map((e) => e.id)).toEqual(['tags0001']);
    const db = new Database(file, { readonly: true });
    try {
      const q = buildListQuery({ tags: [{ key: 'reviewer' }], status: 'completed', limit: 20, page: 1 });
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${q.pageSql}`).all(q.params).map((r) => (r as { detail: string }).detail).join(' | ');
      expect(plan).toMatch(/entry_tags_key_created/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    } finally {
      db.close();
    }
  });
});

describe('migration 008 on a catalog that already has entries', () => {
  it('fills entry_trigrams from the index, so old entries are found by short terms', () => {
    const old = join(dir, 'before-008.db');
    const db = new Database(old);
    migrate(db, MIGRATIONS.filter((m) => m.name < '008'));
    db.prepare("INSERT INTO jobs (id, command, requested, created_at) VALUES ('job_1', 'generate', 1, '2026-01-01T00:00:00Z')").run();
    const insert = db.prepare(
      `INSERT INTO entries (id, job_id, kind, status, name, prompt, effective_prompt, provider, model, aspect_ratio, image_size, root_id, created_at)
       VALUES (?, 'job_1', 'generate', 'completed', ?, ?, ?, 'gemini', 'm', '1:1', '1K', ?, ?)`,
    );
    insert.run('old00001', 'Old Fjord', 'a FJORD at dawn', 'a FJORD at dawn', 'old00001', '2026-01-01T00:00:00Z');
    insert.run('old00002', 'Fj', 'a plain sea', 'a plain sea', 'old00002', '2026-01-02T00:00:00Z');
    insert.run('old00003', 'Sea', 'a plain sea', 'a plain sea', 'old00003', '2026-01-03T00:00:00Z');
    db.close();

    const upgraded = new Catalog(old, new Store(join(dir, 'home')).blobPath);
    try {
      expect(upgraded.listEntries({ query: 'fj', limit: 20, page: 1 }).entries.map((e) => e.id)).toEqual(['old00002', 'old00001']);
      expect(upgraded.listEntries({ query: 'dj', limit: 20, page: 1 }).entries).toEqual([]);
    } finally {
      upgraded.close();
    }
    const check = new Database(old, { readonly: true });
    try {
      // Seeded from the FTS vocabulary, which folds case: the upper-case FJORD gave "fjo".
      expect(check.prepare("SELECT gram FROM entry_trigrams WHERE gram = 'fjo'").pluck().get()).toBe('fjo');
      expect(check.prepare("SELECT name FROM _migrations WHERE name LIKE '008%'").pluck().get()).toBe('008_short_terms_and_tag_keys');
    } finally {
      check.close();
    }
  });
});
