/**
 * Migration 008: the two `list` searches that still read every row at a million entries.
 *
 *  - Terms under three characters, which the trigram index cannot look up. `entry_trigrams` holds
 *    every distinct trigram of the catalog's names and prompts (a few thousand rows, whatever the
 *    size of the catalog), so a short term becomes the OR of the trigrams that contain it, which the
 *    FTS index answers; LIKE still decides the match. It starts as the FTS index's own vocabulary
 *    (case-folded as the index folds) and grows by a trigger (lower(), ASCII folding, as LIKE folds;
 *    either way it holds a trigram containing the term wherever LIKE finds one). Deleting entries
 *    leaves their trigrams: a trigram too many costs an empty lookup, never a missed match.
 *    A name or prompt of one or two characters has no trigram: `entries_short_text` finds those few.
 *  - `--tag KEY` (any value): `entry_tags_key_created` delivers an entry's tags newest first by key
 *    alone; 005's index orders them by value first, which only helps `--tag KEY=VALUE`.
 *  - The FTS index merged into one segment ('optimize'): a catalog filled entry by entry holds many,
 *    and every search reads each of them; merged, a search's first page at a million entries reads
 *    about a third as much (5 s once, at that size). Later inserts add segments that FTS5's automerge
 *    keeps few.
 */
import type { Migration } from './migration.js';

/** The start of every trigram of `text`: json_each over an array of length(text) zeros gives 0, 1, … */
const starts = (text: string) => `json_each('[' || rtrim(replace(hex(zeroblob(length(${text}))), '00', '0,'), ',') || ']')`;

const trigramsOf = (text: string) => `SELECT lower(substr(${text}, p.key + 1, 3)) FROM ${starts(text)} p WHERE p.key <= length(${text}) - 3`;

const INSERT_TRIGRAMS = `INSERT OR IGNORE INTO entry_trigrams (gram) ${trigramsOf('new.name')} UNION ${trigramsOf('new.prompt')};`;

export const shortTermsAndTagKeysMigration: Migration = {
  name: '008_short_terms_and_tag_keys',
  up(db) {
    db.exec(`
      CREATE TABLE entry_trigrams (gram TEXT PRIMARY KEY) WITHOUT ROWID;
      CREATE VIRTUAL TABLE temp.entries_fts_terms USING fts5vocab(main, 'entries_fts', 'row');
      INSERT OR IGNORE INTO entry_trigrams (gram) SELECT term FROM temp.entries_fts_terms;
      DROP TABLE temp.entries_fts_terms;
      CREATE TRIGGER entry_trigrams_insert AFTER INSERT ON entries BEGIN ${INSERT_TRIGRAMS} END;
      CREATE TRIGGER entry_trigrams_update AFTER UPDATE OF name, prompt ON entries BEGIN ${INSERT_TRIGRAMS} END;

      CREATE INDEX entries_short_text ON entries(created_at) WHERE length(name) < 3 OR length(prompt) < 3;
      CREATE INDEX entry_tags_key_created ON entry_tags(key, created_at, entry_rowid);

      INSERT INTO entries_fts(entries_fts) VALUES ('optimize');
    `);
  },
};
