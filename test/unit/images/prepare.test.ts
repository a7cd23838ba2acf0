import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INPUT_LIMITS, prepareForModel, probeImage } from '../../../src/images/index.js';
import { expectInputError, fixture, photoJpeg, rawPixels, shapesPng } from './helpers.js';

async function prepare(data: Buffer, label: string, limits = DEFAULT_INPUT_LIMITS) {
  return prepareForModel(data, await probeImage(data, label), limits, label);
}

async function animation(colours: string[], format: 'gif' | 'webp'): Promise<Buffer> {
  const frames = await Promise.all(colours.map((c) => sharp({ create: { width: 40, height: 30, channels: 3, background: c } }).raw().toBuffer()));
  const image = sharp(Buffer.concat(frames), { raw: { width: 40, height: 30 * colours.length, channels: 3, pageHeight: 30 } });
  return format === 'gif' ? image.gif().toBuffer() : image.webp({ lossless: true }).toBuffer();
}

describe('prepareForModel: pass-through', () => {
  it('returns PNG, JPEG, WEBP and HEIC within the limits untouched, byte for byte', async () => {
    const png = await shapesPng(300, 200);
    const inputs: [Buffer, string, string][] = [
      [png, 'a.png', 'image/png'],
      [await sharp(png).jpeg().toBuffer(), 'a.jpg', 'image/jpeg'],
      [await sharp(png).webp().toBuffer(), 'a.webp', 'image/webp'],
      [fixture('hevc-160x96.heic'), 'a.heic', 'image/heic'],
    ];
    for (const [data, label, mimeType] of inputs) {
      const out = await prepare(data, label);
      expect(out.data).toBe(data);
      expect(out).toEqual({ data, mimeType, changed: false });
    }
  });
});

describe('prepareForModel: conversions', () => {
  it('sends the first frame of an animated GIF as PNG', async () => {
    const out = await prepare(await animation(['#ff0000', '#00ff00', '#0000ff'], 'gif'), 'anim.gif');
    expect(out.mimeType).toBe('image/png');
    expect(out.changed).toBe(true);
    const px = await rawPixels(out.data);
    expect([px.width, px.height]).toEqual([40, 30]);
    expect([...px.data.subarray(0, 3)]).toEqual([255, 0, 0]);
    expect(out.notice).toMatch(/^anim\.gif: GIF converted to PNG \(first of 3 frames\) \(\d+ B → \d+ B\) because the model takes a single still image$/);
  });

  it('sends the first frame of an animated WEBP as PNG', async () => {
    const out = await prepare(await animation(['#00ff00', '#0000ff'], 'webp'), 'anim.webp');
    expect(out.mimeType).toBe('image/png');
    expect([...(await rawPixels(out.data)).data.subarray(0, 3)]).toEqual([0, 255, 0]);
    expect(out.notice).toContain('WEBP converted to PNG (first of 2 frames)');
  });

  it('converts BMP to PNG with the same pixels', async () => {
    const out = await prepare(fixture('bmp-rgb24.bmp'), 'scan.bmp');
    expect(out.mimeType).toBe('image/png');
    expect((await rawPixels(out.data)).data.equals((await rawPixels(fixture('bmp-rgb24.png'))).data)).toBe(true);
    expect(out.notice).toMatch(/^scan\.bmp: BMP converted to PNG \(.*\) because the model does not take BMP$/);
  });

  it('keeps BMP transparency', async () => {
    const out = await prepare(fixture('bmp-rgba32.bmp'), 'a.bmp');
    const px = await rawPixels(out.data);
    expect(px.channels).toBe(4);
    expect(px.data.equals((await rawPixels(fixture('bmp-rgba32.png'))).data)).toBe(true);
  });

  it('converts TIFF and AVIF to PNG', async () => {
    const png = await shapesPng(120, 90);
    for (const [data, label] of [
      [await sharp(png).tiff().toBuffer(), 'a.tiff'],
      [await sharp(png).avif({ effort: 0 }).toBuffer(), 'a.avif'],
    ] as const) {
      const out = await prepare(data, label);
      expect(out.mimeType).toBe('image/png');
      expect((await rawPixels(out.data)).width).toBe(120);
    }
  });
});

describe('prepareForModel: downscaling', () => {
  it('downscales a 24-megapixel photo within both limits (its speed is bench/inputs.js)', async () => {
    const jpg = await photoJpeg(6000, 4000, 95);
    expect(jpg.length).toBeGreaterThan(DEFAULT_INPUT_LIMITS.maxBytes); // over both limits, like a real camera file
    const started = performance.now();
    const info = await probeImage(jpg, 'photo.jpg');
    const probed = performance.now();
    const out = await prepareForModel(jpg, info, DEFAULT_INPUT_LIMITS, 'photo.jpg');
    const done = performance.now();
    console.log(`24 MP JPEG (${(jpg.length / 1048576).toFixed(1)} MB): probe ${Math.round(probed - started)} ms, prepare ${Math.round(done - probed)} ms`);
    expect(out.mimeType).toBe('image/jpeg');
    expect(out.data.length).toBeLessThanOrEqual(DEFAULT_INPUT_LIMITS.maxBytes);
    const meta = await sharp(out.data).metadata();
    expect([meta.width, meta.height]).toEqual([3072, 2048]);
    expect(out.notice).toMatch(/^photo\.jpg: 6000×4000 downscaled to 3072×2048 \(\d+\.\d MB → \d+(\.\d)? (MB|KB)\) to fit the model's limits$/);
  });

  it('applies EXIF orientation before fitting', async () => {
    const jpg = await sharp(await shapesPng(800, 200)).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const out = await prepare(jpg, 'side.jpg', { maxEdge: 400, maxBytes: 1e7 });
    const meta = await sharp(out.data).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([100, 400, undefined]);
    expect(out.notice).toContain('200×800 downscaled to 100×400');
  });

  it('keeps a transparent PNG as PNG with its alpha', async () => {
    const out = await prepare(await shapesPng(1000, 500, true), 'logo.png', { maxEdge: 200, maxBytes: 1e7 });
    expect(out.mimeType).toBe('image/png');
    const px = await rawPixels(out.data);
    expect([px.width, px.height, px.channels]).toEqual([200, 100, 4]);
  });
});

describe('prepareForModel: fitting maxBytes', () => {
  const noise = (width: number, height: number, channels: 3 | 4) =>
    sharp({ create: { width, height, channels, background: { r: 0, g: 0, b: 0, alpha: 0.5 }, noise: { type: 'gaussian', mean: 128, sigma: 50 } } })
      .png()
      .toBuffer();

  it('re-encodes an opaque PNG that is too heavy as JPEG', async () => {
    const png = await noise(400, 300, 3);
    const out = await prepare(png, 'noise.png', { maxEdge: 3072, maxBytes: 150_000 });
    expect(out.mimeType).toBe('image/jpeg');
    expect(out.data.length).toBeLessThanOrEqual(150_000);
    expect(out.notice).toMatch(/^noise\.png: PNG converted to JPEG, re-compressed at quality \d+ \(.* → .*\) to fit the model's limits$/);
  });

  it('re-encodes a transparent PNG that is too heavy as WEBP, keeping alpha', async () => {
    const out = await prepare(await noise(400, 300, 4), 'grain.png', { maxEdge: 3072, maxBytes: 150_000 });
    expect(out.mimeType).toBe('image/webp');
    expect(out.data.length).toBeLessThanOrEqual(150_000);
    expect((await sharp(out.data).metadata()).hasAlpha).toBe(true);
    expect(out.notice).toContain('PNG converted to WEBP');
  });

  it('re-compresses a PNG that only needed better compression', async () => {
    const png = await sharp(await shapesPng(400, 300)).png({ compressionLevel: 0 }).toBuffer();
    const out = await prepare(png, 'flat.png', { maxEdge: 3072, maxBytes: 50_000 });
    expect(out.mimeType).toBe('image/png');
    expect(out.notice).toMatch(/^flat\.png: re-compressed as PNG \(.* → .*\) to fit the model's limits$/);
  });

  it('steps JPEG quality down, then size, until it fits', async () => {
    const jpg = await photoJpeg(800, 600, 98);
    const out = await prepare(jpg, 'p.jpg', { maxEdge: 3072, maxBytes: 60_000 });
    expect(out.data.length).toBeLessThanOrEqual(60_000);
    expect(out.notice).toMatch(/^p\.jpg: 800×600 downscaled to 600×450, re-compressed at quality 75 \(.* KB → .* KB\) to fit the model's limits$/);
  });

  it('refuses when nothing fits', async () => {
    const jpg = await photoJpeg(800, 600);
    await expectInputError(prepare(jpg, 'p.jpg', { maxEdge: 3072, maxBytes: 200 }), 'INPUT_TOO_LARGE', 'p.jpg');
  });
});

describe('prepareForModel: HEIC it cannot decode', () => {
  it('sends an over-sized HEIC as it is, with a notice', async () => {
    const heic = fixture('hevc-160x96.heic');
    const out = await prepare(heic, 'IMG.HEIC', { maxEdge: 100, maxBytes: 1e6 });
    expect(out.data).toBe(heic);
    expect(out.changed).toBe(false);
    expect(out.notice).toBe('IMG.HEIC: 160×96 is larger than 100 pixels, but HEIC images cannot be downscaled here; sent as it is');
  });

  it('refuses a HEIC over maxBytes, saying how to convert it', async () => {
    const err = await expectInputError(prepare(fixture('hevc-160x96.heic'), 'IMG.HEIC', { maxEdge: 3072, maxBytes: 100 }), 'INPUT_TOO_LARGE', 'IMG.HEIC');
    expect(err.hint).toContain('JPEG');
  });
});
