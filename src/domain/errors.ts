import { redact } from './redact.js';

/**
 * Every user-facing failure is an ImagegenError: a stable UPPER_SNAKE code, a message that names
 * the thing at fault, a hint, and the exit code the CLI ends with. Core throws them; only
 * src/cli/main.ts prints them and exits.
 */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  notFound: 3,
  partial: 4,
  /** `build --check`: some target is out of date. */
  outOfDate: 5,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorJson {
  code: string;
  message: string;
  hint: string;
}

export class ImagegenError extends Error {
  readonly code: string;
  readonly hint: string;
  readonly exitCode: ExitCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, hint: string, exitCode: ExitCode = ExitCode.failed, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    // Redacted here, once: the message is printed, stored in the catalog and shown in stack traces.
    super(redact(message), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ImagegenError';
    this.code = code;
    this.hint = redact(hint);
    this.exitCode = exitCode;
    this.details = options?.details;
  }

  toJSON(): ErrorJson {
    return { code: this.code, message: this.message, hint: this.hint };
  }
}

/** Invalid usage or input: nothing was sent and nothing was written (exit 2). */
export function usageError(code: string, message: string, hint: string, details?: Record<string, unknown>): ImagegenError {
  return new ImagegenError(code, message, hint, ExitCode.usage, { details });
}

/** An id that matches nothing, or more than one entry (exit 3). */
export function notFoundError(code: string, message: string, hint: string, details?: Record<string, unknown>): ImagegenError {
  return new ImagegenError(code, message, hint, ExitCode.notFound, { details });
}

/** A failure of the API, the network or the disk (exit 1). */
export function failure(code: string, message: string, hint: string, cause?: unknown): ImagegenError {
  return new ImagegenError(code, message, hint, ExitCode.failed, { cause });
}

export function interrupted(): ImagegenError {
  return new ImagegenError(
    'INTERRUPTED',
    'Interrupted; images that had finished were kept, and those cut short are recorded as interrupted.',
    'Run imagegen retry ID for each interrupted entry (imagegen list --status interrupted lists them).',
    ExitCode.interrupted,
  );
}

/** Turns anything thrown into an ImagegenError, keeping the original as the cause. */
export function toImagegenError(err: unknown): ImagegenError {
  if (err instanceof ImagegenError) return err;
  const e = err as NodeJS.ErrnoException | undefined;
  if (e && typeof e === 'object' && typeof e.code === 'string') {
    const where = e.path ? ` (${e.path})` : '';
    switch (e.code) {
      case 'ENOSPC':
      case 'SQLITE_FULL': // the catalog's disk (better-sqlite3's SqliteError)
        return failure('DISK_FULL', `The disk is full${where}.`, 'Free some space, or point --out / --home at another disk.', err);
      case 'EACCES':
      case 'EPERM':
      case 'EROFS':
        return failure('NOT_WRITABLE', `Permission denied${where}.`, 'Choose a folder you can write to with --out or --home.', err);
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return failure('UNEXPECTED', message || 'Unexpected error.', 'Run again with IMAGEGEN_DEBUG=1 for details, and report it if it persists.', err);
}
