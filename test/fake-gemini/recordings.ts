/**
 * Real Gemini replies recorded by other projects (see recordings/README.md for each one's source
 * and what, if anything, was shrunk), for the fake to send and tests to assert on.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Recording {
  source: { recorded: boolean; repo?: string; path?: string; commit?: string; url?: string; thread?: string; note?: string };
  changes: string;
  request?: { method: string; path: string; body?: unknown };
  response: { status: number; headers?: Record<string, string>; body: Record<string, unknown> };
}

const DIR = join(import.meta.dirname, 'recordings');
const cache = new Map<string, Recording>();

export function loadRecording(name: string): Recording {
  let recording = cache.get(name);
  if (!recording) {
    recording = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Recording;
    cache.set(name, recording);
  }
  return recording;
}

export function recordingNames(): string[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** The first inline image of a recorded success, decoded. */
export function recordedImage(name: string): { mimeType: string; data: Buffer } {
  const body = loadRecording(name).response.body as { candidates: { content: { parts: { inlineData?: { mimeType: string; data: string } }[] } }[] };
  const inline = body.candidates[0]!.content.parts.find((p) => p.inlineData)!.inlineData!;
  return { mimeType: inline.mimeType, data: Buffer.from(inline.data, 'base64') };
}
