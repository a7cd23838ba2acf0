/**
 * Output through a slow pipe arrives whole: the CLI must not end the process while standard output
 * still has data queued (it was cut at the 64 KiB pipe buffer with exit 0).
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { buildCatalog, type Seed } from '../../catalog-builder.js';
import { BIN, sandbox, type Sandbox } from '../cli.js';

const COUNT = 300;
let box: Sandbox;
beforeAll(async () => {
  box = sandbox();
  const seeds: Seed[] = Array.from({ length: COUNT }, (_, i) => ({
    id: `pipe${String(i).padStart(4, '0')}`,
    prompt: `a long prompt to make the JSON document large, picture number ${i} `.repeat(4),
    createdAt: new Date(Date.parse('2024-01-01T00:00:00Z') + i * 60_000).toISOString(),
  }));
  await buildCatalog(box.home, box.out, seeds);
});
afterAll(() => box.cleanup());

it('list --json of more than 64 KiB reaches a reader that starts late, whole, with exit 0', async () => {
  const child = spawn(process.execPath, [BIN, 'list', '--json', '--limit', String(COUNT)], { cwd: box.dir, env: box.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pause();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // A reader that is slow to start: the buggy CLI exits (cutting its output) long before this.
  const exited = once(child, 'exit').then(() => 'exited' as const);
  const late = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 1500));
  await Promise.race([exited, late]);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  child.stdout.resume();
  const [code] = (await once(child, 'close')) as [number | null];
  const text = Buffer.concat(chunks).toString('utf8');
  expect(Buffer.byteLength(text)).toBeGreaterThan(64 * 1024);
  expect(code, stderr).toBe(0);
  const doc = JSON.parse(text) as { entries: unknown[]; total: number };
  expect(doc.entries).toHaveLength(COUNT);
  expect(doc.total).toBe(COUNT);
});

it('a reader that goes away early (list | head -1) ends the run quietly, without a stack trace', async () => {
  const child = spawn(process.execPath, [BIN, 'list', '--limit', String(COUNT)], { cwd: box.dir, env: box.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const [code] = (await once(child, 'close')) as [number | null];
  expect(stderr).not.toMatch(/EPIPE|Error|at /);
  expect(code).toBe(0);
});

it('a reader that never reads does not stop SIGTERM: the run still ends within the grace period', async () => {
  // A real pipe (a FIFO: 64 KiB, where a socket pair would take far more) that the test reads one
  // byte from, to know the run has started and its signal handlers are in place, and then never again.
  const fifo = join(box.dir, 'stalled');
  execFileSync('mkfifo', [fifo]);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(fifo, constants.O_WRONLY);
  const child = spawn(process.execPath, [BIN, 'list', '--json', '--limit', String(COUNT)], { cwd: box.dir, env: box.env, stdio: ['ignore', writer, 'pipe'] });
  closeSync(writer);
  // A run that did block for good must not outlive the test.
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = once(child, 'close');
  const oneByte = Buffer.alloc(1);
  for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 50))) {
    try {
      if (readSync(reader, oneByte) === 1) break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
  // Long enough for the run to fill the pipe and wait on it.
  await new Promise((resolve) => setTimeout(resolve, 300));
  child.kill('SIGTERM');
  const started = Date.now();
  const [code] = (await closed) as [number | null];
  closeSync(reader);
  expect(Date.now() - started).toBeLessThan(6000);
  expect(code, stderr).toBe(130);
});

it('a short listing through a pipe is written directly: Node builds no socket stream for it', async () => {
  const probe = join(box.dir, 'modules.cjs');
  writeFileSync(probe, "process.on('exit', () => require('fs').writeSync(3, JSON.stringify(process.moduleLoadList)));\n");
  const child = spawn(process.execPath, ['--require', probe, BIN, 'list', '--limit', '3'], { cwd: box.dir, env: box.env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const loaded: Buffer[] = [];
  child.stdio[1]!.on('data', (d: Buffer) => out.push(d));
  child.stdio[3]!.on('data', (d: Buffer) => loaded.push(d));
  const [code] = (await once(child, 'close')) as [number | null];
  expect(code).toBe(0);
  expect(Buffer.concat(out).toString().trim().split('\n')).toHaveLength(3);
  const modules = JSON.parse(Buffer.concat(loaded).toString()) as string[];
  expect(modules).not.toContain('NativeModule net');
  expect(modules).not.toContain('NativeModule stream');
});
