/**
 * Content-addressed blobs under the home, and the files a user sees in the output folder.
 * Every image the catalog knows is a blob keyed by sha256, so entries survive the user moving or
 * deleting their copies. Output files are hard links to their blob where the file system allows.
 */
import type * as Crypto from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempPathFor, writeFileAtomic, writeFileAtomicExclusive } from './atomic.js';

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/bmp': 'bmp',
  'image/avif': 'avif',
  'image/tiff': 'tiff',
};

export function extensionFor(mimeType: string): string {
  return EXTENSIONS[mimeType] ?? 'bin';
}

export function sha256(data: Buffer): string {
  return crypto().createHash('sha256').update(data).digest('hex');
}

/** How many names to try (`name`, `name-2`, …) before giving up on finding a free one. */
const MAX_NAME_ATTEMPTS = 1000;

export class Store {
  readonly home: string;
  readonly blobDir: string;

  constructor(home: string) {
    this.home = home;
    this.blobDir = join(home, 'blobs');
  }

  blobPath = (hash: string, mimeType: string): string => join(this.blobDir, hash.slice(0, 2), `${hash}.${extensionFor(mimeType)}`);

  /** Stores bytes as a blob (once: an existing blob is kept) and returns its hash and path. */
  async putBlob(data: Buffer, mimeType: string): Promise<{ sha256: string; path: string; created: boolean }> {
    const hash = sha256(data);
    const path = this.blobPath(hash, mimeType);
    if (await exists(path)) return { sha256: hash, path, created: false };
    await fs.mkdir(join(this.blobDir, hash.slice(0, 2)), { recursive: true });
    // Read-only: output files are hard links to their blob, and an editor writing a linked file
    // in place would otherwise change the catalog's copy too. Moving or deleting still works.
    await writeFileAtomic(path, data, 0o444);
    return { sha256: hash, path, created: true };
  }

  async readBlob(hash: string, mimeType: string): Promise<Buffer> {
    return fs.readFile(this.blobPath(hash, mimeType));
  }

  async removeBlob(hash: string, mimeType: string): Promise<void> {
    await fs.rm(this.blobPath(hash, mimeType), { force: true });
  }

  writeOutputFile = writeOutputAt;

  /**
   * Places a blob in the output folder as `<stem>.<ext>`, or `<stem>-2.<ext>` and so on if the
   * name is taken: never overwriting. Hard link first, copy (atomically) where links fail.
   */
  async placeOutput(blobPath: string, outDir: string, stem: string, ext: string): Promise<string> {
    await fs.mkdir(outDir, { recursive: true });
    let data: Buffer | undefined;
    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
      const target = join(outDir, attempt === 1 ? `${stem}.${ext}` : `${stem}-${attempt}.${ext}`);
      try {
        if (data === undefined) {
          try {
            await fs.link(blobPath, target);
            return target;
          } catch (err) {
            if (!isLinkUnsupported(err)) throw err;
            data = await fs.readFile(blobPath);
          }
        }
        await writeFileAtomicExclusive(target, data);
        return target;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    throw new Error(`No free file name for ${stem}.${ext} in ${outDir}`);
  }

  /**
   * Puts a copy of a blob at an exact path (a gallery's content-addressed image): a hard link
   * where possible, else an atomic copy. A file already there is kept (same name, same content).
   */
  async exportBlob(blobPath: string, target: string): Promise<'linked' | 'copied' | 'kept'> {
    await fs.mkdir(dirname(target), { recursive: true });
    try {
      await fs.link(blobPath, target);
      return 'linked';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'kept';
      if (!isLinkUnsupported(err)) throw err;
    }
    try {
      await writeFileAtomicExclusive(target, await fs.readFile(blobPath));
      return 'copied';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'kept';
      throw err;
    }
  }
}

/**
 * Writes an output file at exactly `target` (a build target, `-O FILE`), atomically: a reader sees
 * the old file or the new one, never half of either. Without `overwrite` an existing file is
 * refused (EEXIST). A copy, not a link to the blob: the file belongs to the user's project.
 */
export async function writeOutputAt(target: string, data: Buffer, overwrite: boolean): Promise<string> {
  await fs.mkdir(dirname(target), { recursive: true });
  if (overwrite) await writeFileAtomic(target, data);
  else await writeFileAtomicExclusive(target, data);
  return target;
}

function isLinkUnsupported(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EXDEV' || code === 'EPERM' || code === 'ENOTSUP' || code === 'EMLINK' || code === 'ENOSYS';
}

export async function exists(path: string): Promise<boolean> {
  try {
    await fs.access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Throws the file system's error if files cannot be created in dir, without leaving anything
 * behind: the probe goes into the nearest folder that exists (dir itself is made later).
 */
export async function checkWritableDir(dir: string): Promise<void> {
  let existing = dir;
  for (;;) {
    try {
      const stat = await fs.stat(existing);
      if (!stat.isDirectory()) throw Object.assign(new Error(`${existing} is not a directory`), { code: 'ENOTDIR' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const parent = dirname(existing);
      if (parent === existing) throw err;
      existing = parent;
    }
  }
  const probe = writeProbePath(existing);
  await fs.writeFile(probe, '');
  await fs.rm(probe, { force: true });
}

/**
 * The probe is named as an atomic write's temp file, so a probe left by a process killed between
 * writing and removing it is one doctor --fix clears.
 */
export function writeProbePath(dir: string, pid = process.pid): string {
  return tempPathFor(join(dir, 'imagegen-write-test'), pid);
}

/**
 * node:crypto, loaded on first use: `imagegen list` opens the store for paths only, and loading
 * crypto costs it several milliseconds of start-up.
 */
export function crypto(): typeof Crypto {
  return process.getBuiltinModule('node:crypto');
}
