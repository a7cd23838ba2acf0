/**
 * `-O/--output FILE`: one image written at exactly FILE, in the format its extension names,
 * atomically; an existing file is refused unless the caller allows replacing it (`--force`).
 */
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { usageError } from '../domain/errors.js';
import { checkWritableDir } from '../store/store.js';
import type { ImageJob } from './run-images.js';
import type { OutputFormat } from '../domain/entry.js';

const FORMATS: Record<string, OutputFormat> = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.webp': 'webp' };

/** The format an output path's extension names (.png, .jpg/.jpeg, .webp), or undefined. */
export function formatOfPath(path: string): OutputFormat | undefined {
  const dot = path.lastIndexOf('.');
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return dot <= slash ? undefined : FORMATS[path.slice(dot).toLowerCase()];
}

async function existingKind(path: string): Promise<'file' | 'directory' | 'other' | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
  } catch {
    return null;
  }
}

/** The planned job, set to write exactly `file`; exit 2 before anything is sent when it cannot. */
export async function withOutputFile(job: ImageJob, file: string, overwrite: boolean, cwd = process.cwd()): Promise<ImageJob> {
  const path = resolve(cwd, file);
  if (job.count !== 1) {
    throw usageError('OUTPUT_NEEDS_ONE_IMAGE', `-O/--output writes one file, but ${job.count} images were asked for.`, 'Leave out -n, or use -o/--out DIR for several images.');
  }
  const format = formatOfPath(path);
  if (!format) {
    throw usageError('OUTPUT_EXTENSION', `-O/--output ${JSON.stringify(file)} must end in .png, .jpg, .jpeg or .webp: the extension sets the format.`, 'For example -O assets/hero.png.');
  }
  if (job.format && job.format !== format) {
    throw usageError('OUTPUT_FORMAT_CONFLICT', `--format ${job.format} disagrees with the extension of -O ${JSON.stringify(file)} (${format}).`, 'Leave out --format: the extension decides.');
  }
  const kind = await existingKind(path);
  if (kind === 'directory' || kind === 'other') {
    throw usageError('OUTPUT_NOT_A_FILE', `-O/--output ${JSON.stringify(file)} is ${kind === 'directory' ? 'a folder' : 'not a regular file'}.`, 'Give a file path; -o/--out takes a folder.');
  }
  if (kind === 'file' && !overwrite) {
    throw usageError('OUTPUT_EXISTS', `${JSON.stringify(file)} already exists; nothing was sent.`, 'Add --force to replace it, or choose another path.');
  }
  return { ...job, format, outFile: { path, overwrite } };
}

/** The folder a job writes to must be writable: exit 2 before anything is sent when it is not. */
export async function checkOutputFolder(job: Pick<ImageJob, 'outDir' | 'outFile'>): Promise<void> {
  const folder = job.outFile ? dirname(job.outFile.path) : job.outDir;
  try {
    await checkWritableDir(folder);
  } catch (err) {
    throw usageError('OUTPUT_NOT_WRITABLE', `Cannot write to the output folder ${folder}: ${(err as Error).message}`, job.outFile ? 'Choose a file in a folder you can write to with -O/--output.' : 'Choose a folder you can write to with -o/--out or IMAGEGEN_OUT.');
  }
}
