/**
 * What one run of the CLI reads from and writes to: its environment, working directory and three
 * standard streams. The process gives its own (processIo); tests give a temp folder, a copy of an
 * environment and in-memory streams, and run the same program in their own process (runCli).
 */
import { standardStream } from './fd-writer.js';

export interface CliIo {
  /** The environment; a .env file in `cwd` fills its gaps (so it is written to: give a copy). */
  env: Record<string, string | undefined>;
  cwd: string;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/**
 * The process's own environment, folder and streams. Each stream is made on first use: Node's
 * stdin alone loads fs streams, fs/promises and stream (about 8 ms of a `list` that never reads
 * it), and output to a pipe or a file starts as direct writes (fd-writer.ts).
 */
export function processIo(): CliIo {
  let stdout: NodeJS.WriteStream | undefined;
  let stderr: NodeJS.WriteStream | undefined;
  return {
    env: process.env,
    cwd: process.cwd(),
    get stdin() {
      return process.stdin;
    },
    get stdout() {
      return (stdout ??= standardStream(1));
    },
    get stderr() {
      return (stderr ??= standardStream(2));
    },
  };
}
