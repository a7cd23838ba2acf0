/**
 * Runs imagegen with a clean environment, its own home and output folder in a temp dir.
 *
 * `run` runs the CLI in this process (runCli from src/cli/main.ts: the same commander program,
 * catalog, store and SDK as the binary, with stdin, stdout and stderr in memory), about fifty times
 * faster than a process. `spawn` runs the real binary in a child process, for tests where the process
 * boundary is the point: exit codes through a real pipe, signals, slow readers, re-exec, terminals.
 * Async (never spawnSync): the fake Gemini lives in this process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { runCli as runInThisProcess } from '../../src/cli/main.js';

export const BIN = resolve('bin/imagegen.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

export interface RunOptions {
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export interface Sandbox {
  dir: string;
  home: string;
  out: string;
  env: Record<string, string>;
  /** The CLI in this process (the default for scenarios). */
  run(args: string[], options?: RunOptions): Promise<CliResult>;
  /** The real binary in a child process (exit codes, streams and signals across a process boundary). */
  spawn(args: string[], options?: RunOptions): Promise<CliResult>;
  cleanup(): void;
}

export function sandbox(extraEnv: Record<string, string> = {}): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'imagegen-e2e-'));
  const home = join(dir, 'home');
  const out = join(dir, 'out');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    IMAGEGEN_HOME: home,
    IMAGEGEN_OUT: out,
    IMAGEGEN_RETRY_BASE_MS: '20',
    NO_COLOR: '1',
    ...extraEnv,
  };
  return {
    dir,
    home,
    out,
    env,
    run: (args, options = {}) => runInProcess(args, { cwd: options.cwd ?? dir, env: { ...env, ...options.env }, input: options.input }),
    spawn: (args, options = {}) => spawnCli(args, { cwd: options.cwd ?? dir, env: { ...env, ...options.env }, input: options.input }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function result(code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string): CliResult {
  return {
    code,
    signal,
    stdout,
    stderr,
    json<T>() {
      return JSON.parse(stdout) as T;
    },
  };
}

/** Collects what is written, as a pipe would carry it (no terminal: isTTY stays undefined). */
function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => Buffer.concat(chunks).toString() };
}

/** One in-process run at a time: the process's environment and folder are this run's while it lasts. */
let running: Promise<unknown> = Promise.resolve();

/**
 * The CLI in this process. Everything of ours reads the io it is given; the process's environment
 * and working directory are set to the run's too, for what reads them itself (the Gemini SDK
 * reads GOOGLE_GEMINI_BASE_URL from process.env), as a child process would have them.
 */
export function runInProcess(args: string[], options: { cwd: string; env: Record<string, string | undefined>; input?: string | Buffer }): Promise<CliResult> {
  const turn = running.then(async () => {
    const env = Object.fromEntries(Object.entries(options.env).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const stdin = new PassThrough();
    stdin.end(options.input ?? '');
    const stdout = capture();
    const stderr = capture();
    const savedEnv = process.env;
    const savedCwd = process.cwd();
    process.env = env;
    process.chdir(options.cwd);
    try {
      const code = await runInThisProcess(args, { env, cwd: options.cwd, stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout.stream, stderr: stderr.stream });
      return result(code, null, stdout.text(), stderr.text());
    } finally {
      process.env = savedEnv;
      process.chdir(savedCwd);
    }
  });
  running = turn.catch(() => undefined);
  return turn;
}

/** The real binary in a child process, to its end. */
export function spawnCli(args: string[], options: { cwd: string; env: Record<string, string | undefined>; input?: string | Buffer }): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const env = Object.fromEntries(Object.entries(options.env).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise(result(code, signal, stdout, stderr)));
    // A child that exits before reading its stdin (a usage error, --help) closes the pipe: the
    // EPIPE that follows is the child's business, not a failure of the test run.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Starts the CLI and hands back the child, for tests that signal it mid-run. */
export function startCli(args: string[], options: { cwd: string; env: Record<string, string> }) {
  return spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
}
