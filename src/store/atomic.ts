/** Atomic file writes: a temp file beside the target, fsynced, then renamed or linked into place. */
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A temp file's path beside `target` (`.name.<pid>.<8 hex>.tmp`: doctor clears a dead writer's). */
export function tempPathFor(target: string, pid = process.pid): string {
  return join(dirname(target), `.${basename(target)}.${pid}.${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}.tmp`);
}

async function writeTemp(target: string, data: Buffer | readonly Buffer[], mode = 0o644, durable = true): Promise<string> {
  const temp = tempPathFor(target);
  const handle = await fs.open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    if (durable) await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  return temp;
}

/**
 * Writes data (one buffer, or several one after the other: a big file need not be copied into one
 * first) to target atomically, replacing whatever was there. `durable: false` skips the
 * fsync, for files that can be made again (a gallery's pages and thumbnails): still never
 * half-written, but a power cut may lose the newest version.
 */
export async function writeFileAtomic(target: string, data: Buffer | readonly Buffer[], mode = 0o644, durable = true): Promise<void> {
  const temp = await writeTemp(target, data, mode, durable);
  try {
    await fs.rename(temp, target);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

/**
 * Writes data to target atomically, failing with EEXIST instead of replacing a file: the temp
 * file is hard-linked to the target name (which refuses to overwrite) and then removed.
 */
export async function writeFileAtomicExclusive(target: string, data: Buffer, mode = 0o644): Promise<void> {
  const temp = await writeTemp(target, data, mode);
  try {
    await fs.link(temp, target);
  } finally {
    await fs.rm(temp, { force: true });
  }
}
