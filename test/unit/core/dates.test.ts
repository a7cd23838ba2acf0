/** The --since/--until parser: every accepted form, the inclusive end of a day, and refusals. */
import { describe, expect, it } from 'vitest';
import { checkRange, parseDateBound } from '../../../src/core/dates.js';
import { ImagegenError } from '../../../src/domain/errors.js';

// A fixed "now" in local time, so the expectations hold in any time zone.
const NOW = new Date(2026, 2, 15, 14, 30, 0); // 15 March 2026, 14:30 local
const local = (...parts: [number, number, number, number?, number?]) => new Date(parts[0], parts[1], parts[2], parts[3] ?? 0, parts[4] ?? 0).toISOString();
const since = (text: string) => parseDateBound(text, '--since', 'since', NOW);
const until = (text: string) => parseDateBound(text, '--until', 'until', NOW);

describe('parseDateBound', () => {
  it('a calendar day: since its local midnight, until the next one (the whole day included)', () => {
    expect(since('2026-01-31')).toBe(local(2026, 0, 31));
    expect(until('2026-01-31')).toBe(local(2026, 1, 1));
    expect(until('2024-02-29')).toBe(local(2024, 2, 1));
    expect(until('2026-12-31')).toBe(local(2027, 0, 1));
  });

  it('a month: its first day, or up to the first of the next month', () => {
    expect(since('2026-02')).toBe(local(2026, 1, 1));
    expect(until('2026-12')).toBe(local(2027, 0, 1));
  });

  it('an ISO time: local without a zone, exact with one; an upper bound includes the instant', () => {
    expect(since('2026-01-31T18:05')).toBe(local(2026, 0, 31, 18, 5));
    expect(since('2026-01-31 18:05:30')).toBe(new Date(2026, 0, 31, 18, 5, 30).toISOString());
    expect(since('2026-01-31T18:00:00Z')).toBe('2026-01-31T18:00:00.000Z');
    expect(since('2026-01-31T18:00:00.250+02:00')).toBe('2026-01-31T16:00:00.250Z');
    expect(since('2026-01-31T18:00-0530')).toBe('2026-01-31T23:30:00.000Z');
    expect(until('2026-01-31T18:00:00Z')).toBe('2026-01-31T18:00:00.001Z');
  });

  it('relative forms count back from now', () => {
    const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
    expect(since('7d')).toBe(ago(7 * 86_400_000));
    expect(since('24h')).toBe(ago(86_400_000));
    expect(since('2w')).toBe(ago(14 * 86_400_000));
    expect(since('30m')).toBe(ago(1_800_000));
    expect(since('3 days ago')).toBe(ago(3 * 86_400_000));
    expect(since(' 1 Week ')).toBe(ago(7 * 86_400_000));
    expect(since('now')).toBe(NOW.toISOString());
  });

  it('today and yesterday are local calendar days', () => {
    expect(since('today')).toBe(local(2026, 2, 15));
    expect(until('today')).toBe(local(2026, 2, 16));
    expect(since('yesterday')).toBe(local(2026, 2, 14));
    expect(until('yesterday')).toBe(local(2026, 2, 15));
  });

  it.each(['', 'soon', 'last tuesday', '2026-02-30', '2026-13-01', '2026-00', '2026-1-5', '31/01/2026', '7', '7x', 'd7', '2026-01-31T25:00', '2026-01-31T10:61', '1969-12-31', "'; DROP TABLE entries; --", '9999999d'])(
    'refuses %j with a usage error naming the flag',
    (text) => {
      let error: unknown;
      try {
        since(text);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ImagegenError);
      expect((error as ImagegenError).exitCode).toBe(2);
      expect((error as ImagegenError).code).toBe('INVALID_DATE');
      expect((error as ImagegenError).message).toContain('--since');
    },
  );
});

describe('checkRange', () => {
  it('refuses a range that ends before it starts, and allows open ends', () => {
    expect(() => checkRange(since('2026-03-01'), until('2026-02-01'))).toThrow(/not before --until/);
    expect(() => checkRange(since('2026-01-31'), until('2026-01-31'))).not.toThrow();
    expect(() => checkRange(undefined, until('2026-01-31'))).not.toThrow();
  });
});
