/**
 * Output images for the fake: real, decodable PNGs (or JPEGs) of the size Gemini would return,
 * filled with one colour derived from the prompt. Encoding is cached per (format, size, colour);
 * each response then gets a small metadata chunk carrying its request number, so two identical
 * requests still return different bytes without paying for a second encode.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { dimensionsFor } from '../../src/providers/models.js';

export type OutputMime = 'image/png' | 'image/jpeg';

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** A stable colour for a prompt: the first three bytes of its SHA-256. */
export function colourFor(prompt: string): Rgb {
  const digest = createHash('sha256').update(prompt).digest();
  return { r: digest[0] ?? 0, g: digest[1] ?? 0, b: digest[2] ?? 0 };
}

/** Sizes Gemini accepts for imageConfig.imageSize; anything else is a 400 from the fake. */
export const IMAGE_SIZES: readonly string[] = ['512', '1K', '2K', '4K'];

/** Output pixel size for a request's imageConfig, defaulting like the API (1:1, 1K). */
export function outputSize(aspectRatio: string | undefined, imageSize: string | undefined): { width: number; height: number } {
  return dimensionsFor(aspectRatio ?? '1:1', imageSize ?? '1K');
}

const MAX_CACHED = 64;
const cache = new Map<string, Promise<Buffer>>();

function encode(mime: OutputMime, width: number, height: number, colour: Rgb): Promise<Buffer> {
  const key = `${mime} ${width}x${height} ${colour.r},${colour.g},${colour.b}`;
  let pending = cache.get(key);
  if (pending === undefined) {
    const base = sharp({ create: { width, height, channels: 3, background: colour } });
    // Low PNG compression: a flat colour shrinks to a few KB anyway and encoding stays quick.
    pending = (mime === 'image/png' ? base.png({ compressionLevel: 1 }) : base.jpeg({ quality: 85 })).toBuffer();
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
    // Maps iterate in insertion order, so the first key is the oldest.
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  }
  return pending;
}

/** Adds a tEXt chunk just before IEND (the last 12 bytes of every PNG). */
function tagPng(png: Buffer, keyword: string, text: string): Buffer {
  const data = Buffer.from(`${keyword}\0${text}`, 'latin1');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), chunk, png.subarray(iend)]);
}

/** Adds a COM (comment) segment right after the SOI marker. */
function tagJpeg(jpeg: Buffer, text: string): Buffer {
  const data = Buffer.from(text, 'latin1');
  const segment = Buffer.alloc(4 + data.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(data.length + 2, 2); // the length counts itself but not the marker
  data.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

/** An image of the given size and colour whose bytes are unique to `serial`. */
export async function makeImage(mime: OutputMime, width: number, height: number, colour: Rgb, serial: number): Promise<Buffer> {
  const encoded = await encode(mime, width, height, colour);
  const tag = `fake-gemini request ${serial}`;
  return mime === 'image/png' ? tagPng(encoded, 'Comment', tag) : tagJpeg(encoded, tag);
}
