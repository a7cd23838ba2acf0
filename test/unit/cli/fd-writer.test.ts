/**
 * The direct writer behind standard output and error (src/cli/fd-writer.ts), on a real FIFO and a
 * real file: bytes in order across the hand-over to Node's stream, and a reader that left as an
 * 'error' event, as Node's own stream reports it.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { FdWriter } from '../../../src/cli/fd-writer.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function fifo(): { reader: number; writer: number } {
  const dir = mkdtempSync(join(tmpdir(), 'imagegen-fd-'));
  dirs.push(dir);
  const path = join(dir, 'pipe');
  execFileSync('mkfifo', [path]);
  const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  return { reader, writer: openSync(path, constants.O_WRONLY) };
}

function drain(fd: number): string {
  const buffer = Buffer.alloc(65536);
  try {
    return buffer.subarray(0, readSync(fd, buffer)).toString();
  } catch {
    return '';
  }
}

it('writes a pipe directly up to its budget, then hands every later write to Node’s stream, in order', async () => {
  const { reader, writer } = fifo();
  const later = new PassThrough();
  let handedOver = 0;
  const out = new FdWriter(writer, { left: 10 }, () => (handedOver++, later as unknown as NodeJS.WriteStream));
  out.write('first\n');
  expect(drain(reader)).toBe('first\n');
  expect(handedOver).toBe(0);
  out.write('second line\n');
  out.write('third\n');
  const flushed = new Promise<void>((resolve) => out.write('', () => resolve()));
  await flushed;
  expect(handedOver).toBe(1);
  expect(drain(reader)).toBe('');
  expect(later.read()?.toString()).toBe('second line\nthird\n');
  closeSync(reader);
  closeSync(writer);
});

it('standard output and error share one budget: together they never write more than a pipe surely takes', () => {
  const { reader, writer } = fifo();
  const budget = { left: 10 };
  const later: string[] = [];
  const node = () => ({ write: (chunk: Buffer) => later.push(chunk.toString()), on: () => undefined }) as unknown as NodeJS.WriteStream;
  const out = new FdWriter(writer, budget, node);
  const err = new FdWriter(writer, budget, node);
  out.write('123456');
  err.write('7890');
  err.write('!');
  expect(drain(reader)).toBe('1234567890');
  expect(later).toEqual(['!']);
  closeSync(reader);
  closeSync(writer);
});

it('a reader that went away is an EPIPE error event, and the writer is closed after it', async () => {
  const { reader, writer } = fifo();
  const out = new FdWriter(writer, { left: 4096 }, () => {
    throw new Error('not handed over');
  });
  closeSync(reader);
  const error = new Promise<NodeJS.ErrnoException>((resolve) => out.once('error', resolve));
  expect(out.write('lost\n')).toBe(false);
  expect((await error).code).toBe('EPIPE');
  expect(out.destroyed).toBe(true);
  closeSync(writer);
});

it('a regular file is written directly whatever the size, each write on disk when it returns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imagegen-fd-'));
  dirs.push(dir);
  const file = join(dir, 'out.txt');
  const fd = openSync(file, 'w');
  const out = new FdWriter(fd, { left: Infinity }, () => {
    throw new Error('not handed over');
  });
  const big = 'x'.repeat(200_000);
  out.write(big);
  out.write(Buffer.from('\nend\n'));
  expect(readFileSync(file, 'utf8')).toBe(`${big}\nend\n`);
  closeSync(fd);
});
