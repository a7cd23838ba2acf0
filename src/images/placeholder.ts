/**
 * The offline provider's image: a gradient coloured from a hash of the seed, a clear
 * "PLACEHOLDER — offline provider" label, the prompt word-wrapped in the middle and an optional
 * caption, drawn as SVG and rendered to PNG by sharp. Same inputs → same bytes.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { escapeXml, oneLineXmlText } from './xml.js';

export interface PlaceholderOptions {
  prompt: string;
  width: number;
  height: number;
  seed: string;
  caption?: string;
}

export const PLACEHOLDER_LABEL = 'PLACEHOLDER — offline provider';
const FONT = 'DejaVu Sans, sans-serif';
const MAX_EDGE = 16384;

export async function renderPlaceholder(opts: PlaceholderOptions): Promise<Buffer> {
  const { width, height } = opts;
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_EDGE) throw new RangeError(`Placeholder ${name} must be an integer from 1 to ${MAX_EDGE}, not ${value}.`);
  }
  const svg = placeholderSvg(opts);
  return sharp(Buffer.from(svg, 'utf8'), { limitInputPixels: false })
    .png({ compressionLevel: 4, adaptiveFiltering: false })
    .toBuffer();
}

/** The SVG source (exported for tests). */
export function placeholderSvg(opts: PlaceholderOptions): string {
  const { width: w, height: h } = opts;
  const hash = createHash('sha256').update(opts.seed, 'utf8').digest();
  const byte = (i: number) => hash[i] ?? 0;
  const hue = (byte(0) * 256 + byte(1)) % 360;
  const hue2 = (hue + 40 + (byte(2) % 50)) % 360;
  const from = hsl(hue, 0.5 + byte(3) / 2550, 0.44);
  const to = hsl(hue2, 0.55, 0.26);
  const glow = hsl((hue + 180) % 360, 0.7, 0.6);
  const angle = ((byte(4) % 8) / 8) * Math.PI; // direction of the gradient
  const gx = (0.5 - Math.cos(angle) / 2).toFixed(3);
  const gy = (0.5 - Math.sin(angle) / 2).toFixed(3);
  const gx2 = (0.5 + Math.cos(angle) / 2).toFixed(3);
  const gy2 = (0.5 + Math.sin(angle) / 2).toFixed(3);
  const cx = (0.15 + (byte(5) / 255) * 0.7).toFixed(3);
  const cy = (0.15 + (byte(6) / 255) * 0.7).toFixed(3);

  const min = Math.min(w, h);
  const pad = Math.max(2, min * 0.06);
  const innerWidth = w - 2 * pad;
  const promptSize = Math.max(6, Math.min(Math.sqrt(w * h) * 0.045, w * 0.07, h * 0.12));
  const labelSize = Math.max(5, Math.min(promptSize * 0.6, innerWidth / (textWidth(PLACEHOLDER_LABEL) * 1.45)));
  const caption = opts.caption ? oneLineXmlText(opts.caption) : '';
  const captionSize = caption ? Math.max(5, Math.min(promptSize * 0.5, innerWidth / Math.max(1, textWidth(caption)))) : 0;

  const labelBox = { height: labelSize * 2, width: Math.min(innerWidth, textWidth(PLACEHOLDER_LABEL) * labelSize * 1.22 + labelSize * 1.8) };
  const top = pad + labelBox.height + pad * 0.6;
  const bottom = h - pad - (caption ? captionSize * 1.6 : 0);
  const lineHeight = promptSize * 1.3;
  const maxLines = Math.max(1, Math.floor((bottom - top) / lineHeight));
  const lines = wrap(oneLineXmlText(opts.prompt) || '(empty prompt)', innerWidth / promptSize, maxLines);
  const blockTop = top + Math.max(0, (bottom - top - lines.length * lineHeight) / 2);

  const shadow = (promptSize * 0.05).toFixed(2);
  const text = lines
    .map((line, i) => {
      const y = (blockTop + (i + 0.78) * lineHeight).toFixed(1);
      return `<text x="${w / 2}" y="${y}">${escapeXml(line)}</text>`;
    })
    .join('');
  const labelY = pad + labelBox.height / 2 + labelSize * 0.36;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    '<defs>',
    `<linearGradient id="bg" x1="${gx}" y1="${gy}" x2="${gx2}" y2="${gy2}"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient>`,
    `<radialGradient id="glow" cx="${cx}" cy="${cy}" r="0.6"><stop offset="0" stop-color="${glow}" stop-opacity="0.35"/><stop offset="1" stop-color="${glow}" stop-opacity="0"/></radialGradient>`,
    '</defs>',
    `<rect width="${w}" height="${h}" fill="url(#bg)"/>`,
    `<rect width="${w}" height="${h}" fill="url(#glow)"/>`,
    `<rect x="${((w - labelBox.width) / 2).toFixed(1)}" y="${pad.toFixed(1)}" width="${labelBox.width.toFixed(1)}" height="${labelBox.height.toFixed(1)}" rx="${(labelBox.height / 2).toFixed(1)}" fill="#000" fill-opacity="0.35" stroke="#fff" stroke-opacity="0.7" stroke-width="${Math.max(1, labelSize * 0.08).toFixed(2)}"/>`,
    `<text x="${w / 2}" y="${labelY.toFixed(1)}" font-family="${FONT}" font-size="${labelSize.toFixed(1)}" font-weight="bold" letter-spacing="${(labelSize * 0.05).toFixed(2)}" fill="#fff" text-anchor="middle">${escapeXml(PLACEHOLDER_LABEL)}</text>`,
    `<g font-family="${FONT}" font-size="${promptSize.toFixed(1)}" text-anchor="middle">`,
    `<g fill="#000" fill-opacity="0.4" transform="translate(${shadow} ${shadow})">${text}</g>`,
    `<g fill="#fff">${text}</g>`,
    '</g>',
    caption
      ? `<text x="${w / 2}" y="${(h - pad).toFixed(1)}" font-family="${FONT}" font-size="${captionSize.toFixed(1)}" fill="#fff" fill-opacity="0.85" text-anchor="middle">${escapeXml(caption)}</text>`
      : '',
    '</svg>',
  ].join('\n');
}

/** Rough advance width of DejaVu Sans, in ems. */
function charWidth(c: string): number {
  if (/[iljtfr.,:;!|'`()[\] ]/.test(c)) return 0.34;
  if (/[mwMW@%]/.test(c)) return 0.95;
  if (/[A-Z0-9#&]/.test(c)) return 0.72;
  if ((c.codePointAt(0) ?? 0) > 0x2e80) return 1.0; // CJK, emoji
  return 0.6;
}

export function textWidth(text: string): number {
  let total = 0;
  for (const c of text) total += charWidth(c);
  return total;
}

/**
 * Greedy word wrap to `maxEms` per line, breaking words longer than a line, at most `maxLines`
 * lines; the last kept line ends with an ellipsis when text was cut.
 */
export function wrap(text: string, maxEms: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  const push = () => {
    lines.push(line);
    line = '';
  };
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate) <= maxEms) {
      line = candidate;
      continue;
    }
    if (line) push();
    // A word wider than a line is split wherever it must be.
    let rest = word;
    while (textWidth(rest) > maxEms) {
      let piece = '';
      for (const c of rest) {
        if (textWidth(piece + c) > maxEms && piece) break;
        piece += c;
      }
      lines.push(piece);
      rest = rest.slice(piece.length);
    }
    line = rest;
  }
  if (line) push();
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1] ?? '';
  while (last && textWidth(`${last}…`) > maxEms) last = [...last].slice(0, -1).join('');
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}

function hsl(h: number, s: number, l: number): string {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return `#${[f(0), f(8), f(4)].map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('')}`;
}
