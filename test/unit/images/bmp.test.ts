import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeBmp, readBmpHeader } from '../../../src/images/bmp.js';
import { expectInputError, fixture, makeBmp, rawPixels } from './helpers.js';

/** RGBA of the reference PNG Pillow wrote beside each fixture BMP. */
async function referenceRgba(name: string): Promise<Buffer> {
  return sharp(fixture(name)).ensureAlpha().raw().toBuffer();
}

const pixel = (x: number, y: number): [number, number, number, number] => [(x * 40) % 256, (y * 60) % 256, ((x + y) * 25) % 256, 255];

describe('decodeBmp: files written by Pillow', () => {
  for (const name of ['bmp-rgb24', 'bmp-pal8', 'bmp-mono1', 'bmp-rgba32']) {
    it(`decodes ${name} exactly`, async () => {
      const decoded = decodeBmp(fixture(`${name}.bmp`), `${name}.bmp`);
      expect([decoded.width, decoded.height]).toEqual([13, 7]);
      expect(decoded.data.equals(await referenceRgba(`${name}.png`))).toBe(true);
      expect(decoded.hasAlpha).toBe(name === 'bmp-rgba32');
    });
  }
});

describe('decodeBmp: hand-made layouts', () => {
  const expected = (w: number, h: number, px = pixel) => {
    const out = Buffer.alloc(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.set(px(x, y), (y * w + x) * 4);
    return out;
  };

  it('reads 24-bit top-down and bottom-up the same way', () => {
    for (const topDown of [false, true]) {
      const bmp = makeBmp({ width: 5, height: 3, bitsPerPixel: 24, topDown, pixel });
      expect(decodeBmp(bmp, 'a.bmp').data.equals(expected(5, 3))).toBe(true);
      expect(readBmpHeader(bmp, 'a.bmp')).toMatchObject({ width: 5, height: 3, topDown });
    }
  });

  it('reads 32-bit BGRX (fourth byte zero) as opaque', () => {
    const bmp = makeBmp({ width: 6, height: 4, bitsPerPixel: 32, topDown: true, pixel: (x, y) => [...pixel(x, y).slice(0, 3), 0] as [number, number, number, number] });
    const decoded = decodeBmp(bmp, 'x.bmp');
    expect(decoded.hasAlpha).toBe(false);
    expect(decoded.data.equals(expected(6, 4))).toBe(true);
  });

  it('reads 32-bit with an alpha mask (V4 header)', () => {
    const withAlpha = (x: number, y: number): [number, number, number, number] => [...pixel(x, y).slice(0, 3), x * 50] as [number, number, number, number];
    const bmp = makeBmp({ width: 5, height: 2, bitsPerPixel: 32, pixel: withAlpha, masks: { r: 0x0000ff00, g: 0x00ff0000, b: 0xff000000, a: 0x000000ff } });
    const decoded = decodeBmp(bmp, 'a.bmp');
    expect(decoded.hasAlpha).toBe(true);
    expect(decoded.data.equals(expected(5, 2, withAlpha))).toBe(true);
  });

  it('reads 16-bit 5-5-5 and 5-6-5 bit fields, scaling to 8 bits', () => {
    const levels = (x: number, y: number): [number, number, number, number] => [x * 85, y * 255, 255 - x * 85, 255];
    // What survives n bits: v → round(v·max/255) → round(·255/max).
    const q = (v: number, bits: number) => Math.round((Math.round((v * (2 ** bits - 1)) / 255) * 255) / (2 ** bits - 1));
    const d555 = decodeBmp(makeBmp({ width: 4, height: 2, bitsPerPixel: 16, pixel: levels }), 'a.bmp');
    expect(d555.data.equals(expected(4, 2, (x, y) => levels(x, y).map((v, i) => (i < 3 ? q(v, 5) : v)) as [number, number, number, number]))).toBe(true);
    const d565 = decodeBmp(makeBmp({ width: 3, height: 2, bitsPerPixel: 16, pixel: levels, masks: { r: 0xf800, g: 0x07e0, b: 0x001f } }), 'a.bmp');
    expect(d565.data.equals(expected(3, 2, (x, y) => levels(x, y).map((v, i) => (i < 3 ? q(v, i === 1 ? 6 : 5) : v)) as [number, number, number, number]))).toBe(true);
    expect(d565.data.subarray(4, 8)).toEqual(Buffer.from([82, 0, 173, 255])); // 85 → 10/31 → 82; 170 → 21/31 → 173
  });

  it('reads 4-bit and 8-bit paletted images with short colour tables', () => {
    const palette: [number, number, number][] = [
      [0, 0, 0],
      [255, 0, 0],
      [0, 255, 0],
      [10, 20, 30],
      [255, 255, 255],
    ];
    const px = (x: number, y: number): [number, number, number, number] => [...(palette[(x + y) % palette.length] ?? [0, 0, 0]), 255] as [number, number, number, number];
    for (const bitsPerPixel of [4, 8] as const) {
      const bmp = makeBmp({ width: 7, height: 3, bitsPerPixel, palette, pixel: px, topDown: bitsPerPixel === 4 });
      expect(decodeBmp(bmp, 'p.bmp').data.equals(expected(7, 3, px))).toBe(true);
    }
  });

  it('feeds sharp: RGBA in, same pixels out', async () => {
    const bmp = makeBmp({ width: 9, height: 5, bitsPerPixel: 24, pixel });
    const decoded = decodeBmp(bmp, 'a.bmp');
    const png = await sharp(decoded.data, { raw: { width: 9, height: 5, channels: 4 } }).png().toBuffer();
    expect((await rawPixels(png)).data.equals(expected(9, 5))).toBe(true);
  });

  it('decodes a 12-megapixel BMP whole (how fast is for bench/, not a timed test)', () => {
    const width = 4000;
    const height = 3000;
    const bmp = makeBmp({ width: 8, height: 8, bitsPerPixel: 24, pixel }); // header template
    const big = Buffer.alloc(54 + width * height * 3, 0x7f);
    bmp.copy(big, 0, 0, 54);
    big.writeInt32LE(width, 18);
    big.writeInt32LE(height, 22);
    const decoded = decodeBmp(big, 'big.bmp');
    expect(decoded.data.length).toBe(width * height * 4);
  });
});

describe('decodeBmp: refusals', () => {
  it('refuses RLE compression as unsupported', async () => {
    const bmp = makeBmp({ width: 4, height: 2, bitsPerPixel: 8, palette: [[1, 2, 3]], pixel: () => [1, 2, 3, 255], compression: 1 });
    const err = await expectInputError(Promise.reject(catchSync(() => decodeBmp(bmp, 'rle.bmp'))), 'INPUT_UNSUPPORTED_FORMAT', 'rle.bmp');
    expect(err.message).toContain('RLE8');
  });

  it('refuses truncated pixel data and broken headers as corrupt', async () => {
    const bmp = makeBmp({ width: 10, height: 10, bitsPerPixel: 24, pixel });
    const err = await expectInputError(Promise.reject(catchSync(() => decodeBmp(bmp.subarray(0, bmp.length - 40), 'cut.bmp'))), 'INPUT_CORRUPT', 'cut.bmp');
    expect(err.message).toContain('cut short');
    await expectInputError(Promise.reject(catchSync(() => decodeBmp(bmp.subarray(0, 20), 'tiny.bmp'))), 'INPUT_CORRUPT', 'tiny.bmp');
    const zero = Buffer.from(bmp);
    zero.writeInt32LE(0, 18);
    await expectInputError(Promise.reject(catchSync(() => decodeBmp(zero, 'zero.bmp'))), 'INPUT_CORRUPT', 'zero.bmp');
  });
});

function catchSync(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}
