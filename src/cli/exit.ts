/**
 * How the process ends (main.ts does the exiting; these say when). Standard output to a pipe is
 * written asynchronously: exiting while data is still queued cuts it (at the 64 KiB pipe buffer),
 * so the exit waits until both streams have handed everything to the kernel. Signals always end
 * the process: the first asks the running command to stop; if it has not finished within a grace
 * period (or a second signal comes), the process exits at once.
 */
import { ExitCode } from '../domain/errors.js';

/** How long a command may take to wind down after Ctrl-C or SIGTERM before the process is ended. */
export const SIGNAL_GRACE_MS = 3000;
const SAME_SIGNAL_MS = 300;

/** Resolves once everything written to `stream` so far has been flushed (or the stream is gone). */
export function flushed(stream: NodeJS.WritableStream & { destroyed?: boolean; writableLength?: number }): Promise<void> {
  if (stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => resolve();
    stream.once('error', done);
    stream.once('close', done);
    // A write's callback runs after every earlier write has been flushed.
    stream.write('', () => {
      stream.off('error', done);
      stream.off('close', done);
      resolve();
    });
  });
}

type Streams = { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream };

/** Resolves once the run's standard output and standard error are flushed. */
export async function outputFlushed(io: Streams): Promise<void> {
  await Promise.all([flushed(io.stdout), flushed(io.stderr)]);
}

export type Exit = (code: number) => never;

/**
 * A reader that went away (`imagegen list | head -1`) is not an error of ours: stop quietly
 * instead of crashing with EPIPE.
 */
export function exitQuietlyOnClosedPipe(io: Streams, currentCode: () => number, exit: Exit): void {
  for (const stream of [io.stdout, io.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') exit(currentCode());
      throw err;
    });
  }
}

/**
 * SIGINT and SIGTERM: the first aborts the run (images that finished are kept and reported); a
 * second one, or the grace period running out, ends the process with 130 whatever it was doing
 * (a read that never ends, a request that ignores the abort).
 */
export function endOnSignals(abort: () => void, onForcedExit: () => void, exit: Exit): void {
  let signals = 0;
  let last = 0;
  const handle = () => {
    // A second signal within this long is the same Ctrl-C delivered twice (the terminal's, and
    // the one a re-executing parent forwards), not a second request.
    if (Date.now() - last < SAME_SIGNAL_MS) return;
    last = Date.now();
    signals++;
    if (signals === 1) {
      abort();
      setTimeout(() => {
        onForcedExit();
        exit(ExitCode.interrupted);
      }, SIGNAL_GRACE_MS).unref();
      return;
    }
    onForcedExit();
    exit(ExitCode.interrupted);
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
