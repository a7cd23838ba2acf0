/**
 * Which image format a buffer holds, from its first bytes alone (never from the file name).
 */
export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'heif' | 'bmp' | 'avif' | 'tiff';

export const FORMAT_MIME: Readonly<Record<ImageFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heif: 'image/heif',
  bmp: 'image/bmp',
  avif: 'image/avif',
  tiff: 'image/tiff',
};

/** Names for messages: "a GIF", "BMP converted to PNG". */
export const FORMAT_NAME: Readonly<Record<ImageFormat, string>> = {
  png: 'PNG',
  jpeg: 'JPEG',
  webp: 'WEBP',
  gif: 'GIF',
  heif: 'HEIC',
  bmp: 'BMP',
  avif: 'AVIF',
  tiff: 'TIFF',
};

export type Sniffed =
  /** A format this module reads. `mimeType` is refined for HEIF brands (image/heic vs image/heif). */
  | { kind: 'image'; format: ImageFormat; mimeType: string }
  /** An image format we recognise but do not read (SVG, JPEG XL, …). */
  | { kind: 'unsupported'; name: string }
  /** Something we recognise that is not an image at all (PDF, ZIP, …). */
  | { kind: 'other'; name: string }
  | { kind: 'unknown' };

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIF_GENERIC_BRANDS = new Set(['mif1', 'msf1', 'mif2', 'miaf']);
const BMP_DIB_HEADER_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

function startsWith(data: Buffer, bytes: readonly number[], offset = 0): boolean {
  if (data.length < offset + bytes.length) return false;
  return bytes.every((b, i) => data[offset + i] === b);
}

function ascii(data: Buffer, start: number, end: number): string {
  return data.toString('latin1', start, Math.min(end, data.length));
}

export function sniffFormat(data: Buffer): Sniffed {
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return image('png');
  if (startsWith(data, [0xff, 0xd8, 0xff])) return image('jpeg');
  const head6 = ascii(data, 0, 6);
  if (head6 === 'GIF87a' || head6 === 'GIF89a') return image('gif');
  if (ascii(data, 0, 4) === 'RIFF' && ascii(data, 8, 12) === 'WEBP') return image('webp');
  if (startsWith(data, [0x49, 0x49, 0x2a, 0x00]) || startsWith(data, [0x4d, 0x4d, 0x00, 0x2a])) return image('tiff');
  if (startsWith(data, [0x49, 0x49, 0x2b, 0x00]) || startsWith(data, [0x4d, 0x4d, 0x00, 0x2b])) return image('tiff'); // BigTIFF
  if (ascii(data, 0, 2) === 'BM' && data.length >= 18 && BMP_DIB_HEADER_SIZES.has(data.readUInt32LE(14))) return image('bmp');
  if (ascii(data, 4, 8) === 'ftyp') return sniffIsoBmff(data);
  return sniffOther(data);
}

function image(format: ImageFormat, mimeType: string = FORMAT_MIME[format]): Sniffed {
  return { kind: 'image', format, mimeType };
}

/** HEIF, AVIF and their video cousins share the ISO base media file format: the brands decide. */
function sniffIsoBmff(data: Buffer): Sniffed {
  const boxSize = data.length >= 4 ? data.readUInt32BE(0) : 0;
  const end = Math.min(data.length, boxSize >= 16 ? boxSize : 16);
  const major = ascii(data, 8, 12);
  const brands = [major];
  for (let off = 16; off + 4 <= end; off += 4) brands.push(ascii(data, off, off + 4));
  if (AVIF_BRANDS.has(major)) return image('avif');
  if (HEIC_BRANDS.has(major)) return image('heif', 'image/heic');
  if (HEIF_GENERIC_BRANDS.has(major) || brands.some((b) => HEIF_GENERIC_BRANDS.has(b))) {
    if (brands.some((b) => AVIF_BRANDS.has(b))) return image('avif');
    if (brands.some((b) => HEIC_BRANDS.has(b))) return image('heif', 'image/heic');
    return image('heif');
  }
  if (brands.includes('jxl ')) return { kind: 'unsupported', name: 'a JPEG XL image' };
  if (major === 'jp2 ' || major === 'jpx ') return { kind: 'unsupported', name: 'a JPEG 2000 image' };
  if (major === 'crx ') return { kind: 'unsupported', name: 'a Canon raw photo (CR3)' };
  if (major.startsWith('qt')) return { kind: 'other', name: 'a QuickTime video' };
  return { kind: 'other', name: 'a video or audio file (MP4 family)' };
}

function sniffOther(data: Buffer): Sniffed {
  const head4 = ascii(data, 0, 4);
  if (head4 === '%PDF') return { kind: 'other', name: 'a PDF document' };
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'other', name: 'a ZIP archive (or an Office document)' };
  if (startsWith(data, [0x1f, 0x8b])) return { kind: 'other', name: 'a gzip archive' };
  if (head4 === '8BPS') return { kind: 'unsupported', name: 'a Photoshop document (PSD)' };
  if (head4 === 'qoif') return { kind: 'unsupported', name: 'a QOI image' };
  if (startsWith(data, [0x00, 0x00, 0x01, 0x00]) || startsWith(data, [0x00, 0x00, 0x02, 0x00])) return { kind: 'unsupported', name: 'an icon (ICO/CUR)' };
  if (startsWith(data, [0xff, 0x0a]) || startsWith(data, [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) return { kind: 'unsupported', name: 'a JPEG XL image' };
  if (startsWith(data, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || startsWith(data, [0xff, 0x4f, 0xff, 0x51])) return { kind: 'unsupported', name: 'a JPEG 2000 image' };
  if (/^P[1-7]\s/.test(ascii(data, 0, 3))) return { kind: 'unsupported', name: 'a Netpbm image (PBM/PGM/PPM)' };
  const text = data.toString('utf8', 0, Math.min(data.length, 1024)).replace(/^\uFEFF/, '').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(text)) return { kind: 'unsupported', name: 'an SVG image' };
  if (/^<(!doctype html|html)[\s>]/i.test(text)) return { kind: 'other', name: 'an HTML page' };
  if (looksLikeText(data)) return { kind: 'other', name: 'a text file' };
  return { kind: 'unknown' };
}

function looksLikeText(data: Buffer): boolean {
  const sample = data.subarray(0, 512);
  if (sample.length === 0) return false;
  let control = 0;
  for (const b of sample) {
    if (b === 0) return false;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control === 0;
}
