/** Option parsers for the catalog commands: dates, tags. Each throws a usage error naming its flag. */
import { parseDateBound, type BoundEdge } from '../core/dates.js';
import { usageError } from '../domain/errors.js';
import { checkTagKey } from '../core/metadata-keys.js';
import type { TagFilter } from '../catalog/catalog.js';
import type { TagAssignment } from '../core/tag.js';

/** `--since` / `--until`: a day, an ISO time or a relative form, as an ISO instant. */
export function dateBound(flag: string, edge: BoundEdge): (value: string) => string {
  return (value) => parseDateBound(value, flag, edge);
}

/** Repeatable `--tag key=value` (or `--tag key`: has the key at all). */
export function tagFilter(value: string, previous: TagFilter[] | undefined): TagFilter[] {
  const at = value.indexOf('=');
  const key = checkTagKey((at < 0 ? value : value.slice(0, at)).trim(), '--tag');
  const filter: TagFilter = at < 0 ? { key } : { key, value: value.slice(at + 1) };
  if (filter.value === '') throw usageError('INVALID_TAG', `--tag ${value}: give a value after "=", or just the name to match any value.`, `For example --tag ${key}=acme or --tag ${key}.`);
  return [...(previous ?? []), filter];
}

/** `key=value` sets a tag, `key=` clears it. */
export function tagAssignment(text: string): TagAssignment {
  const at = text.indexOf('=');
  if (at < 0) throw usageError('INVALID_TAG', `"${text}" is not key=value.`, `Write ${text}=VALUE to set it, or ${text}= to clear it.`);
  const key = checkTagKey(text.slice(0, at).trim(), 'tag');
  const value = text.slice(at + 1);
  return { key, value: value === '' ? undefined : value };
}
