/**
 * Content Credentials (C2PA) detection, at byte level. A JPEG carries its C2PA manifest store as
 * JUMBF boxes in APP11 segments (ISO/IEC 19566-5): each payload starts "JP", a 2-byte instance
 * number and a 4-byte sequence number, then the box — `jumb` holding a `jumd` description box
 * whose label is "c2pa". A PNG carries it in a `caBX` chunk. Inserting anything in front of the
 * manifest breaks its hard binding, so images that carry one are saved byte for byte.
 */
import { sniffFormat } from './format.js';
import { walkJpegHeader } from './jpeg-segments.js';
import { walkPng } from './png-chunks.js';

const APP11 = 0xeb;
const JUMBF_LABEL = Buffer.from('c2pa', 'latin1');

/** Whether the image carries a C2PA manifest store. */
export function hasContentCredentials(data: Buffer): boolean {
  const sniffed = sniffFormat(data);
  if (sniffed.kind !== 'image') return false;
  if (sniffed.format === 'jpeg') return (walkJpegHeader(data) ?? []).some((s) => s.marker === APP11 && isC2paJumbf(s.payload));
  if (sniffed.format === 'png') {
    const walk = walkPng(data);
    return walk.chunks.some((c) => c.type === 'caBX');
  }
  return false;
}

/** An APP11 payload: "JP", instance (2), sequence (4), then a `jumb` superbox whose `jumd` is labelled c2pa. */
function isC2paJumbf(payload: Buffer): boolean {
  if (payload.length < 8 + 8 + 8 || payload.toString('latin1', 0, 2) !== 'JP') return false;
  const box = payload.subarray(8);
  if (box.toString('latin1', 4, 8) !== 'jumb') return false;
  const description = box.subarray(8);
  if (description.toString('latin1', 4, 8) !== 'jumd') return false;
  // jumd: a 16-byte type UUID, a toggles byte, then the NUL-terminated label.
  const labelStart = 8 + 16 + 1;
  return description.subarray(labelStart, labelStart + JUMBF_LABEL.length).equals(JUMBF_LABEL);
}
