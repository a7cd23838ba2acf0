/** Small input images for the editing tests, made with sharp (nothing binary is committed). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Sandbox } from './cli.js';

export async function solidPng(width: number, height: number, colour: string): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
}

export async function solidJpeg(width: number, height: number, colour: string): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).jpeg({ quality: 85 }).toBuffer();
}

/** An animated GIF, one solid frame per colour. */
export async function animatedGif(width: number, height: number, colours: string[]): Promise<Buffer> {
  const frames = await Promise.all(colours.map((c) => solidPng(width, height, c)));
  return sharp(frames, { join: { animated: true } }).gif().toBuffer();
}

/** Writes bytes into the sandbox and returns the path. */
export function put(box: Sandbox, name: string, data: Buffer): string {
  const path = join(box.dir, name);
  writeFileSync(path, data);
  return path;
}

/** The colour of an image's centre pixel, as [r, g, b]. */
export async function centreColour(data: Buffer): Promise<number[]> {
  const { data: px, info } = await sharp(data).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
  return [px[at]!, px[at + 1]!, px[at + 2]!];
}
