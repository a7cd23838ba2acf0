/**
 * Migration 007: an entry's cost can be unknown (a model imagegen has no prices for). cost_usd
 * stays a number so sums keep working; cost_known = 0 says the 0 in it means "unknown".
 */
import type { Migration } from './migration.js';

export const unknownCostMigration: Migration = {
  name: '007_unknown_cost',
  up(db) {
    db.exec(`
      ALTER TABLE entries ADD COLUMN cost_known INTEGER NOT NULL DEFAULT 1;
      CREATE INDEX entries_cost_unknown ON entries(model) WHERE cost_known = 0;
    `);
  },
};
