/**
 * The pipeline every image command shares: send N requests with bounded concurrency, and turn
 * each result into a stored blob, an output file and a catalog entry — all or nothing per image.
 */
import { rm } from 'node:fs/promises';
import { ExitCode, interrupted, toImagegenError, type ImagegenError } from './errors.js';
import { newEntryId, newJobId } from './ids.js';
import { AdaptiveGate } from './adaptive-gate.js';
import { generateThroughGate } from './gated-generate.js';
import { runBounded } from './pool.js';
import { slugify } from './text.js';
import type { GenerationPorts } from './ports.js';
import type { Entry, EntryKind, Failure, OutputFormat, ReferenceType, RunResult } from './types.js';
import type { NewBlob, NewEntry, NewInput, NewJob } from '../catalog/catalog.js';
import type { ModelSpec } from '../providers/models.js';
import { priceForImage } from '../providers/models.js';
import type { ImageResult, ProviderInput } from '../providers/types.js';
import { extensionFor } from '../store/store.js';
import { convertImage, embedProvenance, imageDimensions } from '../images/index.js';
import { VERSION } from '../version.js';

/** An input image ready to send: its bytes for the model, and the blob it is recorded as. */
export interface PreparedInput {
  role: string;
  send: ProviderInput;
  blob: NewBlob;
  sourceEntryId: string | null;
  source: string | null;
}

/** An exact output path; `overwrite` replaces a file already there (atomically), else it is refused. */
export interface OutputFile {
  path: string;
  overwrite: boolean;
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
  /** `-O FILE` and build targets: write exactly this file instead of a new name in outDir. */
  outFile?: OutputFile;
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
}

/**
 * Errors that mean no image in this run can succeed (a bad key, a disk that cannot be written):
 * the run stops and nothing is recorded for the images not yet finished.
 */
const RUN_FATAL_CODES = new Set([
  'API_KEY_INVALID',
  'API_PERMISSION_DENIED',
  'MODEL_NOT_FOUND',
  'DISK_FULL',
  'NOT_WRITABLE',
  'OUTPUT_NOT_WRITABLE',
]);

export async function runImageJob(job: ImageJob, ports: GenerationPorts): Promise<RunResult> {
  const { catalog, clock } = ports;
  const jobRow: NewJob = { id: newJobId(), command: job.command, requested: job.count, options: job.options, createdAt: clock().toISOString() };

  // Inputs are stored now that everything has been checked; taken back if the run stops early.
  const storedInputs = await storeInputs(job, ports);
  let fatal: ImagegenError | undefined;
  const stop = () => fatal !== undefined || ports.signal?.aborted === true;
  // One pace for every request of the run; a build shares its gate across all its targets.
  const gate = ports.gate ?? new AdaptiveGate(job.concurrency);
  const settled = await runBounded(
    job.count,
    job.concurrency,
    async (index) => {
      ports.onProgress?.({ type: 'started', index, total: job.count });
      try {
        const started = Date.now();
        const result = await generateThroughGate(ports.provider, {
          model: job.model.id,
          prompt: job.effectivePrompt,
          aspectRatio: job.aspectRatio,
          imageSize: job.imageSize,
          inputs: job.inputs.map((i) => i.send),
          hints: { index, emotion: job.emotion ?? undefined, seed: `${job.effectivePrompt}#${index}` },
          signal: ports.signal,
          onRetry: (info) => ports.onProgress?.({ type: 'retrying', index, total: job.count, attempt: info.attempt, delayMs: info.delayMs, reason: info.reason }),
        }, gate);
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
  if (fatal) throw fatal;

  const entries: Entry[] = [];
  const failures: Failure[] = [];
  settled.forEach((r, index) => {
    if (r === undefined) return; // never started: the run was stopped
    if (r.status === 'fulfilled') {
      entries.push(r.value);
      return;
    }
    const error = toImagegenError(r.reason);
    const failed = recordFailure(job, jobRow, error, ports);
    ports.onProgress?.({ type: 'failed', index, total: job.count, message: error.message });
    failures.push({ index, error: error.toJSON(), entryId: failed.id });
  });
  catalog.finishJob(jobRow.id, clock().toISOString());
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

/** How a result is recorded when it did not come from an interactive call (batch results). */
export interface SaveAs {
  /** The entry id chosen in advance, so a result fetched twice is written once. */
  id?: string;
  /** Multiplies the cost (0.5 for the Batch API's half price). */
  priceFactor?: number;
}

export async function saveResult(job: ImageJob, jobRow: NewJob, result: ImageResult, durationMs: number | null, ports: Omit<GenerationPorts, 'provider'>, as: SaveAs = {}): Promise<Entry> {
  const { catalog, store } = ports;
  const id = as.id ?? newEntryId((candidate) => catalog.hasEntry(candidate));
  const createdAt = ports.clock().toISOString();
  const converted = job.format ? await convertImage(result.data, job.format) : { data: result.data, mimeType: result.mimeType };
  const withProvenance = await embedProvenance(converted.data, converted.mimeType, {
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
    filePath = job.outFile
      ? await store.writeOutputFile(job.outFile.path, withProvenance, job.outFile.overwrite)
      : await store.placeOutput(blob.path, job.outDir, `${slugify(job.name)}-${id}`, extensionFor(converted.mimeType));
    const spec = job.model;
    const costUsd = (priceForImage(spec, job.imageSize) + (result.usage.inputTokens * spec.inputPricePerMillion) / 1e6) * (as.priceFactor ?? 1);
    catalog.insertEntry({
      ...baseEntry(job, jobRow, id, createdAt),
      status: 'completed',
      output: {
        blob: { sha256: blob.sha256, mimeType: converted.mimeType, bytes: withProvenance.length, width: dims.width, height: dims.height },
        filePath,
      },
      usage: { ...result.usage, costUsd: Math.round(costUsd * 1e6) / 1e6 },
      durationMs,
      error: null,
      metadata: { ...job.metadata, ...result.metadata, ...(result.text ? { modelText: result.text } : {}) },
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

export function recordFailure(job: ImageJob, jobRow: NewJob, error: ImagegenError, ports: Omit<GenerationPorts, 'provider'>, as: SaveAs = {}): { id: string } {
  const id = as.id ?? newEntryId((candidate) => ports.catalog.hasEntry(candidate));
  ports.catalog.insertEntry({
    ...baseEntry(job, jobRow, id, ports.clock().toISOString()),
    status: 'failed',
    output: null,
    usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
    durationMs: null,
    error: error.toJSON(),
    metadata: { ...job.metadata, options: job.options },
  });
  return { id };
}

/** Writes each input's bytes as a blob; returns the ones that were new. */
export async function storeInputs(job: Pick<ImageJob, 'inputs'>, ports: Pick<GenerationPorts, 'store'>): Promise<NewBlob[]> {
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
