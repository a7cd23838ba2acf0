/** Runs the CLI on a pseudo-terminal (util-linux `script`), answering each question as it appears. */
import { spawn } from 'node:child_process';
import { BIN, type Sandbox } from './cli.js';

export interface TerminalOptions {
  /** The terminal's width (set with stty); by default `script` gives it no size at all (0 columns). */
  columns?: number;
  env?: Record<string, string>;
}

export function onTerminal(box: Sandbox, args: string[], answers: [RegExp, string][], options: TerminalOptions = {}): Promise<{ code: number | null; screen: string }> {
  const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  const run = [process.execPath, BIN, ...args].map(quote).join(' ');
  const command = options.columns === undefined ? run : `stty cols ${options.columns} rows 40; exec ${run}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: box.dir, env: { ...box.env, TERM: 'xterm', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let next = 0;
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      const answer = answers[next];
      if (answer && answer[0].test(screen)) {
        next++;
        child.stdin.write(answer[1]);
      }
    });
    child.on('error', reject);
    child.stdin.on('error', () => undefined); // an answer written as the child ends: EPIPE is not the test's failure
    child.on('close', (code) => {
      child.stdin.destroy();
      resolve({ code, screen });
    });
  });
}
