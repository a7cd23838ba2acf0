/** Change stamps (migration 009): what moves an entry's stamp and its family's, and what leaves them alone. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCatalog, type Seed } from '../../catalog-builder.js';
import { Catalog, type ListFilter, type StampRow } from '../../../src/catalog/catalog.js';
import { parseRows } from '../../../src/gallery/entry-line.js';
import { withProbe } from '../../sql-probe.js';
import { MIGRATIONS } from '../../../src/catalog/migrations/all.js';
import { migrate } from '../../../src/catalog/open.js';

let dir: string;
let catalog: Catalog;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-stamps-'));
});
afterEach(() => {
  catalog?.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = (i: number) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString();
const seeds: Seed[] = [
  { id: 'root0001', createdAt: at(0) },
  { id: 'child002', parent: 'root0001', createdAt: at(1) },
  { id: 'other003', createdAt: at(2) },
  { id: 'user0004', inputsFrom: ['other003'], createdAt: at(3) },
  { id: 'lone0005', createdAt: at(4) },
];

async function open(): Promise<Catalog> {
  const home = join(dir, 'home');
  await buildCatalog(home, join(dir, 'out'), seeds);
  catalog = new Catalog(join(home, 'catalog.db'), (sha) => join(home, sha));
  return catalog;
}

/** The stamps as the gallery reads them: Stamps.selectText, through the gallery's parser. */
function select(filter: ListFilter): StampRow[] {
  return parseRows(catalog.stamps.selectText(filter).text).rows;
}

function stamps(): Map<string, StampRow> {
  return new Map(select({ status: 'all', limit: 100, page: 1, count: false }).map((row) => [row.id, row]));
}

/** Which entries' stamps and which families' stamps differ between two reads. */
function moved(before: Map<string, StampRow>, after: Map<string, StampRow>) {
  const entries = [...before.keys()].filter((id) => after.has(id) && after.get(id)!.stamp !== before.get(id)!.stamp).sort();
  const families = [...new Set([...before.values()].filter((r) => after.has(r.id) && after.get(r.id)!.familyStamp !== r.familyStamp).map((r) => r.rootId))].sort();
  return { entries, families };
}

describe('change stamps', () => {
  it('are drawn for every new entry and family, newest first like list', async () => {
    await open();
    const rows = select({ status: 'all', limit: 100, page: 1, count: false });
    expect(rows.map((r) => r.id)).toEqual(['lone0005', 'user0004', 'other003', 'child002', 'root0001']);
    expect(rows.find((r) => r.id === 'child002')!.rootId).toBe('root0001');
    for (const row of rows) {
      expect(row.stamp).not.toBe(0);
      expect(row.familyStamp).not.toBe(0);
      expect(Number.isSafeInteger(row.stamp)).toBe(true);
    }
    expect(new Set(rows.map((r) => r.stamp)).size).toBe(rows.length);
  });

  it('read as one text: the same rows, one line each, and an id that is not plain written in hex', async () => {
    await open();
    const filter = { status: 'all', limit: 100, page: 1, count: false } as const;
    const { text, count } = catalog.stamps.selectText(filter);
    expect(count).toBe(5);
    // What the rows hold, read straight from the tables, newest first.
    const expected = withProbe(join(dir, 'home', 'catalog.db'), (db) =>
      db
        .prepare(
          `SELECT e.id || ' ' || e.root_id || '/' || e.stamp || '/' || coalesce(f.stamp, 0)
           FROM entries e LEFT JOIN family_stamps f ON f.root_id = e.root_id ORDER BY e.created_at DESC, e.rowid DESC`,
        )
        .pluck()
        .all(),
    );
    expect(text.split('\n')).toEqual(expected);
    expect(catalog.stamps.selectText({ ...filter, query: 'nothing like this at all' })).toEqual({ text: '', count: 0 });
    catalog.close();
    const file = join(dir, 'home', 'catalog.db');
    const db = new Database(file);
    db.prepare("UPDATE entries SET id = ?, root_id = ? WHERE id = 'lone0005'").run('Bad id\n2', 'Bad id\n2');
    db.close();
    catalog = new Catalog(file, (sha) => join(dir, sha));
    const first = catalog.stamps.selectText(filter).text.split('\n')[0]!;
    const hex = `!${Buffer.from('Bad id\n2').toString('hex').toUpperCase()}`;
    expect(first).toMatch(new RegExp(`^${hex} ${hex}/-?\\d+/-?\\d+$`));
  });

  it('move with a rename (entry and family), a tag (entry only), and nothing else', async () => {
    await open();
    let before = stamps();
    catalog.curation.setName('child002', 'Renamed');
    let after = stamps();
    expect(moved(before, after)).toEqual({ entries: ['child002'], families: ['root0001'] });

    before = after;
    catalog.curation.updateMetadata('lone0005', { colour: 'blue' }, []);
    after = stamps();
    expect(moved(before, after)).toEqual({ entries: ['lone0005'], families: [] });

    before = after;
    catalog.curation.updateMetadata('lone0005', {}, ['colour']);
    after = stamps();
    expect(moved(before, after)).toEqual({ entries: ['lone0005'], families: [] });
  });

  it('move the family when a child is added or deleted, and an entry whose input loses its source', async () => {
    await open();
    const before = stamps();
    await buildCatalog(join(dir, 'home'), join(dir, 'out'), [{ id: 'grand006', parent: 'child002', createdAt: at(5) }]);
    const added = stamps();
    expect(moved(before, added)).toEqual({ entries: [], families: ['root0001'] });

    expect(catalog.deletion.deleteEntries(['grand006']).ok).toBe(true);
    const deleted = stamps();
    expect(moved(added, deleted)).toEqual({ entries: [], families: ['root0001'] });

    // other003 is user0004's input: deleting it sets the input's source to NULL, which user0004's page shows.
    expect(catalog.deletion.deleteEntries(['other003']).ok).toBe(true);
    const after = stamps();
    expect(moved(deleted, after)).toEqual({ entries: ['user0004'], families: [] });
    expect(after.has('other003')).toBe(false);
  });

  it('leave the rows of a catalog made before 009 at 0, and read families without a stamp as 0', async () => {
    const file = join(dir, 'old.db');
    const old = new Database(file);
    migrate(old, MIGRATIONS.filter((m) => m.name < '009'));
    old.prepare("INSERT INTO jobs (id, command, requested, created_at) VALUES ('job_1', 'generate', 1, '2024-01-01T00:00:00Z')").run();
    old
      .prepare(
        `INSERT INTO entries (id, job_id, kind, status, name, prompt, effective_prompt, provider, model, aspect_ratio, image_size, root_id, created_at)
         VALUES ('old1', 'job_1', 'generate', 'completed', 'n', 'p', 'p', 'gemini', 'm', '1:1', '1K', 'old1', '2024-01-01T00:00:00Z')`,
      )
      .run();
    old.close();
    catalog = new Catalog(file, (sha) => sha);
    expect(select({ status: 'all', limit: 10, page: 1 })).toEqual([{ id: 'old1', rootId: 'old1', stamp: 0, familyStamp: 0 }]);
    catalog.curation.setName('old1', 'new name');
    const [row] = select({ status: 'all', limit: 10, page: 1 });
    expect(row!.stamp).not.toBe(0);
    expect(row!.familyStamp).not.toBe(0);
  });
});
