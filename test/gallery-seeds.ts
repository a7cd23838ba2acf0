/** Catalogs with real (small) images for the gallery and sheet tests: distinct PNGs made by sharp. */
import { crc32, deflateSync } from 'node:zlib';
import { renderPlaceholder } from '../src/images/placeholder.js';
import type { Seed } from './catalog-builder.js';

/**
 * A distinct solid-colour PNG for each i (its colour, and one pixel in a corner, follow i),
 * encoded here with zlib: a thousand of them take milliseconds rather than a thousand sharp runs.
 */
export function colourPng(i: number, size = 48): Buffer {
  const [r, g, b] = [(i * 53) % 256, (i * 97) % 256, (i * 151 + 40) % 256];
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    const row = y * (size * 3 + 1);
    for (let x = 0; x < size; x++) raw.set(x === 0 && y === 0 ? [i % 256, Math.floor(i / 256) % 256, 7] : [r, g, b], row + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export const HOSTILE_NAME = `<script>alert("name")</script> ' " & \u001b[31m \u2028 </script><!--`;
export const HOSTILE_PROMPT = `</script><script>window.__pwned = 1</script> "quotes" 'single' & \u0000\u0007 \u2028\u2029 <img src=x onerror="window.__pwned=2">`;

const picture = (prompt: string, seed: string) => renderPlaceholder({ prompt, width: 256, height: 256, seed });

/** A root, its child and its grandchild (a 3-deep chain), the first one with hostile strings. */
export async function chainSeeds(): Promise<Seed[]> {
  return [
    { id: 'root0001', name: HOSTILE_NAME, prompt: HOSTILE_PROMPT, emotion: 'calm', project: 'harbour', createdAt: '2026-01-01T10:00:00.000Z', image: await picture('a harbour at dawn', '1'), usage: { inputTokens: 10, outputTokens: 1290, costUsd: 0.067 } },
    { id: 'child002', name: 'Warmer Light', prompt: 'warmer light', parent: 'root0001', emotion: 'hopeful', project: 'harbour', createdAt: '2026-01-02T10:00:00.000Z', image: await picture('a harbour at dawn, warmer light', '2'), usage: { inputTokens: 300, outputTokens: 1290, costUsd: 0.067 } },
    { id: 'grand003', name: 'Small Boat', prompt: 'and add a small boat', parent: 'child002', emotion: 'hopeful', createdAt: '2026-01-03T10:00:00.000Z', image: await picture('warmer light, and add a small boat', '3') },
    { id: 'other004', name: 'Red Fox', prompt: 'a red fox in fresh snow', emotion: 'energetic', project: 'animals', createdAt: '2026-01-04T10:00:00.000Z', image: await picture('a red fox in fresh snow', '4') },
  ];
}

/** `count` unrelated entries with ids e0000000… and one image each. */
export async function manySeeds(count: number, from = 0): Promise<Seed[]> {
  const seeds: Seed[] = [];
  for (let i = from; i < from + count; i++) {
    seeds.push({
      id: `e${String(i).padStart(7, '0')}`,
      name: `Picture ${i}`,
      prompt: `picture number ${i} of a ${i % 2 ? 'lighthouse' : 'fox'}`,
      emotion: ['calm', 'energetic', 'mysterious'][i % 3]!,
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      image: colourPng(i, 32),
    });
  }
  return seeds;
}
