/**
 * Date bounds for `--since` / `--until`: what a person types, turned into the ISO instants the
 * catalog compares `created_at` with. Calendar dates are local days, and an upper bound given as a
 * day includes that whole day (`--until 2026-01-31` ends at midnight starting February 1st).
 */
import { usageError } from '../domain/errors.js';

/** Which side of a range a bound is: `since` is inclusive, `until` is returned as an exclusive end. */
export type BoundEdge = 'since' | 'until';

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};
const UNIT_WORDS: Record<string, keyof typeof UNIT_MS> = {
  s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  m: 'm', min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd',
  w: 'w', wk: 'w', wks: 'w', week: 'w', weeks: 'w',
};

const RELATIVE = /^(\d{1,6})\s*([a-z]+)(?:\s+ago)?$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses one bound. Accepted: `YYYY-MM-DD`, `YYYY-MM`, an ISO date-time (local unless it has a
 * zone), `today`, `yesterday`, `now`, and `N` + unit (`30m`, `24h`, `7d`, `2w`, `3 days ago`).
 * Returns an ISO instant: inclusive for `since`, exclusive for `until`.
 */
export function parseDateBound(text: string, flag: string, edge: BoundEdge, now: Date = new Date()): string {
  const value = text.trim().toLowerCase();
  const result = parse(value, edge, now);
  if (!result || Number.isNaN(result.getTime())) {
    throw usageError(
      'INVALID_DATE',
      `${flag} "${text}" is not a date.`,
      `Use YYYY-MM-DD, an ISO time like 2026-01-31T18:00, or a relative form: 24h, 7d, 2w, today, yesterday. For example ${flag} 7d.`,
    );
  }
  return result.toISOString();
}

/** Throws when a range is empty by construction (`--since` at or after `--until`). */
export function checkRange(since: string | undefined, until: string | undefined): void {
  if (since && until && since >= until) {
    throw usageError('INVALID_DATE_RANGE', `--since (${since}) is not before --until (${until}).`, 'Swap the two dates, or widen the range.');
  }
}

function parse(value: string, edge: BoundEdge, now: Date): Date | undefined {
  if (value === 'now') return now;
  if (value === 'today') return localDay(now.getFullYear(), now.getMonth(), now.getDate() + (edge === 'until' ? 1 : 0));
  if (value === 'yesterday') return localDay(now.getFullYear(), now.getMonth(), now.getDate() - (edge === 'until' ? 0 : 1));

  const relative = RELATIVE.exec(value);
  if (relative) {
    const unit = UNIT_WORDS[relative[2]!];
    return unit ? new Date(now.getTime() - Number(relative[1]) * UNIT_MS[unit]!) : undefined;
  }

  const day = DAY.exec(value);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])];
    if (!isCalendarDate(y, m, d)) return undefined;
    return localDay(y, m, d + (edge === 'until' ? 1 : 0));
  }

  const month = MONTH.exec(value);
  if (month) {
    const [y, m] = [Number(month[1]), Number(month[2]) - 1];
    if (m < 0 || m > 11) return undefined;
    return localDay(y, m + (edge === 'until' ? 1 : 0), 1);
  }

  const dateTime = DATE_TIME.exec(value);
  if (dateTime) {
    const parsed = fromParts(dateTime);
    // An upper bound given as an instant still includes that instant.
    return parsed && edge === 'until' ? new Date(parsed.getTime() + 1) : parsed;
  }
  return undefined;
}

/** A date-time from its regex parts: local time unless a zone (`Z`, `+02:00`) is given. */
function fromParts(parts: RegExpExecArray): Date | undefined {
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(parts[i] ?? 0)) as [number, number, number, number, number, number];
  const ms = Number((parts[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (!isCalendarDate(y, mo - 1, d) || h > 23 || mi > 59 || s > 59) return undefined;
  const zone = parts[8];
  if (!zone) return new Date(y, mo - 1, d, h, mi, s, ms);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (zone.toUpperCase() === 'Z') return new Date(utc);
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return new Date(utc - sign * offsetMinutes * 60_000);
}

function localDay(year: number, month: number, day: number): Date {
  return new Date(year, month, day, 0, 0, 0, 0);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(year, month, day);
  return year >= 1970 && date.getFullYear() === year && date.getMonth() === month && date.getDate() === day;
}
