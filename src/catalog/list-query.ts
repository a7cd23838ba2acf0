/**
 * Builds the SQL for `list`: one WHERE clause shared by the page and the count. Every value is a
 * bound parameter; search text never becomes FTS syntax or SQL.
 *
 * Plans are chosen here rather than left to chance, so they hold at a million entries:
 *  - text search drives from the FTS trigram index (CROSS JOIN fixes the join order), then sorts
 *    the matching rows by time;
 *  - otherwise one `(column, created_at)` index delivers rows already newest first (the most
 *    selective filter's index; the others are written `+e.col` so the planner cannot pick them);
 *  - totals for filters on status, kind, model, emotion and project come from the entry_counts
 *    table (kept by triggers) instead of counting rows; a text search counts its matches in the
 *    same pass that sorts them.
 */
import type { Db } from './open.js';

export interface TagFilter {
  key: string;
  /** Undefined: the entry has the key at all. */
  value?: string;
}

export interface ListFilter {
  status?: 'completed' | 'failed' | 'pending' | 'interrupted' | 'all';
  kind?: string;
  emotion?: string;
  model?: string;
  project?: string;
  parentId?: string;
  /** Entries whose root is this id (the root included). */
  rootId?: string;
  /** This entry and everything descended from it (for a --root that is not itself a root). */
  subtreeOf?: string;
  /** ISO timestamps, inclusive lower and exclusive upper bound. */
  since?: string;
  until?: string;
  /** Fuzzy text over names and prompts. */
  query?: string;
  name?: string;
  prompt?: string;
  tags?: TagFilter[];
  limit: number;
  page: number;
}

export interface ListQuery {
  countSql: string;
  pageSql: string;
  /**
   * For text searches, which must gather and sort every match anyway: the page with the total
   * alongside (`count(*) OVER ()`), so the matches are found once rather than twice.
   */
  windowSql?: string;
  params: Record<string, string | number>;
}

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
  ['project', 'project'],
  ['model', 'model'],
  ['emotion', 'emotion'],
  ['kind', 'kind'],
  ['status', 'status'],
] as const;

/** Filters the entry_counts table can total without touching entries. */
const COUNTED_COLUMNS = new Set(['project', 'model', 'emotion', 'kind', 'status']);

interface TextMatch {
  /** One FTS5 MATCH expression for every term of three or more characters, or undefined. */
  fts: string | undefined;
  /** LIKE conditions for the shorter terms. */
  likes: string[];
}

export function buildListQuery(filter: ListFilter): ListQuery {
  const params: Params = {};
  const where: string[] = [];
  const values = equalityValues(filter);
  let indexed = false;
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
  (filter.tags ?? []).forEach((tag, i) => {
    params[`tagPath${i}`] = metadataPath(tag.key);
    if (tag.value === undefined) {
      where.push(`json_type(e.metadata, @tagPath${i}) IS NOT NULL`);
    } else {
      // ->> gives strings as text; -> gives numbers and booleans as their JSON text.
      params[`tagValue${i}`] = tag.value;
      where.push(`(e.metadata ->> @tagPath${i} = @tagValue${i} OR e.metadata -> @tagPath${i} = @tagValue${i})`);
    }
  });
  const text = textMatch(filter, params);
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
  if (text.fts !== undefined) {
    params.match = text.fts;
    from = '(SELECT rowid AS hit FROM entries_fts WHERE entries_fts MATCH @match) m CROSS JOIN entries e ON e.rowid = m.hit';
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  params.limit = filter.limit;
  params.offset = (filter.page - 1) * filter.limit;
  const order = 'ORDER BY e.created_at DESC, e.rowid DESC LIMIT @limit OFFSET @offset';
  const searching = text.fts !== undefined || text.likes.length > 0;

  return {
    countSql: countFromCounts(filter, values) ?? `${prefix}SELECT count(*) FROM ${from} ${clause}`,
    pageSql: `${prefix}SELECT e.rowid FROM ${from} ${clause} ${order}`,
    ...(searching ? { windowSql: `${prefix}SELECT e.rowid AS hit, count(*) OVER () AS total FROM ${from} ${clause} ${order}` } : {}),
    params,
  };
}

/** Runs a list query: the rowids of the page, newest first, and the total over all pages. */
export function runListQuery(db: Db, filter: ListFilter): { rowids: number[]; total: number } {
  const q = buildListQuery(filter);
  if (q.windowSql) {
    const rows = db.prepare(q.windowSql).all(q.params) as { hit: number; total: number }[];
    // A page past the end has no rows to carry the total: count separately.
    if (rows.length || filter.page === 1) return { rowids: rows.map((r) => r.hit), total: rows[0]?.total ?? 0 };
  }
  const total = (db.prepare(q.countSql).pluck().get(q.params) as number | undefined) ?? 0;
  const rowids = total === 0 ? [] : (db.prepare(q.pageSql).pluck().all(q.params) as number[]);
  return { rowids, total };
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
    status: status === 'all' ? undefined : status,
  };
}

/** When every filter is one entry_counts keeps, the total is a sum over that small table. */
function countFromCounts(filter: ListFilter, values: ReturnType<typeof equalityValues>): string | undefined {
  const hasOther =
    filter.parentId !== undefined || filter.rootId !== undefined || filter.subtreeOf !== undefined ||
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
 * into one MATCH; shorter ones fall back to LIKE on the same columns.
 */
function textMatch(filter: ListFilter, params: Params): TextMatch {
  const phrases: string[] = [];
  const likes: string[] = [];
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
        phrases.push(column ? `${column} : ${ftsPhrase(term)}` : ftsPhrase(term));
        continue;
      }
      const key = `like${n++}`;
      params[key] = likePattern(term);
      const columns = column ? [column] : ['name', 'prompt'];
      likes.push(`(${columns.map((c) => `e.${c} LIKE @${key} ESCAPE '\\'`).join(' OR ')})`);
    }
  }
  return { fts: phrases.length ? phrases.join(' AND ') : undefined, likes };
}
