/**
 * `retry ID`: runs a failed (or interrupted) entry again exactly as it was asked for — the same kind, prompts,
 * model, parameters and parent, and the same input images, read back from the blob store and
 * sent byte for byte. The new entry records which failure it retries.
 */
import { failure, usageError } from '../domain/errors.js';
import { sweepStalePending } from './entry-lifecycle.js';
import { checkInputCount, chooseModel } from './model-options.js';
import type { Ports } from './ports.js';
import { resolveEntryId } from './resolve-id.js';
import type { ImageJob, PreparedInput } from './run-images.js';
import { PLANNED_FIELDS, pickFields, type Entry, type OutputFormat } from '../domain/entry.js';
import type { NewInput } from '../catalog/catalog.js';
import { sha256 } from '../store/store.js';

export interface RetryOptions {
  id: string;
  /** Overrides the format the failed run asked for. */
  format?: OutputFormat;
  outDir: string;
  concurrency: number;
}

const FORMATS: readonly string[] = ['png', 'jpeg', 'webp'];

export async function planRetry(options: RetryOptions, ports: Ports): Promise<ImageJob> {
  const { catalog } = ports;
  const id = resolveEntryId(catalog, options.id);
  // A pending entry whose process has gone is interrupted: say so before looking at it.
  if (catalog.getEntry(id)?.status === 'pending') sweepStalePending(catalog, ports.clock());
  const failed = catalog.getEntry(id)!;
  if (failed.status === 'pending') {
    throw usageError('ENTRY_PENDING', `Entry ${failed.id} is still being made by a running imagegen.`, `Wait for that run to end; if it was stopped, imagegen retry ${failed.id} works once it has.`);
  }
  if (failed.status === 'completed') {
    throw usageError('ENTRY_NOT_FAILED', `Entry ${failed.id} completed; only failed or interrupted entries can be retried.`, `To make a new version of it, run imagegen regenerate ${failed.id} "what to change".`);
  }
  const choice = chooseModel(failed.provider, failed.model, failed.aspectRatio, failed.imageSize);
  const stored = catalog.inputBlobs(failed.id);
  checkInputCount(choice.spec, stored.length);
  const inputs: PreparedInput[] = [];
  for (const input of stored) inputs.push(await readStoredInput(input, failed.id, ports));
  const { options: storedOptions, ...metadata } = failed.metadata;
  const given = (storedOptions ?? {}) as Record<string, unknown>;
  return {
    command: 'retry',
    ...pickFields(failed, PLANNED_FIELDS),
    count: 1,
    model: choice.spec,
    aspectRatio: choice.aspectRatio,
    imageSize: choice.imageSize,
    format: options.format ?? storedFormat(given.format),
    outDir: options.outDir,
    parent: parentOf(failed, ports),
    inputs,
    metadata: { ...metadata, retryOf: failed.id },
    concurrency: options.concurrency,
    options: { ...given, retryOf: failed.id },
  };
}

/** The failed entry's parent, if it is still in the catalog. */
function parentOf(failed: Entry, ports: Ports): { id: string; rootId: string } | null {
  if (!failed.parentId || !ports.catalog.hasEntry(failed.parentId)) return null;
  return { id: failed.parentId, rootId: failed.rootId };
}

function storedFormat(value: unknown): OutputFormat | undefined {
  return typeof value === 'string' && FORMATS.includes(value) ? (value as OutputFormat) : undefined;
}

/** One input as it was sent the first time, checked against its hash. */
async function readStoredInput(input: NewInput, entryId: string, ports: Ports): Promise<PreparedInput> {
  let data: Buffer;
  try {
    data = await ports.store.readBlob(input.blob.sha256, input.blob.mimeType);
  } catch (err) {
    throw failure('INPUT_BLOB_MISSING', `The stored copy of an input of entry ${entryId} (${input.blob.sha256.slice(0, 12)}…) cannot be read: ${(err as Error).message}`, 'The home folder has lost that file; run the original command again with the image.', err);
  }
  if (sha256(data) !== input.blob.sha256) {
    throw failure('INPUT_BLOB_CHANGED', `The stored copy of an input of entry ${entryId} (${input.blob.sha256.slice(0, 12)}…) no longer matches its hash.`, 'The home folder\'s copy was changed; run the original command again with the image.');
  }
  return {
    role: input.role,
    send: { role: input.role, mimeType: input.blob.mimeType, data },
    blob: input.blob,
    sourceEntryId: input.sourceEntryId,
    source: input.source,
  };
}
