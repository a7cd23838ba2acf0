import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { embedProvenance, provenanceSummary, readProvenance } from '../../../src/images/index.js';
import { walkPng } from '../../../src/images/png-chunks.js';
import { walkWebp } from '../../../src/images/webp-riff.js';
import { photoJpeg, rawPixels, shapesPng } from './helpers.js';

const tricky = 'café ☕ <b> & "x"\nsecond line \'quoted\' ]]> \u0001 𝄞';
const fields: Record<string, string> = {
  'imagegen:prompt': tricky,
  'imagegen:model': 'gemini-2.5-flash-image',
  'imagegen:entryId': '01JABCDEF',
  'imagegen:parentId': '',
  'imagegen:createdAt': '2025-01-02T03:04:05.000Z',
};

async function samePixels(a: Buffer, b: Buffer): Promise<boolean> {
  const [pa, pb] = await Promise.all([rawPixels(a), rawPixels(b)]);
  return pa.width === pb.width && pa.height === pb.height && pa.channels === pb.channels && pa.data.equals(pb.data);
}

describe('provenance in PNG', () => {
  it('round-trips through iTXt, before IEND, without touching the pixels', async () => {
    const png = await shapesPng(120, 80, true);
    const out = await embedProvenance(png, 'image/png', fields);
    expect(await readProvenance(out)).toEqual(fields);
    expect(await samePixels(png, out)).toBe(true);
    const walk = walkPng(out);
    expect(walk.ok).toBe(true);
    const types = walk.chunks.map((c) => c.type);
    expect(types.slice(-3)).toEqual(['iTXt', 'iTXt', 'IEND']); // the summary is not Latin-1 here, so iTXt too
    expect(out.subarray(0, png.length - 12).equals(png.subarray(0, png.length - 12))).toBe(true); // only added before IEND
  });

  it('writes the human summary as tEXt parameters when it is Latin-1', async () => {
    const out = await embedProvenance(await shapesPng(10, 10), 'image/png', { prompt: 'a red fox, snow', model: 'm1', parentId: '' });
    const walk = walkPng(out);
    const text = walk.chunks.find((c) => c.type === 'tEXt');
    expect(text?.data.toString('latin1')).toBe('parameters\0a red fox, snow\nModel: m1');
  });

  it('replaces earlier provenance instead of piling it up', async () => {
    const once = await embedProvenance(await shapesPng(10, 10), 'image/png', fields);
    const twice = await embedProvenance(once, 'image/png', { 'imagegen:prompt': 'second' });
    expect(await readProvenance(twice)).toEqual({ 'imagegen:prompt': 'second' });
    expect(walkPng(twice).chunks.filter((c) => c.type === 'iTXt' || c.type === 'tEXt')).toHaveLength(2);
  });
});

describe('provenance in JPEG', () => {
  it('round-trips through XMP after JFIF/Exif, without touching the pixels', async () => {
    const jpg = await sharp(await photoJpeg(200, 100)).jpeg().withMetadata({ orientation: 1 }).toBuffer();
    const out = await embedProvenance(jpg, 'image/jpeg', fields);
    expect(await readProvenance(out)).toEqual(fields);
    expect(await samePixels(jpg, out)).toBe(true);
    const meta = await sharp(out).metadata();
    expect(meta.xmp?.toString('utf8')).toContain('imagegen:fields');
    expect(meta.exif).toBeDefined(); // Exif still found first
    // The XMP is escaped, well-formed text: no raw < or & from the prompt inside.
    const xmp = meta.xmp?.toString('utf8') ?? '';
    expect(xmp).toContain('&lt;b&gt; &amp; \\&quot;x\\&quot;');
  });

  it('merges into an existing XMP packet, keeping its properties', async () => {
    const jpg = await sharp(await shapesPng(50, 50)).jpeg().withXmp('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>image/jpeg</dc:format></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>').toBuffer();
    const out = await embedProvenance(await embedProvenance(jpg, 'image/jpeg', { a: '1' }), 'image/jpeg', { b: '2' });
    expect(await readProvenance(out)).toEqual({ b: '2' });
    const xmp = (await sharp(out).metadata()).xmp?.toString('utf8') ?? '';
    expect(xmp).toContain('<dc:format>image/jpeg</dc:format>');
    expect(xmp.match(/imagegen:fields/g)).toHaveLength(2); // one element, open and close
  });

  it('shortens values that would not fit in one 64 KB segment, and says so', async () => {
    const long = 'word '.repeat(20_000);
    const out = await embedProvenance(await shapesPng(20, 20).then((p) => sharp(p).jpeg().toBuffer()), 'image/jpeg', { prompt: long, model: 'm' });
    const back = await readProvenance(out);
    expect(back?.['_truncated']).toBe('true');
    expect(back?.['model']).toBe('m');
    expect(back?.['prompt']?.endsWith('…')).toBe(true);
    expect((await sharp(out).metadata()).width).toBe(20);
  });
});

describe('provenance in WEBP', () => {
  it('round-trips for simple lossy (VP8), simple lossless-with-alpha (VP8L) and extended files', async () => {
    const cases = [
      { alpha: false, options: { quality: 80 }, first: 'VP8 ' },
      { alpha: true, options: { lossless: true }, first: 'VP8L' },
      { alpha: true, options: { quality: 80 }, first: 'VP8X' }, // lossy with alpha: ALPH + VP8
    ];
    for (const { alpha, options, first } of cases) {
      const webp = await sharp(await shapesPng(90, 60, alpha)).webp(options).toBuffer();
      expect(walkWebp(webp)?.[0]?.fourcc).toBe(first);
      const out = await embedProvenance(webp, 'image/webp', fields);
      expect(await readProvenance(out)).toEqual(fields);
      const chunks = walkWebp(out) ?? [];
      expect(chunks[0]?.fourcc).toBe('VP8X');
      expect(chunks.at(-1)?.fourcc).toBe('XMP ');
      expect(out.readUInt32LE(4)).toBe(out.length - 8);
      expect(await samePixels(webp, out)).toBe(true);
      const meta = await sharp(out).metadata();
      expect([meta.width, meta.height, meta.hasAlpha]).toEqual([90, 60, alpha]);
    }
  });

  it('adds XMP to an already-extended (animated) file', async () => {
    const frames = Buffer.concat(await Promise.all(['#f00', '#0f0'].map((c) => sharp({ create: { width: 8, height: 8, channels: 3, background: c } }).raw().toBuffer())));
    const anim = await sharp(frames, { raw: { width: 8, height: 16, channels: 3, pageHeight: 8 } }).webp().toBuffer();
    const out = await embedProvenance(anim, 'image/webp', { id: 'x' });
    expect(await readProvenance(out)).toEqual({ id: 'x' });
    expect((await sharp(out, { pages: -1 }).metadata()).pages).toBe(2);
  });
});

describe('provenance elsewhere', () => {
  it('leaves formats it cannot annotate unchanged, and finds nothing in them', async () => {
    const gif = await sharp(await shapesPng(10, 10)).gif().toBuffer();
    expect(await embedProvenance(gif, 'image/gif', fields)).toBe(gif);
    expect(await readProvenance(gif)).toBeNull();
    expect(await readProvenance(await shapesPng(10, 10))).toBeNull();
    expect(await readProvenance(Buffer.from('not an image'))).toBeNull();
  });

  it('summarises like AUTOMATIC1111 parameters', () => {
    expect(provenanceSummary({ prompt: 'a cat', model: 'gemini', parentId: 'p1', aspectRatio: '16:9', note: 'a, b' })).toBe('a cat\nModel: gemini, Parent ID: p1, Aspect ratio: "16:9", Note: "a, b"');
  });
});
