/** Destructive commands take at least 4 characters of an id (or "last"): `delete 0 --yes` deleted an entry. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCatalog } from '../../catalog-builder.js';
import { Catalog } from '../../../src/catalog/catalog.js';
import { Store } from '../../../src/store/store.js';
import { planDelete } from '../../../src/core/delete.js';

let dir: string;
let catalog: Catalog;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-destructive-'));
  await buildCatalog(join(dir, 'home'), join(dir, 'out'), [
    { id: '0k2m9x4q', createdAt: '2024-01-01T00:00:00.000Z' },
    { id: 'a7b3c9d1', createdAt: '2024-01-02T00:00:00.000Z' },
  ]);
  catalog = new Catalog(join(dir, 'home', 'catalog.db'), new Store(join(dir, 'home')).blobPath);
});
afterAll(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

it.each(['0', '0k', '0k2', 'A7B'])('delete refuses the %s prefix (fewer than 4 characters), exit 2', (typed) => {
  expect(() => planDelete(catalog, [typed], { cascade: false })).toThrow(expect.objectContaining({ code: 'ID_TOO_SHORT', exitCode: 2, message: expect.stringContaining('at least 4 characters') }));
});

it('delete takes 4 characters, a full id, or last', () => {
  expect(planDelete(catalog, ['0k2m'], { cascade: false }).requested).toEqual(['0k2m9x4q']);
  expect(planDelete(catalog, ['a7b3c9d1'], { cascade: false }).requested).toEqual(['a7b3c9d1']);
  expect(planDelete(catalog, ['last'], { cascade: false }).requested).toEqual(['a7b3c9d1']);
});
