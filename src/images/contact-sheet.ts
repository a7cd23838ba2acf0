/**
 * A contact sheet: one image holding a grid of pictures, each with a caption (a name, and an id
 * beneath it). Pictures are shrunk to fit their cell; captions are SVG text composited by sharp
 * (every string escaped, characters XML cannot hold replaced, long names cut with an ellipsis).
 */
import sharp, { type OverlayOptions } from 'sharp';
import { openPixels } from './decode.js';
import { FORMAT_MIME, sniffFormat } from './format.js';
import { wrap } from './placeholder.js';
import { escapeXml, oneLineXmlText } from './xml.js';
import type { ConvertTarget } from './convert.js';

export interface SheetCell {
  /** The picture's bytes; null draws an empty cell (a failed entry, an unreadable file). */
  image: Buffer | null;
  title: string;
  subtitle: string;
}

export interface SheetOptions {
  format: ConvertTarget;
  /** Columns of the grid (default: about square, at most 6). */
  columns?: number;
  /** Edge of each picture's square box, in pixels. */
  cellSize?: number;
}

export interface Sheet {
  data: Buffer;
  mimeType: string;
  width: number;
  height: number;
}

const FONT = 'DejaVu Sans, sans-serif';
const MONO = 'DejaVu Sans Mono, monospace';
const MARGIN = 16;
const GAP = 12;
const TITLE_SIZE = 15;
const SUB_SIZE = 12;
const CAPTION_HEIGHT = 44;

export function sheetColumns(count: number, asked?: number): number {
  if (asked !== undefined) return Math.max(1, Math.min(asked, count));
  return Math.max(1, Math.min(6, Math.ceil(Math.sqrt(count))));
}

export async function renderContactSheet(cells: SheetCell[], options: SheetOptions): Promise<Sheet> {
  if (cells.length === 0) throw new RangeError('A contact sheet needs at least one picture.');
  const size = options.cellSize ?? 240;
  const columns = sheetColumns(cells.length, options.columns);
  const rows = Math.ceil(cells.length / columns);
  const width = MARGIN * 2 + columns * size + (columns - 1) * GAP;
  const height = MARGIN * 2 + rows * (size + CAPTION_HEIGHT) + (rows - 1) * GAP;
  const origin = (i: number) => ({ left: MARGIN + (i % columns) * (size + GAP), top: MARGIN + Math.floor(i / columns) * (size + CAPTION_HEIGHT + GAP) });

  const pictures = await Promise.all(cells.map((cell) => fitted(cell.image, size)));
  const layers: OverlayOptions[] = [];
  pictures.forEach((picture, i) => {
    if (!picture) return;
    const { left, top } = origin(i);
    layers.push({ input: picture.data, left: left + Math.floor((size - picture.width) / 2), top: top + Math.floor((size - picture.height) / 2) });
  });
  layers.push({ input: Buffer.from(captionsSvg(cells, pictures.map((p) => p !== null), { width, height, size, origin }), 'utf8'), left: 0, top: 0 });

  let image = sharp({ create: { width, height, channels: 3, background: '#f4f4f5' } }).composite(layers);
  if (options.format === 'jpeg') image = image.jpeg({ quality: 88 });
  else if (options.format === 'webp') image = image.webp({ quality: 88 });
  else image = image.png({ compressionLevel: 6 });
  const data = await image.toBuffer();
  return { data, mimeType: FORMAT_MIME[options.format], width, height };
}

/** The picture shrunk to fit the box, or null when it cannot be decoded. */
async function fitted(data: Buffer | null, size: number): Promise<{ data: Buffer; width: number; height: number } | null> {
  if (!data) return null;
  const sniffed = sniffFormat(data);
  if (sniffed.kind !== 'image') return null;
  try {
    const { image } = await openPixels(data, sniffed.format, 'picture');
    const { data: out, info } = await image.resize(size, size, { fit: 'inside' }).png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
    return { data: out, width: info.width, height: info.height };
  } catch {
    return null;
  }
}

/** Exported for tests: the SVG holding every caption and the frame of every cell. */
export function captionsSvg(
  cells: SheetCell[],
  drawn: boolean[],
  layout: { width: number; height: number; size: number; origin: (i: number) => { left: number; top: number } },
): string {
  const { width, height, size, origin } = layout;
  const parts = cells.map((cell, i) => {
    const { left, top } = origin(i);
    const title = wrap(oneLineXmlText(cell.title) || '(no name)', (size - 8) / (TITLE_SIZE * 1.15), 1)[0] ?? '';
    const subtitle = fit(oneLineXmlText(cell.subtitle), size / (SUB_SIZE * 0.62));
    const empty = drawn[i]
      ? ''
      : `<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="#d4d4d8"/><text x="${left + size / 2}" y="${top + size / 2}" font-family="${FONT}" font-size="${SUB_SIZE}" fill="#52525b" text-anchor="middle">no image</text>`;
    return (
      `${empty}<rect x="${left - 0.5}" y="${top - 0.5}" width="${size + 1}" height="${size + CAPTION_HEIGHT + 1}" fill="none" stroke="#d4d4d8"/>` +
      `<text x="${left + 4}" y="${top + size + 19}" font-family="${FONT}" font-size="${TITLE_SIZE}" font-weight="bold" fill="#18181b">${escapeXml(title)}</text>` +
      `<text x="${left + 4}" y="${top + size + 37}" font-family="${MONO}" font-size="${SUB_SIZE}" fill="#52525b">${escapeXml(subtitle)}</text>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
}

/** Cuts a monospace line to `maxChars` characters, ending it with an ellipsis when cut. */
function fit(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length <= maxChars ? text : `${chars.slice(0, Math.max(1, Math.floor(maxChars) - 1)).join('')}…`;
}
