/** The extra inputs of --enhance: a background text file (--context) and earlier prompts (--history). */
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { usageError } from '../core/errors.js';
import { recentPrompts } from '../catalog/history.js';
import type { Catalog } from '../catalog/catalog.js';

/** Gemini takes far more, but a background file larger than this is almost certainly a mistake. */
export const MAX_CONTEXT_BYTES = 1024 * 1024;

function unreadable(path: string, why: string): never {
  throw usageError('CONTEXT_FILE_UNREADABLE', `Cannot use ${path} as --context: ${why}.`, 'Give --context a readable UTF-8 text file (notes, a brief, a story).');
}

/** Reads --context: a non-empty UTF-8 text file of at most 1 MiB; anything else is a usage error. */
export async function readContextFile(path: string, cwd = process.cwd()): Promise<{ source: string; text: string }> {
  const full = resolve(cwd, path);
  let size: number;
  let isDirectory: boolean;
  try {
    const info = await stat(full);
    [size, isDirectory] = [info.size, info.isDirectory()];
  } catch (err) {
    unreadable(path, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message);
  }
  if (isDirectory) unreadable(path, 'it is a folder');
  if (size > MAX_CONTEXT_BYTES) unreadable(path, `it is ${Math.ceil(size / 1024)} KiB, more than the ${MAX_CONTEXT_BYTES / 1024} KiB allowed`);
  let data: Buffer;
  try {
    data = await readFile(full);
  } catch (err) {
    unreadable(path, (err as Error).message);
  }
  if (data.includes(0)) unreadable(path, 'it is not a text file');
  const text = data.toString('utf8').replace(/^\uFEFF/, '').trim();
  if (!text) unreadable(path, 'it is empty');
  return { source: basename(full), text };
}

/** The last `count` prompts of the project (null: entries without a project), newest first. */
export function projectHistory(catalog: Catalog | undefined, project: string | null, count: number): string[] {
  return catalog && count > 0 ? recentPrompts(catalog, project, count) : [];
}
