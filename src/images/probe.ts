/**
 * What an input image is, and whether it is whole: format from the magic bytes, dimensions from the
 * header (refusing decompression bombs before any decoding), then a full decode to catch
 * truncation and corruption.
 */
import sharp from 'sharp';
import type { Metadata } from 'sharp';
import { readBmpHeader } from './bmp.js';
import { NO_HEVC_DECODER } from './decode.js';
import { sniffFormat } from './format.js';
import type { ImageFormat } from './format.js';
import { decoderReason, inputCorrupt, inputEmpty, inputNotImage, inputTooManyBytes, inputTooManyPixels, inputUnsupported } from './input-errors.js';
import { MAX_INPUT_BYTES, MAX_INPUT_PIXELS } from './limits.js';
import { walkPng } from './png-chunks.js';

export interface ImageInfo {
  format: ImageFormat;
  mimeType: string;
  /** As displayed: EXIF orientation applied. */
  width: number;
  height: number;
  /** Frames (GIF/WEBP animation) or top-level images (HEIF, multi-page TIFF); 1 for a still. */
  frames: number;
  bytes: number;
  /** False when the pixels cannot be decoded here (HEVC-coded HEIC): pass it through or refuse. */
  decodable: boolean;
}

export async function probeImage(data: Buffer, label: string): Promise<ImageInfo> {
  if (data.length === 0) throw inputEmpty(label);
  if (data.length > MAX_INPUT_BYTES) throw inputTooManyBytes(label, data.length);
  const sniffed = sniffFormat(data);
  if (sniffed.kind === 'other') throw inputNotImage(label, sniffed.name);
  if (sniffed.kind === 'unknown') throw inputNotImage(label);
  if (sniffed.kind === 'unsupported') throw inputUnsupported(label, sniffed.name);
  let { format, mimeType } = sniffed;

  if (format === 'bmp') {
    // Once the pixel data is known to be all there, decoding it cannot fail.
    const header = readBmpHeader(data, label);
    if (header.width * header.height > MAX_INPUT_PIXELS) throw inputTooManyPixels(label, header.width, header.height);
    if (header.truncated !== undefined) throw inputCorrupt(label, header.truncated);
    return { format, mimeType, width: header.width, height: header.height, frames: 1, bytes: data.length, decodable: true };
  }

  // Header only; the pixel limit is ours to apply, after, with a better message than sharp's.
  let meta: Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw inputCorrupt(label, decoderReason(err));
  }
  const { width, height } = meta;
  if (!width || !height) throw inputCorrupt(label, 'the header has no dimensions');
  if (width * height > MAX_INPUT_PIXELS) throw inputTooManyPixels(label, width, height);
  if (format === 'heif' || format === 'avif') {
    if (meta.compression === 'av1') format = 'avif';
    else if (meta.compression === 'hevc') format = 'heif';
    mimeType = format === 'avif' ? 'image/avif' : mimeType;
  }
  if (format === 'png') {
    const walk = walkPng(data);
    if (!walk.ok) throw inputCorrupt(label, walk.reason);
  }

  const decodable = await decodesCleanly(data, format, label);
  return {
    format,
    mimeType,
    width: meta.autoOrient?.width ?? width,
    height: meta.autoOrient?.height ?? height,
    frames: Math.max(1, meta.pages ?? 1),
    bytes: data.length,
    decodable,
  };
}

/**
 * Decodes every pixel of the first frame. Shrinking to a thumbnail still reads all of the
 * compressed data (JPEG shrink-on-load skips only part of the inverse DCT), so truncation and
 * corruption are caught at about half the cost of a full-size decode, in little memory.
 */
async function decodesCleanly(data: Buffer, format: ImageFormat, label: string): Promise<boolean> {
  try {
    await sharp(data, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS })
      .resize({ width: 64, height: 64, fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer();
    return true;
  } catch (err) {
    if (format === 'heif' && NO_HEVC_DECODER.test(err instanceof Error ? err.message : String(err))) return false;
    throw inputCorrupt(label, decoderReason(err));
  }
}
