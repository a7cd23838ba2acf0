/**
 * `sheet`: a contact sheet of entries — one image with a grid of their pictures, each captioned
 * with its name and id. Entries are given as ids, or selected by a search with list's filters.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { ImagegenError, notFoundError, usageError } from '../domain/errors.js';
import { listEntries } from '../core/list.js';
import { runBounded } from '../core/pool.js';
import { resolveEntryId } from '../core/resolve-id.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { ConvertTarget } from '../images/convert.js';
import type { GalleryFilter } from './build.js';
import type { Ports } from '../core/ports.js';
import type { Entry } from '../domain/entry.js';

export const MAX_SHEET_ENTRIES = 400;

export interface SheetRequest {
  /** Ids (or unique prefixes, or "last"), or else the words of a search. */
  words: string[];
  filter: Omit<GalleryFilter, 'query'>;
  /** Whether any filter flag was given: then the words are always a search. */
  filtered: boolean;
  out: string;
  columns?: number;
  limit: number;
}

export interface SheetResult {
  file: string;
  mimeType: string;
  width: number;
  height: number;
  bytes: number;
  /** How the words were taken. */
  selectedBy: 'ids' | 'search';
  entries: { id: string; name: string }[];
}

const FORMATS: Record<string, ConvertTarget> = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.webp': 'webp' };

export function sheetFormat(file: string): ConvertTarget {
  const format = FORMATS[extname(file).toLowerCase()];
  if (!format) throw usageError('SHEET_FORMAT', `-o ${file}: a contact sheet is written as .png, .jpg or .webp.`, 'End the file name with .png, .jpg or .webp.');
  return format;
}

/**
 * Words are ids when each one names exactly one entry ("last", a full id or a unique prefix) and
 * no filter flag was given; otherwise they are search words, as in `list`.
 */
export function selectSheetEntries(catalog: Ports['catalog'], request: Pick<SheetRequest, 'words' | 'filter' | 'filtered' | 'limit'>): { entries: Entry[]; selectedBy: 'ids' | 'search' } {
  const ids = request.filtered || request.words.length === 0 ? undefined : idsOf(catalog, request.words);
  if (ids) {
    if (ids.length > request.limit) throw usageError('SHEET_TOO_MANY', `${ids.length} entries are more than a sheet holds (--limit ${request.limit}).`, `Give at most ${request.limit} ids, or raise --limit (up to ${MAX_SHEET_ENTRIES}).`);
    return { entries: [...new Set(ids)].map((id) => catalog.getEntry(id)!), selectedBy: 'ids' };
  }
  const query = request.words.length ? request.words.join(' ') : undefined;
  const { entries } = listEntries(catalog, { ...request.filter, query, limit: request.limit, page: 1 });
  if (entries.length === 0) {
    throw notFoundError(
      'NO_MATCHES',
      query ? `No entry matches "${query}" (taken as a search: not every word is an entry id).` : 'No entry matches these filters.',
      'Check the words with imagegen list, or give entry ids.',
    );
  }
  return { entries, selectedBy: 'search' };
}

function idsOf(catalog: Ports['catalog'], words: string[]): string[] | undefined {
  const ids: string[] = [];
  for (const word of words) {
    try {
      ids.push(resolveEntryId(catalog, word));
    } catch (err) {
      if (err instanceof ImagegenError) return undefined;
      throw err;
    }
  }
  return ids;
}

export async function makeSheet(ports: Pick<Ports, 'catalog' | 'store' | 'cwd'>, request: SheetRequest): Promise<SheetResult> {
  const file = resolve(ports.cwd ?? process.cwd(), request.out);
  const format = sheetFormat(file);
  const { entries, selectedBy } = selectSheetEntries(ports.catalog, request);
  const [{ renderContactSheet, SHEET_CELL }, { makeThumbnail }] = await Promise.all([import('../images/contact-sheet.js'), import('../images/thumbnail.js')]);
  // A few at a time, each shrunk to its cell at once: 400 full-size images are never all in memory.
  const pictures = await runBounded(entries.length, 4, async (i) => {
    const file = entries[i]!.file;
    const data = file ? ((await readOr(ports.store.blobPath(file.sha256, file.mimeType))) ?? (await readOr(file.path))) : null;
    return data ? (await makeThumbnail(data, SHEET_CELL)).data : null;
  });
  const cells = entries.map((e, i) => {
    const picture = pictures[i];
    return {
      image: picture?.status === 'fulfilled' ? picture.value : null,
      title: e.name,
      subtitle: `${e.id}${e.status === 'completed' ? '' : ` · ${e.status}`}`,
    };
  });
  const sheet = await renderContactSheet(cells, { format, columns: request.columns });
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, sheet.data);
  return {
    file,
    mimeType: sheet.mimeType,
    width: sheet.width,
    height: sheet.height,
    bytes: sheet.data.length,
    selectedBy,
    entries: entries.map((e) => ({ id: e.id, name: e.name })),
  };
}

async function readOr(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch {
    return null;
  }
}
