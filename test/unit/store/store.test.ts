import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store, checkWritableDir, sha256 } from '../../../src/store/store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('Store', () => {
  it('keeps one read-only blob per content and links outputs to it without overwriting', async () => {
    const store = new Store(join(dir, 'home'));
    const data = Buffer.from('pretend png');
    const first = await store.putBlob(data, 'image/png');
    const again = await store.putBlob(data, 'image/png');
    expect(first).toMatchObject({ sha256: sha256(data), created: true });
    expect(again.created).toBe(false);
    expect(statSync(first.path).mode & 0o777).toBe(0o444);

    const out = join(dir, 'out');
    const a = await store.placeOutput(first.path, out, 'fox', 'png');
    const b = await store.placeOutput(first.path, out, 'fox', 'png');
    expect([a, b]).toEqual([join(out, 'fox.png'), join(out, 'fox-2.png')]);
    expect(statSync(a).ino).toBe(statSync(first.path).ino);
    expect(readFileSync(b)).toEqual(data);
  });

  it('checkWritableDir accepts a folder still to be made and refuses one under a file', async () => {
    await expect(checkWritableDir(join(dir, 'new', 'deeper'))).resolves.toBeUndefined();
    writeFileSync(join(dir, 'file'), 'x');
    await expect(checkWritableDir(join(dir, 'file', 'sub'))).rejects.toThrow(/not a directory/);
  });
});
