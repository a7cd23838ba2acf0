/** Runs the CLI on a pseudo-terminal (util-linux `script`), answering each question as it appears. */
import { spawn } from 'node:child_process';
import { BIN, type Sandbox } from './cli.js';

export function onTerminal(box: Sandbox, args: string[], answers: [RegExp, string][]): Promise<{ code: number | null; screen: string }> {
  const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: box.dir, env: { ...box.env, TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
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
    child.on('close', (code) => {
      child.stdin.destroy();
      resolve({ code, screen });
    });
  });
}
