/**
 * Builds a test catalog directly through the real Catalog and Store classes: entries with chosen
 * names, prompts, dates and parents, each completed one with a blob under the home and an output
 * file hard-linked to it, as `generate` leaves them. Faster than the CLI and the dates are ours.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, type NewBlob, type NewEntry } from '../src/catalog/catalog.js';
import { Store } from '../src/store/store.js';
import type { EntryKind } from '../src/domain/entry.js';

export interface Seed {
  id: string;
  name?: string;
  prompt?: string;
  kind?: EntryKind;
  status?: 'completed' | 'failed';
  emotion?: string | null;
  model?: string;
  project?: string | null;
  parent?: string;
  createdAt: string;
  usage?: { inputTokens: number; outputTokens: number; costUsd: number | null };
  metadata?: Record<string, unknown>;
  /** Entries whose output this entry took as an input (stored as the same blob). */
  inputsFrom?: string[];
  /** Real image bytes (PNG) for the output; by default a few bytes that are not an image. */
  image?: Buffer;
}

export interface Built {
  filePath: string | null;
  blobPath: string | null;
}

export async function buildCatalog(home: string, out: string, seeds: Seed[]): Promise<Map<string, Built>> {
  mkdirSync(home, { recursive: true });
  const store = new Store(home);
  const catalog = new Catalog(join(home, 'catalog.db'), store.blobPath);
  const built = new Map<string, Built>();
  const blobs = new Map<string, NewBlob>();
  const roots = new Map<string, string>();
  const rows: NewEntry[] = [];
  try {
    for (const seed of seeds) {
      const status = seed.status ?? 'completed';
      let output: NewEntry['output'] = null;
      let blobPath: string | null = null;
      if (status === 'completed') {
        const data = seed.image ?? Buffer.from(`image bytes of ${seed.id}`);
        const blob = await store.putBlob(data, 'image/png');
        const newBlob: NewBlob = { sha256: blob.sha256, mimeType: 'image/png', bytes: data.length, width: 64, height: 64 };
        blobs.set(seed.id, newBlob);
        blobPath = blob.path;
        output = { blob: newBlob, filePath: await store.placeOutput(blob.path, out, seed.id, 'png') };
      }
      const rootId = seed.parent ? roots.get(seed.parent)! : seed.id;
      roots.set(seed.id, rootId);
      const prompt = seed.prompt ?? `picture ${seed.id}`;
      rows.push({
        id: seed.id,
        job: { id: `job_${seed.id}`, command: seed.kind ?? 'generate', requested: 1, options: {}, createdAt: seed.createdAt },
        kind: seed.kind ?? (seed.parent ? 'regenerate' : 'generate'),
        status,
        name: seed.name ?? `Entry ${seed.id}`,
        prompt,
        effectivePrompt: prompt,
        emotion: seed.emotion ?? null,
        style: null,
        referenceType: null,
        template: null,
        provider: 'gemini',
        model: seed.model ?? 'gemini-3.1-flash-image-preview',
        aspectRatio: '1:1',
        imageSize: '1K',
        parentId: seed.parent ?? null,
        rootId,
        project: seed.project ?? null,
        output,
        inputs: [...(seed.parent ? [seed.parent] : []), ...(seed.inputsFrom ?? [])]
          .filter((from) => blobs.has(from))
          .map((from) => ({ role: from === seed.parent ? 'parent' : 'input', blob: blobs.get(from)!, sourceEntryId: from, source: null })),
        usage: seed.usage ?? { inputTokens: 0, outputTokens: 0, costUsd: 0 },
        durationMs: status === 'completed' ? 1000 : null,
        error: status === 'failed' ? { code: 'NO_IMAGE', message: 'no image', hint: 'try again' } : null,
        metadata: seed.metadata ?? {},
        createdAt: seed.createdAt,
      });
      built.set(seed.id, { filePath: output?.filePath ?? null, blobPath });
    }
    // One transaction for all rows (each insert becomes a savepoint): a thousand seeds in one commit.
    catalog.insertEntries(rows);
  } finally {
    catalog.close();
  }
  return built;
}
