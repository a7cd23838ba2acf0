/**
 * WEBP's RIFF container at byte level: walk chunks, turn a simple (VP8/VP8L) file into an extended
 * (VP8X) one, add or replace the XMP chunk. Pixels are never touched.
 */

export interface RiffChunk {
  fourcc: string;
  /** The payload (unpadded). */
  data: Buffer;
}

const VP8X_XMP = 0x04;
const VP8X_ALPHA = 0x10;

/** The chunks after "RIFF size WEBP", or undefined if the structure is broken. */
export function walkWebp(data: Buffer): RiffChunk[] | undefined {
  if (data.length < 12 || data.toString('latin1', 0, 4) !== 'RIFF' || data.toString('latin1', 8, 12) !== 'WEBP') return undefined;
  const riffEnd = Math.min(data.length, 8 + data.readUInt32LE(4));
  const chunks: RiffChunk[] = [];
  let at = 12;
  while (at + 8 <= riffEnd) {
    const fourcc = data.toString('latin1', at, at + 4);
    const size = data.readUInt32LE(at + 4);
    if (at + 8 + size > riffEnd) return undefined;
    chunks.push({ fourcc, data: data.subarray(at + 8, at + 8 + size) });
    at += 8 + size + (size & 1);
  }
  return chunks.length > 0 ? chunks : undefined;
}

export function buildWebp(chunks: readonly RiffChunk[]): Buffer {
  const parts: Buffer[] = [];
  for (const chunk of chunks) {
    const head = Buffer.alloc(8);
    head.write(chunk.fourcc, 0, 'latin1');
    head.writeUInt32LE(chunk.data.length, 4);
    parts.push(head, chunk.data);
    if (chunk.data.length & 1) parts.push(Buffer.alloc(1));
  }
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}

/** True when the image data is VP8 (lossy) rather than VP8L (lossless). */
export function isLossyWebp(data: Buffer): boolean {
  return walkWebp(data)?.some((c) => c.fourcc === 'VP8 ') ?? false;
}

/**
 * Sets `xmp` as the file's XMP chunk, converting a simple file to the extended format first.
 * Returns undefined if the file's structure is not one we can rewrite safely.
 */
export function setWebpXmp(data: Buffer, xmp: Buffer): Buffer | undefined {
  const chunks = walkWebp(data);
  const first = chunks?.[0];
  if (!chunks || !first) return undefined;
  let vp8x: RiffChunk;
  let rest: RiffChunk[];
  if (first.fourcc === 'VP8X') {
    if (first.data.length < 10) return undefined;
    vp8x = { fourcc: 'VP8X', data: Buffer.from(first.data) };
    rest = chunks.slice(1);
  } else {
    const canvas = simpleCanvas(first);
    if (!canvas) return undefined;
    vp8x = { fourcc: 'VP8X', data: vp8xPayload(canvas.width, canvas.height, canvas.alpha ? VP8X_ALPHA : 0) };
    rest = chunks;
  }
  vp8x.data[0] = (vp8x.data[0] ?? 0) | VP8X_XMP;
  // XMP belongs last (after image data and EXIF).
  return buildWebp([vp8x, ...rest.filter((c) => c.fourcc !== 'XMP '), { fourcc: 'XMP ', data: xmp }]);
}

export function getWebpXmp(data: Buffer): Buffer | undefined {
  return walkWebp(data)?.find((c) => c.fourcc === 'XMP ')?.data;
}

/** Canvas size of a simple-format file, from its VP8 or VP8L bitstream header. */
function simpleCanvas(chunk: RiffChunk): { width: number; height: number; alpha: boolean } | undefined {
  const d = chunk.data;
  if (chunk.fourcc === 'VP8 ') {
    // 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height (2 bits of scale each).
    if (d.length < 10 || d[3] !== 0x9d || d[4] !== 0x01 || d[5] !== 0x2a) return undefined;
    return { width: d.readUInt16LE(6) & 0x3fff, height: d.readUInt16LE(8) & 0x3fff, alpha: false };
  }
  if (chunk.fourcc === 'VP8L') {
    // Signature 0x2f, then 14 bits width-1, 14 bits height-1, 1 bit alpha_is_used.
    if (d.length < 5 || d[0] !== 0x2f) return undefined;
    const bits = d.readUInt32LE(1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
  }
  return undefined;
}

function vp8xPayload(width: number, height: number, flags: number): Buffer {
  const payload = Buffer.alloc(10);
  payload[0] = flags;
  payload.writeUIntLE(width - 1, 4, 3);
  payload.writeUIntLE(height - 1, 7, 3);
  return payload;
}
