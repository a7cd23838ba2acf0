/**
 * The key that signs a gallery's manifest (an HMAC-SHA256 over its body): 32 random bytes in the
 * home, made on first use, readable by its owner alone (0600), never printed. A manifest signed
 * with it was written by a gallery run from this home, so the cards it keeps (HTML, escaped when
 * they were made) may go into the index as they are; anything else in the folder is the user's
 * and is checked before it is used.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { NotRegularFileError, readRegularFileCappedSync } from '../store/bounded-read.js';
import { join } from 'node:path';
import { writeFileAtomic, writeFileAtomicExclusive } from '../store/atomic.js';

export const GALLERY_KEY_FILE = 'gallery.key';
const KEY_BYTES = 32;

/** The home's gallery key, made (0600) when there is none; one that is not a key is replaced. */
export async function galleryKey(home: string): Promise<Buffer> {
  const file = join(home, GALLERY_KEY_FILE);
  const existing = readKey(file);
  if (existing instanceof Buffer) return existing;
  const key = randomBytes(KEY_BYTES);
  if (existing === 'damaged') {
    await writeFileAtomic(file, key, 0o600);
    return key;
  }
  try {
    await writeFileAtomicExclusive(file, key, 0o600);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // Another run made it first: its key is the one.
  const made = readKey(file);
  if (made instanceof Buffer) return made;
  throw new Error(`The gallery key ${file} could not be read back.`);
}

function readKey(file: string): Buffer | 'missing' | 'damaged' {
  try {
    // A regular file of the key's size only: a FIFO in its place would block, a folder never reads.
    const key = readRegularFileCappedSync(file, KEY_BYTES);
    return key?.length === KEY_BYTES ? key : 'damaged';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    if (err instanceof NotRegularFileError) return 'damaged';
    throw err;
  }
}

/** Whether `mac` is the HMAC-SHA256 of `body` under `key` (compared in constant time). */
export function verify(key: Buffer, body: Buffer, mac: string): boolean {
  const expected = createHmac('sha256', key).update(body).digest();
  const given = Buffer.from(mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
