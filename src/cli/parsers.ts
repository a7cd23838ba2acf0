/**
 * Option parsers for commander: each turns a flag's text into a typed value or throws a usage
 * error naming the flag. (zod was the first choice, but it adds ~60 ms to every start-up, more
 * than the whole budget for `imagegen list`; commander's argParser does the job at no cost.)
 */
import { usageError } from '../domain/errors.js';

export function intInRange(flag: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*-?\d+\s*$/.test(value) || !Number.isInteger(n) || n < min || n > max) {
      throw usageError('INVALID_OPTION', `${flag} must be a whole number from ${min} to ${max}, not "${value}".`, `For example ${flag} ${min}.`);
    }
    return n;
  };
}

export function oneOf<T extends string>(flag: string, allowed: readonly T[]): (value: string) => T {
  return (value) => {
    const v = value.trim().toLowerCase();
    if (!(allowed as readonly string[]).includes(v)) {
      throw usageError('INVALID_OPTION', `${flag} must be one of ${allowed.join(', ')}, not "${value}".`, `For example ${flag} ${allowed[0]}.`);
    }
    return v as T;
  };
}

export function nonEmpty(flag: string): (value: string) => string {
  return (value) => {
    if (!value.trim()) throw usageError('INVALID_OPTION', `${flag} needs a value.`, `Give ${flag} some text.`);
    return value.trim();
  };
}

/** For repeatable options: collects every value in order. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
