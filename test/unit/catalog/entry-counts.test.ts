/** entry_counts (migration 003) stays equal to grouping the entries, through every kind of change. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCatalog, type Seed } from '../../catalog-builder.js';
import { MIGRATIONS } from '../../../src/catalog/migrations/all.js';
import { migrate, openDatabase, type Db } from '../../../src/catalog/open.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-counts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const GROUPED = `SELECT status, kind, model, emotion, project, count(*) AS entries, sum(input_tokens) AS input_tokens,
  sum(output_tokens) AS output_tokens, round(sum(cost_usd), 9) AS cost_usd FROM entries GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
const COUNTED = `SELECT status, kind, model, emotion, project, entries, input_tokens, output_tokens, round(cost_usd, 9) AS cost_usd
  FROM entry_counts ORDER BY 1, 2, 3, 4, 5`;
const expectConsistent = (db: Db) => expect(db.prepare(COUNTED).all()).toEqual(db.prepare(GROUPED).all());

const seeds: Seed[] = Array.from({ length: 30 }, (_, i) => ({
  id: `ent${String(i).padStart(5, '0')}`,
  emotion: [null, 'calm', 'hopeful'][i % 3]!,
  project: i % 4 === 0 ? null : i % 4 === 1 ? '' : 'icons',
  model: i % 2 ? 'model-a' : 'model-b',
  status: i % 7 === 0 ? 'failed' : 'completed',
  parent: i > 0 && i % 5 === 0 ? `ent${String(i - 1).padStart(5, '0')}` : undefined,
  usage: { inputTokens: i * 10, outputTokens: 1290, costUsd: 0.067 + i / 1000 },
  createdAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
}));

describe('entry_counts', () => {
  it('follows inserts, updates of every counted column, and deletes; NULL and "" stay apart', async () => {
    const home = join(dir, 'home');
    await buildCatalog(home, join(dir, 'out'), seeds);
    const db = openDatabase(join(home, 'catalog.db'));
    expectConsistent(db);
    expect(db.prepare("SELECT count(*) FROM entry_counts WHERE project = ''").pluck().get()).toBeGreaterThan(0);
    expect(db.prepare('SELECT count(*) FROM entry_counts WHERE project IS NULL').pluck().get()).toBeGreaterThan(0);

    db.prepare("UPDATE entries SET status = 'completed' WHERE status = 'failed'").run();
    db.prepare("UPDATE entries SET emotion = 'mysterious' WHERE emotion IS NULL").run();
    db.prepare("UPDATE entries SET project = NULL WHERE project = ''").run();
    db.prepare('UPDATE entries SET cost_usd = cost_usd * 2, input_tokens = input_tokens + 1').run();
    db.prepare("UPDATE entries SET name = 'renamed', metadata = '{\"a\":\"b\"}'").run();
    expectConsistent(db);

    db.prepare("DELETE FROM entries WHERE id IN (SELECT id FROM entries WHERE parent_id IS NOT NULL)").run();
    db.prepare("DELETE FROM entries WHERE model = 'model-a'").run();
    expectConsistent(db);
    db.prepare('DELETE FROM entries').run();
    expect(db.prepare('SELECT count(*) FROM entry_counts').pluck().get()).toBe(0);
    db.close();
  });

  it('is filled from the rows of a catalog made before it existed', async () => {
    const file = join(dir, 'old.db');
    const old = new Database(file);
    const before = MIGRATIONS.filter((m) => m.name < '003');
    migrate(old, before);
    old.prepare("INSERT INTO jobs (id, command, requested, created_at) VALUES ('job_1', 'generate', 1, '2024-01-01T00:00:00Z')").run();
    const insert = old.prepare(
      `INSERT INTO entries (id, job_id, kind, status, name, prompt, effective_prompt, emotion, project, provider, model, aspect_ratio, image_size, root_id, input_tokens, cost_usd, created_at)
       VALUES (?, 'job_1', 'generate', ?, 'n', 'p', 'p', ?, ?, 'gemini', 'm', '1:1', '1K', ?, ?, ?, '2024-01-01T00:00:00Z')`,
    );
    for (let i = 0; i < 12; i++) insert.run(`old${i}`, i % 5 ? 'completed' : 'failed', i % 2 ? 'calm' : null, i % 3 ? 'p' : null, `old${i}`, i, i / 100);
    old.close();

    const db = openDatabase(file);
    expect(db.prepare('SELECT name FROM _migrations').pluck().all()).toContain('003_catalog_indexes');
    expectConsistent(db);
    expect(db.prepare('SELECT sum(entries) FROM entry_counts').pluck().get()).toBe(12);
    db.close();
  });
});
