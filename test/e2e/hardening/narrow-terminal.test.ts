/**
 * A terminal 0 or 1 columns wide (`script` with no window size, some CI log capture) is treated as
 * no terminal: no spinner, no progress line. The progress line used to redraw forever there (a
 * 325 MB log, never exiting).
 */
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BIN, sandbox, type Sandbox } from '../cli.js';

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

const LIMIT_MS = 15_000;

function onNarrowTerminal(columns: number, args: string[]): Promise<{ code: number | null; screen: string; hung: boolean }> {
  const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  const command = `stty cols ${columns} rows 24; exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: box.dir, env: { ...box.env, NO_COLOR: '', TERM: 'xterm' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let screen = '';
    let hung = false;
    child.stdout.on('data', (d: Buffer) => {
      if (screen.length < 1_000_000) screen += d.toString();
    });
    const killer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, screen, hung });
    });
  });
}

it.each([0, 1])('generate on a %i-column terminal ends, with no progress line', async (columns) => {
  const r = await onNarrowTerminal(columns, ['generate', 'a red fox', '--provider', 'offline', '-n', '2']);
  expect(r.hung).toBe(false);
  expect(r.code).toBe(0);
  expect(r.screen.length).toBeLessThan(10_000);
  // Neither a spinner frame nor the cursor-up of a redrawn line.
  expect(r.screen).not.toContain('\u001b[1A');
  expect(r.screen).not.toContain('Generating 0/2');
  expect(r.screen).toContain('2 images saved');
});
