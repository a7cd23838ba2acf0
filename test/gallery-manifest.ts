/**
 * A gallery's manifest (format 2, src/gallery/manifest.ts) taken apart and put back, for tests
 * that doctor it, re-sign it with the home's key, or turn it into a format-1 one (as a gallery
 * made before format 2 has).
 */
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECTIONS, type Section } from '../src/gallery/manifest.js';
import { GALLERY_KEY_FILE } from '../src/gallery/manifest-key.js';

export interface ManifestParts {
  head: { format: number; mac?: string; sizes: number[] };
  sections: Record<Section, string>;
}

export const manifestPath = (site: string) => join(site, '.imagegen-gallery.json');

export function readParts(site: string): ManifestParts {
  const data = readFileSync(manifestPath(site));
  const end = data.indexOf(10);
  const head = JSON.parse(data.toString('utf8', 0, end)) as ManifestParts['head'];
  const sections = {} as Record<Section, string>;
  let at = end + 1;
  SECTIONS.forEach((name, i) => {
    // costs are binary: latin1 keeps every byte as it is
    sections[name] = data.toString(name === 'costs' ? 'latin1' : 'utf8', at, at + head.sizes[i]!);
    at += head.sizes[i]!;
  });
  return { head, sections };
}

/** Writes the parts back (sizes made again); `mac`: the home's key to sign with, a key of one's own, or 'keep'. */
export function writeParts(site: string, parts: ManifestParts, mac: { home: string } | Buffer | 'keep' | 'none'): void {
  const bodies = SECTIONS.map((name) => Buffer.from(parts.sections[name], name === 'costs' ? 'latin1' : 'utf8'));
  const body = Buffer.concat(bodies);
  const head: ManifestParts['head'] = { format: parts.head.format, sizes: bodies.map((b) => b.length) };
  if (mac === 'keep') head.mac = parts.head.mac;
  else if (mac !== 'none') head.mac = createHmac('sha256', Buffer.isBuffer(mac) ? mac : readFileSync(join(mac.home, GALLERY_KEY_FILE))).update(body).digest('hex');
  writeFileSync(manifestPath(site), Buffer.concat([Buffer.from(`${JSON.stringify(head)}\n`), body]));
}

/** The same gallery's manifest in format 1: pages (each entry's key and the fixed files'), thumbs and images as maps. */
export function legacyOf(site: string): { format: 1; pages: Record<string, string>; thumbs: Record<string, { file: string; width: number; height: number } | null>; images: Record<string, string> } {
  const { sections } = readParts(site);
  const pages: Record<string, string> = {};
  for (const line of sections.meta.split('\n')) {
    const [kind, path, key] = line.split('\t');
    if (kind === 'F') pages[path!] = key!;
  }
  for (const line of sections.entries.split('\n').filter(Boolean)) {
    const fields = line.split('\t');
    pages[`e/${fields[1]}.html`] = fields[5]!;
  }
  const thumbs: ReturnType<typeof legacyOf>['thumbs'] = {};
  const images: Record<string, string> = {};
  for (const line of sections.pictures.split('\n').filter(Boolean)) {
    const [, sha256, size, extension] = line.split('\t') as [string, string, string, string];
    const [width, height] = size.split('x').map(Number);
    thumbs[sha256] = size === '-' ? null : { file: `thumbs/${sha256}.webp`, width: width!, height: height! };
    if (extension) images[sha256] = `images/${sha256}.${extension}`;
  }
  return { format: 1, pages, thumbs, images };
}
