/**
 * Provenance (prompt, model, ids, time, …) written into the image file itself, at byte level so
 * the pixels are never re-encoded:
 *  - PNG: an iTXt chunk `imagegen` holding the fields as JSON, and a human-readable `parameters`
 *    text chunk in the style AUTOMATIC1111 writes (tEXt when Latin-1, iTXt otherwise), before IEND.
 *  - JPEG: an XMP APP1 segment after JFIF/Exif (merged into an existing XMP packet if there is one).
 *  - WEBP: an `XMP ` chunk; a simple VP8/VP8L file is first rewritten as extended (VP8X).
 * Other formats are returned unchanged.
 */
import { inflateSync } from 'node:zlib';
import { failure } from '../domain/errors.js';
import { sniffFormat } from './format.js';
import { MAX_SEGMENT_PAYLOAD, XMP_APP1_HEADER, getJpegXmp, setJpegXmpSegment, walkJpegHeader, xmpSegment } from './jpeg-segments.js';
import { itxtChunk, readItxt, textChunk, textKeyword, walkPng } from './png-chunks.js';
import { getWebpXmp, setWebpXmp } from './webp-riff.js';
import { fieldsFromPacket, mergeIntoPacket, packetFor, parseFields } from './xmp.js';

const PNG_KEYWORD = 'imagegen';
const PNG_SUMMARY_KEYWORD = 'parameters';
const MAX_JPEG_PACKET = MAX_SEGMENT_PAYLOAD - XMP_APP1_HEADER.length;
/** Set when values had to be shortened to fit a JPEG's 64 KB XMP segment. */
export const TRUNCATED_FIELD = '_truncated';

export async function embedProvenance(data: Buffer, mimeType: string, fields: Record<string, string>): Promise<Buffer> {
  const sniffed = sniffFormat(data);
  const format = sniffed.kind === 'image' ? sniffed.format : undefined;
  if (format === 'png') return embedPng(data, fields);
  if (format === 'jpeg') return embedJpeg(data, fields);
  if (format === 'webp') return embedWebp(data, fields);
  void mimeType; // the bytes decide; a mislabelled buffer is still annotated correctly
  return data;
}

export async function readProvenance(data: Buffer): Promise<Record<string, string> | null> {
  const sniffed = sniffFormat(data);
  if (sniffed.kind !== 'image') return null;
  if (sniffed.format === 'png') return readPng(data);
  if (sniffed.format === 'jpeg') {
    const xmp = getJpegXmp(data);
    return xmp === undefined ? null : fieldsFromPacket(xmp);
  }
  if (sniffed.format === 'webp') {
    const xmp = getWebpXmp(data);
    return xmp === undefined ? null : fieldsFromPacket(xmp.toString('utf8'));
  }
  return null;
}

/**
 * The A1111-style summary: the prompt, then one line of `Key: value` pairs (values quoted when
 * they contain a comma, colon, quote or newline).
 */
export function provenanceSummary(fields: Record<string, string>): string {
  const promptKey = ['imagegen:prompt', 'prompt'].find((k) => fields[k]);
  const pairs = Object.entries(fields)
    .filter(([key, value]) => key !== promptKey && value !== '')
    .map(([key, value]) => `${displayKey(key)}: ${/[,:\n\r"]/.test(value) ? JSON.stringify(value) : value}`);
  // eslint-disable-next-line no-control-regex
  const prompt = promptKey ? fields[promptKey]?.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ') : undefined;
  return [prompt, pairs.join(', ')].filter((s) => s).join('\n');
}

function displayKey(key: string): string {
  const words = key
    .replace(/^imagegen:/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => (w.toLowerCase() === 'id' ? 'ID' : w.toLowerCase()));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function malformed(format: string, why: string): Error {
  return failure('IMAGE_MALFORMED', `Cannot write provenance into the ${format} image: ${why}.`, 'The image itself is kept as is; report this if it persists.');
}

function embedPng(data: Buffer, fields: Record<string, string>): Buffer {
  const walk = walkPng(data);
  if (!walk.ok) throw malformed('PNG', walk.reason);
  const kept = walk.chunks.filter((c) => c.type !== 'IEND' && textKeyword(c) !== PNG_KEYWORD && textKeyword(c) !== PNG_SUMMARY_KEYWORD);
  const iend = walk.chunks.at(-1);
  if (!iend) throw malformed('PNG', 'it has no chunks');
  return Buffer.concat([
    data.subarray(0, 8),
    ...kept.map((c) => data.subarray(c.start, c.end)),
    itxtChunk(PNG_KEYWORD, JSON.stringify(fields)),
    textChunk(PNG_SUMMARY_KEYWORD, provenanceSummary(fields)),
    data.subarray(iend.start), // IEND and anything after it
  ]);
}

function readPng(data: Buffer): Record<string, string> | null {
  const walk = walkPng(data);
  const chunk = walk.chunks.find((c) => c.type === 'iTXt' && textKeyword(c) === PNG_KEYWORD);
  const text = chunk ? readItxt(chunk, inflateSync) : undefined;
  return text === undefined ? null : parseFields(text);
}

function embedJpeg(data: Buffer, fields: Record<string, string>): Buffer {
  const segments = walkJpegHeader(data);
  if (!segments) throw malformed('JPEG', 'its marker segments are broken');
  const existing = getJpegXmp(data);
  const build = (f: Record<string, string>) => Buffer.from((existing !== undefined ? mergeIntoPacket(existing, f) : undefined) ?? packetFor(f), 'utf8');
  let packet = build(fields);
  // Too big for one segment with someone else's XMP: ours alone; then shorten the longest values.
  if (packet.length > MAX_JPEG_PACKET) packet = Buffer.from(packetFor(fields), 'utf8');
  if (packet.length > MAX_JPEG_PACKET) packet = Buffer.from(packetFor(shorten(fields, (f) => Buffer.byteLength(packetFor(f), 'utf8') <= MAX_JPEG_PACKET)), 'utf8');
  return setJpegXmpSegment(data, segments, xmpSegment(packet));
}

/** Halves the longest value (marking it with …) until `fits`. */
function shorten(fields: Record<string, string>, fits: (f: Record<string, string>) => boolean): Record<string, string> {
  const f: Record<string, string> = { ...fields, [TRUNCATED_FIELD]: 'true' };
  while (!fits(f)) {
    const longest = Object.keys(f).reduce((a, b) => ((f[b] ?? '').length > (f[a] ?? '').length ? b : a));
    const chars = [...(f[longest] ?? '')];
    if (chars.length <= 1) throw new Error('provenance keys alone exceed the XMP segment size');
    f[longest] = `${chars.slice(0, Math.floor(chars.length / 2)).join('')}…`;
  }
  return f;
}

function embedWebp(data: Buffer, fields: Record<string, string>): Buffer {
  const existing = getWebpXmp(data)?.toString('utf8');
  const packet = (existing !== undefined ? mergeIntoPacket(existing, fields) : undefined) ?? packetFor(fields);
  const out = setWebpXmp(data, Buffer.from(packet, 'utf8'));
  if (!out) throw malformed('WEBP', 'its RIFF chunks are broken or of an unknown kind');
  return out;
}
