/**
 * One run, in-process on a real catalog and store: the planned fields reach the entry as they
 * were planned, and the provenance in the file is the same entry's facts, in its fixed order.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Catalog } from '../../../src/catalog/catalog.js';
import { runImageJob, type ImageJob } from '../../../src/core/run-images.js';
import { PLANNED_FIELDS, PROVENANCE_FIELDS, pickFields } from '../../../src/domain/entry.js';
import { readProvenance } from '../../../src/images/provenance.js';
import { defaultModelFor, findModel } from '../../../src/providers/models.js';
import { OfflineProvider } from '../../../src/providers/offline.js';
import { Store } from '../../../src/store/store.js';
import { VERSION } from '../../../src/version.js';

let dir: string;
let catalog: Catalog;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-entry-facts-'));
  store = new Store(join(dir, 'home'));
  catalog = new Catalog(join(dir, 'catalog.db'), store.blobPath);
});
afterEach(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

function job(parent: ImageJob['parent']): ImageJob {
  return {
    command: 'regenerate', kind: parent ? 'regenerate' : 'generate', prompt: 'a harbour, at dusk', effectivePrompt: 'a harbour, at dusk. Calm mood.',
    name: 'Harbour', count: 1, model: findModel(defaultModelFor('offline'))!, aspectRatio: '16:9', imageSize: '1K', format: undefined,
    outDir: join(dir, 'out'), project: 'coast', emotion: 'calm', style: 'watercolor', referenceType: null, template: null, parent, inputs: [],
    metadata: {}, concurrency: 1, options: {},
  };
}

it('the entry carries the planned fields, and the file the provenance fields of that entry, in order', async () => {
  const first = (await runImageJob(job(null), { catalog, store, clock: () => new Date(), provider: new OfflineProvider() })).entries[0]!;
  const planned = job({ id: first.id, rootId: first.rootId });
  const entry = (await runImageJob(planned, { catalog, store, clock: () => new Date(), provider: new OfflineProvider() })).entries[0]!;
  expect(pickFields(entry, PLANNED_FIELDS)).toEqual(pickFields(planned, PLANNED_FIELDS));
  expect([entry.parentId, entry.rootId, entry.provider, entry.model]).toEqual([first.id, first.id, 'offline', planned.model.id]);
  const provenance = await readProvenance(readFileSync(entry.file!.path));
  expect(Object.keys(provenance!)).toEqual(['software', ...PROVENANCE_FIELDS, 'placeholder']);
  expect(provenance).toEqual({ software: `imagegen ${VERSION}`, ...pickFields(entry, PROVENANCE_FIELDS), placeholder: 'true' });
  // Without a parent, the field is written empty.
  expect((await readProvenance(readFileSync(first.file!.path)))!.parentId).toBe('');
});
