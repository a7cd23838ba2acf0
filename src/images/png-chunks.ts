/**
 * PNG chunk walking and writing at byte level (no decoding).
 */
import { crc32 } from 'node:zlib';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngChunk {
  type: string;
  /** Offset of the chunk's length field. */
  start: number;
  /** Offset just past its CRC. */
  end: number;
  data: Buffer;
}

export type PngWalk =
  | { ok: true; chunks: PngChunk[]; /** Offset just past IEND; anything after is trailing junk. */ end: number }
  | { ok: false; reason: string; chunks: PngChunk[] };

/** Walks the chunks up to IEND, checking that each one fits in the file. */
export function walkPng(data: Buffer): PngWalk {
  const chunks: PngChunk[] = [];
  if (data.length < 8 || !data.subarray(0, 8).equals(PNG_SIGNATURE)) return { ok: false, reason: 'the PNG signature is missing', chunks };
  let at = 8;
  for (;;) {
    if (at + 8 > data.length) {
      return { ok: false, reason: at === data.length ? 'the file ends before the IEND chunk' : 'the file ends in the middle of a chunk header', chunks };
    }
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (length > 0x7fffffff || end > data.length) return { ok: false, reason: `the file ends in the middle of the ${type} chunk`, chunks };
    chunks.push({ type, start: at, end, data: data.subarray(at + 8, at + 8 + length) });
    at = end;
    if (type === 'IEND') return { ok: true, chunks, end };
  }
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4, 8))), 0);
  return Buffer.concat([head, data, crc]);
}

/** The keyword of a tEXt, zTXt or iTXt chunk (the bytes before the first NUL). */
export function textKeyword(chunk: PngChunk): string | undefined {
  if (chunk.type !== 'tEXt' && chunk.type !== 'zTXt' && chunk.type !== 'iTXt') return undefined;
  const nul = chunk.data.indexOf(0);
  return nul < 0 ? undefined : chunk.data.toString('latin1', 0, nul);
}

/** tEXt when the text is Latin-1 (as the spec requires), iTXt (UTF-8, uncompressed) otherwise. */
export function textChunk(keyword: string, text: string): Buffer {
  const clean = text.replaceAll('\0', '\uFFFD');
  if (/^[^\u0100-\uffff]*$/.test(clean)) return pngChunk('tEXt', Buffer.concat([Buffer.from(`${keyword}\0`, 'latin1'), Buffer.from(clean, 'latin1')]));
  return itxtChunk(keyword, clean);
}

export function itxtChunk(keyword: string, text: string): Buffer {
  // keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL, UTF-8 text.
  return pngChunk('iTXt', Buffer.concat([Buffer.from(`${keyword}\0\0\0\0\0`, 'latin1'), Buffer.from(text, 'utf8')]));
}

/** The text of an iTXt chunk (inflating it if compressed), or undefined if malformed. */
export function readItxt(chunk: PngChunk, inflate: (b: Buffer) => Buffer): string | undefined {
  const d = chunk.data;
  const k = d.indexOf(0);
  if (k < 0 || k + 3 > d.length) return undefined;
  const compressed = d[k + 1] === 1;
  const lang = d.indexOf(0, k + 3);
  if (lang < 0) return undefined;
  const translated = d.indexOf(0, lang + 1);
  if (translated < 0) return undefined;
  const body = d.subarray(translated + 1);
  try {
    return (compressed ? inflate(body) : body).toString('utf8');
  } catch {
    return undefined;
  }
}
