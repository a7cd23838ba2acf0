/**
 * Standard output or error as the CLI writes it. Node's process.stdout for a pipe or a socket is
 * a net.Socket, and building it loads streams and net: some 30 internal modules, about 5 ms of a
 * `list` that prints a screenful. So a pipe, a socket or a file is first written straight to its
 * file descriptor, synchronously; a terminal (columns, colours, spinners, prompts) and anything
 * else get Node's own stream from the start.
 *
 * A synchronous write to a pipe whose reader has stalled would block, and a blocked process runs
 * no signal handler: Ctrl-C and SIGTERM could not end it. So pipes and sockets get only as many
 * bytes as the smallest pipe buffer Linux gives (one page), standard output and error together
 * (`2>&1` makes them one pipe), before the rest, and every later write, go to Node's stream,
 * which queues them and keeps the process responsive. A regular file never blocks, and is always
 * written directly (Node's own stream for a file does the same).
 */
import { EventEmitter } from 'node:events';
import { fstatSync, writeSync } from 'node:fs';

type Callback = (err?: Error | null) => void;

/** Bytes pipes and sockets take synchronously, all streams together: Linux's smallest pipe buffer (one page). */
export const DIRECT_PIPE_BYTES = 4096;

/** What may still be written directly: one budget for every pipe and socket of the process. */
export interface Budget {
  left: number;
}
const pipes: Budget = { left: DIRECT_PIPE_BYTES };

/** Standard output (1) or error (2): direct for a pipe, socket or file, Node's stream otherwise. */
export function standardStream(fd: 1 | 2): NodeJS.WriteStream {
  const node = () => (fd === 1 ? process.stdout : process.stderr);
  const budget = directBudget(fd);
  // FdWriter stands in for the few WriteStream members the CLI uses when it is not a terminal.
  return budget ? (new FdWriter(fd, budget, node) as unknown as NodeJS.WriteStream) : node();
}

/** How many bytes may go straight to the descriptor: none for a terminal or anything unusual. */
function directBudget(fd: number): Budget | undefined {
  try {
    const info = fstatSync(fd);
    if (info.isFile()) return { left: Infinity };
    if (info.isFIFO() || info.isSocket()) return pipes;
  } catch {
    // a closed descriptor: Node's stream reports it as it always has
  }
  return undefined;
}

/** Writes to a descriptor until its budget is spent, then hands everything to Node's stream. */
export class FdWriter extends EventEmitter {
  readonly isTTY = false;
  destroyed = false;
  private stream: NodeJS.WriteStream | undefined;

  readonly fd: number;
  private readonly budget: Budget;
  private readonly nodeStream: () => NodeJS.WriteStream;

  constructor(fd: number, budget: Budget, nodeStream: () => NodeJS.WriteStream) {
    super();
    this.fd = fd;
    this.budget = budget;
    this.nodeStream = nodeStream;
  }

  get writableLength(): number {
    return this.stream?.writableLength ?? 0;
  }

  write(chunk: string | Uint8Array, encodingOrCallback?: BufferEncoding | Callback, callback?: Callback): boolean {
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    const encoding = typeof encodingOrCallback === 'string' ? encodingOrCallback : 'utf8';
    if (this.stream) return this.stream.write(chunk, encoding, done);
    if (this.destroyed) {
      if (done) process.nextTick(done, new Error('write after the stream was closed'));
      return false;
    }
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    if (bytes.length > this.budget.left) return this.handOver().write(bytes, done);
    this.budget.left -= bytes.length;
    try {
      const written = writeAll(this.fd, bytes);
      // A descriptor someone made non-blocking, and full: Node's stream waits for the reader.
      if (written < bytes.length) return this.handOver().write(bytes.subarray(written), done);
    } catch (err) {
      // As Node's stream does: the error (EPIPE for a reader that left) comes as an event.
      this.destroyed = true;
      process.nextTick(() => {
        done?.(err as Error);
        this.emit('error', err);
        this.emit('close');
      });
      return false;
    }
    if (done) process.nextTick(done);
    return true;
  }

  /** From here on Node's stream writes; its errors and its end are this writer's. */
  private handOver(): NodeJS.WriteStream {
    const stream = this.nodeStream();
    stream.on('error', (err) => this.emit('error', err));
    stream.on('close', () => this.emit('close'));
    this.stream = stream;
    return stream;
  }
}

/** Writes what the descriptor takes now: all of it, or less when a non-blocking one is full. */
function writeAll(fd: number, bytes: Uint8Array): number {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return offset;
      throw err;
    }
  }
  return offset;
}
