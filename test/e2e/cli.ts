/**
 * Runs the real imagegen binary in a child process, with a clean environment, its own home and
 * output folder in a temp dir. Async (never spawnSync): the fake Gemini lives in this process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve('bin/imagegen.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

export interface Sandbox {
  dir: string;
  home: string;
  out: string;
  env: Record<string, string>;
  run(args: string[], options?: { input?: string; env?: Record<string, string | undefined>; cwd?: string }): Promise<CliResult>;
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
    run: (args, options = {}) => runCli(args, { cwd: options.cwd ?? dir, env: { ...env, ...options.env }, input: options.input }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function runCli(args: string[], options: { cwd: string; env: Record<string, string | undefined>; input?: string }): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const env = Object.fromEntries(Object.entries(options.env).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolvePromise({
        code,
        signal,
        stdout,
        stderr,
        json<T>() {
          return JSON.parse(stdout) as T;
        },
      }),
    );
    child.stdin.end(options.input ?? '');
  });
}

/** Starts the CLI and hands back the child, for tests that signal it mid-run. */
export function startCli(args: string[], options: { cwd: string; env: Record<string, string> }) {
  return spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
}
