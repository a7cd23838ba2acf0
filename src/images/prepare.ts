/**
 * Makes a probed input image acceptable to the model: untouched when it already is, otherwise
 * converted (GIF, BMP, TIFF, AVIF, animated WEBP), downscaled to `maxEdge` and re-compressed to
 * `maxBytes`, with a notice saying what was done.
 */
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { usageError } from '../domain/errors.js';
import { openPixels, render, renderRaw } from './decode.js';
import type { Rendered } from './decode.js';
import { FORMAT_MIME, FORMAT_NAME } from './format.js';
import type { ImageFormat } from './format.js';
import type { InputLimits } from './limits.js';
import type { ImageInfo } from './probe.js';
import { formatBytes, formatDims } from './units.js';
import { isLossyWebp } from './webp-riff.js';

export { DEFAULT_INPUT_LIMITS } from './limits.js';
export type { InputLimits } from './limits.js';

export interface PreparedImage {
  data: Buffer;
  mimeType: string;
  /** False: `data` is the caller's buffer, byte for byte. */
  changed: boolean;
  /** One line for the user when something was done (or could not be). */
  notice?: string;
}

/** Formats the model takes as they are. */
const MODEL_FORMATS: ReadonlySet<ImageFormat> = new Set(['png', 'jpeg', 'webp', 'heif']);

type OutputFormat = 'jpeg' | 'png' | 'webp';

const FIRST_QUALITY = 90;
const QUALITY_STEPS = [80, 70, 60];
const SHRINK_STEP = 0.75;
const SHRINK_QUALITY = 75;
const MIN_EDGE = 256;

export async function prepareForModel(data: Buffer, info: ImageInfo, limits: InputLimits, label: string): Promise<PreparedImage> {
  const longEdge = Math.max(info.width, info.height);
  const tooWide = longEdge > limits.maxEdge;
  const tooHeavy = data.length > limits.maxBytes;
  const animated = info.frames > 1 && (info.format === 'gif' || info.format === 'webp');
  const accepted = MODEL_FORMATS.has(info.format) && !animated;
  if (accepted && !tooWide && !tooHeavy) return { data, mimeType: info.mimeType, changed: false };
  if (!info.decodable) return passUndecodable(data, info, limits, label, tooHeavy);

  const opened = await openPixels(data, info.format, label);
  const base = tooWide ? opened.image.resize({ width: limits.maxEdge, height: limits.maxEdge, fit: 'inside', withoutEnlargement: true }) : opened.image;
  const photo = info.format === 'jpeg' || info.format === 'heif' || (info.format === 'webp' && isLossyWebp(data));
  let format: OutputFormat = photo && !opened.hasAlpha ? 'jpeg' : 'png';

  let out = await render(encode(base.clone(), format, FIRST_QUALITY), label);
  let quality: number | undefined;
  if (out.data.length > limits.maxBytes) {
    format = opened.hasAlpha ? 'webp' : 'jpeg';
    ({ out, quality } = await squeeze(base, format, limits.maxBytes, label, info));
  }

  const parts: string[] = [];
  if (info.format !== format) parts.push(`${FORMAT_NAME[info.format]} converted to ${FORMAT_NAME[format]}${animated ? ` (first of ${info.frames} frames)` : ''}`);
  else if (animated) parts.push(`first of ${info.frames} frames kept`);
  if (out.width !== info.width || out.height !== info.height) parts.push(`${formatDims(info.width, info.height)} downscaled to ${formatDims(out.width, out.height)}`);
  if (quality !== undefined) parts.push(`re-compressed at quality ${quality}`);
  if (parts.length === 0) parts.push(`re-compressed as ${FORMAT_NAME[format]}`);
  const why = tooWide || tooHeavy ? "to fit the model's limits" : animated ? 'because the model takes a single still image' : `because the model does not take ${FORMAT_NAME[info.format]}`;
  const notice = `${label}: ${parts.join(', ')} (${formatBytes(data.length)} → ${formatBytes(out.data.length)}) ${why}`;
  return { data: out.data, mimeType: FORMAT_MIME[format], changed: true, notice };
}

function encode(image: Sharp, format: OutputFormat, quality: number): Sharp {
  if (format === 'jpeg') return image.jpeg({ quality });
  if (format === 'webp') return image.webp({ quality, alphaQuality: 100 });
  return image.png();
}

/** Lower quality, then smaller sizes, until the encoding fits in `maxBytes`. Decodes once. */
async function squeeze(base: Sharp, format: OutputFormat, maxBytes: number, label: string, info: ImageInfo): Promise<{ out: Rendered; quality: number }> {
  const { data: pixels, info: raw } = await renderRaw(base.clone(), label);
  const fromRaw = () => sharp(pixels, { raw: { width: raw.width, height: raw.height, channels: raw.channels } });
  const attempts: { quality: number; edge?: number }[] = [FIRST_QUALITY, ...QUALITY_STEPS].map((quality) => ({ quality }));
  for (let edge = Math.floor(Math.max(raw.width, raw.height) * SHRINK_STEP); edge >= MIN_EDGE; edge = Math.floor(edge * SHRINK_STEP)) {
    attempts.push({ quality: SHRINK_QUALITY, edge });
  }
  for (const { quality, edge } of attempts) {
    const image = edge === undefined ? fromRaw() : fromRaw().resize({ width: edge, height: edge, fit: 'inside' });
    const out = await render(encode(image, format, quality), label);
    if (out.data.length <= maxBytes) return { out, quality };
  }
  throw usageError(
    'INPUT_TOO_LARGE',
    `${label} (${formatDims(info.width, info.height)}) cannot be compressed below the ${formatBytes(maxBytes)} limit for input images.`,
    'Crop or simplify the image, or raise the limit in the configuration.',
    { path: label },
  );
}

/** HEIC that libheif here cannot decode: send it as it is if the model will take it, else refuse. */
function passUndecodable(data: Buffer, info: ImageInfo, limits: InputLimits, label: string, tooHeavy: boolean): PreparedImage {
  const name = FORMAT_NAME[info.format];
  if (tooHeavy) {
    throw usageError(
      'INPUT_TOO_LARGE',
      `${label} is ${formatBytes(data.length)}, over the ${formatBytes(limits.maxBytes)} the model takes, and ${name} images cannot be re-compressed here.`,
      `Convert it to JPEG first (for example with Preview's File › Export, or heif-convert ${label} out.jpg).`,
      { path: label, bytes: data.length },
    );
  }
  return {
    data,
    mimeType: info.mimeType,
    changed: false,
    notice: `${label}: ${formatDims(info.width, info.height)} is larger than ${limits.maxEdge} pixels, but ${name} images cannot be downscaled here; sent as it is`,
  };
}
