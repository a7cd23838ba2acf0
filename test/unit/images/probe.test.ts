import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { probeImage } from '../../../src/images/index.js';
import { MAX_INPUT_BYTES } from '../../../src/images/limits.js';
import { expectInputError, fixture, photoJpeg, pngClaiming, shapesPng } from './helpers.js';

describe('probeImage', () => {
  it('describes a PNG', async () => {
    const png = await shapesPng(120, 80);
    expect(await probeImage(png, 'a.png')).toEqual({ format: 'png', mimeType: 'image/png', width: 120, height: 80, frames: 1, bytes: png.length, decodable: true });
  });

  it('describes a JPEG with its displayed (EXIF-oriented) size', async () => {
    const jpg = await sharp(await shapesPng(120, 80)).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const info = await probeImage(jpg, 'turned.jpg');
    expect(info).toMatchObject({ format: 'jpeg', mimeType: 'image/jpeg', width: 80, height: 120, decodable: true });
  });

  it('describes WEBP, GIF (with its frames), TIFF and AVIF', async () => {
    const base = sharp(await shapesPng(64, 48));
    expect(await probeImage(await base.clone().webp().toBuffer(), 'a.webp')).toMatchObject({ format: 'webp', mimeType: 'image/webp', width: 64, height: 48 });
    expect(await probeImage(await base.clone().tiff().toBuffer(), 'a.tiff')).toMatchObject({ format: 'tiff', mimeType: 'image/tiff', width: 64, height: 48 });
    expect(await probeImage(await base.clone().avif({ effort: 0 }).toBuffer(), 'a.avif')).toMatchObject({ format: 'avif', mimeType: 'image/avif', width: 64, height: 48, decodable: true });
    const frames = await Promise.all(['#f00', '#0f0', '#00f'].map((c) => sharp({ create: { width: 32, height: 24, channels: 3, background: c } }).raw().toBuffer()));
    const gif = await sharp(Buffer.concat(frames), { raw: { width: 32, height: 72, channels: 3, pageHeight: 24 } }).gif().toBuffer();
    expect(await probeImage(gif, 'anim.gif')).toMatchObject({ format: 'gif', mimeType: 'image/gif', width: 32, height: 24, frames: 3 });
  });

  it('describes a BMP from its header', async () => {
    expect(await probeImage(fixture('bmp-rgb24.bmp'), 'a.bmp')).toMatchObject({ format: 'bmp', mimeType: 'image/bmp', width: 13, height: 7, frames: 1, decodable: true });
  });

  it('reads HEIC dimensions but reports it cannot decode HEVC here', async () => {
    const heic = fixture('hevc-160x96.heic');
    expect(await probeImage(heic, 'IMG_0001.HEIC')).toEqual({ format: 'heif', mimeType: 'image/heic', width: 160, height: 96, frames: 1, bytes: heic.length, decodable: false });
  });

  it('refuses an empty buffer', async () => {
    await expectInputError(probeImage(Buffer.alloc(0), 'e.png'), 'INPUT_EMPTY', 'e.png');
  });

  it('refuses things that are not images', async () => {
    const text = await expectInputError(probeImage(Buffer.from('hello, this is not a picture\n'), 'notes.png'), 'INPUT_NOT_IMAGE', 'notes.png');
    expect(text.message).toContain('a text file');
    const pdf = await expectInputError(probeImage(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj', 'latin1'), 'doc.pdf'), 'INPUT_NOT_IMAGE', 'doc.pdf');
    expect(pdf.message).toContain('PDF');
    await expectInputError(probeImage(Buffer.from([0, 1, 2, 3, 4, 5, 250, 251]), 'blob.bin'), 'INPUT_NOT_IMAGE', 'blob.bin');
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom\0\0\0\0isomiso2', 'latin1')]);
    expect((await expectInputError(probeImage(mp4, 'clip.mp4'), 'INPUT_NOT_IMAGE', 'clip.mp4')).message).toContain('video');
  });

  it('refuses image formats it does not read', async () => {
    const svg = await expectInputError(probeImage(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'logo.svg'), 'INPUT_UNSUPPORTED_FORMAT', 'logo.svg');
    expect(svg.message).toContain('SVG');
    await expectInputError(probeImage(Buffer.from('8BPS\0\x01\0\0\0\0\0\0', 'latin1'), 'art.psd'), 'INPUT_UNSUPPORTED_FORMAT', 'art.psd');
  });

  it('refuses a truncated PNG (cut anywhere, even just before IEND)', async () => {
    const png = await shapesPng(300, 200);
    for (const keep of [Math.floor(png.length / 2), png.length - 20, png.length - 12]) {
      const err = await expectInputError(probeImage(png.subarray(0, keep), 'cut.png'), 'INPUT_CORRUPT', 'cut.png');
      expect(err.message).toMatch(/truncated or corrupt/);
    }
  });

  it('refuses a truncated JPEG', async () => {
    const jpg = await photoJpeg(400, 300);
    // Cut into the scan data: a file missing only its EOI marker may still hold every pixel.
    for (const keep of [Math.floor(jpg.length / 2), jpg.length - 16]) {
      const err = await expectInputError(probeImage(jpg.subarray(0, keep), 'cut.jpg'), 'INPUT_CORRUPT', 'cut.jpg');
      expect(err.message).toContain('premature end');
    }
  });

  it('refuses a PNG with corrupt image data', async () => {
    const png = Buffer.from(await shapesPng(200, 100));
    const idat = png.indexOf('IDAT');
    png.fill(0x5a, idat + 20, idat + 60); // garbage inside the deflate stream (the CRC no longer matches either)
    await expectInputError(probeImage(png, 'bad.png'), 'INPUT_CORRUPT', 'bad.png');
  });

  it('refuses a decompression bomb from its header alone', async () => {
    const bomb = pngClaiming(30000, 30000);
    expect(bomb.length).toBeLessThan(200);
    // Decoding 900 megapixels would take minutes and gigabytes; the header alone takes milliseconds
    // (measured against an ordinary probe in bench/inputs.js, not timed here).
    const err = await expectInputError(probeImage(bomb, 'bomb.png'), 'INPUT_TOO_LARGE', 'bomb.png');
    expect(err.message).toContain('30000×30000 (900 megapixels)');
    expect(err.message).toContain('100-megapixel');
  });

  it('refuses a real single-colour PNG just over 100 MP without decoding it', async () => {
    const png = await sharp({ create: { width: 10001, height: 10000, channels: 3, background: '#000' } }).png({ compressionLevel: 1 }).toBuffer();
    const err = await expectInputError(probeImage(png, 'flat.png'), 'INPUT_TOO_LARGE', 'flat.png');
    expect(err.message).toContain('10001×10000');
  });

  it('refuses a BMP bomb from its header', async () => {
    const header = Buffer.alloc(54);
    header.write('BM', 0, 'latin1');
    header.writeUInt32LE(54, 10);
    header.writeUInt32LE(40, 14);
    header.writeInt32LE(20000, 18);
    header.writeInt32LE(-20000, 22);
    header.writeUInt16LE(1, 26);
    header.writeUInt16LE(24, 28);
    // Only the header: the pixel limit is checked before the missing pixel data.
    await expectInputError(probeImage(header, 'huge.bmp'), 'INPUT_TOO_LARGE', 'huge.bmp');
    header.writeInt32LE(20, 18);
    header.writeInt32LE(-200, 22);
    const err = await expectInputError(probeImage(header, 'short.bmp'), 'INPUT_CORRUPT', 'short.bmp');
    expect(err.message).toContain('cut short (0 of 12000 bytes)');
  });

  it('refuses more bytes than the input limit', async () => {
    const big = Buffer.alloc(MAX_INPUT_BYTES + 1);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(big);
    await expectInputError(probeImage(big, 'big.png'), 'INPUT_TOO_LARGE', 'big.png');
  });
});
