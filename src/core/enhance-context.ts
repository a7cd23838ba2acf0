/** The extra inputs of --enhance: a background text file (--context) and earlier prompts (--history). */
import { basename, resolve } from 'node:path';
import { usageError } from '../domain/errors.js';
import { NotRegularFileError, readRegularFileCapped } from '../store/bounded-read.js';
import type { Catalog } from '../catalog/catalog.js';
import type { EnhanceContext } from '../prompts/enhance.js';

/** Gemini takes far more, but a background file larger than this is almost certainly a mistake. */
export const MAX_CONTEXT_BYTES = 1024 * 1024;

function unreadable(path: string, why: string): never {
  throw usageError('CONTEXT_FILE_UNREADABLE', `Cannot use ${path} as --context: ${why}.`, 'Give --context a readable UTF-8 text file (notes, a brief, a story).');
}

/** Reads --context: a non-empty UTF-8 text file of at most 1 MiB; anything else is a usage error. */
export async function readContextFile(path: string, cwd = process.cwd()): Promise<EnhanceContext> {
  const full = resolve(cwd, path);
  let data: Buffer | undefined;
  try {
    data = await readRegularFileCapped(full, MAX_CONTEXT_BYTES);
  } catch (err) {
    if (err instanceof NotRegularFileError) unreadable(path, `it is ${err.kind}, not a regular file`);
    unreadable(path, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message);
  }
  if (data === undefined) unreadable(path, `it is larger than the ${MAX_CONTEXT_BYTES / 1024} KiB allowed`);
  if (data.includes(0)) unreadable(path, 'it is not a text file');
  const text = data.toString('utf8').replace(/^\uFEFF/, '').trim();
  if (!text) unreadable(path, 'it is empty');
  return { source: basename(full), text };
}

/** The last `count` prompts of the project (null: entries without a project), newest first. */
export function projectHistory(catalog: Catalog | undefined, project: string | null, count: number): string[] {
  return catalog && count > 0 ? catalog.recentPrompts(project, count) : [];
}
