/** Opens the catalog file with the pragmas imagegen relies on, and brings its schema up to date. */
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  const db = new Database(file);
  // Several imagegen processes may write at once (scripts, CI): WAL lets readers run beside a
  // writer, and the busy timeout makes writers queue instead of failing.
  db.pragma('busy_timeout = 10000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations);
  return db;
}

/** Applies every migration not yet recorded, each in its own immediate transaction. */
export function migrate(db: Db, migrations: readonly Migration[]): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT name FROM _migrations').pluck().all() as string[]));
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
