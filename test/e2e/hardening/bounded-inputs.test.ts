/**
 * Inputs that never end: a FIFO nobody writes, /dev/zero, a pipe left open. Each is refused or
 * capped with a clear exit 2 (nothing sent, nothing written), and a signal always ends the run.
 * Process-level on purpose: the defect was a process that never exits.
 */
import { spawn, execFileSync } from 'node:child_process';
import { openSync, closeSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, type Sandbox } from '../cli.js';
import { errorOf, footprint, useFakeGemini, type RunJson } from '../fake-session.js';

const session = useFakeGemini();
const PNG = resolve('fixtures/ring.png');
/** Far longer than any of these runs takes when it works; a run still going then is the defect. */
const HANG_MS = 15_000;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed by the test because it was still running after HANG_MS. */
  hung: boolean;
  json(): RunJson;
}

type Stdin = { fd: number } | { data: Buffer } | { keepOpen: true };

function run(box: Sandbox, args: string[], stdin: Stdin, options: { signalAfterMs?: number; signal?: NodeJS.Signals } = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const stdio: ['pipe' | number, 'pipe', 'pipe'] = ['fd' in stdin ? stdin.fd : 'pipe', 'pipe', 'pipe'];
    const child = spawn(process.execPath, [BIN, ...args], { cwd: box.dir, env: box.env, stdio });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    if ('data' in stdin) child.stdin!.end(stdin.data);
    const killer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, HANG_MS);
    let signaller: NodeJS.Timeout | undefined;
    if (options.signalAfterMs !== undefined) signaller = setTimeout(() => child.kill(options.signal ?? 'SIGINT'), options.signalAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      clearTimeout(signaller);
      child.stdin?.destroy();
      resolvePromise({ code, signal, stdout, stderr, hung, json: () => JSON.parse(stdout) as RunJson });
    });
  });
}

const lastError = (r: Run) => errorOf({ ...r, json: <T>() => r.json() as T });

function expectNothingWritten(box: Sandbox): void {
  const after = footprint(box);
  expect(after.counts.entries).toBe(0);
  expect(after.out).toEqual([]);
}

describe('files that are not regular files are refused at once', () => {
  it('-i a FIFO that nobody writes: exit 2 naming the FIFO', async () => {
    const { box } = session;
    const fifo = join(box.dir, 'fifo.png');
    execFileSync('mkfifo', [fifo]);
    const r = await run(box, ['modify', 'make it blue', '-i', fifo, '--json'], { data: Buffer.alloc(0) });
    expect(r.hung).toBe(false);
    expect(r.code, r.stderr).toBe(2);
    expect(lastError(r).code).toBe('INPUT_UNREADABLE');
    expect(lastError(r).message).toContain('named pipe (FIFO)');
    expect(session.fake.requests).toHaveLength(0);
    expectNothingWritten(box);
  });

  it('-i /dev/zero: exit 2, a character device', async () => {
    const { box } = session;
    const r = await run(box, ['modify', 'make it blue', '-i', '/dev/zero', '--json'], { data: Buffer.alloc(0) });
    expect(r.hung).toBe(false);
    expect(r.code, r.stderr).toBe(2);
    expect(lastError(r).message).toContain('character device');
  });

  it('--context a FIFO: exit 2 naming it', async () => {
    const { box } = session;
    const fifo = join(box.dir, 'brief.txt');
    execFileSync('mkfifo', [fifo]);
    const r = await run(box, ['generate', 'a harbour', '--enhance', '--context', fifo, '--json'], { data: Buffer.alloc(0) });
    expect(r.hung).toBe(false);
    expect(r.code, r.stderr).toBe(2);
    expect(lastError(r).code).toBe('CONTEXT_FILE_UNREADABLE');
    expect(lastError(r).message).toContain('named pipe (FIFO)');
    expectNothingWritten(box);
  });

  it('a FIFO as the home\'s config.json is refused at once (exit 2), not waited on', async () => {
    const { box } = session;
    mkdirSync(box.home, { recursive: true });
    execFileSync('mkfifo', [join(box.home, 'config.json')]);
    const r = await run(box, ['list', '--json'], { data: Buffer.alloc(0) });
    expect(r.hung).toBe(false);
    expect(r.code, r.stderr).toBe(2);
    expect(lastError(r).code).toBe('CONFIG_UNREADABLE');
    expect(lastError(r).message).toContain('named pipe (FIFO)');
  });

  it('a FIFO called .env in the working folder does not block start-up', async () => {
    const { box } = session;
    execFileSync('mkfifo', [join(box.dir, '.env')]);
    const r = await run(box, ['list', '--json'], { data: Buffer.alloc(0) });
    expect(r.hung).toBe(false);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('standard input is read to a limit', () => {
  it('generate - < /dev/zero: exit 2 naming the limit, not an endless read', async () => {
    const { box } = session;
    const fd = openSync('/dev/zero', 'r');
    try {
      const r = await run(box, ['generate', '-', '--json'], { fd });
      expect(r.hung).toBe(false);
      expect(r.code, r.stderr).toBe(2);
      expect(lastError(r).code).toBe('PROMPT_TOO_LONG');
      expect(lastError(r).message).toContain('256 KiB');
      expectNothingWritten(box);
    } finally {
      closeSync(fd);
    }
  });

  it('modify -i - < /dev/zero: exit 2 naming the input-image limit', async () => {
    const { box } = session;
    const fd = openSync('/dev/zero', 'r');
    try {
      const r = await run(box, ['modify', 'make it blue', '-i', '-', '--json'], { fd });
      expect(r.hung).toBe(false);
      expect(r.code, r.stderr).toBe(2);
      expect(lastError(r).code).toBe('INPUT_TOO_LARGE');
      expect(lastError(r).message).toMatch(/standard input is larger than the 50 MB limit/);
      expectNothingWritten(box);
    } finally {
      closeSync(fd);
    }
  });
});

describe('-i - reads one input image from standard input', () => {
  it('modify "…" -i - < ring.png sends those bytes and records the input', async () => {
    const { box, fake } = session;
    const r = await run(box, ['modify', 'make it blue', '-i', '-', '--json'], { data: readFileSync(PNG) });
    expect(r.code, r.stderr).toBe(0);
    const entry = r.json().entries[0]!;
    expect(entry.inputs).toHaveLength(1);
    expect(existsSync(entry.inputs[0]!.path)).toBe(true);
    expect(readFileSync(entry.inputs[0]!.path).equals(readFileSync(PNG))).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it('twice, or together with a prompt from standard input, is a usage error', async () => {
    const { box } = session;
    const twice = await run(box, ['modify', 'make it blue', '-i', '-', '-i', '-', '--json'], { data: readFileSync(PNG) });
    expect(twice.code).toBe(2);
    expect(lastError(twice).code).toBe('STDIN_ALREADY_USED');
    const both = await run(box, ['modify', '-', '-i', '-', '--json'], { data: readFileSync(PNG) });
    expect(both.code).toBe(2);
    expect(lastError(both).code).toMatch(/STDIN_ALREADY_USED|PROMPT_INVALID/);
    expectNothingWritten(box);
  });

  it('an empty standard input is refused', async () => {
    const { box } = session;
    const r = await run(box, ['modify', 'make it blue', '-i', '-', '--json'], { data: Buffer.alloc(0) });
    expect(r.code).toBe(2);
    expect(lastError(r).code).toBe('INPUT_EMPTY');
  });
});

describe('signals always end the process', () => {
  it('SIGTERM while a request hangs: exit 130', async () => {
    const { box, fake } = session;
    fake.setDefault({ kind: 'hang' });
    const r = await run(box, ['generate', 'a lighthouse', '--json'], { data: Buffer.alloc(0) }, { signalAfterMs: 1000, signal: 'SIGTERM' });
    expect(r.hung).toBe(false);
    expect(r.code).toBe(130);
    expect(lastError(r).code).toBe('INTERRUPTED');
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} while the prompt is read from a pipe that stays open: exit 130`, async () => {
      const { box } = session;
      const r = await run(box, ['generate', '-', '--json'], { keepOpen: true }, { signalAfterMs: 1000, signal });
      expect(r.hung).toBe(false);
      expect(r.code).toBe(130);
      expect(lastError(r).code).toBe('INTERRUPTED');
      expectNothingWritten(box);
    });
  }
});
