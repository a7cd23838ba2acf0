/**
 * core/make-images.ts in-process: the image use case whole (plan with identity photos → -O file →
 * output folder → provider → run) over a real catalog and store in a temp dir and the offline
 * provider; the CLI only builds these ports and renders.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/catalog/catalog.js';
import { Store } from '../../../src/store/store.js';
import { addIdentityPhotos } from '../../../src/core/identities.js';
import { makeImages, type MakeImagesPorts, type MakeImagesRequest } from '../../../src/core/make-images.js';
import { OfflineProvider } from '../../../src/providers/offline.js';
import type { ImageRequest } from '../../../src/domain/provider.js';
import type { TextModel } from '../../../src/domain/text-model.js';

let dir: string;
let catalog: Catalog;
let store: Store;
let calls: string[];
let sent: ImageRequest[];

function ports(extra: Partial<MakeImagesPorts> = {}): MakeImagesPorts {
  return {
    catalog,
    store,
    clock: () => new Date(),
    imageProvider: async (name) => {
      calls.push(`provider ${name}`);
      const offline = new OfflineProvider();
      return { name: offline.name, generate: (request) => (sent.push(request), offline.generate(request)) };
    },
    onPlanned: (job) => void calls.push(`planned ${job.count}`),
    onProgress: (e) => void (e.type === 'completed' && calls.push('completed')),
    ...extra,
  };
}

function request(plan: MakeImagesRequest['plan'], extra: Partial<MakeImagesRequest> = {}): MakeImagesRequest {
  return { plan, provider: 'offline', outDir: join(dir, 'out'), concurrency: 2, ...extra };
}

const generate = (prompt: string, extra: Record<string, unknown> = {}) => ({ command: 'generate' as const, options: { prompt, count: 1, provider: 'offline' as const, ...extra } });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-make-'));
  store = new Store(join(dir, 'home'));
  catalog = new Catalog(join(dir, 'catalog.db'), store.blobPath);
  calls = [];
  sent = [];
});
afterEach(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('makeImages', () => {
  it('plans, builds the provider, announces the planned job, then runs it', async () => {
    const result = await makeImages(request({ ...generate('a lighthouse at dawn'), options: { ...generate('a lighthouse at dawn').options, count: 2 } }), ports());
    expect(result.entries).toHaveLength(2);
    expect(calls).toEqual(['provider offline', 'planned 2', 'completed', 'completed']);
    for (const entry of result.entries) expect(existsSync(entry.file!.path)).toBe(true);
  });

  it('adds an identity while planning: a text-to-image job becomes a face reference with the photos sent', async () => {
    await addIdentityPhotos({ catalog, store, clock: () => new Date() }, 'ana', ['fixtures/model.jpg']);
    const result = await makeImages(request(generate('a portrait in a garden', { identity: 'Ana' })), ports());
    const [entry] = result.entries;
    expect(entry?.kind).toBe('reference');
    expect(entry?.referenceType).toBe('face');
    expect(sent[0]?.inputs.map((i) => i.role)).toEqual(['identity']);
    expect(sent[0]?.prompt).toMatch(/ana/i);
  });

  it('refuses an unwritable output folder before anything is sent', async () => {
    writeFileSync(join(dir, 'file'), 'not a folder');
    await expect(makeImages(request(generate('a lighthouse'), { outDir: join(dir, 'file', 'out') }), ports())).rejects.toMatchObject({ code: 'OUTPUT_NOT_WRITABLE' });
    expect(calls).not.toContain('planned 1');
    expect(calls).toEqual(['provider offline']);
    expect(sent).toEqual([]);
  });

  it('writes exactly -O FILE, and refuses one that exists without overwrite', async () => {
    const path = join(dir, 'hero.webp');
    const result = await makeImages(request(generate('a hero image'), { outputFile: { path, overwrite: false } }), ports());
    expect(result.entries[0]?.file?.path).toBe(path);
    expect(result.entries[0]?.file?.mimeType).toBe('image/webp');
    await expect(makeImages(request(generate('again'), { outputFile: { path, overwrite: false } }), ports())).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' });
  });

  it("with --enhance, builds the settings' provider before asking the text model, so a missing key stops first", async () => {
    const textModel = async (): Promise<TextModel | null> => {
      calls.push('text model');
      return null;
    };
    const missingKey = Object.assign(new Error('No Gemini API key'), { code: 'MISSING_API_KEY' });
    const refusing: MakeImagesPorts = { ...ports({ textModel }), imageProvider: async (name) => { calls.push(`provider ${name}`); throw missingKey; } };
    await expect(makeImages(request(generate('a harbour', { enhance: true, provider: 'gemini' }), { provider: 'gemini' }), refusing)).rejects.toBe(missingKey);
    expect(calls).toEqual(['provider gemini']);
  });
});
