/**
 * Where everything the CLI prints goes. Data to stdout; progress, notices and errors to stderr.
 * Colours and spinners only for a person at a terminal: never under --json, when piped, with
 * NO_COLOR, or in CI.
 */
import type { ImagegenError } from '../../core/errors.js';
import type { Env } from '../../config/settings.js';

export interface Streams {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export class Output {
  readonly json: boolean;
  /** A person is watching standard error: spinners and colour are welcome. */
  readonly interactive: boolean;
  /** Standard output is a terminal: tables rather than tab-separated lines (NO_COLOR keeps them). */
  readonly stdoutIsTerminal: boolean;
  /** Colour on standard output: a terminal, and no NO_COLOR, CI or TERM=dumb. */
  readonly colour: boolean;
  readonly debug: boolean;
  private readonly streams: Streams;

  constructor(options: { json: boolean; env: Env; streams?: Streams }) {
    this.streams = options.streams ?? { stdout: process.stdout, stderr: process.stderr };
    const env = options.env;
    const quiet = options.json || Boolean(env.NO_COLOR) || Boolean(env.CI) || env.TERM === 'dumb';
    this.json = options.json;
    this.interactive = !quiet && this.streams.stderr.isTTY === true;
    this.stdoutIsTerminal = this.streams.stdout.isTTY === true && !options.json;
    this.colour = this.stdoutIsTerminal && !quiet;
    this.debug = env.IMAGEGEN_DEBUG === '1';
  }

  /** Warnings given so far; a JSON document printed after them carries them as `warnings`. */
  readonly warnings: string[] = [];

  /** Data for scripts: one JSON document on standard output (with `warnings`, when there were any). */
  data(value: unknown): void {
    const withWarnings = this.warnings.length && value && typeof value === 'object' && !Array.isArray(value) ? { ...value, warnings: [...this.warnings] } : value;
    this.streams.stdout.write(`${JSON.stringify(withWarnings, null, 2)}\n`);
  }

  /** A line of human-readable data on standard output. */
  line(text = ''): void {
    this.streams.stdout.write(`${text}\n`);
  }

  /** Progress, notices and warnings: standard error, never under --json except as JSON. */
  notice(text: string): void {
    if (this.json) return;
    this.streams.stderr.write(`${text}\n`);
  }

  /** A warning: standard error in every mode (a JSON line under --json), and kept for `data`. */
  warn(text: string): void {
    this.warnings.push(text);
    this.streams.stderr.write(this.json ? `${JSON.stringify({ warning: text })}\n` : `warning: ${text}\n`);
  }

  /**
   * A notice about the work itself (an input downscaled, a fallback taken): as it is on standard
   * error for people; under --json a `{"warning"}` line there too, and in the document's `warnings`.
   */
  remark(text: string): void {
    this.warnings.push(text);
    this.streams.stderr.write(this.json ? `${JSON.stringify({ warning: text })}\n` : `${text}\n`);
  }

  error(err: ImagegenError): void {
    if (this.json) {
      this.streams.stderr.write(`${JSON.stringify({ error: err.toJSON() })}\n`);
    } else {
      this.streams.stderr.write(`error: ${err.message}\n  hint: ${err.hint}\n`);
    }
    if (this.debug && err.stack) {
      this.streams.stderr.write(`${err.stack}\n`);
      if (err.cause instanceof Error && err.cause.stack) this.streams.stderr.write(`caused by: ${err.cause.stack}\n`);
    }
  }

  get stderr(): NodeJS.WriteStream {
    return this.streams.stderr;
  }
}
