/**
 * `imagegen list` starts from its own one-file bundle (dist/list.cjs, see scripts/bundle.js) and
 * everything else from dist/cli.js. The process boundary is the point here: bin/imagegen.js picks
 * the bundle and runs it with a V8 code cache of its own, so these spawn it and compare what both
 * bundles print for the same arguments.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli/program.js';
import { buildCatalog } from '../../catalog-builder.js';

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'imagegen-list-bundle-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function run(args: string[], entry?: 'dist/cli.js', homeDir = join(home, 'home'), extraEnv: Record<string, string> = {}) {
  const argv = entry
    ? ['--input-type=module', '-e', `import(${JSON.stringify(join(process.cwd(), entry))}).then((m) => m.run(process.argv.slice(1)))`, '--', ...args]
    : ['bin/imagegen.js', ...args];
  const result = spawnSync(process.execPath, argv, {
    env: { PATH: process.env.PATH ?? '', HOME: home, IMAGEGEN_HOME: homeDir, NO_COLOR: '1', ...extraEnv },
    cwd: process.cwd(),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the list bundle', () => {
  it('holds the list command only; the other commands are stand-ins it never loads', () => {
    const bundle = readFileSync('dist/list.cjs', 'utf8');
    expect(bundle).toContain('has only the list command');
    expect(bundle).toMatch(/^\/\/ imagegen list bundle [0-9a-f]{32}\n'use strict';/);
  });

  it.each([
    [['list', '--help']],
    [['ls', '--help']],
    [['list', '--json']],
    [['ls', 'lighthouse', '--json', '--since', '7d']],
    [['list', '--bogus']],
    [['--home', 'elsewhere', 'list', '--json']],
    [['list', '--limit', '0']],
  ])('bin/imagegen.js %j prints what dist/cli.js prints, with the same exit code', (args) => {
    const fast = run(args);
    const full = run(args, 'dist/cli.js');
    expect(fast).toEqual(full);
    expect(fast.stdout + fast.stderr).not.toBe('');
  });

  it('reads a config.json with zod, which it keeps in a file of its own (dist/list-zod.cjs) for that case', () => {
    for (const [name, config] of [['good', { provider: 'offline' }], ['bad', { provider: 'paint' }]] as const) {
      const dir = join(home, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
      const fast = run(['list', '--json'], undefined, dir);
      expect(fast).toEqual(run(['list', '--json'], 'dist/cli.js', dir));
      expect(fast.code).toBe(name === 'good' ? 0 : 2);
    }
  });

  it('leaves --help, completion and every other command to dist/cli.js, which registers them all', () => {
    const help = run(['--help']);
    expect(help.code).toBe(0);
    for (const { names } of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${names[0]}\\b`, 'm'));
    const completion = run(['completion', 'bash']);
    expect(completion.code).toBe(0);
    expect(completion.stdout).toContain('imagegen');
    expect(run(['__complete', 'li']).code).toBe(0);
  });

  it('reads a catalog through better-sqlite3 on a Node without node:sqlite, and prints the same', async () => {
    const filled = join(home, 'filled');
    await buildCatalog(filled, join(home, 'out'), [
      { id: 'sqlite01', name: 'Harbour', prompt: 'a harbour at dawn', createdAt: '2026-01-02T03:04:05.000Z' },
      { id: 'sqlite02', name: 'Fox', prompt: 'a red fox', createdAt: '2026-01-02T03:05:05.000Z' },
    ]);
    const plain = run(['list', 'harbour', '--json'], undefined, filled);
    const result = spawnSync(process.execPath, ['--no-experimental-sqlite', 'bin/imagegen.js', 'list', 'harbour', '--json'], {
      env: { PATH: process.env.PATH ?? '', HOME: home, IMAGEGEN_HOME: filled, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect({ code: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual(plain);
    expect(plain.code).toBe(0);
    expect((JSON.parse(plain.stdout) as { entries: { id: string }[] }).entries.map((e) => e.id)).toEqual(['sqlite01']);
  });

  describe('its V8 code cache', () => {
    const cacheDir = (root: string) => join(root, readdirSync(root).find((name) => name.startsWith('v'))!, 'imagegen');
    const listing = (root: string) => run(['list', '--json'], undefined, join(home, 'home'), { NODE_COMPILE_CACHE: root });

    it('is written after the first run, in a folder only this user may write, grown by the next runs, then only read', () => {
      const root = join(home, 'cache-a');
      const first = listing(root);
      expect(first.code).toBe(0);
      const dir = cacheDir(root);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      const [file, ...more] = readdirSync(dir);
      expect(more).toEqual([]);
      const digest = /^\/\/ imagegen list bundle ([0-9a-f]{32})/.exec(readFileSync('dist/list.cjs', 'utf8'))![1];
      expect(file).toBe(`list-${digest}.cache`);
      const path = join(dir, file!);
      // The first byte counts the runs that wrote it; each adds what it compiled (a plain listing
      // after a --json one, here).
      expect(readFileSync(path)[0]).toBe(1);
      const plain = run(['list'], undefined, join(home, 'home'), { NODE_COMPILE_CACHE: root });
      expect(plain.code).toBe(0);
      expect(readFileSync(path)[0]).toBe(2);
      expect(listing(root)).toEqual(first);
      const grown = readFileSync(path);
      expect(grown[0]).toBe(3);
      expect(grown.length).toBeGreaterThan(10_000);
      // Accepted by V8 and grown enough: read, not written again.
      expect(listing(root)).toEqual(first);
      expect(readFileSync(path).equals(grown)).toBe(true);
      expect(first).toEqual(run(['list', '--json'], 'dist/cli.js'));
    });

    it('a damaged cache is rejected by V8 and made again, and the listing is the same; only the newest caches stay', () => {
      const root = join(home, 'cache-b');
      const first = listing(root);
      const dir = cacheDir(root);
      const file = join(dir, readdirSync(dir)[0]!);
      const good = statSync(file).size;
      writeFileSync(file, Buffer.alloc(good, 7));
      // Other builds' caches, the oldest first: another install's recent one stays, old builds' go.
      const others = [1, 2, 3, 4, 5].map((n) => join(dir, `list-${String(n).repeat(32)}.cache`));
      others.forEach((other, i) => {
        writeFileSync(other, 'another build’s');
        utimesSync(other, new Date(Date.now() - (10 - i) * 60_000), new Date(Date.now() - (10 - i) * 60_000));
      });
      expect(listing(root)).toEqual(first);
      expect(readFileSync(file).equals(Buffer.alloc(good, 7))).toBe(false);
      expect(readdirSync(dir).sort()).toEqual([basename(file), ...others.slice(2).map((o) => basename(o))].sort());
    });

    it('a cache folder others may write is not used: a planted cache would be code this user runs', () => {
      const root = join(home, 'cache-c');
      const first = listing(root);
      const dir = cacheDir(root);
      rmSync(dir, { recursive: true });
      mkdirSync(dir);
      chmodSync(dir, 0o777);
      expect(listing(root)).toEqual(first);
      expect(readdirSync(dir)).toEqual([]);
    });
  });
});
