import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTemps } from '../../../src/build/stale-temps.js';

describe('removeStaleTemps', () => {
  it('removes the temp files of dead writers beside the given files, and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imagegen-temps-'));
    try {
      const dead = join(dir, '.a.png.2147483646.0123abcd.tmp');
      const live = join(dir, `.a.png.${process.pid}.0123abcd.tmp`);
      const other = join(dir, '.b.png.2147483646.0123abcd.tmp');
      for (const f of [dead, live, other, join(dir, 'a.png')]) writeFileSync(f, 'x');
      expect(await removeStaleTemps([join(dir, 'a.png')])).toBe(1);
      expect([existsSync(dead), existsSync(live), existsSync(other), existsSync(join(dir, 'a.png'))]).toEqual([false, true, true, true]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
