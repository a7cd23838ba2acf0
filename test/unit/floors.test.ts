/** scripts/check-floors.js: the floors and circles check that `npm test` runs, on trees of its own. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error a plain JavaScript script without types
import { checkFloors } from '../../scripts/check-floors.js';

const check = checkFloors as (src: string) => { files: number; problems: string[] };
let dir: string | undefined;

function tree(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'imagegen-floors-'));
  const src = join(dir, 'src');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(src, path)), { recursive: true });
    writeFileSync(join(src, path), text);
  }
  return src;
}

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('check-floors', () => {
  it('passes imports that point down a floor or stay in their folder', () => {
    const src = tree({
      'domain/errors.ts': 'export const e = 1;\n',
      'core/a.ts': "import { e } from '../domain/errors.js';\nimport { b } from './b.js';\nexport const a = e + b;\n",
      'core/b.ts': "// import { a } from './a.js';\nexport const b = 2;\n",
      'cli/main.ts': "const core = await import('../core/a.js');\nvoid core;\n",
    });
    expect(check(src)).toEqual({ files: 4, problems: [] });
  });

  it('fails on an import up a floor, a type-only one and a dynamic one included', () => {
    const src = tree({
      'core/ports.ts': 'export interface Ports { x: number }\n',
      'prompts/describe.ts': "import type { Ports } from '../core/ports.js';\nexport type P = Ports;\n",
      'domain/text.ts': "export const load = () => import('../store/store.js');\n",
      'store/store.ts': 'export const s = 1;\n',
    });
    expect(check(src).problems.sort()).toEqual([
      'src/domain/text.ts: imports src/store/store.ts (store, a higher floor than domain); move the shared part down a floor',
      'src/prompts/describe.ts: imports src/core/ports.ts (core, a higher floor than prompts); move the shared part down a floor',
    ]);
  });

  it('fails on an import sideways to another folder of the same floor', () => {
    const src = tree({ 'prompts/a.ts': "import { c } from '../catalog/c.js';\nexport const a = c;\n", 'catalog/c.ts': 'export const c = 1;\n' });
    expect(check(src).problems).toEqual(['src/prompts/a.ts: imports src/catalog/c.ts (catalog, on the same floor as prompts); move the shared part down a floor']);
  });

  it('fails on a circle of files inside one folder, and names its files', () => {
    const src = tree({
      'catalog/migrations/all.ts': "import { m } from './002.js';\nexport const all = [m];\n",
      'catalog/migrations/002.ts': "import type { all } from './all.js';\nexport const m = 1;\nexport type A = typeof all;\n",
      'catalog/open.ts': "import { all } from './migrations/all.js';\nexport const open = all;\n",
    });
    const { problems } = check(src);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^import circle: src\/catalog\/migrations\/(all|002)\.ts -> src\/catalog\/migrations\/(002|all)\.ts$/);
  });

  it('fails on a folder with no floor and on an import of a missing file', () => {
    const src = tree({ 'widgets/w.ts': "import { x } from '../domain/gone.js';\nexport const w = x;\n" });
    expect(check(src).problems).toEqual(['src/widgets/w.ts: src/widgets has no floor; add it to scripts/floors.js', 'src/widgets/w.ts: imports ../domain/gone.js, which is not a file of src/']);
  });

  it('as a command, exits 1 and lists the problems on stderr', () => {
    const src = tree({ 'domain/a.ts': "import { v } from '../version.js';\nexport const a = v;\n", 'version.ts': 'export const v = 1;\n' });
    let failure: { status: number; stdout: string; stderr: string } | undefined;
    try {
      execFileSync(process.execPath, [join(import.meta.dirname, '../../scripts/check-floors.js'), src], { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      failure = err as typeof failure;
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stdout).toBe('');
    expect(failure?.stderr).toMatch(/1 problem\(s\)[\s\S]*src\/domain\/a\.ts: imports src\/version\.ts \(version\.ts, on the same floor as domain\)/);
  });
});
