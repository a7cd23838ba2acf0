/**
 * The read-only connection on Node's own SQLite (src/catalog/node-sqlite.ts) answers as
 * better-sqlite3 does: the same statements over the same real file give the same values, shapes
 * and error codes, so the catalog's code cannot tell which one it holds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeSqliteDb, nodeSqlite, withoutSqliteWarning } from '../../../src/catalog/node-sqlite.js';
import type { Db } from '../../../src/catalog/db.js';

let dir: string;
let file: string;
let better: Database.Database;
let node: NodeSqliteDb;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-node-sqlite-'));
  file = join(dir, 'catalog.db');
  const setup = new Database(file);
  setup.pragma('journal_mode = WAL');
  setup.exec(`CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, r REAL, b BLOB, s TEXT);
    INSERT INTO t VALUES ('a', 1, 1.5, X'00ff10', 'first'), ('b', 2, NULL, NULL, 'second'), ('c', 3, 0.25, X'', NULL);`);
  setup.close();
  better = new Database(file, { readonly: true });
  node = NodeSqliteDb.openReadOnly(file, 1000)!;
});
afterAll(() => {
  better.close();
  node.close();
  rmSync(dir, { recursive: true, force: true });
});

const both = (read: (db: Db) => unknown) => [read(better), read(node)];

describe('node:sqlite behind the catalog’s surface', () => {
  it.each<[string, (db: Db) => unknown]>([
    ['all rows, plain objects with Buffers for blobs', (db) => db.prepare('SELECT * FROM t ORDER BY id').all()],
    ['one row by a positional parameter', (db) => db.prepare('SELECT * FROM t WHERE id = ?').get('a')],
    ['no row is undefined', (db) => db.prepare('SELECT * FROM t WHERE id = ?').get('zz')],
    ['parameters given as one array', (db) => db.prepare('SELECT id FROM t WHERE n IN (?, ?) ORDER BY id').all([1, 3])],
    ['named parameters, unused names passed over', (db) => db.prepare('SELECT id FROM t WHERE n >= @min ORDER BY id').all({ min: 2, unused: 'x' })],
    ['pluck, then all', (db) => db.prepare('SELECT b FROM t ORDER BY id').pluck().all()],
    ['pluck, then get', (db) => db.prepare('SELECT count(*) FROM t').pluck().get()],
    ['iterate', (db) => [...db.prepare('SELECT id FROM t ORDER BY id DESC').pluck().iterate()]],
    ['a pragma', (db) => db.pragma('table_info(t)')],
    ['a simple pragma', (db) => db.pragma('journal_mode', { simple: true })],
    ['a transaction’s result', (db) => db.transaction((id: string) => db.prepare('SELECT s FROM t WHERE id = ?').pluck().get(id))('b')],
    ['a transaction inside another', (db) => db.transaction(() => db.transaction(() => db.prepare('SELECT 42').pluck().get()).immediate())()],
  ])('%s', (_, read) => {
    const [fromBetter, fromNode] = both(read);
    expect(fromNode).toStrictEqual(fromBetter);
  });

  it('blobs are Buffers and rows plain objects, as better-sqlite3 gives them', () => {
    const row = node.prepare('SELECT * FROM t WHERE id = ?').get('a') as { b: Buffer };
    expect(Buffer.isBuffer(row.b)).toBe(true);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  });

  it('errors carry SQLite’s name for them as their code', () => {
    const codeOf = (db: Db, work: (db: Db) => unknown) => {
      try {
        work(db);
      } catch (err) {
        return (err as { code?: string }).code;
      }
      return 'no error';
    };
    for (const work of [(db: Db) => db.prepare('SELECT * FROM missing'), (db: Db) => db.prepare("INSERT INTO t (id) VALUES ('d')").run()]) {
      const [fromBetter, fromNode] = both((db) => codeOf(db, work));
      expect(fromNode).toBe(fromBetter);
      expect(fromNode).toMatch(/^SQLITE_/);
    }
  });

  it('a transaction that throws leaves no transaction open, and the next one runs', () => {
    expect(() =>
      node.transaction(() => {
        throw new Error('inside');
      })(),
    ).toThrow('inside');
    expect(node.transaction(() => node.prepare('SELECT 1').pluck().get())()).toBe(1);
  });

  it('loading node:sqlite says nothing: its experimental warning (some Node releases print it) is dropped, others pass', async () => {
    const warnings: string[] = [];
    const listen = (w: Error) => warnings.push(w.message);
    process.on('warning', listen);
    try {
      const value = withoutSqliteWarning(() => {
        process.emitWarning('SQLite is an experimental feature and might change at any time', 'ExperimentalWarning');
        process.emitWarning('something else', 'ExperimentalWarning');
        return 7;
      });
      expect(value).toBe(7);
      expect(nodeSqlite()).not.toBeNull();
      process.emitWarning('SQLite is an experimental feature and might change at any time', 'ExperimentalWarning');
      await new Promise((resolve) => setImmediate(resolve));
      // Dropped only while loading; afterwards Node's warnings are Node's again.
      expect(warnings).toEqual(['something else', 'SQLite is an experimental feature and might change at any time']);
    } finally {
      process.off('warning', listen);
    }
  });

  it('a copy of the file held in memory reads the same rows', () => {
    const image = new Database(file, { readonly: true }).serialize();
    image[18] = image[19] = 1;
    const copy = NodeSqliteDb.fromImage(image)!;
    expect(copy.prepare('SELECT * FROM t ORDER BY id').all()).toStrictEqual(better.prepare('SELECT * FROM t ORDER BY id').all());
    copy.close();
  });
});
