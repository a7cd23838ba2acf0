/**
 * JPEG marker segments before the scan data, at byte level (no decoding).
 */

export const XMP_APP1_HEADER = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
/** A segment's length field counts itself (2 bytes) and the payload, up to 0xffff. */
export const MAX_SEGMENT_PAYLOAD = 0xffff - 2;

export interface JpegSegment {
  marker: number;
  /** Offset of the 0xFF that starts the marker. */
  start: number;
  /** Offset just past the payload. */
  end: number;
  payload: Buffer;
}

const APP0 = 0xe0;
const APP1 = 0xe1;
const SOS = 0xda;
const EOI = 0xd9;

/** The segments between SOI and the first scan; undefined if the structure is broken. */
export function walkJpegHeader(data: Buffer): JpegSegment[] | undefined {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  const segments: JpegSegment[] = [];
  let at = 2;
  for (;;) {
    if (data[at] !== 0xff) return undefined;
    let m = at + 1;
    while (data[m] === 0xff) m++; // fill bytes
    const marker = data[m];
    if (marker === undefined) return undefined;
    if (marker === SOS || marker === EOI) return segments;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at = m + 1; // no length
      continue;
    }
    if (m + 3 > data.length) return undefined;
    const length = data.readUInt16BE(m + 1);
    const end = m + 1 + length;
    if (length < 2 || end > data.length) return undefined;
    segments.push({ marker, start: at, end, payload: data.subarray(m + 3, end) });
    at = end;
  }
}

export function isXmpSegment(segment: JpegSegment): boolean {
  return segment.marker === APP1 && segment.payload.subarray(0, XMP_APP1_HEADER.length).equals(XMP_APP1_HEADER);
}

/** The packet text of the first standard XMP segment. */
export function getJpegXmp(data: Buffer): string | undefined {
  const segment = walkJpegHeader(data)?.find(isXmpSegment);
  return segment?.payload.subarray(XMP_APP1_HEADER.length).toString('utf8');
}

export function xmpSegment(packet: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = APP1;
  head.writeUInt16BE(2 + XMP_APP1_HEADER.length + packet.length, 2);
  return Buffer.concat([head, XMP_APP1_HEADER, packet]);
}

/**
 * Replaces the first XMP segment with `segment`, or inserts it after SOI and the JFIF (APP0) and
 * Exif (APP1) segments that must come first.
 */
export function setJpegXmpSegment(data: Buffer, segments: readonly JpegSegment[], segment: Buffer): Buffer {
  const existing = segments.find(isXmpSegment);
  if (existing) return Buffer.concat([data.subarray(0, existing.start), segment, data.subarray(existing.end)]);
  let at = 2;
  for (const s of segments) {
    const exif = s.marker === APP1 && s.payload.toString('latin1', 0, 4) === 'Exif';
    if (s.marker !== APP0 && !exif) break;
    at = s.end;
  }
  return Buffer.concat([data.subarray(0, at), segment, data.subarray(at)]);
}
