/** Migrations: blank → current, an older catalog → current, and idempotent re-opening. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/catalog/migrations/all.js';
import { migrate, NewerCatalogError, openDatabase, openDatabaseReadOnly } from '../../../src/catalog/open.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-migrations-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const applied = (db: Database.Database) => db.prepare('SELECT name FROM _migrations ORDER BY name').pluck().all();

describe('migrations', () => {
  it('brings a blank file to the current schema with WAL and foreign keys on', () => {
    const db = openDatabase(join(dir, 'catalog.db'));
    expect(applied(db)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','index')").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['jobs', 'entries', 'blobs', 'entry_inputs', 'entries_fts', 'entries_parent', 'entries_root']));
    db.close();
  });

  it('brings a catalog made by the first release up to date, keeping its rows', () => {
    const file = join(dir, 'old.db');
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 1));
    old.prepare("INSERT INTO jobs (id, command, requested, created_at) VALUES ('job_1', 'generate', 1, '2026-01-01T00:00:00Z')").run();
    old.prepare(
      `INSERT INTO entries (id, job_id, kind, status, name, prompt, effective_prompt, provider, model, aspect_ratio, image_size, root_id, created_at)
       VALUES ('abcd1234', 'job_1', 'generate', 'failed', 'Old', 'an old lighthouse', 'an old lighthouse', 'gemini', 'm', '1:1', '1K', 'abcd1234', '2026-01-01T00:00:00Z')`,
    ).run();
    old.close();

    const db = openDatabase(file);
    expect(applied(db)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(db.prepare("SELECT name FROM entries WHERE id = 'abcd1234'").pluck().get()).toBe('Old');
    // 007: entries from before it have a known cost (the 0 they hold meant $0 then).
    expect(db.prepare("SELECT cost_known FROM entries WHERE id = 'abcd1234'").pluck().get()).toBe(1);
    expect(db.prepare("SELECT rowid FROM entries_fts WHERE entries_fts MATCH '\"lighthouse\"'").all()).toHaveLength(1);
    db.close();
  });

  it('005 fills entry_tags from the metadata already there (strings as text, other scalars as JSON, objects as NULL)', () => {
    const file = join(dir, 'before-005.db');
    const old = new Database(file);
    migrate(old, MIGRATIONS.filter((m) => m.name < '005'));
    old.prepare("INSERT INTO jobs (id, command, requested, created_at) VALUES ('job_1', 'generate', 1, '2026-01-01T00:00:00Z')").run();
    old.prepare(
      `INSERT INTO entries (id, job_id, kind, status, name, prompt, effective_prompt, template, provider, model, aspect_ratio, image_size, root_id, metadata, created_at)
       VALUES ('abcd1234', 'job_1', 'modify', 'failed', 'Old', 'p', 'p', 'campaign', 'gemini', 'm', '1:1', '1K', 'abcd1234',
               '{"client":"acme","count":3,"placeholder":true,"enhanced":{"model":"x"}}', '2026-01-01T00:00:00Z')`,
    ).run();
    old.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT key, value FROM entry_tags ORDER BY key').all()).toEqual([
      { key: 'client', value: 'acme' },
      { key: 'count', value: '3' },
      { key: 'enhanced', value: null },
      { key: 'placeholder', value: 'true' },
    ]);
    expect(db.prepare("SELECT id FROM entries INDEXED BY entries_template_created WHERE template = 'campaign'").pluck().all()).toEqual(['abcd1234']);
    db.close();
  });

  it('re-opening applies nothing twice', () => {
    const file = join(dir, 'again.db');
    openDatabase(file).close();
    const db = new Database(file);
    expect(migrate(db, MIGRATIONS)).toEqual([]);
    db.close();
  });

  it('a failing migration rolls back and leaves the catalog as it was', () => {
    const db = new Database(join(dir, 'bad.db'));
    migrate(db, MIGRATIONS);
    const broken = [...MIGRATIONS, { name: '999_broken', up: (d: Database.Database) => d.exec('CREATE TABLE half (x); SELECT * FROM no_such_table;') }];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    expect(applied(db)).not.toContain('999_broken');
    db.close();
  });
});

describe('a catalog from a newer imagegen', () => {
  it('is refused on open, read-write or read-only, and left as it was', () => {
    const file = join(dir, 'newer.db');
    const db = openDatabase(file);
    db.prepare("INSERT INTO _migrations (name, applied_at) VALUES ('999_from_the_future', '2030-01-01T00:00:00Z')").run();
    db.close();
    expect(() => openDatabase(file)).toThrow(NewerCatalogError);
    expect(() => openDatabaseReadOnly(file)).toThrow(/newer imagegen.*999_from_the_future/);
    const check = new Database(file, { readonly: true });
    expect(applied(check)).toEqual([...MIGRATIONS.map((m) => m.name), '999_from_the_future'].sort());
    check.close();
  });
});

describe('read-only open', () => {
  it('of a catalog that does not exist creates nothing and reads as empty', () => {
    const file = join(dir, 'absent', 'catalog.db');
    const db = openDatabaseReadOnly(file);
    expect(db.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(0);
    db.close();
    expect(existsSync(join(dir, 'absent'))).toBe(false);
  });

  it('of a current catalog cannot write', () => {
    const file = join(dir, 'current.db');
    openDatabase(file).close();
    const db = openDatabaseReadOnly(file);
    expect(() => db.prepare("INSERT INTO _migrations (name, applied_at) VALUES ('x', 'y')").run()).toThrow(/readonly/);
    db.close();
  });
});

describe('004: entry lifecycle', () => {
  it('widens entries.status to pending and interrupted in place, keeping rows, and still refuses others', () => {
    const file = join(dir, 'v3.db');
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 3));
    old.prepare("INSERT INTO jobs (id, command, requested, created_at) VALUES ('job_1', 'generate', 1, '2026-01-01T00:00:00Z')").run();
    const insert = (id: string, status: string) =>
      old.prepare(
        `INSERT INTO entries (id, job_id, kind, status, name, prompt, effective_prompt, provider, model, aspect_ratio, image_size, root_id, created_at)
         VALUES (?, 'job_1', 'generate', ?, 'N', 'p', 'p', 'gemini', 'm', '1:1', '1K', ?, '2026-01-01T00:00:00Z')`,
      ).run(id, status, id);
    insert('aaaa1111', 'failed');
    expect(() => insert('bbbb2222', 'pending')).toThrow(/CHECK/);
    old.close();

    const db = openDatabase(file);
    const add = (id: string, status: string) =>
      db.prepare(
        `INSERT INTO entries (id, job_id, kind, status, name, prompt, effective_prompt, provider, model, aspect_ratio, image_size, root_id, created_at)
         VALUES (?, 'job_1', 'generate', ?, 'N', 'p', 'p', 'gemini', 'm', '1:1', '1K', ?, '2026-01-01T00:00:00Z')`,
      ).run(id, status, id);
    add('dddd4444', 'pending');
    add('eeee5555', 'interrupted');
    expect(() => add('ffff6666', 'lost')).toThrow(/CHECK/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare("SELECT status FROM entries WHERE id = 'aaaa1111'").pluck().get()).toBe('failed');
    db.close();
  });
});
