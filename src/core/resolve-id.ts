/** Turns what a user typed (a full id or a unique prefix of one) into one entry id. */
import { notFoundError, usageError } from '../domain/errors.js';
import type { Catalog } from '../catalog/catalog.js';

/**
 * "last" names the newest entry. It can never clash with an id: ids are Crockford base32, which
 * has no letter l.
 */
export const LAST_ALIAS = 'last';

/**
 * The fewest characters of an id a command that destroys something accepts: a one-letter prefix
 * matches an entry in a small catalog far too easily.
 */
export const MIN_DESTRUCTIVE_PREFIX = 4;

export interface ResolveOptions {
  /** Refuse prefixes shorter than this (usage error), e.g. MIN_DESTRUCTIVE_PREFIX for delete. */
  minLength?: number;
  /** The command, for the message ("delete needs …"). */
  command?: string;
}

export function resolveEntryId(catalog: Catalog, typed: string, options: ResolveOptions = {}): string {
  const text = typed.trim().toLowerCase();
  if (text === LAST_ALIAS) {
    const newest = catalog.newestEntryId();
    if (!newest) throw notFoundError('ENTRY_NOT_FOUND', 'There are no entries yet, so "last" names nothing.', 'Make one first, e.g. imagegen generate "a lighthouse at dawn" --provider offline.');
    return newest;
  }
  if (!/^[0-9a-z]{1,32}$/.test(text)) {
    throw usageError('INVALID_ID', `"${typed}" is not an entry id.`, 'Ids are short letters and digits; find them with imagegen list.');
  }
  const minLength = options.minLength ?? 1;
  if (text.length < minLength) {
    throw usageError(
      'ID_TOO_SHORT',
      `"${typed}" is too short: ${options.command ?? 'this command'} needs at least ${minLength} characters of an id (or "last").`,
      'Type more of the id; imagegen list shows them.',
    );
  }
  const matches = catalog.idsWithPrefix(text, 11);
  if (matches.includes(text)) return text;
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    throw notFoundError('ENTRY_NOT_FOUND', `No entry has the id "${typed}".`, 'Find ids with imagegen list (or imagegen list --status all for failed ones).');
  }
  const shown = matches.slice(0, 10).join(', ');
  throw notFoundError('AMBIGUOUS_ID', `"${typed}" matches more than one entry: ${shown}${matches.length > 10 ? ', …' : ''}.`, 'Type more characters of the id.', { candidates: matches.slice(0, 10) });
}
