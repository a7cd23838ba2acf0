/**
 * A small BMP decoder, because the prebuilt libvips in sharp has no BMP loader (sharp says
 * "Input buffer contains unsupported image format").
 *
 * Reads uncompressed BMPs (BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS) with any of the common
 * headers (OS/2 core, BITMAPINFOHEADER, V2–V5): 1/4/8-bit paletted, 16-bit (5-5-5 or masks),
 * 24-bit and 32-bit (BGRX, BGRA or masks), bottom-up and top-down. RLE and embedded JPEG/PNG are
 * refused as unsupported. Output is RGBA for sharp's raw input.
 */
import { inputCorrupt, inputUnsupported } from './input-errors.js';

export interface BmpHeader {
  width: number;
  height: number;
  topDown: boolean;
  bitsPerPixel: number;
  compression: number;
  /** Why the pixel data is incomplete, if it is (checked apart so the pixel limit can come first). */
  truncated?: string;
}

export interface DecodedBmp {
  width: number;
  height: number;
  channels: 4;
  /** RGBA, top row first. */
  data: Buffer;
  /** False when every pixel is opaque (the caller may drop the alpha channel). */
  hasAlpha: boolean;
}

interface Layout extends BmpHeader {
  pixelOffset: number;
  rowStride: number;
  /** Channel masks for 16/32-bit; alpha 0 = none. */
  masks: { r: number; g: number; b: number; a: number };
  /** RGB triples for paletted images. */
  palette: Uint8Array;
  paletteSize: number;
}

const BI_RGB = 0;
const BI_RLE8 = 1;
const BI_RLE4 = 2;
const BI_BITFIELDS = 3;
const BI_JPEG = 4;
const BI_PNG = 5;
const BI_ALPHABITFIELDS = 6;

const COMPRESSION_NAMES: Record<number, string> = {
  [BI_RLE8]: 'RLE8 compression',
  [BI_RLE4]: 'RLE4 compression',
  [BI_JPEG]: 'an embedded JPEG',
  [BI_PNG]: 'an embedded PNG',
};

/** Width, height and layout from the header alone: cheap, for the pixel limit before decoding. */
export function readBmpHeader(data: Buffer, label: string): BmpHeader {
  const { width, height, topDown, bitsPerPixel, compression, truncated } = readLayout(data, label);
  return truncated === undefined ? { width, height, topDown, bitsPerPixel, compression } : { width, height, topDown, bitsPerPixel, compression, truncated };
}

function readLayout(data: Buffer, label: string): Layout {
  const corrupt = (why: string) => inputCorrupt(label, `BMP ${why}`);
  if (data.length < 26) throw corrupt('header is cut short');
  const declaredOffset = data.readUInt32LE(10);
  const dibSize = data.readUInt32LE(14);
  if (data.length < 14 + Math.min(dibSize, 40)) throw corrupt('header is cut short');

  let width: number;
  let rawHeight: number;
  let bitsPerPixel: number;
  let compression = BI_RGB;
  let colorsUsed = 0;
  const core = dibSize === 12;
  if (core) {
    width = data.readUInt16LE(18);
    rawHeight = data.readInt16LE(20);
    bitsPerPixel = data.readUInt16LE(24);
  } else {
    width = data.readInt32LE(18);
    rawHeight = data.readInt32LE(22);
    bitsPerPixel = data.readUInt16LE(28);
    if (dibSize >= 40) {
      compression = data.readUInt32LE(30);
      colorsUsed = data.readUInt32LE(46);
    }
  }
  const topDown = rawHeight < 0;
  const height = Math.abs(rawHeight);
  if (width <= 0 || height === 0) throw corrupt(`header gives impossible dimensions ${width}×${rawHeight}`);

  if (compression in COMPRESSION_NAMES || (dibSize === 64 && compression !== BI_RGB)) {
    throw inputUnsupported(label, `a BMP with ${COMPRESSION_NAMES[compression] ?? 'OS/2 compression'}`);
  }
  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS) throw corrupt(`header has unknown compression ${compression}`);
  if (![1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) throw inputUnsupported(label, `a ${bitsPerPixel}-bit BMP`);
  const bitfields = compression !== BI_RGB;
  if (bitfields && bitsPerPixel !== 16 && bitsPerPixel !== 32) throw inputUnsupported(label, `a ${bitsPerPixel}-bit BMP with bit-field masks`);

  // Masks live in the V2+ header, or right after a 40-byte header when bit fields are used.
  let masksEnd = 14 + dibSize;
  let masks = { r: 0, g: 0, b: 0, a: 0 };
  if (bitfields) {
    const inHeader = dibSize >= 52;
    const at = inHeader ? 54 : 14 + dibSize;
    const count = inHeader ? (dibSize >= 56 ? 4 : 3) : compression === BI_ALPHABITFIELDS ? 4 : 3;
    if (data.length < at + count * 4) throw corrupt('header is cut short');
    masks = { r: data.readUInt32LE(at), g: data.readUInt32LE(at + 4), b: data.readUInt32LE(at + 8), a: count === 4 ? data.readUInt32LE(at + 12) : 0 };
    if (!inHeader) masksEnd = at + count * 4;
  } else if (bitsPerPixel === 16) {
    masks = { r: 0x7c00, g: 0x03e0, b: 0x001f, a: 0 };
  } else if (bitsPerPixel === 32) {
    // BGRX or BGRA: the fourth byte is alpha unless it is zero everywhere (checked while decoding).
    masks = { r: 0x00ff0000, g: 0x0000ff00, b: 0x000000ff, a: 0xff000000 };
  }

  let paletteSize = 0;
  const palette = new Uint8Array(256 * 3);
  if (bitsPerPixel <= 8) {
    const entry = core ? 3 : 4;
    const max = 1 << bitsPerPixel;
    paletteSize = colorsUsed > 0 && colorsUsed < max ? colorsUsed : max;
    // Some writers declare the full table but store fewer entries before the pixels.
    const available = Math.floor(((declaredOffset > masksEnd ? declaredOffset : data.length) - masksEnd) / entry);
    paletteSize = Math.max(0, Math.min(paletteSize, available));
    if (paletteSize === 0) throw corrupt('colour table is missing');
    for (let i = 0; i < paletteSize; i++) {
      const at = masksEnd + i * entry;
      palette[i * 3] = data[at + 2] ?? 0;
      palette[i * 3 + 1] = data[at + 1] ?? 0;
      palette[i * 3 + 2] = data[at] ?? 0;
    }
    masksEnd += paletteSize * entry;
  }

  const pixelOffset = declaredOffset === 0 ? masksEnd : declaredOffset;
  if (pixelOffset < 14 + Math.min(dibSize, 12)) throw corrupt(`header points to pixel data at byte ${pixelOffset}, inside the header`);
  const rowStride = Math.floor((bitsPerPixel * width + 31) / 32) * 4;
  // The last row's padding is sometimes left off; accept that.
  const needed = rowStride * (height - 1) + Math.ceil((bitsPerPixel * width) / 8);
  const present = Math.max(0, data.length - pixelOffset);
  const truncated = present < needed ? `BMP pixel data is cut short (${present} of ${needed} bytes)` : undefined;

  const layout = { width, height, topDown, bitsPerPixel, compression, pixelOffset, rowStride, masks, palette, paletteSize };
  return truncated === undefined ? layout : { ...layout, truncated };
}

/** Decodes to RGBA. Check the pixel count with readBmpHeader first: this allocates width×height×4. */
export function decodeBmp(data: Buffer, label: string): DecodedBmp {
  const layout = readLayout(data, label);
  if (layout.truncated !== undefined) throw inputCorrupt(label, layout.truncated);
  const { width, height, topDown, bitsPerPixel, pixelOffset, rowStride } = layout;
  const out = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    const src = pixelOffset + (topDown ? y : height - 1 - y) * rowStride;
    const dst = y * width * 4;
    if (bitsPerPixel <= 8) paletteRow(data, src, out, dst, width, layout);
    else if (bitsPerPixel === 24) bgrRow(data, src, out, dst, width);
    else maskedRow(data, src, out, dst, width, layout);
  }
  const hasAlpha = bitsPerPixel >= 16 && layout.masks.a !== 0 ? settleAlpha(out) : false;
  return { width, height, channels: 4, data: out, hasAlpha };
}

function paletteRow(data: Buffer, src: number, out: Buffer, dst: number, width: number, layout: Layout): void {
  const bpp = layout.bitsPerPixel;
  const perByte = 8 / bpp;
  const mask = (1 << bpp) - 1;
  for (let x = 0; x < width; x++) {
    const byte = data[src + Math.floor(x / perByte)] ?? 0;
    const shift = 8 - bpp * ((x % perByte) + 1);
    const index = (byte >> shift) & mask;
    const o = dst + x * 4;
    if (index < layout.paletteSize) {
      out[o] = layout.palette[index * 3] ?? 0;
      out[o + 1] = layout.palette[index * 3 + 1] ?? 0;
      out[o + 2] = layout.palette[index * 3 + 2] ?? 0;
    }
    out[o + 3] = 255;
  }
}

function bgrRow(data: Buffer, src: number, out: Buffer, dst: number, width: number): void {
  for (let x = 0, s = src, o = dst; x < width; x++, s += 3, o += 4) {
    out[o] = data[s + 2] ?? 0;
    out[o + 1] = data[s + 1] ?? 0;
    out[o + 2] = data[s] ?? 0;
    out[o + 3] = 255;
  }
}

interface Channel {
  mask: number;
  shift: number;
  /** Maps the masked value (after the shift) to 0–255. */
  scale: (v: number) => number;
}

const channelCache = new WeakMap<Layout, Channel[]>();

function channels(layout: Layout): Channel[] {
  let cached = channelCache.get(layout);
  if (!cached) {
    const { r, g, b, a } = layout.masks;
    cached = [r, g, b, a].map(channelFor);
    channelCache.set(layout, cached);
  }
  return cached;
}

function channelFor(mask: number): Channel {
  if (mask === 0) return { mask, shift: 0, scale: () => 0 };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  let bits = 0;
  while (shift + bits < 32 && ((mask >>> (shift + bits)) & 1) === 1) bits++;
  if (bits >= 8) return { mask, shift, scale: (v) => (v >>> (bits - 8)) & 0xff };
  const max = (1 << bits) - 1;
  const table = new Uint8Array(max + 1);
  for (let v = 0; v <= max; v++) table[v] = Math.round((v * 255) / max);
  return { mask, shift, scale: (v) => table[v & max] ?? 0 };
}

function maskedRow(data: Buffer, src: number, out: Buffer, dst: number, width: number, layout: Layout): void {
  const bytes = layout.bitsPerPixel / 8;
  const [r, g, b, a] = channels(layout) as [Channel, Channel, Channel, Channel];
  for (let x = 0, s = src, o = dst; x < width; x++, s += bytes, o += 4) {
    const px = bytes === 4 ? data.readUInt32LE(s) : data.readUInt16LE(s);
    out[o] = r.scale((px & r.mask) >>> r.shift);
    out[o + 1] = g.scale((px & g.mask) >>> g.shift);
    out[o + 2] = b.scale((px & b.mask) >>> b.shift);
    out[o + 3] = a.mask === 0 ? 255 : a.scale((px & a.mask) >>> a.shift);
  }
}

/**
 * A fourth byte that is zero everywhere is padding (BGRX), not transparency: make it opaque.
 * Returns whether any pixel is translucent.
 */
function settleAlpha(rgba: Buffer): boolean {
  let anyNonZero = false;
  let anyTranslucent = false;
  for (let i = 3; i < rgba.length; i += 4) {
    const alpha = rgba[i] ?? 0;
    if (alpha !== 0) anyNonZero = true;
    if (alpha !== 255) anyTranslucent = true;
    if (anyNonZero && anyTranslucent) return true;
  }
  if (!anyNonZero) for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
  return false;
}
