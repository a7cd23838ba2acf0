/**
 * Reads an input image file into memory, refusing what can't be an image before decoding anything:
 * missing, a folder, unreadable, empty or over MAX_INPUT_BYTES.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { ImagegenError } from '../core/errors.js';
import { inputEmpty, inputIsDirectory, inputNotFound, inputTooManyBytes, inputUnreadable } from './input-errors.js';
import { MAX_INPUT_BYTES } from './limits.js';

export async function readImageFile(path: string): Promise<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw classifyReadError(err, path);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw inputIsDirectory(path);
    if (stat.size > MAX_INPUT_BYTES) throw inputTooManyBytes(path, stat.size);
    // The size from stat is not trusted for the rest: pipes and /proc files report 0.
    const data = await readCapped(handle, MAX_INPUT_BYTES);
    if (data === undefined) throw inputTooManyBytes(path, undefined);
    if (data.length === 0) throw inputEmpty(path);
    return data;
  } catch (err) {
    throw classifyReadError(err, path);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Reads at most `cap` bytes (undefined if there are more). Works for pipes too. */
async function readCapped(handle: FileHandle, cap: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, cap + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > cap) return undefined;
  }
  return chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, total);
}

/** Maps an fs error to the refusal the user sees; ImagegenErrors pass through. */
export function classifyReadError(err: unknown, label: string): ImagegenError {
  if (err instanceof ImagegenError) return err;
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
