/**
 * runCli, the in-process seam: the exit code is returned (the process's is left alone), and a run
 * reads and writes only the io it is given (environment, folder, streams).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import type { CliIo } from '../../../src/cli/io.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function io(env: Record<string, string | undefined> = {}): CliIo & { out: () => string; err: () => string } {
  const cwd = mkdtempSync(join(tmpdir(), 'imagegen-runcli-'));
  dirs.push(cwd);
  const sink = () => {
    let text = '';
    const stream = new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString()), done()) });
    return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
  };
  const stdout = sink();
  const stderr = sink();
  const stdin = new PassThrough();
  stdin.end();
  return { env: { IMAGEGEN_HOME: join(cwd, 'home'), NO_COLOR: '1', ...env }, cwd, stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout.stream, stderr: stderr.stream, out: stdout.text, err: stderr.text };
}

describe('runCli', () => {
  it('returns the exit code and leaves the process exit code alone', async () => {
    const before = process.exitCode;
    const run = io();
    expect(await runCli(['paint'], run)).toBe(2);
    expect(run.err()).toMatch(/^error: .*\n {2}hint: /);
    expect(run.out()).toBe('');
    expect(process.exitCode).toBe(before);
  });

  it('writes help, for commands and subcommands, to the given stdout', async () => {
    const run = io();
    expect(await runCli(['identity', 'add', '--help'], run)).toBe(0);
    expect(run.out()).toContain('Usage: imagegen identity add');
    expect(run.err()).toBe('');
  });

  it('reads .env from the given folder into the given environment, not the process one', async () => {
    const run = io();
    writeFileSync(join(run.cwd, '.env'), 'IMAGEGEN_TEST_ONLY_SETTING=from-dotenv\nIMAGEGEN_PROVIDER=offline\n');
    expect(await runCli(['generate', 'a fox', '--json', '-o', join(run.cwd, 'out')], run)).toBe(0);
    expect(run.env.IMAGEGEN_TEST_ONLY_SETTING).toBe('from-dotenv');
    expect(process.env.IMAGEGEN_TEST_ONLY_SETTING).toBeUndefined();
    expect(JSON.parse(run.out()).entries[0].provider).toBe('offline');
  });

  it('reads "-" from the given stdin', async () => {
    const run = io({ IMAGEGEN_PROVIDER: 'offline' });
    const stdin = new PassThrough();
    stdin.end('a heron at dusk\n');
    expect(await runCli(['generate', '-', '--json', '-o', join(run.cwd, 'out')], { ...run, stdin: stdin as unknown as NodeJS.ReadStream })).toBe(0);
    expect(JSON.parse(run.out()).entries[0].prompt).toBe('a heron at dusk');
  });

  it('resolves the paths it is given against the given folder, not the process one', async () => {
    const run = io({ IMAGEGEN_PROVIDER: 'offline', IMAGEGEN_OUT: 'pictures' });
    const code = await runCli(['generate', 'a lighthouse', '--json'], run);
    expect(code, run.err()).toBe(0);
    const file = JSON.parse(run.out()).entries[0].file.path as string;
    expect(file.startsWith(join(run.cwd, 'pictures'))).toBe(true);
    const relativeFile = file.slice(run.cwd.length + 1);
    for (const args of [['gallery', '-o', 'site'], ['sheet', 'last', '-o', 'sheet.png'], ['config', 'set', 'out', 'elsewhere'], ['show', relativeFile], ['open', 'last', '--gallery', 'site']]) {
      const step = io({ IMAGEGEN_HOME: run.env.IMAGEGEN_HOME, PATH: '' });
      const inSameFolder = { ...step, cwd: run.cwd };
      const result = await runCli([...args, '--json'], inSameFolder);
      // open has no opener with an empty PATH (exit 1) but names the page it would open.
      expect([0, 1], `${args.join(' ')}: ${step.err()}`).toContain(result);
      if (args[0] === 'show') expect(JSON.parse(step.out()).entryId).toBeTruthy();
    }
    expect(existsSync(join(run.cwd, 'site', 'index.html'))).toBe(true);
    expect(existsSync(join(run.cwd, 'sheet.png'))).toBe(true);
    expect(readFileSync(join(run.env.IMAGEGEN_HOME!, 'config.json'), 'utf8')).toContain(JSON.stringify(join(run.cwd, 'elsewhere')));
    expect(existsSync(join(process.cwd(), 'site'))).toBe(false);
  });
});
