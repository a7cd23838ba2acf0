/**
 * What one run of the CLI reads from and writes to: its environment, working directory and three
 * standard streams. The process gives its own (processIo); tests give a temp folder, a copy of an
 * environment and in-memory streams, and run the same program in their own process (runCli).
 */
export interface CliIo {
  /** The environment; a .env file in `cwd` fills its gaps (so it is written to: give a copy). */
  env: Record<string, string | undefined>;
  cwd: string;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** The process's own environment, folder and streams. */
export function processIo(): CliIo {
  return { env: process.env, cwd: process.cwd(), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}
