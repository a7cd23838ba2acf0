/** Content Credentials detection on JPEGs built with an APP11 JUMBF segment, and on the recorded Gemini 3 JPEG. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hasContentCredentials } from '../../../src/images/content-credentials.js';
import { embedProvenance } from '../../../src/images/provenance.js';
import { recordedImage } from '../../fake-gemini/recordings.js';

/** A JUMBF box: 4-byte size, 4-byte type, payload. */
function box(type: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + payload.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, payload]);
}

/** An APP11 segment holding a `jumb` superbox whose `jumd` description carries `label` (ISO/IEC 19566-5). */
function app11Jumbf(label: string): Buffer {
  const typeUuid = Buffer.concat([Buffer.from(label.slice(0, 4).padEnd(4, '\0'), 'latin1'), Buffer.from('00110010800000aa00389b71', 'hex')]);
  const description = box('jumd', Buffer.concat([typeUuid, Buffer.from([0x03]), Buffer.from(`${label}\0`, 'latin1')]));
  const superbox = box('jumb', Buffer.concat([description, box('json', Buffer.from('{}'))]));
  // "JP", a 2-byte instance number and a 4-byte packet sequence number precede the box.
  const payload = Buffer.concat([Buffer.from('JP', 'latin1'), Buffer.from([0, 1, 0, 0, 0, 1]), superbox]);
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xffeb, 0);
  segment.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([segment, payload]);
}

async function jpegWith(segment: Buffer): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#336699' } }).jpeg().toBuffer();
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

describe('hasContentCredentials', () => {
  it('finds a c2pa JUMBF manifest store in APP11, and the image still decodes', async () => {
    const jpeg = await jpegWith(app11Jumbf('c2pa'));
    expect(hasContentCredentials(jpeg)).toBe(true);
    expect((await sharp(jpeg).metadata()).width).toBe(32);
  });

  it('ignores APP11 JUMBF with another label, and plain JPEGs and PNGs', async () => {
    expect(hasContentCredentials(await jpegWith(app11Jumbf('xmpx')))).toBe(false);
    expect(hasContentCredentials(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).jpeg().toBuffer())).toBe(false);
    expect(hasContentCredentials(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer())).toBe(false);
    expect(hasContentCredentials(Buffer.from('not an image'))).toBe(false);
  });

  it('finds it in the JPEG Gemini 3 Pro Image returned (recorded)', () => {
    expect(hasContentCredentials(recordedImage('success-gemini-3-pro-image-c2pa').data)).toBe(true);
  });

  it('inserting XMP moves the manifest: why such images are saved as they came', async () => {
    const original = await jpegWith(app11Jumbf('c2pa'));
    const annotated = await embedProvenance(original, 'image/jpeg', { 'imagegen:id': 'abc' });
    expect(annotated.indexOf(Buffer.from('jumb'))).toBeGreaterThan(original.indexOf(Buffer.from('jumb')));
  });
});
