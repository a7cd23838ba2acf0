/**
 * Input images end to end: every refusal exits 2, names the file, sends nothing and leaves the
 * catalog and folders as they were; big, animated and BMP inputs are prepared and sent.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, footprint, sha256, useFakeGemini, type RunJson } from './fake-session.js';
import { animatedGif, centreColour, put, solidJpeg, solidPng } from './images.js';
import { makeBmp, photoJpeg, pngClaiming } from '../unit/images/helpers.js';

const s = useFakeGemini();

describe('refused inputs change nothing (exit 2)', () => {
  beforeEach(async () => {
    // A catalog with one entry in it, to show a refusal leaves it as it was.
    expect((await s.box.run(['generate', 'an earlier picture', '--json'])).code).toBe(0);
    s.fake.reset();
    put(s.box, 'good.png', await solidPng(64, 64, '#336699'));
  });

  const cases: [string, string, (path: string) => Promise<void> | void][] = [
    ['missing', 'INPUT_NOT_FOUND', () => {}],
    ['a directory', 'INPUT_IS_DIRECTORY', (p) => mkdirSync(p)],
    ['empty', 'INPUT_EMPTY', (p) => writeFileSync(p, '')],
    ['not an image', 'INPUT_NOT_IMAGE', (p) => writeFileSync(p, 'just some notes, not a picture\n')],
    ['truncated', 'INPUT_CORRUPT', async (p) => {
      const whole = await solidJpeg(400, 300, '#884422');
      writeFileSync(p, whole.subarray(0, Math.floor(whole.length / 2)));
    }],
    ['a decompression bomb', 'INPUT_TOO_LARGE', (p) => writeFileSync(p, pngClaiming(30_000, 30_000))],
  ];

  it.each(cases)('%s', async (_label, code, make) => {
    const name = `bad-${code.toLowerCase()}.png`;
    await make(join(s.box.dir, name));
    const before = footprint(s.box);
    const r = await s.box.run(['modify', 'make it blue', '-i', 'good.png', '-i', name, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const error = errorOf(r);
    expect(error.code).toBe(code);
    expect(error.message).toContain(name);
    expect(error.hint.length).toBeGreaterThan(10);
    expect(s.fake.requests).toHaveLength(0);
    expect(footprint(s.box)).toEqual(before);
  });

  it('more inputs than the model accepts (gemini-3-pro-image takes 14)', async () => {
    const before = footprint(s.box);
    const images = Array.from({ length: 15 }, () => ['-i', 'good.png']).flat();
    const r = await s.box.run(['modify', 'collage', ...images, '-m', 'gemini-3-pro-image', '--json']);
    expect(r.code).toBe(2);
    expect(errorOf(r).code).toBe('TOO_MANY_INPUTS');
    expect(errorOf(r).message).toContain('gemini-3-pro-image');
    expect(errorOf(r).message).toContain('at most 14');
    expect(s.fake.requests).toHaveLength(0);
    expect(footprint(s.box)).toEqual(before);
    // Fourteen is fine.
    expect((await s.box.run(['modify', 'collage', ...images.slice(0, 28), '-m', 'gemini-3-pro-image', '--json'])).code).toBe(0);
  });
});

describe('inputs that need preparing', () => {
  it('a 24-megapixel camera JPEG just works: downscaled, with a notice, request under 20 MB', async () => {
    const big = await photoJpeg(6000, 4000);
    put(s.box, 'camera.jpg', big);
    const r = await s.box.run(['modify', 'warmer light', '-i', 'camera.jpg']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/camera\.jpg: .*6000×4000 downscaled to/);
    const req = s.fake.requests[0]!;
    expect(Buffer.byteLength(req.rawBody)).toBeLessThan(20 * 1024 * 1024);
    const sent = s.fake.imageParts(req)[0]!;
    expect(sent.mimeType).toBe('image/jpeg');
    const meta = await sharp(sent.data).metadata();
    expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(3072);
    expect(meta.width / meta.height).toBeCloseTo(1.5, 2);
    const entry = (await s.box.run(['list', '--json'])).json<RunJson>().entries[0]!;
    expect(entry.inputs[0]!.sha256).toBe(sha256(sent.data));
  });

  it('under --json the notice still reaches standard error, and the document carries it as warnings', async () => {
    put(s.box, 'old.bmp', makeBmp({ width: 40, height: 30, bitsPerPixel: 24, pixel: () => [0, 200, 0, 255] }));
    const r = await s.box.run(['modify', 'greener', '-i', 'old.bmp', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const line = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { warning?: string }).find((l) => l.warning);
    expect(line?.warning).toContain('old.bmp: BMP converted to PNG');
    const doc = r.json<RunJson & { warnings: string[] }>();
    expect(doc.entries).toHaveLength(1);
    expect(doc.warnings).toEqual([line!.warning]);
  });

  it('an animated GIF sends its first frame as PNG; a BMP is sent as PNG', async () => {
    put(s.box, 'blink.gif', await animatedGif(64, 48, ['#ff0000', '#0000ff']));
    put(s.box, 'old.bmp', makeBmp({ width: 40, height: 30, bitsPerPixel: 24, pixel: () => [0, 200, 0, 255] }));
    const r = await s.box.run(['modify', 'combine them', '-i', 'blink.gif', '-i', 'old.bmp']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('blink.gif: GIF converted to PNG (first of 2 frames)');
    expect(r.stderr).toContain('old.bmp: BMP converted to PNG');
    const [gif, bmp] = s.fake.imageParts(s.fake.requests[0]!);
    expect([gif!.mimeType, bmp!.mimeType]).toEqual(['image/png', 'image/png']);
    expect(await centreColour(gif!.data)).toEqual([255, 0, 0]);
    expect(await centreColour(bmp!.data)).toEqual([0, 200, 0]);
    expect((await sharp(bmp!.data).metadata()).width).toBe(40);
  });
});
