/** Short ids a person can type: lowercase Crockford base32 (no i, l, o, u), random. */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const ENTRY_ID_LENGTH = 8;

export function randomId(length: number): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 31];
  return id;
}

/** Draws ids until one is free (collisions are rare: 8 characters give 2^40 ids). */
export function newEntryId(isTaken: (id: string) => boolean): string {
  for (;;) {
    const id = randomId(ENTRY_ID_LENGTH);
    if (!isTaken(id)) return id;
  }
}

export function newJobId(): string {
  return `job_${randomId(10)}`;
}
