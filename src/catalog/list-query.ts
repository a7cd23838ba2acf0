/**
 * Builds the SQL for `list`: one WHERE clause shared by the page and the count. Every value is a
 * bound parameter; search text never becomes FTS syntax or SQL.
 *
 * Plans are chosen here rather than left to chance, so they hold at a million entries:
 *  - text search drives from the FTS trigram index newest rowid first (CROSS JOIN fixes the join
 *    order) and stops at the end of the page; entries recorded out of time order are then found
 *    through the created_at index, so the page is exact without gathering every match;
 *  - a term under three characters is found through the OR of the catalog's trigrams that contain
 *    it (migration 008's entry_trigrams, looked up first), and LIKE then decides; names and prompts
 *    too short for any trigram are read apart through their own small index (entries_short_text);
 *    a common short term (in very many trigrams) is left to LIKE, newest first, which fills a page fast;
 *  - `--tag` drives from entry_tags' (key, value, created_at) index the same way (migration 005),
 *    or its (key, created_at) index for a key with any value (migration 008);
 *  - otherwise one `(column, created_at)` index delivers rows already newest first (the most
 *    selective filter's index; the others are written `+e.col` so the planner cannot pick them);
 *  - totals for filters on status, kind, model, emotion and project come from the entry_counts
 *    table (kept by triggers) instead of counting rows; any other total is counted up to a cap
 *    (COUNT_CAP, or the end of the page asked for) and reported as a lower bound past it.
 */
import type { Db } from './open.js';

export interface TagFilter {
  key: string;
  /** Undefined: the entry has the key at all. */
  value?: string;
}

/** The states `list --status` picks from; `all` lifts the filter. Written once, for the type and the flag. */
export const LIST_STATUSES = ['completed', 'failed', 'pending', 'interrupted', 'all'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

/**
 * The filters of `list` (and of gallery and sheet, which select entries the same way), written
 * once: the CLI's flags, core's ListOptions and the catalog's ListFilter are this shape, each
 * adding only what is its own (the CLI's query words and `--tag` spelling, core's ids as typed,
 * the catalog's resolved ids and family).
 */
export interface EntryFilters {
  status?: ListStatus;
  kind?: string;
  emotion?: string;
  model?: string;
  project?: string;
  /** Entries made by this template (templates run). */
  template?: string;
  /** ISO timestamps, inclusive lower and exclusive upper bound. */
  since?: string;
  until?: string;
  /** Fuzzy text over names and prompts. */
  query?: string;
  name?: string;
  prompt?: string;
  tags?: TagFilter[];
}

/** Every key of EntryFilters, for code that copies the filters out of a larger object (the CLI's flags). */
export const ENTRY_FILTER_KEYS = [
  'status', 'kind', 'emotion', 'model', 'project', 'template', 'since', 'until', 'query', 'name', 'prompt', 'tags',
] as const satisfies readonly (keyof EntryFilters)[];
// A key added to EntryFilters but not to the list above fails to compile here.
const everyKeyListed: Exclude<keyof EntryFilters, (typeof ENTRY_FILTER_KEYS)[number]> extends never ? true : never = true;
void everyKeyListed;

/** The filters present in `source` (undefined ones left out), as their own object. */
export function pickEntryFilters(source: Readonly<Partial<Record<keyof EntryFilters, unknown>>>): EntryFilters {
  const picked: Record<string, unknown> = {};
  for (const key of ENTRY_FILTER_KEYS) if (source[key] !== undefined) picked[key] = source[key];
  return picked as EntryFilters;
}

/** Which page, and whether the total over all pages is wanted. */
export interface Paging {
  limit: number;
  page: number;
  /** false: only the page is wanted (--ids, piped lines), so the total is not counted. */
  count?: boolean;
}

export interface ListFilter extends EntryFilters, Paging {
  parentId?: string;
  /** Entries whose root is this id (the root included). */
  rootId?: string;
  /** This entry and everything descended from it (for a --root that is not itself a root). */
  subtreeOf?: string;
}

export interface ListQuery {
  /** The total: a sum over entry_counts, or a count capped at @countCap rows. */
  countSql: string;
  /** `r` (rowid) and `t` (created_at) of up to @n rows, newest first (by rowid when `byRowid`). */
  pageSql: string;
  /**
   * Set when the page is read in rowid order (text search): rows recorded before @lateBelow but
   * made at or after @lateSince, which rowid order would have missed.
   */
  lateSql?: string;
  /** A late row (@r) with its time, if it passes the filters. */
  lateRowSql?: string;
  /**
   * Whether a late row (@r) matches the search text; unset when only short terms drove the
   * search, whose LIKE conditions in lateRowSql already decide it.
   */
  lateMatchSql?: string;
  /**
   * Set when a short term was looked up through its trigrams: the newest @n matches among entries
   * whose name or prompt is too short to have a trigram, which the FTS index cannot find.
   */
  shortSql?: string;
  /** Whether countSql is capped (false: an exact sum from entry_counts). */
  capped: boolean;
  params: Record<string, string | number>;
}

/** Totals past this many matches are reported as "at least" (counting on costs too much at 1M). */
export const COUNT_CAP = 1000;

type Params = Record<string, string | number>;

/**
 * Splits search text into terms; each must appear (in any order, any case, as part of a word).
 * Whitespace, control characters and the punctuation of FTS5 and shell syntax separate terms.
 */
export function searchTerms(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s\p{Cc}"'`*^:(),.;!?+\-{}[\]]+/u)
    .filter((t) => t.length > 0);
}

/**
 * A short term contained in more of the catalog's trigrams than this is a common one: reading
 * entries newest first finds its page sooner than an OR over all of them would.
 */
export const MAX_SHORT_TERM_TRIGRAMS = 100;

/**
 * For terms under three characters, the catalog's trigrams that contain them (migration 008's
 * entry_trigrams). A term left out (common, or no such table) is matched by LIKE alone.
 */
export type ShortTermTrigrams = ReadonlyMap<string, readonly string[]>;

/** Names or prompts too short to have a trigram (migration 008's partial index entries_short_text). */
const SHORT_TEXT = '(length(e.name) < 3 OR length(e.prompt) < 3)';

/** The longer terms, checked for one row found through SHORT_TEXT. */
const LONG_TERMS_MATCH = 'EXISTS (SELECT 1 FROM entries_fts WHERE entries_fts MATCH @longMatch AND entries_fts.rowid = e.rowid)';

/** Terms the trigram index can answer: three characters or more. */
export function isIndexable(term: string): boolean {
  return [...term].length >= 3;
}

/** An FTS5 phrase for one term, quoted so it is never syntax (`"` doubled inside). */
export function ftsPhrase(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/** A LIKE pattern that finds the term anywhere, with LIKE's own wildcards escaped. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The JSON path of a metadata key (keys are checked to be plain words before they get here). */
export function metadataPath(key: string): string {
  return `$."${key.replaceAll('"', '')}"`;
}

/** Equality filters, most selective first: the first one present picks the index. */
const EQUALITY_FILTERS = [
  ['parent_id', 'parentId'],
  ['root_id', 'rootId'],
  ['template', 'template'],
  ['project', 'project'],
  ['model', 'model'],
  ['emotion', 'emotion'],
  ['kind', 'kind'],
  ['status', 'status'],
] as const;

/** Filters the entry_counts table can total without touching entries. */
const COUNTED_COLUMNS = new Set(['project', 'model', 'emotion', 'kind', 'status']);

interface TextMatch {
  /**
   * One FTS5 MATCH expression: every term of three or more characters, and every short term that
   * has its trigrams as the OR of them. Undefined when there is none.
   */
  fts: string | undefined;
  /** LIKE conditions for the shorter terms (they decide the match; trigrams only find candidates). */
  likes: string[];
  /**
   * The MATCH expression of the longer terms alone: entries with a short name or prompt are checked
   * against it row by row (its trigram semantics, not LIKE's), as the FTS index cannot find them.
   */
  longMatch: string | undefined;
  /** A short term went into `fts`: entries with a one- or two-character name or prompt are read apart. */
  shortIndexed: boolean;
  /** A short term is in no trigram at all: only such short names or prompts can match. */
  onlyShortText: boolean;
}

export function buildListQuery(filter: ListFilter, trigrams?: ShortTermTrigrams): ListQuery {
  const params: Params = {};
  const where: string[] = [];
  const values = equalityValues(filter);
  const text = textMatch(filter, params, trigrams);
  const tags = filter.tags ?? [];
  // What drives the page: the short-text index (a short term no trigram contains), the trigram
  // index, a tag's index, or else a (column, created_at) index.
  const driver = text.onlyShortText ? 'short' : text.fts !== undefined ? 'fts' : tags.length ? 'tag' : 'column';
  let indexed = driver !== 'column';
  for (const [column, key] of EQUALITY_FILTERS) {
    const value = values[key];
    if (value === undefined) continue;
    // Only the first (most selective) filter may use its index; the rest are checked per row.
    where.push(`${indexed ? '+' : ''}e.${column} = @${key}`);
    params[key] = value;
    indexed = true;
  }
  if (filter.since) {
    where.push('e.created_at >= @since');
    params.since = filter.since;
  }
  if (filter.until) {
    where.push('e.created_at < @until');
    params.until = filter.until;
  }
  tags.forEach((tag, i) => {
    if (i === 0 && driver === 'tag') {
      params.tagKey = tag.key;
      where.push('t.key = @tagKey');
      if (tag.value !== undefined) {
        params.tagValue = tag.value;
        where.push('t.value = @tagValue');
      }
      return;
    }
    params[`tagPath${i}`] = metadataPath(tag.key);
    if (tag.value === undefined) {
      where.push(`json_type(e.metadata, @tagPath${i}) IS NOT NULL`);
    } else {
      // ->> gives strings as text; -> gives numbers and booleans as their JSON text.
      params[`tagValue${i}`] = tag.value;
      where.push(`(e.metadata ->> @tagPath${i} = @tagValue${i} OR e.metadata -> @tagPath${i} = @tagValue${i})`);
    }
  });
  where.push(...text.likes);

  let prefix = '';
  if (filter.subtreeOf) {
    params.subtreeOf = filter.subtreeOf;
    prefix = `WITH RECURSIVE subtree(id) AS (
      SELECT @subtreeOf UNION ALL SELECT c.id FROM entries c JOIN subtree s ON c.parent_id = s.id
    ) `;
    where.push('e.id IN (SELECT id FROM subtree)');
  }

  let from = 'entries e';
  let order = 'ORDER BY e.created_at DESC, e.rowid DESC';
  let lateSql: string | undefined;
  let lateMatchSql: string | undefined;
  let lateRowSql: string | undefined;
  let shortSql: string | undefined;
  if (driver === 'short') {
    where.unshift(SHORT_TEXT);
    if (text.longMatch !== undefined) {
      params.longMatch = text.longMatch;
      where.push(LONG_TERMS_MATCH);
    }
  } else if (driver === 'fts') {
    params.match = text.fts!;
    from = 'entries_fts CROSS JOIN entries e ON e.rowid = entries_fts.rowid';
    where.unshift('entries_fts MATCH @match');
    order = 'ORDER BY entries_fts.rowid DESC';
    const rest = where.slice(1);
    // From the created_at index alone (usually no row: entries are recorded in time order) …
    lateSql = 'SELECT e.rowid AS r FROM entries e WHERE e.created_at >= @lateSince AND +e.rowid < @lateBelow';
    // … then each candidate against the filters and the text.
    lateRowSql = `${prefix}SELECT e.rowid AS r, e.created_at AS t FROM entries e WHERE e.rowid = @r${rest.map((w) => ` AND ${w}`).join('')}`;
    if (text.longMatch !== undefined) lateMatchSql = 'SELECT 1 FROM entries_fts WHERE entries_fts MATCH @match AND rowid = @r';
    if (text.shortIndexed) {
      if (text.longMatch !== undefined) params.longMatch = text.longMatch;
      const conditions = [SHORT_TEXT, ...rest, ...(text.longMatch !== undefined ? [LONG_TERMS_MATCH] : [])];
      shortSql = `${prefix}SELECT e.rowid AS r, e.created_at AS t FROM entries e WHERE ${conditions.join(' AND ')}`;
    }
  } else if (driver === 'tag') {
    from = 'entry_tags t CROSS JOIN entries e ON e.rowid = t.entry_rowid';
    // (key, value, created_at) for KEY=VALUE, (key, created_at) for KEY alone (migration 008).
    order = 'ORDER BY t.created_at DESC, t.entry_rowid DESC';
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  params.n = filter.page * filter.limit;
  params.countCap = Math.max(COUNT_CAP, filter.page * filter.limit) + 1;
  const summed = driver === 'column' ? countFromCounts(filter, values) : undefined;

  // With short texts read apart, each side is counted up to the cap and the union counted: past
  // the cap on either side the total is a lower bound, below it on both the union is exact.
  const counted = shortSql
    ? `SELECT r FROM (SELECT e.rowid AS r FROM ${from} ${clause} LIMIT @countCap) UNION SELECT r FROM (${shortSql.slice(prefix.length)} LIMIT @countCap)`
    : `SELECT 1 FROM ${from} ${clause} LIMIT @countCap`;
  return {
    countSql: summed ?? `${prefix}SELECT count(*) FROM (${counted})`,
    pageSql: `${prefix}SELECT e.rowid AS r, e.created_at AS t FROM ${from} ${clause} ${order} LIMIT @n`,
    ...(lateSql ? { lateSql, lateRowSql, lateMatchSql } : {}),
    ...(shortSql ? { shortSql: `${shortSql} ORDER BY e.created_at DESC, e.rowid DESC LIMIT @n` } : {}),
    capped: summed === undefined,
    params,
  };
}

export interface ListRows {
  rowids: number[];
  total: number;
  /** The total is a cap: there are at least this many. */
  totalIsLowerBound: boolean;
}

/** Runs a list query: the rowids of the page, newest first, and the total over all pages. */
export function runListQuery(db: Db, filter: ListFilter): ListRows {
  const q = buildListQuery(filter, shortTermTrigrams(db, filter));
  const offset = (filter.page - 1) * filter.limit;
  let total = 0;
  let totalIsLowerBound = false;
  if (filter.count !== false) {
    const counted = (db.prepare(q.countSql).pluck().get(q.params) as number | undefined) ?? 0;
    const cap = Number(q.params.countCap);
    totalIsLowerBound = q.capped && counted >= cap;
    total = totalIsLowerBound ? cap - 1 : counted;
    if (total <= offset) return { rowids: [], total, totalIsLowerBound };
  }
  const rows = db.prepare(q.pageSql).all(q.params) as { r: number; t: string }[];
  if (q.lateSql && rows.length === q.params.n) {
    // Every match recorded after the oldest row read is in `rows`; one recorded earlier can only
    // belong to the page if it was made at or after that row's time (clocks, parallel writers).
    const lateSince = rows.reduce((min, row) => (row.t < min ? row.t : min), rows[0]!.t);
    const lateBelow = rows[rows.length - 1]!.r;
    const late = db.prepare(q.lateSql).pluck().all({ lateSince, lateBelow }) as number[];
    if (late.length) {
      const rowOf = db.prepare(q.lateRowSql!);
      const matches = q.lateMatchSql ? db.prepare(q.lateMatchSql) : undefined;
      for (const r of late) {
        const row = rowOf.get({ ...q.params, r }) as { r: number; t: string } | undefined;
        if (row && (!matches || matches.get({ match: q.params.match, r }) !== undefined)) rows.push(row);
      }
    }
  }
  if (q.shortSql) {
    const seen = new Set(rows.map((row) => row.r));
    for (const row of db.prepare(q.shortSql).all(q.params) as { r: number; t: string }[]) if (!seen.has(row.r)) rows.push(row);
  }
  rows.sort((a, b) => (a.t === b.t ? b.r - a.r : a.t < b.t ? 1 : -1));
  const rowids = rows.slice(offset, offset + filter.limit).map((row) => row.r);
  // Not counted: what the page shows is all that is known.
  if (filter.count === false) return { rowids, total: offset + rowids.length, totalIsLowerBound: true };
  return { rowids, total, totalIsLowerBound };
}

/** The short terms of the filter's text, each with the trigrams that contain it (see ShortTermTrigrams). */
export function shortTermTrigrams(db: Db, filter: ListFilter): ShortTermTrigrams | undefined {
  const short = new Set([filter.query, filter.name, filter.prompt].flatMap((text) => (text ? searchTerms(text) : [])).filter((t) => !isIndexable(t)));
  if (short.size === 0) return undefined;
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entry_trigrams'").get()) return undefined;
  const lookup = db.prepare('SELECT gram FROM entry_trigrams WHERE instr(gram, ?) > 0 LIMIT ?').pluck();
  const found = new Map<string, string[]>();
  for (const term of short) {
    const grams = lookup.all(term, MAX_SHORT_TERM_TRIGRAMS + 1) as string[];
    if (grams.length <= MAX_SHORT_TERM_TRIGRAMS) found.set(term, grams);
  }
  return found;
}

function equalityValues(filter: ListFilter): Partial<Record<(typeof EQUALITY_FILTERS)[number][1], string>> {
  const status = filter.status ?? 'completed';
  return {
    parentId: filter.parentId,
    rootId: filter.rootId,
    project: filter.project,
    model: filter.model,
    emotion: filter.emotion,
    kind: filter.kind,
    template: filter.template,
    status: status === 'all' ? undefined : status,
  };
}

/** When every filter is one entry_counts keeps, the total is a sum over that small table. */
function countFromCounts(filter: ListFilter, values: ReturnType<typeof equalityValues>): string | undefined {
  const hasOther =
    filter.parentId !== undefined || filter.rootId !== undefined || filter.subtreeOf !== undefined || filter.template !== undefined ||
    filter.since !== undefined || filter.until !== undefined || (filter.tags?.length ?? 0) > 0 ||
    [filter.query, filter.name, filter.prompt].some((t) => t !== undefined && searchTerms(t).length > 0);
  if (hasOther) return undefined;
  const conditions = EQUALITY_FILTERS.filter(([column, key]) => COUNTED_COLUMNS.has(column) && values[key] !== undefined).map(
    ([column, key]) => `${column} = @${key}`,
  );
  return `SELECT coalesce(sum(entries), 0) FROM entry_counts${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
}

/**
 * QUERY searches names and prompts; --name and --prompt one column each. Every term must match.
 * Terms of three or more characters are FTS5 trigram phrases (substrings, any case), combined
 * into one MATCH; shorter ones are LIKE on the same columns, found through the OR of their
 * trigrams when `trigrams` has them.
 */
function textMatch(filter: ListFilter, params: Params, trigrams: ShortTermTrigrams | undefined): TextMatch {
  const phrases: string[] = [];
  const likes: string[] = [];
  const longPhrases: string[] = [];
  let shortIndexed = false;
  let onlyShortText = false;
  const sources: [string | undefined, 'name' | 'prompt' | null][] = [
    [filter.query, null],
    [filter.name, 'name'],
    [filter.prompt, 'prompt'],
  ];
  let n = 0;
  for (const [text, column] of sources) {
    if (!text) continue;
    for (const term of searchTerms(text)) {
      if (isIndexable(term)) {
        const phrase = column ? `${column} : ${ftsPhrase(term)}` : ftsPhrase(term);
        phrases.push(phrase);
        longPhrases.push(phrase);
        continue;
      }
      const key = `like${n++}`;
      params[key] = likePattern(term);
      const columns = column ? [column] : ['name', 'prompt'];
      likes.push(`(${columns.map((c) => `e.${c} LIKE @${key} ESCAPE '\\'`).join(' OR ')})`);
      const grams = trigrams?.get(term);
      if (grams === undefined) continue;
      shortIndexed = true;
      if (grams.length === 0) onlyShortText = true;
      else phrases.push(`(${grams.map(ftsPhrase).join(' OR ')})`);
    }
  }
  const longMatch = longPhrases.length ? longPhrases.join(' AND ') : undefined;
  return { fts: phrases.length ? phrases.join(' AND ') : undefined, likes, longMatch, shortIndexed, onlyShortText };
}
