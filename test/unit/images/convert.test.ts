import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { convertImage, imageDimensions } from '../../../src/images/index.js';
import { expectInputError, fixture, pngClaiming, rawPixels, shapesPng } from './helpers.js';

describe('convertImage', () => {
  it('returns the input itself when it is already in the target format', async () => {
    const png = await shapesPng(64, 32);
    const out = await convertImage(png, 'png');
    expect(out.data).toBe(png);
    expect(out).toMatchObject({ mimeType: 'image/png', width: 64, height: 32 });
  });

  it('converts PNG to JPEG and WEBP, and back to PNG losslessly', async () => {
    const png = await shapesPng(64, 32);
    const jpg = await convertImage(png, 'jpeg');
    expect(jpg).toMatchObject({ mimeType: 'image/jpeg', width: 64, height: 32 });
    expect((await sharp(jpg.data).metadata()).format).toBe('jpeg');
    const webp = await convertImage(png, 'webp');
    expect(webp.mimeType).toBe('image/webp');
    expect((await sharp(webp.data).metadata()).format).toBe('webp');
    const back = await convertImage(await sharp(png).webp({ lossless: true }).toBuffer(), 'png');
    const rgb = (b: Buffer) => sharp(b).removeAlpha().raw().toBuffer();
    expect((await rgb(back.data)).equals(await rgb(png))).toBe(true);
  });

  it('flattens transparency onto white for JPEG', async () => {
    const transparent = await sharp({ create: { width: 4, height: 4, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const px = await rawPixels((await convertImage(transparent, 'jpeg')).data);
    expect(px.channels).toBe(3);
    expect([...px.data.subarray(0, 3)]).toEqual([255, 255, 255]);
  });

  it('converts BMP through its own decoder', async () => {
    const out = await convertImage(fixture('bmp-rgb24.bmp'), 'png');
    expect((await rawPixels(out.data)).data.equals((await rawPixels(fixture('bmp-rgb24.png'))).data)).toBe(true);
  });

  it('says plainly that HEVC HEIC cannot be converted here', async () => {
    const err = await expectInputError(convertImage(fixture('hevc-160x96.heic'), 'jpeg', 'IMG.HEIC'), 'INPUT_UNSUPPORTED_FORMAT', 'IMG.HEIC');
    expect(err.message).toContain('HEIC');
  });

  it('refuses what is not an image', async () => {
    await expectInputError(convertImage(Buffer.from('just text'), 'png', 'x.txt'), 'INPUT_NOT_IMAGE', 'x.txt');
  });
});

describe('imageDimensions', () => {
  it('reads width, height and type from the header', async () => {
    expect(await imageDimensions(await shapesPng(64, 32))).toEqual({ width: 64, height: 32, mimeType: 'image/png' });
    expect(await imageDimensions(fixture('bmp-pal8.bmp'))).toEqual({ width: 13, height: 7, mimeType: 'image/bmp' });
    expect(await imageDimensions(fixture('hevc-160x96.heic'))).toEqual({ width: 160, height: 96, mimeType: 'image/heic' });
    const turned = await sharp(await shapesPng(64, 32)).jpeg().withMetadata({ orientation: 8 }).toBuffer();
    expect(await imageDimensions(turned)).toEqual({ width: 32, height: 64, mimeType: 'image/jpeg' });
  });

  it('is header-only: a 30000×30000 claim answers at once', async () => {
    expect(await imageDimensions(pngClaiming(30000, 30000))).toEqual({ width: 30000, height: 30000, mimeType: 'image/png' });
  });
});
