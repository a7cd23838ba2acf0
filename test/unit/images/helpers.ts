/** Image builders for the images tests: everything big is made here, nothing big is committed. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { expect } from 'vitest';
import { ImagegenError } from '../../../src/domain/errors.js';

export const FIXTURES = join(import.meta.dirname, '../../../fixtures/images');

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'imagegen-images-'));
}

/**
 * A smooth, photo-like JPEG (upscaled noise): compresses like a real photo, not like flat colour.
 * The noise comes from a seeded generator, so every run builds the same bytes: sharp's own noise is
 * random per run, which once made a truncation test pass or fail by chance (a JPEG cut just before
 * its EOI marker can still decode whole, depending on the last bits of scan data).
 */
export async function photoJpeg(width: number, height: number, quality = 92, seed = 1): Promise<Buffer> {
  const w = Math.ceil(width / 8);
  const h = Math.ceil(height / 8);
  const noise = Buffer.alloc(w * h * 3);
  let state = seed >>> 0 || 1;
  const uniform = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 24;
  };
  // Roughly gaussian (mean 128, sigma 60) from the sum of four uniform bytes.
  for (let i = 0; i < noise.length; i++) {
    const sum = uniform() + uniform() + uniform() + uniform();
    noise[i] = Math.max(0, Math.min(255, Math.round(128 + ((sum - 510) * 60) / 147)));
  }
  return sharp(noise, { raw: { width: w, height: h, channels: 3 } })
    .resize(width, height, { kernel: 'cubic', fit: 'fill' })
    .jpeg({ quality })
    .toBuffer();
}

/** A PNG with a few shapes (so it is not one colour), optionally with transparency. */
export async function shapesPng(width: number, height: number, alpha = false): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    ${alpha ? '' : `<rect width="${width}" height="${height}" fill="#24466b"/>`}
    <circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#e0a030" fill-opacity="${alpha ? 0.6 : 1}"/>
    <rect x="${width / 10}" y="${height / 10}" width="${width / 4}" height="${height / 5}" fill="#c03050"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export async function rawPixels(data: Buffer): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
  const { data: pixels, info } = await sharp(data).raw().toBuffer({ resolveWithObject: true });
  return { data: pixels, width: info.width, height: info.height, channels: info.channels };
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid PNG header claiming width×height, with a token IDAT: a decompression bomb's shape. */
export function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(64))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface BmpSpec {
  width: number;
  height: number;
  bitsPerPixel: 1 | 4 | 8 | 16 | 24 | 32;
  topDown?: boolean;
  /** RGBA for each pixel, top row first. */
  pixel: (x: number, y: number) => [number, number, number, number];
  /** For ≤ 8 bits: the colour table (RGB); pixels are matched to it exactly. */
  palette?: [number, number, number][];
  /** 16/32-bit masks (BI_BITFIELDS with a V4 header carrying alpha when given). */
  masks?: { r: number; g: number; b: number; a?: number };
  compression?: number;
}

/** A hand-rolled BMP writer, to reach layouts Pillow does not write (top-down, 16-bit, 4-bit, masks). */
export function makeBmp(spec: BmpSpec): Buffer {
  const { width, height, bitsPerPixel: bpp } = spec;
  const v4 = spec.masks?.a !== undefined;
  const dibSize = v4 ? 108 : 40;
  const extraMasks = spec.masks && !v4 ? 12 : 0;
  const palette = spec.palette ?? [];
  const paletteBytes = palette.length * 4;
  const stride = Math.floor((bpp * width + 31) / 32) * 4;
  const offset = 14 + dibSize + extraMasks + paletteBytes;
  const out = Buffer.alloc(offset + stride * height);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(offset, 10);
  out.writeUInt32LE(dibSize, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(spec.topDown ? -height : height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(bpp, 28);
  out.writeUInt32LE(spec.compression ?? (spec.masks ? 3 : 0), 30);
  out.writeUInt32LE(stride * height, 34);
  out.writeUInt32LE(palette.length, 46);
  if (spec.masks) {
    const at = 54;
    out.writeUInt32LE(spec.masks.r >>> 0, at);
    out.writeUInt32LE(spec.masks.g >>> 0, at + 4);
    out.writeUInt32LE(spec.masks.b >>> 0, at + 8);
    if (v4) out.writeUInt32LE((spec.masks.a ?? 0) >>> 0, at + 12);
  }
  palette.forEach(([r, g, b], i) => {
    const at = 14 + dibSize + extraMasks + i * 4;
    out[at] = b;
    out[at + 1] = g;
    out[at + 2] = r;
  });
  const pack = (value: number, mask: number) => {
    if (mask === 0) return 0;
    let shift = 0;
    while (((mask >>> shift) & 1) === 0) shift++;
    const bits = (mask >>> shift).toString(2).length;
    return (Math.round((value * ((1 << bits) - 1)) / 255) << shift) >>> 0;
  };
  for (let y = 0; y < height; y++) {
    const row = offset + (spec.topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = spec.pixel(x, y);
      if (bpp <= 8) {
        const index = palette.findIndex(([pr, pg, pb]) => pr === r && pg === g && pb === b);
        if (index < 0) throw new Error(`pixel ${x},${y} is not in the palette`);
        const perByte = 8 / bpp;
        const at = row + Math.floor(x / perByte);
        out[at] = (out[at] ?? 0) | (index << (8 - bpp * ((x % perByte) + 1)));
      } else if (bpp === 24) {
        out[row + x * 3] = b;
        out[row + x * 3 + 1] = g;
        out[row + x * 3 + 2] = r;
      } else {
        const m = spec.masks ?? (bpp === 16 ? { r: 0x7c00, g: 0x03e0, b: 0x001f, a: 0 } : { r: 0xff0000, g: 0xff00, b: 0xff, a: 0xff000000 });
        const px = (pack(r, m.r) | pack(g, m.g) | pack(b, m.b) | pack(a, m.a ?? 0)) >>> 0;
        if (bpp === 16) out.writeUInt16LE(px, row + x * 2);
        else out.writeUInt32LE(px, row + x * 4);
      }
    }
  }
  return out;
}

/** Asserts that `promise` rejects with an ImagegenError of `code` whose message names `label`. */
export async function expectInputError(promise: Promise<unknown>, code: string, label: string): Promise<ImagegenError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(ImagegenError);
  const e = err as ImagegenError;
  expect(e.code).toBe(code);
  expect(e.exitCode).toBe(2);
  expect(e.message).toContain(label);
  expect(e.hint.length).toBeGreaterThan(10);
  return e;
}
