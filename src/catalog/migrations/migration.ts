/** One schema step: applied once, in a transaction, and recorded by name in `_migrations`. */
import type { Database } from 'better-sqlite3';

export interface Migration {
  name: string;
  up(db: Database): void;
}
