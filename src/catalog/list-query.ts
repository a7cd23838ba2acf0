/**
 * Builds the SQL for `list`: one WHERE clause shared by the page and the count. Every value is a
 * bound parameter; search text never becomes FTS syntax or SQL.
 */
export interface ListFilter {
  status?: 'completed' | 'failed' | 'all';
  kind?: string;
  emotion?: string;
  model?: string;
  project?: string;
  parentId?: string;
  rootId?: string;
  /** ISO timestamps, inclusive lower and exclusive upper bound. */
  since?: string;
  until?: string;
  /** Fuzzy text over names and prompts. */
  query?: string;
  name?: string;
  prompt?: string;
  limit: number;
  page: number;
}

export interface ListQuery {
  countSql: string;
  pageSql: string;
  params: Record<string, string | number>;
}

/** Splits search text into terms; each must appear (in any order, any case, as part of a word). */
export function searchTerms(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s"'`*^:(),.;!?+-]+/u)
    .filter((t) => t.length > 0);
}

/** An FTS5 trigram phrase for a term of three or more characters, quoted so it is never syntax. */
function ftsPhrase(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

export function buildListQuery(filter: ListFilter): ListQuery {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  const eq = (column: string, key: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`e.${column} = @${key}`);
    params[key] = value;
  };
  const status = filter.status ?? 'completed';
  if (status !== 'all') eq('status', 'status', status);
  eq('kind', 'kind', filter.kind);
  eq('emotion', 'emotion', filter.emotion);
  eq('model', 'model', filter.model);
  eq('project', 'project', filter.project);
  eq('parent_id', 'parentId', filter.parentId);
  eq('root_id', 'rootId', filter.rootId);
  if (filter.since) {
    where.push('e.created_at >= @since');
    params.since = filter.since;
  }
  if (filter.until) {
    where.push('e.created_at < @until');
    params.until = filter.until;
  }
  addTextFilter(where, params, 'q', filter.query, null);
  addTextFilter(where, params, 'n', filter.name, 'name');
  addTextFilter(where, params, 'p', filter.prompt, 'prompt');

  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  params.limit = filter.limit;
  params.offset = (filter.page - 1) * filter.limit;
  return {
    countSql: `SELECT count(*) FROM entries e ${clause}`,
    pageSql: `SELECT e.rowid FROM entries e ${clause} ORDER BY e.created_at DESC, e.rowid DESC LIMIT @limit OFFSET @offset`,
    params,
  };
}

/**
 * Terms of three or more characters go through the trigram index; shorter ones fall back to a
 * LIKE on the same columns (with LIKE's wildcards escaped).
 */
function addTextFilter(
  where: string[],
  params: Record<string, string | number>,
  prefix: string,
  text: string | undefined,
  column: 'name' | 'prompt' | null,
): void {
  if (!text) return;
  const terms = searchTerms(text);
  const long = terms.filter((t) => [...t].length >= 3);
  const short = terms.filter((t) => [...t].length < 3);
  if (long.length) {
    const key = `${prefix}fts`;
    const scope = column ? `${column} : ` : '';
    params[key] = long.map((t) => `${scope}${ftsPhrase(t)}`).join(' AND ');
    where.push(`e.rowid IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH @${key})`);
  }
  short.forEach((term, i) => {
    const key = `${prefix}like${i}`;
    params[key] = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const columns = column ? [column] : ['name', 'prompt'];
    where.push(`(${columns.map((c) => `e.${c} LIKE @${key} ESCAPE '\\'`).join(' OR ')})`);
  });
}
