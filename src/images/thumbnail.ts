/**
 * Small previews for the gallery and contact sheets: the first frame, oriented as displayed,
 * shrunk to fit a square box (never enlarged), encoded as WEBP.
 */
import { openPixels, render } from './decode.js';
import { sniffFormat } from './format.js';
import { inputNotImage } from './input-errors.js';

export const THUMBNAIL_EDGE = 320;

export interface Thumbnail {
  data: Buffer;
  width: number;
  height: number;
}

export async function makeThumbnail(data: Buffer, maxEdge = THUMBNAIL_EDGE, label = 'image'): Promise<Thumbnail> {
  const sniffed = sniffFormat(data);
  if (sniffed.kind !== 'image') throw inputNotImage(label, sniffed.kind === 'other' ? sniffed.name : undefined);
  const { image } = await openPixels(data, sniffed.format, label);
  return render(image.resize(maxEdge, maxEdge, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 72, effort: 2 }), label);
}
