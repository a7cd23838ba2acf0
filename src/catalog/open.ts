/** Opens the catalog file with the pragmas imagegen relies on, and brings its schema up to date. */
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations/all.js';
import type { Migration } from './migrations/migration.js';
import type { Db } from './db.js';
import { NodeSqliteDb } from './node-sqlite.js';

export type { Db } from './db.js';
/** A connection that may write: better-sqlite3 (migrations and every command that changes the catalog). */
export type WritableDb = Database.Database;

/** How long a statement waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * The catalog records migrations this build does not know: a newer imagegen wrote it. Opening
 * it stops here, before anything is read or written, because this build's SQL may not fit it.
 */
export class NewerCatalogError extends Error {
  readonly unknownMigrations: string[];
  constructor(file: string, unknownMigrations: string[]) {
    super(`${file} was written by a newer imagegen (it has migrations ${unknownMigrations.join(', ')} that this version does not know)`);
    this.name = 'NewerCatalogError';
    this.unknownMigrations = unknownMigrations;
  }
}

export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): WritableDb {
  const db = new Database(file);
  try {
    // Several imagegen processes may write at once (scripts, CI): WAL lets readers run beside a
    // writer, and the busy timeout makes writers queue instead of failing.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    refuseNewer(db, file, migrations);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * Opens the catalog for reading only, creating nothing: a catalog that does not exist yet reads
 * as an empty one (kept in memory). A catalog older than this build still has to be upgraded
 * once, which is a write: that one case opens it as openDatabase does. An up-to-date file is read
 * through Node's own SQLite (node-sqlite.ts), which starts quicker than better-sqlite3.
 */
export function openDatabaseReadOnly(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  if (!existsSync(file)) {
    const empty = new Database(':memory:');
    migrate(empty, migrations);
    return empty;
  }
  const db = openReadOnlyFile(file);
  try {
    // refuseNewer has said every applied migration is known: as many as there are means all.
    if (refuseNewer(db, file, migrations).size >= migrations.length) return db;
  } catch (err) {
    db.close();
    throw err;
  }
  db.close();
  return openDatabase(file, migrations);
}

/**
 * A catalog in WAL mode can be read in place only if SQLite can make its shared-memory file; in
 * a home nobody may write to (a read-only mount, another user's folder) there is no writer to
 * race either, so a copy of the file in memory reads the same rows.
 */
function openReadOnlyFile(file: string): Db {
  const db = NodeSqliteDb.openReadOnly(file, BUSY_TIMEOUT_MS) ?? readOnlyBetterSqlite(file);
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code !== 'SQLITE_READONLY_DIRECTORY') throw err;
  }
  const image = readFileSync(file);
  // Bytes 18 and 19 of the header say WAL (2); an in-memory copy reads as a rollback journal (1).
  if (image.length >= 20) image[18] = image[19] = 1;
  return NodeSqliteDb.fromImage(image) ?? new Database(image, { readonly: true });
}

function readOnlyBetterSqlite(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}

function appliedMigrations(db: Db): Set<string> {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'").get();
  if (!table) return new Set();
  return new Set(db.prepare('SELECT name FROM _migrations').pluck().all() as string[]);
}

/** The migrations applied to the catalog, once it is clear that this build knows them all. */
function refuseNewer(db: Db, file: string, migrations: readonly Migration[]): Set<string> {
  const known = new Set(migrations.map((m) => m.name));
  const applied = appliedMigrations(db);
  const unknown = [...applied].filter((name) => !known.has(name));
  if (unknown.length) throw new NewerCatalogError(file, unknown.sort());
  return applied;
}

/** Applies every migration not yet recorded, each in its own immediate transaction. */
export function migrate(db: WritableDb, migrations: readonly Migration[]): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = appliedMigrations(db);
  const pending = migrations.filter((m) => !applied.has(m.name));
  const ran: string[] = [];
  for (const m of pending) {
    const apply = db.transaction(() => {
      // Another process may have applied it while we waited for the write lock.
      if (db.prepare('SELECT 1 FROM _migrations WHERE name = ?').get(m.name)) return;
      m.up(db);
      db.prepare('INSERT INTO _migrations (name, applied_at) VALUES (?, ?)').run(m.name, new Date().toISOString());
      ran.push(m.name);
    });
    apply.immediate();
  }
  return ran;
}
