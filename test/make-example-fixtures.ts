/**
 * Draws the small example images that docs/templates.md and docs/identities.md use (ring,
 * necklace, model, beach, three faces) into fixtures/. They are committed; this script is kept so
 * they can be made again: node test/make-example-fixtures.ts (Node 24 runs TypeScript as is).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const OUT = join(import.meta.dirname, '..', 'fixtures');

const svg = (width: number, height: number, body: string) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`);

const ring = svg(
  160,
  160,
  `<rect width="160" height="160" fill="#8a7f72"/>
   <ellipse cx="80" cy="92" rx="44" ry="40" fill="none" stroke="#d4af37" stroke-width="12"/>
   <polygon points="80,22 98,46 80,62 62,46" fill="#b0102a" stroke="#f5e6a8" stroke-width="3"/>`,
);

const necklace = svg(
  160,
  160,
  `<rect width="160" height="160" fill="#5d6b74"/>
   <path d="M20 20 Q80 140 140 20" fill="none" stroke="#e8e4da" stroke-width="4"/>
   ${Array.from({ length: 11 }, (_, i) => {
     const t = i / 10;
     const x = (1 - t) ** 2 * 20 + 2 * (1 - t) * t * 80 + t ** 2 * 140;
     const y = (1 - t) ** 2 * 20 + 2 * (1 - t) * t * 140 + t ** 2 * 20;
     return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="6" fill="#f8f6f0" stroke="#c9c2b0"/>`;
   }).join('')}
   <circle cx="80" cy="92" r="11" fill="#2a5db0" stroke="#d4af37" stroke-width="3"/>`,
);

/** A person, drawn simply: head, hair, shoulders; `tone` and `hair` vary between the faces. */
function person(width: number, height: number, background: string, tone: string, hair: string, tilt: number): Buffer {
  return svg(
    width,
    height,
    `<rect width="${width}" height="${height}" fill="${background}"/>
     <g transform="rotate(${tilt} ${width / 2} ${height / 2})">
       <ellipse cx="${width / 2}" cy="${height * 0.98}" rx="${width * 0.42}" ry="${height * 0.3}" fill="#3b4a6b"/>
       <ellipse cx="${width / 2}" cy="${height * 0.42}" rx="${width * 0.2}" ry="${height * 0.24}" fill="${tone}"/>
       <path d="M${width * 0.3} ${height * 0.38} Q${width / 2} ${height * 0.05} ${width * 0.7} ${height * 0.38} Q${width / 2} ${height * 0.22} ${width * 0.3} ${height * 0.38}" fill="${hair}"/>
       <circle cx="${width * 0.43}" cy="${height * 0.42}" r="${width * 0.02}" fill="#222"/>
       <circle cx="${width * 0.57}" cy="${height * 0.42}" r="${width * 0.02}" fill="#222"/>
       <path d="M${width * 0.44} ${height * 0.54} Q${width / 2} ${height * 0.58} ${width * 0.56} ${height * 0.54}" stroke="#7a3b3b" stroke-width="2" fill="none"/>
     </g>`,
  );
}

const beach = svg(
  200,
  128,
  `<rect width="200" height="70" fill="#8ec5e8"/>
   <circle cx="160" cy="28" r="14" fill="#fff2a8"/>
   <rect y="60" width="200" height="26" fill="#2f7fb0"/>
   <path d="M0 86 Q100 74 200 86 L200 128 L0 128 Z" fill="#e9d3a1"/>`,
);

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const files: [string, Promise<Buffer>][] = [
    ['ring.png', sharp(ring).png({ palette: true }).toBuffer()],
    ['necklace.png', sharp(necklace).png({ palette: true }).toBuffer()],
    ['model.jpg', sharp(person(144, 192, '#d9d2c5', '#c99a7b', '#2b1d14', 0)).jpeg({ quality: 80 }).toBuffer()],
    ['beach.jpg', sharp(beach).jpeg({ quality: 80 }).toBuffer()],
    ['face1.jpg', sharp(person(128, 128, '#cfd8dc', '#e0b49a', '#6b3e26', 0)).jpeg({ quality: 80 }).toBuffer()],
    ['face2.jpg', sharp(person(128, 128, '#e7dcc9', '#e0b49a', '#6b3e26', -8)).jpeg({ quality: 80 }).toBuffer()],
    ['face3.jpg', sharp(person(128, 128, '#c5d5c0', '#e0b49a', '#6b3e26', 8)).jpeg({ quality: 80 }).toBuffer()],
  ];
  for (const [name, data] of files) {
    const bytes = await data;
    writeFileSync(join(OUT, name), bytes);
    console.log(`${name}\t${bytes.length} bytes`);
  }
}

await main();
