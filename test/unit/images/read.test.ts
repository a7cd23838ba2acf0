import { chmodSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImageFile } from '../../../src/images/index.js';
import { classifyReadError } from '../../../src/images/read.js';
import { MAX_INPUT_BYTES } from '../../../src/images/limits.js';
import { expectInputError, shapesPng, tempDir } from './helpers.js';

describe('readImageFile', () => {
  it('reads a file byte for byte', async () => {
    const dir = tempDir();
    const png = await shapesPng(40, 30);
    const path = join(dir, 'a.png');
    writeFileSync(path, png);
    expect((await readImageFile(path)).equals(png)).toBe(true);
  });

  it('refuses a missing file', async () => {
    const path = join(tempDir(), 'nope.png');
    const err = await expectInputError(readImageFile(path), 'INPUT_NOT_FOUND', path);
    expect(err.message).toContain('does not exist');
  });

  it('refuses a dangling symlink as missing', async () => {
    const dir = tempDir();
    const link = join(dir, 'link.png');
    symlinkSync(join(dir, 'gone.png'), link);
    await expectInputError(readImageFile(link), 'INPUT_NOT_FOUND', link);
  });

  it('refuses a path through a file (ENOTDIR) as not found', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file.png'), 'x');
    const path = join(dir, 'file.png', 'x');
    const err = await expectInputError(readImageFile(path), 'INPUT_NOT_FOUND', path);
    expect(err.message).toContain('a part of the path is a file');
  });

  it('refuses a directory', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'photos'));
    await expectInputError(readImageFile(join(dir, 'photos')), 'INPUT_IS_DIRECTORY', join(dir, 'photos'));
  });

  it('refuses an empty file', async () => {
    const path = join(tempDir(), 'empty.png');
    writeFileSync(path, '');
    await expectInputError(readImageFile(path), 'INPUT_EMPTY', path);
  });

  it('refuses a file it cannot read', async () => {
    const path = join(tempDir(), 'secret.png');
    writeFileSync(path, await shapesPng(10, 10));
    chmodSync(path, 0o000);
    const readableAnyway = await readFile(path).then(
      () => true,
      () => false,
    );
    if (!readableAnyway) {
      await expectInputError(readImageFile(path), 'INPUT_UNREADABLE', path);
    } else {
      // Root ignores file modes. A read that fails with EIO is just as unreadable: the start of
      // this process's own address space is never mapped.
      const err = await expectInputError(readImageFile('/proc/self/mem'), 'INPUT_UNREADABLE', '/proc/self/mem');
      expect(err.message).toContain('I/O error');
    }
  });

  it('maps permission errors to INPUT_UNREADABLE', () => {
    for (const code of ['EACCES', 'EPERM']) {
      const err = classifyReadError(Object.assign(new Error(`${code}: nope`), { code }), 'x.png');
      expect(err.code).toBe('INPUT_UNREADABLE');
      expect(err.message).toBe('x.png cannot be read: permission denied.');
      expect(err.hint).toMatch(/permissions/);
    }
    expect(classifyReadError(Object.assign(new Error('x'), { code: 'EMFILE' }), 'x.png').message).toContain('EMFILE');
  });

  it('refuses a file over the byte limit without reading it', async () => {
    const path = join(tempDir(), 'huge.png');
    writeFileSync(path, Buffer.alloc(0));
    // A sparse file: its size says 50 MB + 1 without writing the bytes.
    truncateSync(path, MAX_INPUT_BYTES + 1);
    const err = await expectInputError(readImageFile(path), 'INPUT_TOO_LARGE', path);
    expect(err.message).toContain('50 MB');
  });
});
