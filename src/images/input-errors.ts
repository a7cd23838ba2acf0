/**
 * The refusals for a bad input image, worded once. Each message names the file the user typed
 * (`label`) and the reason; each hint says what to do. All are usage errors (exit 2).
 */
import { usageError } from '../domain/errors.js';
import type { ImagegenError } from '../domain/errors.js';
import { MAX_INPUT_BYTES, MAX_INPUT_PIXELS } from './limits.js';
import { formatBytes, formatDims } from './units.js';

const ACCEPTED = 'PNG, JPEG, WEBP, HEIC/HEIF, GIF, BMP, TIFF or AVIF';

export function inputNotFound(label: string, reason?: string): ImagegenError {
  return usageError(
    'INPUT_NOT_FOUND',
    `${label} does not exist${reason ? ` (${reason})` : ''}.`,
    'Check the path for typos; a relative path is taken from the current folder.',
    { path: label },
  );
}

export function inputIsDirectory(label: string): ImagegenError {
  return usageError('INPUT_IS_DIRECTORY', `${label} is a folder, not an image file.`, 'Pass the path of an image file inside that folder.', { path: label });
}

export function inputUnreadable(label: string, reason: string): ImagegenError {
  return usageError(
    'INPUT_UNREADABLE',
    `${label} cannot be read: ${reason}.`,
    'Check the file and its permissions (ls -l), or copy it somewhere you can read it and pass the copy.',
    { path: label },
  );
}

export function inputEmpty(label: string): ImagegenError {
  return usageError('INPUT_EMPTY', `${label} is empty (0 bytes).`, 'Pass a real image file; if it was just downloaded or exported, do that again.', { path: label });
}

export function inputNotImage(label: string, what?: string): ImagegenError {
  return usageError(
    'INPUT_NOT_IMAGE',
    what ? `${label} is not an image: it looks like ${what}.` : `${label} is not an image: its first bytes match no image format.`,
    `Pass a ${ACCEPTED} image.`,
    { path: label },
  );
}

export function inputUnsupported(label: string, what: string): ImagegenError {
  return usageError(
    'INPUT_UNSUPPORTED_FORMAT',
    `${label} is ${what}, which imagegen cannot read.`,
    `Convert it to PNG or JPEG first (any image editor can), or pass a ${ACCEPTED} image.`,
    { path: label },
  );
}

export function inputCorrupt(label: string, reason: string): ImagegenError {
  return usageError(
    'INPUT_CORRUPT',
    `${label} is truncated or corrupt: ${reason}.`,
    'Open it in an image viewer to check; if it is broken, download or export it again.',
    { path: label },
  );
}

export function inputTooManyPixels(label: string, width: number, height: number): ImagegenError {
  const mp = Math.round((width * height) / 1_000_000);
  return usageError(
    'INPUT_TOO_LARGE',
    `${label} is ${formatDims(width, height)} (${mp} megapixels), over the ${MAX_INPUT_PIXELS / 1_000_000}-megapixel limit for input images.`,
    'Downscale it first (for example to 4096 pixels on the long edge); the model works at about 3000 pixels anyway.',
    { path: label, width, height },
  );
}

/** `bytes` undefined: a pipe that went on past the limit. */
export function inputTooManyBytes(label: string, bytes: number | undefined, limit: number = MAX_INPUT_BYTES): ImagegenError {
  const size = bytes === undefined ? 'larger than' : `${formatBytes(bytes)}, over`;
  return usageError(
    'INPUT_TOO_LARGE',
    `${label} is ${size} the ${formatBytes(limit)} limit for input images.`,
    'Downscale or re-compress it first (for example export it as a JPEG).',
    { path: label, bytes },
  );
}

/** The last line of a libvips error is the most specific one: "VipsJpeg: premature end of JPEG image". */
export function decoderReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('source: bad seek') && !/unable to write to (target|memory)/.test(l));
  const last = lines.at(-1) ?? 'the image data cannot be decoded';
  return last.replace(/\.$/, '');
}
