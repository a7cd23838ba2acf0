/**
 * Reads an input image file into memory, refusing what can't be an image before decoding anything:
 * missing, a folder, not a regular file (a FIFO or a device would block or never end), unreadable,
 * empty or over MAX_INPUT_BYTES.
 */
import type { FileHandle } from 'node:fs/promises';
import { ImagegenError } from '../domain/errors.js';
import { NotRegularFileError, openRegularFile, readHandleCapped, readStreamCapped } from '../store/bounded-read.js';
import { inputEmpty, inputIsDirectory, inputNotFound, inputTooManyBytes, inputUnreadable } from './input-errors.js';
import { MAX_INPUT_BYTES } from './limits.js';

export async function readImageFile(path: string): Promise<Buffer> {
  let handle: FileHandle;
  let size: number;
  try {
    ({ handle, size } = await openRegularFile(path));
  } catch (err) {
    throw classifyReadError(err, path);
  }
  try {
    if (size > MAX_INPUT_BYTES) throw inputTooManyBytes(path, size);
    // The size from stat is not trusted for the rest: the file may grow while it is read.
    const data = await readHandleCapped(handle, MAX_INPUT_BYTES);
    if (data === undefined) throw inputTooManyBytes(path, undefined);
    if (data.length === 0) throw inputEmpty(path);
    return data;
  } catch (err) {
    throw classifyReadError(err, path);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** `-i -`: one image from standard input, at most MAX_INPUT_BYTES. */
export async function readImageStream(stream: NodeJS.ReadableStream, label: string, signal?: AbortSignal): Promise<Buffer> {
  const data = await readStreamCapped(stream, MAX_INPUT_BYTES, signal);
  if (data === undefined) throw inputTooManyBytes(label, undefined);
  if (data.length === 0) throw inputEmpty(label);
  return data;
}

/** Maps an fs error to the refusal the user sees; ImagegenErrors pass through. */
export function classifyReadError(err: unknown, label: string): ImagegenError {
  if (err instanceof ImagegenError) return err;
  if (err instanceof NotRegularFileError) {
    return err.kind === 'a folder' ? inputIsDirectory(label) : inputUnreadable(label, `it is ${err.kind}, not a regular file`);
  }
  const e = err as NodeJS.ErrnoException | undefined;
  switch (e?.code) {
    case 'ENOENT':
      return inputNotFound(label);
    case 'ENOTDIR':
      return inputNotFound(label, 'a part of the path is a file, not a folder');
    case 'ENAMETOOLONG':
      return inputNotFound(label, 'the path is too long');
    case 'EISDIR':
      return inputIsDirectory(label);
    case 'EACCES':
    case 'EPERM':
      return inputUnreadable(label, 'permission denied');
    case 'ELOOP':
      return inputUnreadable(label, 'too many levels of symbolic links');
    case 'EIO':
      return inputUnreadable(label, 'an I/O error from the disk or device');
    default: {
      const reason = e?.code ? `${e.code}${e.message ? ` (${e.message})` : ''}` : err instanceof Error ? err.message : String(err);
      return inputUnreadable(label, reason);
    }
  }
}
