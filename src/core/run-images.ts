/**
 * The pipeline every image command shares: send N requests with bounded concurrency, and turn
 * each result into a stored blob, an output file and a catalog entry — all or nothing per image.
 */
import { rm } from 'node:fs/promises';
import { ExitCode, interrupted, toImagegenError, type ImagegenError } from './errors.js';
import { newEntryId, newJobId } from './ids.js';
import { runBounded } from './pool.js';
import { slugify } from './text.js';
import type { GenerationPorts } from './ports.js';
import type { Entry, EntryKind, Failure, OutputFormat, ReferenceType, RunResult } from './types.js';
import type { NewBlob, NewEntry, NewInput, NewJob } from '../catalog/catalog.js';
import type { ModelSpec, TokenUsage } from '../providers/models.js';
import { costOf } from '../providers/models.js';
import type { ImageResult, ProviderInput } from '../providers/types.js';
import { extensionFor } from '../store/store.js';
import { convertImage, embedProvenance, hasContentCredentials, imageDimensions } from '../images/index.js';
import { VERSION } from '../version.js';

/** An input image ready to send: its bytes for the model, and the blob it is recorded as. */
export interface PreparedInput {
  role: string;
  send: ProviderInput;
  blob: NewBlob;
  sourceEntryId: string | null;
  source: string | null;
}

export interface ImageJob {
  command: string;
  kind: EntryKind;
  prompt: string;
  effectivePrompt: string;
  name: string;
  count: number;
  model: ModelSpec;
  aspectRatio: string;
  imageSize: string;
  format: OutputFormat | undefined;
  outDir: string;
  project: string | null;
  emotion: string | null;
  style: string | null;
  referenceType: ReferenceType | null;
  template: string | null;
  parent: { id: string; rootId: string } | null;
  inputs: PreparedInput[];
  metadata: Record<string, unknown>;
  concurrency: number;
  /** The options as given, kept on the job row so a failed entry can be replayed. */
  options: Record<string, unknown>;
  /** One-line notices to show before the run (a retired model id mapped to its replacement, …). */
  notices?: string[];
}

/**
 * Errors that mean no image in this run can succeed (a bad key, a disk that cannot be written):
 * the run stops and nothing is recorded for the images not yet finished.
 */
const RUN_FATAL_CODES = new Set([
  'API_KEY_INVALID',
  'API_PERMISSION_DENIED',
  'MODEL_NOT_FOUND',
  'VERTEX_CREDENTIALS_MISSING',
  'DISK_FULL',
  'NOT_WRITABLE',
  'OUTPUT_NOT_WRITABLE',
]);

export async function runImageJob(job: ImageJob, ports: GenerationPorts): Promise<RunResult> {
  const { catalog, clock } = ports;
  const jobRow: NewJob = { id: newJobId(), command: job.command, requested: job.count, options: job.options, createdAt: clock().toISOString() };
  for (const notice of job.notices ?? []) ports.onNotice?.(notice);

  // Inputs are stored now that everything has been checked; taken back if the run stops early.
  const storedInputs = await storeInputs(job, ports);
  let fatal: ImagegenError | undefined;
  const stop = () => fatal !== undefined || ports.signal?.aborted === true;
  const settled = await runBounded(
    job.count,
    job.concurrency,
    async (index) => {
      ports.onProgress?.({ type: 'started', index, total: job.count });
      try {
        const started = Date.now();
        const result = await ports.provider.generate({
          model: job.model.id,
          prompt: job.effectivePrompt,
          aspectRatio: job.aspectRatio,
          imageSize: job.imageSize,
          inputs: job.inputs.map((i) => i.send),
          hints: { index, emotion: job.emotion ?? undefined, seed: `${job.effectivePrompt}#${index}` },
          signal: ports.signal,
          onRetry: (info) => ports.onProgress?.({ type: 'retrying', index, total: job.count, ...info }),
        });
        const entry = await saveResult(job, jobRow, result, Date.now() - started, ports);
        ports.onProgress?.({ type: 'completed', index, total: job.count, entryId: entry.id, path: entry.file?.path ?? '' });
        return entry;
      } catch (err) {
        const error = toImagegenError(err);
        if (RUN_FATAL_CODES.has(error.code)) fatal ??= error;
        throw error;
      }
    },
    stop,
  );

  const landed = settled.some((r) => r?.status === 'fulfilled');
  if ((ports.signal?.aborted || fatal) && !landed) await removeBlobs(storedInputs, ports);
  if (ports.signal?.aborted) throw interrupted();
  // A fatal error (a full disk) after some images were saved is a partial run, not a failed one:
  // the saved ones are reported, and every image that was not saved is a failure.
  if (fatal && !landed) throw fatal;

  const entries: Entry[] = [];
  const failures: Failure[] = [];
  // Array.from, not forEach: images that never started are holes in `settled`.
  Array.from(settled).forEach((r, index) => {
    if (r === undefined) {
      // Never started: the run stopped for the fatal error.
      if (fatal) failures.push({ index, error: fatal.toJSON() });
      return;
    }
    if (r.status === 'fulfilled') {
      entries.push(r.value);
      return;
    }
    const error = toImagegenError(r.reason);
    const failed = recordFailureIfPossible(job, jobRow, error, ports, fatal);
    ports.onProgress?.({ type: 'failed', index, total: job.count, message: error.message });
    failures.push({ index, error: error.toJSON(), ...(failed ? { entryId: failed.id } : {}) });
  });
  try {
    catalog.finishJob(jobRow.id, clock().toISOString());
  } catch (err) {
    if (!fatal) throw err; // a full disk: the job row stays unfinished, the saved images are reported
  }
  return { entries, failures };
}

/** The exit code a finished run ends with: 0, 4 when some images failed, 1 when all did. */
export function exitCodeFor(result: RunResult): ExitCode {
  if (result.failures.length === 0) return ExitCode.ok;
  return result.entries.length > 0 ? ExitCode.partial : ExitCode.failed;
}

function baseEntry(job: ImageJob, jobRow: NewJob, id: string, createdAt: string): Omit<NewEntry, 'status' | 'output' | 'usage' | 'durationMs' | 'error' | 'metadata'> {
  return {
    id,
    job: jobRow,
    kind: job.kind,
    name: job.name,
    prompt: job.prompt,
    effectivePrompt: job.effectivePrompt,
    emotion: job.emotion,
    style: job.style,
    referenceType: job.referenceType,
    template: job.template,
    provider: job.model.provider,
    model: job.model.id,
    aspectRatio: job.aspectRatio,
    imageSize: job.imageSize,
    parentId: job.parent?.id ?? null,
    rootId: job.parent?.rootId ?? id,
    project: job.project,
    inputs: job.inputs.map((i): NewInput => ({ role: i.role, blob: i.blob, sourceEntryId: i.sourceEntryId, source: i.source })),
    createdAt,
  };
}

async function saveResult(job: ImageJob, jobRow: NewJob, result: ImageResult, durationMs: number, ports: GenerationPorts): Promise<Entry> {
  const { catalog, store } = ports;
  const id = newEntryId((candidate) => catalog.hasEntry(candidate));
  const createdAt = ports.clock().toISOString();
  // Content Credentials (C2PA) are bound to the model's exact bytes: such an image is saved as it
  // came, its provenance kept in the catalog only. Converting it drops the credentials.
  const credentials = hasContentCredentials(result.data);
  const converted = job.format ? await convertImage(result.data, job.format) : { data: result.data, mimeType: result.mimeType };
  // --format jpeg on a JPEG converts nothing: the credentials survive then.
  const keepBytes = credentials && converted.data === result.data;
  if (credentials && !keepBytes) ports.onNotice?.(`The model's image carries Content Credentials (C2PA); converting it to ${job.format?.toUpperCase()} drops them.`);
  const withProvenance = keepBytes ? converted.data : await embedProvenance(converted.data, converted.mimeType, {
    software: `imagegen ${VERSION}`,
    id,
    kind: job.kind,
    prompt: job.prompt,
    effectivePrompt: job.effectivePrompt,
    provider: job.model.provider,
    model: job.model.id,
    aspectRatio: job.aspectRatio,
    imageSize: job.imageSize,
    parentId: job.parent?.id ?? '',
    createdAt,
    ...(result.metadata.placeholder ? { placeholder: 'true' } : {}),
  });
  const dims = await imageDimensions(withProvenance);
  const blob = await store.putBlob(withProvenance, converted.mimeType);
  let filePath: string | undefined;
  try {
    filePath = await store.placeOutput(blob.path, job.outDir, `${slugify(job.name)}-${id}`, extensionFor(converted.mimeType));
    const costUsd = costOf(job.model, result.usage, { size: job.imageSize });
    catalog.insertEntry({
      ...baseEntry(job, jobRow, id, createdAt),
      status: 'completed',
      output: {
        blob: { sha256: blob.sha256, mimeType: converted.mimeType, bytes: withProvenance.length, width: dims.width, height: dims.height },
        filePath,
      },
      usage: { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, costUsd },
      durationMs,
      error: null,
      metadata: {
        ...job.metadata,
        ...result.metadata,
        ...(result.text ? { modelText: result.text } : {}),
        ...(credentials ? { contentCredentials: keepBytes ? 'kept' : 'dropped by conversion' } : {}),
      },
    });
  } catch (err) {
    // The row did not land: take back the files so the folder matches the catalog.
    if (filePath) await removeQuietly(filePath);
    if (blob.created) await store.removeBlob(blob.sha256, converted.mimeType);
    throw toImagegenError(err);
  }
  const entry = catalog.getEntry(id);
  if (!entry) throw new Error(`entry ${id} vanished after insert`);
  return entry;
}

/**
 * After a fatal error (a full disk) the catalog may not take the failed row either: the run still
 * reports what it saved, and the failure goes unrecorded.
 */
function recordFailureIfPossible(job: ImageJob, jobRow: NewJob, error: ImagegenError, ports: GenerationPorts, fatal: ImagegenError | undefined): { id: string } | undefined {
  if (!fatal) return recordFailure(job, jobRow, error, ports);
  try {
    return recordFailure(job, jobRow, error, ports);
  } catch {
    return undefined;
  }
}

function recordFailure(job: ImageJob, jobRow: NewJob, error: ImagegenError, ports: GenerationPorts): { id: string } {
  const id = newEntryId((candidate) => ports.catalog.hasEntry(candidate));
  // A reply that failed may still have been billed: keep what it reported, and the service's words.
  const { usage: reported, ...facts } = (error.details ?? {}) as { usage?: TokenUsage } & Record<string, unknown>;
  const usage = reported ?? { inputTokens: 0, outputTokens: 0 };
  ports.catalog.insertEntry({
    ...baseEntry(job, jobRow, id, ports.clock().toISOString()),
    status: 'failed',
    output: null,
    usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, costUsd: reported ? costOf(job.model, usage, null) : job.model.priced ? 0 : null },
    durationMs: null,
    error: error.toJSON(),
    metadata: { ...job.metadata, ...withoutNulls(facts), options: job.options },
  });
  return { id };
}

function withoutNulls(facts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== null && v !== undefined));
}

/** Writes each input's bytes as a blob; returns the ones that were new. */
async function storeInputs(job: ImageJob, ports: GenerationPorts): Promise<NewBlob[]> {
  const created: NewBlob[] = [];
  for (const input of job.inputs) {
    const stored = await ports.store.putBlob(input.send.data, input.send.mimeType);
    if (stored.created) created.push(input.blob);
  }
  return created;
}

async function removeBlobs(blobs: NewBlob[], ports: GenerationPorts): Promise<void> {
  for (const blob of blobs) await ports.store.removeBlob(blob.sha256, blob.mimeType);
}

async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true });
}
