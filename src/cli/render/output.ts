/**
 * Where everything the CLI prints goes. Data to stdout; progress, notices and errors to stderr.
 * Colours and spinners only for a person at a terminal: never under --json, when piped, with
 * NO_COLOR, or in CI. Every line passes through redact (no key is ever printed) and has its control
 * characters escaped (see safe-text.ts); JSON documents are escaped by JSON.stringify itself.
 */
import type { ImagegenError } from '../../domain/errors.js';
import { redact, redactSecrets } from '../../domain/redact.js';
import type { Env } from '../../domain/env.js';
import { escapeControls, escapeKeepingColour } from './safe-text.js';

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
    this.interactive = !quiet && isUsableTerminal(this.streams.stderr);
    this.stdoutIsTerminal = !options.json && isUsableTerminal(this.streams.stdout);
    this.colour = this.stdoutIsTerminal && !quiet;
    this.debug = env.IMAGEGEN_DEBUG === '1';
  }

  /** Warnings given so far; a JSON document printed after them carries them as `warnings`. */
  readonly warnings: string[] = [];

  /** Data for scripts: one JSON document on standard output (with `warnings`, when there were any). */
  data(value: unknown): void {
    const withWarnings = this.warnings.length && value && typeof value === 'object' && !Array.isArray(value) ? { ...value, warnings: [...this.warnings] } : value;
    this.streams.stdout.write(`${redactSecrets(JSON.stringify(withWarnings, null, 2))}\n`);
  }

  /** Data for scripts as one compact JSON line (for documents too deep to indent). */
  dataLine(value: unknown): void {
    this.streams.stdout.write(`${redactSecrets(JSON.stringify(value))}\n`);
  }

  /** A line of human-readable data on standard output; every control character is escaped. */
  line(text = ''): void {
    this.streams.stdout.write(`${escapeControls(redact(text))}
`);
  }

  /**
   * A line its renderer coloured (chalk, cli-table3): with colour on, colour codes pass and every
   * other control character is escaped. The renderer must escape each value it put in with
   * escapeInline, so a colour code from a user's name cannot pass as one of ours.
   */
  styledLine(text = ''): void {
    const safe = this.colour ? escapeKeepingColour(redact(text)) : escapeControls(redact(text));
    this.streams.stdout.write(`${safe}
`);
  }

  /** Progress, notices and warnings: standard error, never under --json except as JSON. */
  notice(text: string): void {
    if (this.json) return;
    this.streams.stderr.write(`${this.safe(text)}\n`);
  }

  /** A warning: standard error in every mode (a JSON line under --json), and kept for `data`. */
  warn(text: string): void {
    this.warnings.push(text);
    this.streams.stderr.write(this.json ? `${redact(JSON.stringify({ warning: text }))}\n` : `warning: ${this.safe(text)}\n`);
  }

  /**
   * A notice about the work itself (an input downscaled, a fallback taken): as it is on standard
   * error for people; under --json a `{"warning"}` line there too, and in the document's `warnings`.
   */
  remark(text: string): void {
    this.warnings.push(text);
    this.streams.stderr.write(this.json ? `${redact(JSON.stringify({ warning: text }))}\n` : `${this.safe(text)}\n`);
  }

  error(err: ImagegenError): void {
    this.streams.stderr.write(this.formatError(err));
  }

  /** The error as printed: one JSON line under --json, else message and hint (and stacks under IMAGEGEN_DEBUG=1). */
  formatError(err: ImagegenError): string {
    let text = this.json ? `${redact(JSON.stringify({ error: err.toJSON() }))}\n` : `error: ${this.safe(err.message)}\n  hint: ${this.safe(err.hint)}\n`;
    if (this.debug && err.stack) {
      text += `${this.safe(err.stack)}\n`;
      if (err.cause instanceof Error && err.cause.stack) text += `caused by: ${this.safe(err.cause.stack)}\n`;
    }
    return text;
  }

  /** Any text for standard error: credentials redacted, control characters escaped. */
  safe(text: string): string {
    return escapeControls(redact(text));
  }

  get stdout(): NodeJS.WriteStream {
    return this.streams.stdout;
  }

  get stderr(): NodeJS.WriteStream {
    return this.streams.stderr;
  }
}

/**
 * A terminal at least 2 columns wide. One 0 or 1 columns wide (`script` without a window size,
 * some log capture) cannot show a progress line or a table: it counts as no terminal.
 */
export function isUsableTerminal(stream: NodeJS.WriteStream): boolean {
  if (stream.isTTY !== true) return false;
  const columns = stream.columns;
  return typeof columns === 'number' && columns >= MIN_TERMINAL_COLUMNS;
}

export const MIN_TERMINAL_COLUMNS = 2;
