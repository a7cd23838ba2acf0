/**
 * Format conversion of whole images (for --format) and cheap header-only dimensions.
 */
import sharp from 'sharp';
import { readBmpHeader } from './bmp.js';
import { NO_HEVC_DECODER, openPixels, render } from './decode.js';
import { FORMAT_MIME, sniffFormat } from './format.js';
import type { ImageFormat } from './format.js';
import { decoderReason, inputCorrupt, inputEmpty, inputNotImage, inputUnsupported } from './input-errors.js';

export type ConvertTarget = 'png' | 'jpeg' | 'webp';

export interface ConvertedImage {
  data: Buffer;
  mimeType: string;
  width: number;
  height: number;
}

export interface ImageDimensions {
  /** As displayed (EXIF orientation applied). */
  width: number;
  height: number;
  mimeType: string;
}

/**
 * Re-encodes `data` as `to` (JPEG and WEBP at quality 90; transparency is flattened onto white for
 * JPEG). Returns the input itself when it is already in that format.
 */
export async function convertImage(data: Buffer, to: ConvertTarget, label = 'image'): Promise<ConvertedImage> {
  const { format } = sniffImage(data, label);
  if (format === to) {
    const dims = await imageDimensions(data, label);
    return { data, mimeType: FORMAT_MIME[to], width: dims.width, height: dims.height };
  }
  let image = (await openPixels(data, format, label)).image;
  if (to === 'jpeg') image = image.flatten({ background: '#ffffff' }).jpeg({ quality: 90 });
  else if (to === 'webp') image = image.webp({ quality: 90 });
  else image = image.png();
  try {
    const out = await render(image, label);
    return { data: out.data, mimeType: FORMAT_MIME[to], width: out.width, height: out.height };
  } catch (err) {
    if (format === 'heif' && err instanceof Error && NO_HEVC_DECODER.test(err.message)) throw inputUnsupported(label, 'a HEVC-coded HEIC image (it can be sent to the model, but not converted here)');
    throw err;
  }
}

/** Width, height and MIME type from the header alone, without decoding pixels. */
export async function imageDimensions(data: Buffer, label = 'image'): Promise<ImageDimensions> {
  const { format, mimeType: sniffedMime } = sniffImage(data, label);
  if (format === 'bmp') {
    const header = readBmpHeader(data, label);
    return { width: header.width, height: header.height, mimeType: FORMAT_MIME.bmp };
  }
  try {
    const meta = await sharp(data, { limitInputPixels: false }).metadata();
    const mimeType = format === 'heif' && meta.compression === 'av1' ? FORMAT_MIME.avif : sniffedMime;
    return { width: meta.autoOrient?.width ?? meta.width, height: meta.autoOrient?.height ?? meta.height, mimeType };
  } catch (err) {
    throw inputCorrupt(label, decoderReason(err));
  }
}

function sniffImage(data: Buffer, label: string): { format: ImageFormat; mimeType: string } {
  if (data.length === 0) throw inputEmpty(label);
  const sniffed = sniffFormat(data);
  if (sniffed.kind === 'image') return sniffed;
  if (sniffed.kind === 'unsupported') throw inputUnsupported(label, sniffed.name);
  throw inputNotImage(label, sniffed.kind === 'other' ? sniffed.name : undefined);
}
