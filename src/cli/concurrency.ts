/** How many requests may be in flight: IMAGEGEN_CONCURRENCY, else 8. */
import type { Context } from './context.js';

export const DEFAULT_CONCURRENCY = 8;

export function concurrencyFrom(ctx: Context): number {
  const raw = ctx.env.IMAGEGEN_CONCURRENCY;
  const n = raw ? Number(raw) : DEFAULT_CONCURRENCY;
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_CONCURRENCY;
}
