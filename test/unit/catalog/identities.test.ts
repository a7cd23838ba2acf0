/** Identity rows in a real catalog: the five-photo limit, duplicates, and removal of unused blobs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog, type NewBlob } from '../../../src/catalog/catalog.js';
import { Store } from '../../../src/store/store.js';
import { countWhere } from '../../sql-probe.js';

let dir: string;
let catalog: Catalog;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-identities-'));
  catalog = new Catalog(join(dir, 'catalog.db'), new Store(dir).blobPath);
});
afterEach(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

const blob = (n: number): NewBlob => ({ sha256: n.toString(16).padStart(64, '0'), mimeType: 'image/jpeg', bytes: 100 + n, width: 10, height: 10 });
const photo = (n: number) => ({ blob: blob(n), source: `/photos/${n}.jpg` });
const NOW = '2025-01-01T00:00:00.000Z';

describe('identity rows', () => {
  it('creates, extends, skips duplicates, and keeps photo order', () => {
    const rows = catalog.identities;
    expect(rows.addPhotos('Ana', [photo(1), photo(2)], NOW, 5)).toEqual({ ok: true, added: [blob(1).sha256, blob(2).sha256], duplicates: [], total: 2 });
    expect(rows.addPhotos('ana', [photo(2), photo(3), photo(3)], NOW, 5)).toMatchObject({ ok: true, added: [blob(3).sha256], total: 3 });
    expect(rows.get('ANA')).toMatchObject({ name: 'Ana', photoCount: 3 });
    expect(rows.photos('ana').map((p) => [p.position, p.sha256, p.source])).toEqual([1, 2, 3].map((n) => [n, blob(n).sha256, `/photos/${n}.jpg`]));
  });

  it('writes nothing when the limit would be passed', () => {
    const rows = catalog.identities;
    rows.addPhotos('ana', [1, 2, 3, 4].map(photo), NOW, 5);
    expect(rows.addPhotos('ana', [photo(5), photo(6)], NOW, 5)).toEqual({ ok: false, existing: 4, adding: 2 });
    expect(rows.addPhotos('bo', [1, 2, 3, 4, 5, 6].map(photo), NOW, 5)).toEqual({ ok: false, existing: 0, adding: 6 });
    expect(rows.list().map((i) => [i.name, i.photoCount])).toEqual([['ana', 4]]);
    expect(countWhere(join(dir, 'catalog.db'), 'blobs')).toBe(4);
  });

  it('removal returns only the blobs no other identity uses', () => {
    const rows = catalog.identities;
    rows.addPhotos('ana', [photo(1), photo(2)], NOW, 5);
    rows.addPhotos('bo', [photo(2)], NOW, 5);
    expect(rows.remove('ana')).toEqual([{ sha256: blob(1).sha256, mimeType: 'image/jpeg' }]);
    expect(rows.get('ana')).toBeUndefined();
    expect(countWhere(join(dir, 'catalog.db'), 'identity_photos')).toBe(1);
    expect(rows.remove('bo')).toEqual([{ sha256: blob(2).sha256, mimeType: 'image/jpeg' }]);
    expect(countWhere(join(dir, 'catalog.db'), 'blobs')).toBe(0);
  });
});
