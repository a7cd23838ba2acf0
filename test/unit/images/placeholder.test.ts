import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderPlaceholder } from '../../../src/images/index.js';
import { placeholderSvg, wrap } from '../../../src/images/placeholder.js';

const prompt = 'A watercolor lighthouse on a rocky cliff at sunset, café ☕ <b> & "x", seagulls circling overhead';

describe('renderPlaceholder', () => {
  it('is deterministic: same inputs, identical bytes', async () => {
    const opts = { prompt, width: 512, height: 384, seed: 'seed-1', caption: '4:3 · 1K' };
    const [a, b] = await Promise.all([renderPlaceholder(opts), renderPlaceholder({ ...opts })]);
    expect(a.equals(b)).toBe(true);
    const other = await renderPlaceholder({ ...opts, seed: 'seed-2' });
    expect(other.equals(a)).toBe(false);
  });

  it('colours the background from the seed', async () => {
    const corner = async (seed: string) => (await sharp(await renderPlaceholder({ prompt: 'x', width: 64, height: 64, seed })).extract({ left: 0, top: 0, width: 1, height: 1 }).raw().toBuffer()).toString('hex');
    const colours = new Set(await Promise.all(['a', 'b', 'c', 'd'].map(corner)));
    expect(colours.size).toBeGreaterThan(1);
  });

  it('makes PNGs of the requested size: square, tall 1:8, wide 8:1 and 4K', async () => {
    for (const [width, height] of [
      [1024, 1024],
      [384, 3072],
      [3072, 384],
      [4096, 4096],
    ] as const) {
      const png = await renderPlaceholder({ prompt, width, height, seed: 's', caption: 'caption' });
      const meta = await sharp(png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', width, height]);
    }
  });

  it('labels the image, escapes the prompt and scales the type with the image', () => {
    const small = placeholderSvg({ prompt: 'a <tag> & "q"', width: 512, height: 512, seed: 's' });
    const large = placeholderSvg({ prompt: 'a <tag> & "q"', width: 2048, height: 2048, seed: 's' });
    expect(small).toContain('PLACEHOLDER — offline provider');
    expect(small).toContain('a &lt;tag&gt; &amp; &quot;q&quot;');
    expect(small).not.toContain('<tag>');
    expect(small).toContain('font-family="DejaVu Sans, sans-serif"');
    const size = (svg: string) => Number(/<g font-family="[^"]+" font-size="([\d.]+)"/.exec(svg)?.[1]);
    expect(size(large)).toBeCloseTo(size(small) * 4, 0);
  });

  it('truncates long prompts with an ellipsis', () => {
    const svg = placeholderSvg({ prompt: 'word '.repeat(2000), width: 512, height: 512, seed: 's' });
    expect(svg).toContain('…</text>');
    expect(svg.length).toBeLessThan(20_000);
  });

  it('survives control characters and broken surrogates in the prompt', async () => {
    const png = await renderPlaceholder({ prompt: 'bad \u0000\u0007 \uD800 text', width: 128, height: 128, seed: 's' });
    expect((await sharp(png).metadata()).width).toBe(128);
  });

  it('refuses impossible sizes', async () => {
    await expect(renderPlaceholder({ prompt, width: 0, height: 10, seed: 's' })).rejects.toThrow(RangeError);
    await expect(renderPlaceholder({ prompt, width: 10.5, height: 10, seed: 's' })).rejects.toThrow(RangeError);
  });
});

describe('wrap', () => {
  it('wraps at word boundaries, splits over-long words, and ends a cut text with …', () => {
    expect(wrap('aaa bbb ccc', 3.5, 10)).toEqual(['aaa', 'bbb', 'ccc']);
    expect(wrap('x'.repeat(20), 6.1, 10).every((l) => l.length <= 10)).toBe(true);
    const cut = wrap('one two three four five six seven', 5, 2);
    expect(cut).toHaveLength(2);
    expect(cut[1]?.endsWith('…')).toBe(true);
  });
});
