/**
 * Reads that always end: files must be regular files (a FIFO, /dev/zero or a terminal would block
 * or never end), and every read — files and standard input alike — stops one byte past its cap.
 * Callers turn the outcomes into their own usage errors, naming the thing and the limit.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';

/** Thrown for a path that exists but is not a regular file; `kind` says what it is instead. */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREGULAR';
  readonly path: string;
  readonly kind: string;

  constructor(path: string, kind: string) {
    super(`${path} is ${kind}, not a regular file`);
    this.path = path;
    this.kind = kind;
  }
}

/** What a non-regular file is, in words a user knows. */
export function fileKind(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Opens a regular file for reading. The path is checked before it is opened (opening a FIFO
 * blocks until a writer comes), and the opened file again (it may have been swapped meanwhile;
 * O_NONBLOCK keeps that open from blocking).
 */
export async function openRegularFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  mustBeRegular(path, await stat(path));
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    return { handle, size: mustBeRegular(path, await handle.stat()).size };
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}

function mustBeRegular(path: string, info: Stats): Stats {
  if (!info.isFile()) throw new NotRegularFileError(path, fileKind(info));
  return info;
}

/** Chunks read up to a cap: each read asks for at most one byte past it. */
class CappedChunks {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  private readonly cap: number;

  constructor(cap: number) {
    this.cap = cap;
  }

  /** A buffer for the next read. */
  next(): Buffer {
    return Buffer.allocUnsafe(Math.min(1024 * 1024, this.cap + 1 - this.total));
  }

  /** Keeps what a read brought; false once the cap is passed. */
  add(chunk: Buffer, bytesRead: number): boolean {
    this.chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    this.total += bytesRead;
    return this.total <= this.cap;
  }

  bytes(): Buffer {
    return this.chunks.length === 1 && this.chunks[0] ? this.chunks[0] : Buffer.concat(this.chunks, this.total);
  }
}

/** Reads at most `cap` bytes from an open file; undefined when there are more. */
export async function readHandleCapped(handle: FileHandle, cap: number): Promise<Buffer | undefined> {
  const read = new CappedChunks(cap);
  for (;;) {
    const chunk = read.next();
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return read.bytes();
    if (!read.add(chunk, bytesRead)) return undefined;
  }
}

/**
 * A regular file's bytes, at most `cap` of them: undefined when it is larger. Read synchronously:
 * the files read this way are small (config, templates, manifests, a context file: 1 MiB at
 * most), and Node's promise-based file API costs every start that loads it about 3 ms.
 */
export function readRegularFileCappedSync(path: string, cap: number): Buffer | undefined {
  mustBeRegular(path, statSync(path));
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (mustBeRegular(path, fstatSync(fd)).size > cap) return undefined;
    // The size from stat is not trusted for the rest: the file may grow while it is read.
    const read = new CappedChunks(cap);
    for (;;) {
      const chunk = read.next();
      const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
      if (bytesRead === 0) return read.bytes();
      if (!read.add(chunk, bytesRead)) return undefined;
    }
  } finally {
    closeSync(fd);
  }
}

/** readRegularFileCappedSync for callers that await. */
export async function readRegularFileCapped(path: string, cap: number): Promise<Buffer | undefined> {
  return readRegularFileCappedSync(path, cap);
}

/**
 * Reads a stream (standard input) to its end, at most `cap` bytes: undefined when there are more.
 * Stops at once when `signal` aborts (rejecting with its reason), so Ctrl-C ends a read that a
 * writer keeps open.
 */
export async function readStreamCapped(stream: NodeJS.ReadableStream, cap: number, signal?: AbortSignal): Promise<Buffer | undefined> {
  signal?.throwIfAborted();
  const chunks: Buffer[] = [];
  let total = 0;
  const aborted = new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
  aborted.catch(() => undefined);
  const iterator = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done) break;
      const chunk = Buffer.from(next.value as Buffer);
      chunks.push(chunk);
      total += chunk.length;
      if (total > cap) return undefined;
    }
  } finally {
    // Stop reading (and let the process exit) however the loop ended.
    void iterator.return?.();
  }
  return Buffer.concat(chunks, total);
}
