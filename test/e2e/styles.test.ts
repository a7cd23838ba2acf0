/** `imagegen styles`, and the help of the editing commands. */
import { describe, expect, it } from 'vitest';
import { sandbox } from './cli.js';

describe('styles', () => {
  it('--json lists every preset with its direction and aliases; piped output is one per line', async () => {
    const box = sandbox();
    try {
      const r = await box.run(['styles', '--json']);
      expect(r.code).toBe(0);
      const { styles } = r.json<{ styles: { name: string; instruction: string; aliases: string[] }[] }>();
      const names = styles.map((st) => st.name);
      for (const name of ['photographic', 'artistic', 'cinematic', 'watercolour', 'anime', 'product', 'illustration', '3d-render', 'pixel-art', 'sketch']) expect(names).toContain(name);
      expect(styles.find((st) => st.name === 'watercolour')!.aliases).toContain('watercolor');
      expect(new Set(styles.map((st) => st.instruction)).size).toBe(styles.length);
      const plain = await box.run(['styles']);
      expect(plain.stdout.trim().split('\n')).toHaveLength(styles.length);
      expect(plain.stdout).toMatch(/^watercolour\twatercolor\tPaint it in watercolour/m);
    } finally {
      box.cleanup();
    }
  });

  it('modify, reference, regenerate, retry and styles each have --help with examples', async () => {
    const box = sandbox();
    try {
      for (const name of ['modify', 'reference', 'regenerate', 'retry', 'styles']) {
        const r = await box.run([name, '--help']);
        expect(r.code, name).toBe(0);
        expect(r.stdout, name).toMatch(/Examples:\n\s+\$ imagegen /);
      }
      expect((await box.run(['--help'])).stdout).toMatch(/modify[\s\S]*reference[\s\S]*regenerate[\s\S]*retry[\s\S]*styles/);
    } finally {
      box.cleanup();
    }
  });
});
