/**
 * `imagegen list` starts from its own one-file bundle (dist/list.js, see scripts/bundle.js) and
 * everything else from dist/cli.js. The process boundary is the point here: bin/imagegen.js picks
 * the bundle, so these spawn it and compare what both bundles print for the same arguments.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli/program.js';

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'imagegen-list-bundle-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function run(args: string[], entry?: 'dist/cli.js' | 'dist/list.js', homeDir = join(home, 'home')) {
  const argv = entry
    ? ['--input-type=module', '-e', `import(${JSON.stringify(join(process.cwd(), entry))}).then((m) => m.run(process.argv.slice(1)))`, '--', ...args]
    : ['bin/imagegen.js', ...args];
  const result = spawnSync(process.execPath, argv, {
    env: { PATH: process.env.PATH ?? '', HOME: home, IMAGEGEN_HOME: homeDir, NO_COLOR: '1' },
    cwd: process.cwd(),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the list bundle', () => {
  it('holds the list command only; the other commands are stand-ins it never loads', () => {
    const bundle = readFileSync('dist/list.js', 'utf8');
    expect(bundle).toContain('has only the list command');
    expect(bundle).not.toMatch(/from ?"node:/);
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
});
