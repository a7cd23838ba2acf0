/** What works with no key, no network and no catalog: help, version, the Node version gate. */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, sandbox, type Sandbox } from './cli.js';
import { COMMANDS } from '../../src/cli/program.js';

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

describe('help and version', () => {
  it('--version prints the package version and touches nothing', async () => {
    const r = await box.run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(existsSync(box.home)).toBe(false);
  });

  it('--help lists the commands; every command has --help with an example', async () => {
    const top = await box.run(['--help']);
    expect(top.code).toBe(0);
    const commands = COMMANDS.map((c) => [c.names[0]!]);
    for (const [name] of commands) expect(top.stdout).toContain(name);
    const subcommands = [['templates', 'show'], ['templates', 'run'], ['identity', 'add'], ['identity', 'show'], ['identity', 'remove']];
    for (const words of [...commands, ...subcommands]) {
      const r = await box.run([...words, '--help']);
      expect(r.code, words.join(' ')).toBe(0);
      expect(r.stdout, words.join(' ')).toMatch(/Examples:\n\s+\$ imagegen /);
    }
    expect(existsSync(box.home)).toBe(false);
  });

  it('a bare imagegen prints its help and exits 0', async () => {
    const r = await box.run([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: imagegen');
    expect(r.stdout).toContain('generate');
    expect(existsSync(box.home)).toBe(false);
  });

  it('an unknown command is a usage error (exit 2)', async () => {
    const r = await box.run(['paint', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command');
  });
});

describe('the Node version gate', () => {
  it('an old Node hands over to the package\'s own Node instead of failing', () => {
    // Pretend to be Node 20 before the entry runs (a real Node 20 may not be on every machine;
    // reexec.test.ts uses the machine's own when there is one).
    const preload = join(box.dir, 'old-node.cjs');
    writeFileSync(preload, "Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '20.11.1' } });");
    const r = spawnSync(process.execPath, ['-r', preload, BIN, 'list', '--json'], { encoding: 'utf8', env: { ...box.env } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).total).toBe(0);
  });
});

describe('.env and settings', () => {
  it('.env in the working directory supplies settings without overriding the environment', async () => {
    writeFileSync(join(box.dir, '.env'), `IMAGEGEN_PROVIDER=offline\nIMAGEGEN_OUT=${join(box.dir, 'from-dotenv')}\n`);
    const r = await box.run(['generate', 'a pear', '--json'], { env: { IMAGEGEN_OUT: undefined } });
    expect(r.code, r.stderr).toBe(0);
    const entry = (r.json<{ entries: { file: { path: string }; provider: string }[] }>()).entries[0]!;
    expect(entry.provider).toBe('offline');
    expect(entry.file.path.startsWith(join(box.dir, 'from-dotenv'))).toBe(true);
    const r2 = await box.run(['generate', 'a plum', '--json']);
    expect(r2.json<{ entries: { file: { path: string } }[] }>().entries[0]!.file.path.startsWith(box.out)).toBe(true);
  });
});
