/**
 * A catalog opened only to be read, on Node's built-in SQLite (node:sqlite) instead of
 * better-sqlite3: the same statements and rows, without loading better-sqlite3's native addon,
 * which is about 6 ms of every `imagegen list`. It keeps better-sqlite3's shapes: plain row
 * objects, Buffers for blobs, pluck, pragma, transactions, and errors whose `code` is SQLite's own
 * name (SQLITE_BUSY, SQLITE_READONLY_DIRECTORY, …) as better-sqlite3 gives it.
 *
 * Only reading runs here. A catalog that needs a migration, and every command that writes, opens
 * better-sqlite3 (open.ts), as does every read on a Node without node:sqlite (before 22.13 it
 * needs a flag; `--no-experimental-sqlite` turns it off).
 */
import type * as NodeSqliteModule from 'node:sqlite';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Db, Statement, Transaction } from './db.js';

type NodeSqlite = typeof NodeSqliteModule;
let loaded: NodeSqlite | null | undefined;

/** node:sqlite, or null on a Node that has none. */
export function nodeSqlite(): NodeSqlite | null {
  loaded ??= withoutSqliteWarning(() => (process.getBuiltinModule?.('node:sqlite') as NodeSqlite | undefined) ?? null);
  return loaded;
}

/**
 * Runs `load` with node:sqlite's "experimental" warning dropped: some Node 22 and 24 releases
 * print it when the module loads, and it is not the user's to act on. Any other warning passes.
 */
export function withoutSqliteWarning<T>(load: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
    if (/SQLite is an experimental feature/.test(String(warning))) return;
    return (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return load();
  } finally {
    process.emitWarning = emitWarning;
  }
}

type Row = Record<string, unknown>;

/** SQLite's result codes that imagegen or its users act on, by number (primary and extended). */
const CODE_NAMES: Record<number, string> = {
  1: 'SQLITE_ERROR',
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM',
  8: 'SQLITE_READONLY',
  10: 'SQLITE_IOERR',
  11: 'SQLITE_CORRUPT',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  19: 'SQLITE_CONSTRAINT',
  26: 'SQLITE_NOTADB',
  1288: 'SQLITE_READONLY_CANTINIT',
  1544: 'SQLITE_READONLY_DIRECTORY',
};

/** node:sqlite's error as better-sqlite3 reports it: `code` is SQLite's name for what happened. */
function asSqliteError(err: unknown): unknown {
  const e = err as { code?: string; errcode?: number } | null;
  if (e && e.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number') {
    e.code = CODE_NAMES[e.errcode] ?? CODE_NAMES[e.errcode & 0xff] ?? 'SQLITE_ERROR';
  }
  return err;
}

function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    throw asSqliteError(err);
  }
}

/** A blob as better-sqlite3 gives it: a Buffer over the same bytes. */
function value(v: unknown): unknown {
  return v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
}

function plainRow(row: Row): Row {
  const out: Row = {};
  for (const key in row) out[key] = value(row[key]);
  return out;
}

/** better-sqlite3 takes an array where node:sqlite wants the values one by one. */
function flat(params: unknown[]): never[] {
  return (params.some(Array.isArray) ? params.flat() : params) as never[];
}

// Fields declared and assigned, not parameter properties: the benches load this file through
// Node's type stripping, which takes only erasable syntax (test/unit/bench-modules.test.ts).
class NodeStatement implements Statement {
  private plucked = false;
  private readonly statement: StatementSync;

  constructor(statement: StatementSync) {
    this.statement = statement;
    // better-sqlite3 binds a named value only where the SQL names it, and passes over the rest.
    statement.setAllowUnknownNamedParameters(true);
  }

  pluck(toggle = true): this {
    this.plucked = toggle;
    this.statement.setReturnArrays(toggle);
    return this;
  }

  get(...params: unknown[]): unknown {
    const row = guarded(() => this.statement.get(...flat(params)));
    return row === undefined ? undefined : this.shape(row);
  }

  all(...params: unknown[]): unknown[] {
    return guarded(() => this.statement.all(...flat(params))).map((row) => this.shape(row));
  }

  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint } {
    const result = guarded(() => this.statement.run(...flat(params)));
    return { changes: Number(result.changes), lastInsertRowid: result.lastInsertRowid };
  }

  *iterate(...params: unknown[]): IterableIterator<unknown> {
    for (const row of guarded(() => this.statement.iterate(...flat(params)))) yield this.shape(row);
  }

  private shape(row: unknown): unknown {
    return this.plucked ? value((row as unknown[])[0]) : plainRow(row as Row);
  }
}

export class NodeSqliteDb implements Db {
  private readonly db: DatabaseSync;

  private constructor(db: DatabaseSync) {
    this.db = db;
  }

  /** A catalog file, read-only, waiting up to `busyTimeoutMs` for a writer's lock; null without node:sqlite. */
  static openReadOnly(file: string, busyTimeoutMs: number): NodeSqliteDb | null {
    const sqlite = nodeSqlite();
    return sqlite && new NodeSqliteDb(guarded(() => new sqlite.DatabaseSync(file, { readOnly: true, timeout: busyTimeoutMs })));
  }

  /** A catalog image held in memory (a copy of a file, in rollback-journal mode), read-only; null without node:sqlite. */
  static fromImage(image: Uint8Array): NodeSqliteDb | null {
    const sqlite = nodeSqlite();
    if (!sqlite) return null;
    const db = new sqlite.DatabaseSync(':memory:');
    guarded(() => db.deserialize(image));
    db.exec('PRAGMA query_only = ON');
    return new NodeSqliteDb(db);
  }

  prepare(sql: string): Statement {
    return new NodeStatement(guarded(() => this.db.prepare(sql)));
  }

  exec(sql: string): void {
    guarded(() => this.db.exec(sql));
  }

  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const statement = this.prepare(`PRAGMA ${source}`);
    return options.simple ? statement.pluck().get() : statement.all();
  }

  transaction<F extends Parameters<Db['transaction']>[0]>(fn: F): Transaction<F> {
    const inMode =
      (mode: string) =>
      (...args: unknown[]): unknown => {
        // Nested, as better-sqlite3 does it: a savepoint inside the open transaction.
        const nested = this.db.isTransaction;
        this.exec(nested ? 'SAVEPOINT inner' : `BEGIN ${mode}`);
        try {
          const result = fn(...args);
          this.exec(nested ? 'RELEASE inner' : 'COMMIT');
          return result;
        } catch (err) {
          if (nested) this.exec('ROLLBACK TO inner; RELEASE inner');
          else if (this.db.isTransaction) this.exec('ROLLBACK');
          throw err;
        }
      };
    return Object.assign(inMode('DEFERRED'), { default: inMode('DEFERRED'), deferred: inMode('DEFERRED'), immediate: inMode('IMMEDIATE'), exclusive: inMode('EXCLUSIVE') }) as unknown as Transaction<F>;
  }

  close(): void {
    this.db.close();
  }
}
