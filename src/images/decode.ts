/**
 * A sharp pipeline over an image's pixels, oriented as displayed: sharp's own loaders, or our BMP
 * decoder feeding sharp raw RGBA.
 */
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { decodeBmp } from './bmp.js';
import type { ImageFormat } from './format.js';
import { decoderReason, inputCorrupt } from './input-errors.js';
import { MAX_INPUT_PIXELS } from './limits.js';

/** libheif, as prebuilt for sharp, has no HEVC decoder: these are its words for that. */
export const NO_HEVC_DECODER = /compression format has not been built in|unsupported codec|no decoding plugin|decoder plugin/i;

export interface OpenedImage {
  image: Sharp;
  /** As displayed (EXIF orientation applied). */
  width: number;
  height: number;
  hasAlpha: boolean;
}

/** Opens the first frame. Assumes the image passed probeImage (format known, pixel count checked). */
export async function openPixels(data: Buffer, format: ImageFormat, label: string): Promise<OpenedImage> {
  if (format === 'bmp') {
    const bmp = decodeBmp(data, label);
    const image = sharp(bmp.data, { raw: { width: bmp.width, height: bmp.height, channels: 4 }, limitInputPixels: MAX_INPUT_PIXELS });
    return { image: bmp.hasAlpha ? image : image.removeAlpha(), width: bmp.width, height: bmp.height, hasAlpha: bmp.hasAlpha };
  }
  const image = sharp(data, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS }).autoOrient();
  try {
    const meta = await image.metadata();
    return { image, width: meta.autoOrient?.width ?? meta.width, height: meta.autoOrient?.height ?? meta.height, hasAlpha: meta.hasAlpha };
  } catch (err) {
    throw inputCorrupt(label, decoderReason(err));
  }
}

export interface Rendered {
  data: Buffer;
  width: number;
  height: number;
}

/** Runs a pipeline, turning a decoder failure into INPUT_CORRUPT for `label`. */
export async function render(image: Sharp, label: string): Promise<Rendered> {
  try {
    const { data, info } = await image.toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch (err) {
    throw inputCorrupt(label, decoderReason(err));
  }
}

/** Decodes to raw pixels (for encoding several times), with the same error mapping. */
export async function renderRaw(image: Sharp, label: string): Promise<{ data: Buffer; info: { width: number; height: number; channels: 1 | 2 | 3 | 4 } }> {
  try {
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    return { data, info: { width: info.width, height: info.height, channels: info.channels } };
  } catch (err) {
    throw inputCorrupt(label, decoderReason(err));
  }
}
