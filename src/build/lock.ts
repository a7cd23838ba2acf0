/**
 * imagegen.lock: beside the manifest, meant to be committed. JSON with sorted keys and one entry
 * per target, so diffs are small and merges readable. Rewritten atomically after every finished
 * target (writes are queued, never interleaved), so a killed build loses nothing it finished.
 */
import { NotRegularFileError, readRegularFileCapped } from '../store/bounded-read.js';
import { usageError } from '../domain/errors.js';
import { writeFileAtomic } from '../store/atomic.js';

export const LOCK_VERSION = 1;
/** The largest lock read (about 300 bytes a target). */
export const MAX_LOCK_BYTES = 64 * 1024 * 1024;

export interface LockEntry {
  /** The catalog entry the file came from. */
  entryId: string;
  /** sha256 of everything that decided the request (see fingerprint.ts). */
  fingerprint: string;
  /** sha256 of each input file's bytes, by its path in the manifest. */
  inputs: Record<string, string>;
  /** sha256 of the file written at the target's path. */
  sha256: string;
}

export interface LockFile {
  version: number;
  targets: Record<string, LockEntry>;
}

const HEX64 = /^[0-9a-f]{64}$/;

function isEntry(value: unknown): value is LockEntry {
  const v = value as LockEntry;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.entryId === 'string' &&
    typeof v.fingerprint === 'string' &&
    typeof v.sha256 === 'string' &&
    HEX64.test(v.sha256) &&
    typeof v.inputs === 'object' &&
    v.inputs !== null &&
    Object.values(v.inputs).every((s) => typeof s === 'string')
  );
}

/** Reads the lock; a missing one is empty, a damaged one (say, a merge conflict) is exit 2. */
export async function readLock(file: string): Promise<LockFile> {
  let data: Buffer | undefined;
  try {
    data = await readRegularFileCapped(file, MAX_LOCK_BYTES);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: LOCK_VERSION, targets: {} };
    const why = err instanceof NotRegularFileError ? `it is ${err.kind}, not a regular file` : (err as Error).message;
    throw usageError('LOCK_UNREADABLE', `Cannot read ${file}: ${why}.`, 'Check the file (and its permissions); deleting it rebuilds everything.');
  }
  if (data === undefined) throw usageError('LOCK_UNREADABLE', `${file} is larger than ${MAX_LOCK_BYTES / 1024 / 1024} MiB.`, 'Delete it to rebuild everything, or check what wrote it.');
  const raw = data.toString('utf8');
  const damaged = (why: string) =>
    usageError('LOCK_INVALID', `${file} is damaged: ${why}.`, 'Resolve any merge conflict in it (take either side: a stale target is simply rebuilt), or delete it to rebuild everything.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw damaged(`it is not valid JSON (${(err as Error).message})`);
  }
  const lock = parsed as LockFile;
  if (typeof lock !== 'object' || lock === null || typeof lock.targets !== 'object' || lock.targets === null) throw damaged('it has no "targets" object');
  if (lock.version !== LOCK_VERSION) throw damaged(`its version is ${JSON.stringify(lock.version)}, not ${LOCK_VERSION} (was it written by a newer imagegen?)`);
  for (const [path, entry] of Object.entries(lock.targets)) {
    if (!isEntry(entry)) throw damaged(`the entry for ${JSON.stringify(path)} is not a valid lock entry`);
  }
  return { version: LOCK_VERSION, targets: { ...lock.targets } };
}

/** JSON with every object's keys sorted, two-space indented, ending in a newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * The lock in memory, written through to disk after each change. Changes that arrive while a
 * write is under way are written together by the next one, so a burst of finished targets costs
 * one or two writes, not one each; `set` resolves once a write that includes its change has landed.
 */
export class LockWriter {
  readonly file: string;
  private readonly lock: LockFile;
  private dirty = false;
  private writing: Promise<void> | undefined;
  private failed: unknown;

  constructor(file: string, lock: LockFile) {
    this.file = file;
    this.lock = { version: LOCK_VERSION, targets: { ...lock.targets } };
  }

  get targets(): Readonly<Record<string, LockEntry>> {
    return this.lock.targets;
  }

  /** Records a target; rejects when the lock cannot be written. */
  async set(path: string, entry: LockEntry): Promise<void> {
    this.lock.targets[path] = entry;
    await this.write();
    if (this.failed) throw this.failed;
  }

  async remove(path: string): Promise<void> {
    delete this.lock.targets[path];
    await this.write();
    if (this.failed) throw this.failed;
  }

  /** Resolves when every change has been written; throws the first write that failed. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.failed) throw this.failed;
  }

  private write(): Promise<void> {
    this.dirty = true;
    this.writing ??= this.drain();
    return this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        try {
          await writeFileAtomic(this.file, Buffer.from(stableJson(this.lock)));
        } catch (err) {
          this.failed ??= err;
        }
      }
    } finally {
      this.writing = undefined;
    }
  }
}
