/**
 * The pipeline every image command shares: send N requests with bounded concurrency, and turn
 * each result into a stored blob, an output file and a catalog entry — all or nothing per image.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RunLifecycle } from './entry-lifecycle.js';
import { ExitCode, toImagegenError, type ErrorJson, type ImagegenError } from '../domain/errors.js';
import { newEntryId, newJobId } from './ids.js';
import { AdaptiveGate } from './adaptive-gate.js';
import { generateThroughGate } from './gated-generate.js';
import { runBounded } from './pool.js';
import { slugify } from '../domain/text.js';
import type { GenerationPorts } from './ports.js';
import { PLANNED_FIELDS, PROVENANCE_FIELDS, pickFields, type Entry, type Failure, type OutputFormat, type PlannedFields, type ProvenanceFields, type RunResult } from '../domain/entry.js';
import type { EntryBase, NewBlob, NewInput, NewJob } from '../catalog/catalog.js';
import type { ModelSpec, TokenUsage } from '../providers/models.js';
import { costOf } from '../providers/models.js';
import type { ImageResult, ProviderInput } from '../domain/provider.js';
import { extensionFor, sha256 } from '../store/store.js';
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

/** An exact output path; `overwrite` replaces a file already there (atomically), else it is refused. */
export interface OutputFile {
  path: string;
  overwrite: boolean;
}

/** A planned run: the entry fields it decides for every image (PlannedFields), and how to make them. */
export interface ImageJob extends PlannedFields {
  command: string;
  count: number;
  model: ModelSpec;
  format: OutputFormat | undefined;
  outDir: string;
  /** `-O FILE` and build targets: write exactly this file instead of a new name in outDir. */
  outFile?: OutputFile;
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
 * the run stops; images already sent end as failed (or, for the codes below, leave no entry).
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

/** Errors that mean the model made nothing (the request was refused outright): no entry is kept. */
const NOTHING_MADE_CODES = new Set(['API_KEY_INVALID', 'API_PERMISSION_DENIED', 'MODEL_NOT_FOUND', 'VERTEX_CREDENTIALS_MISSING']);

export async function runImageJob(job: ImageJob, ports: GenerationPorts): Promise<RunResult> {
  const { clock } = ports;
  const jobRow: NewJob = { id: newJobId(), command: job.command, requested: job.count, options: job.options, createdAt: clock().toISOString() };
  for (const notice of job.notices ?? []) ports.onNotice?.(notice);
  const lifecycle = new RunLifecycle(jobRow, ports);
  // After a fatal error (a full disk) the catalog may not take the run's last writes either: the
  // run still reports what it saved, and the job row stays unfinished for doctor.
  let tolerateCloseFailure = true;
  try {
    const result = await runEntries(job, jobRow, lifecycle, ports);
    tolerateCloseFailure = result.failures.some((f) => RUN_FATAL_CODES.has(f.error.code));
    return result;
  } finally {
    await lifecycle.close().catch((err: unknown) => {
      if (!tolerateCloseFailure) throw err;
    });
  }
}

async function runEntries(job: ImageJob, jobRow: NewJob, lifecycle: RunLifecycle, ports: GenerationPorts): Promise<RunResult> {
  const { catalog, clock } = ports;
  // Inputs are stored now that everything has been checked; announced first, so a run that
  // stops before any entry uses them takes them back.
  await storeInputs(job, ports, lifecycle);
  const ids: (string | undefined)[] = new Array(job.count);
  const ended: (Ended | undefined)[] = new Array(job.count);
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
        // The row exists before the request is sent: a paid request is never without a trace.
        const id = newEntryId((candidate) => catalog.hasEntry(candidate));
        lifecycle.begin(baseEntry(job, jobRow, id, clock().toISOString()), unfinishedMetadata(job));
        ids[index] = id;
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
        const entry = await saveResult(job, id, result, Date.now() - started, ports, lifecycle);
        ports.onProgress?.({ type: 'completed', index, total: job.count, entryId: entry.id, path: entry.file?.path ?? '' });
        return entry;
      } catch (err) {
        const error = toImagegenError(err);
        if (RUN_FATAL_CODES.has(error.code)) fatal ??= error;
        // Recorded at once, not when the run ends: a kill later must not leave it pending.
        try {
          ended[index] = endUnfinished(ids[index], error, ports.signal?.aborted === true, job, lifecycle);
        } catch {
          ended[index] = { status: 'failed', error: error.toJSON(), entryId: ids[index] }; // left pending: doctor or the next run will say interrupted
        }
        if (ended[index]?.status === 'failed') ports.onProgress?.({ type: 'failed', index, total: job.count, message: error.message });
        throw error;
      }
    },
    stop,
  );

  const entries: Entry[] = [];
  const failures: Failure[] = [];
  const nothingMade: string[] = [];
  // Array.from, not forEach: images that never started are holes in `settled`.
  Array.from(settled).forEach((r, index) => {
    if (r === undefined) {
      // Never started: the run was stopped (Ctrl-C), or a fatal error ended it after some images
      // were saved — then each image not saved is a failure.
      if (fatal && !ports.signal?.aborted) failures.push({ index, error: fatal.toJSON() });
      return;
    }
    if (r.status === 'fulfilled') {
      entries.push(r.value);
      return;
    }
    const end = ended[index]!;
    if (end.status === 'dropped') nothingMade.push(end.entryId);
    else failures.push({ index, error: end.error, ...(end.entryId ? { entryId: end.entryId } : {}) });
  });
  await lifecycle.drop(nothingMade).catch((err: unknown) => {
    if (!fatal) throw err;
  });
  if (ports.signal?.aborted) return { entries, failures, interrupted: true };
  // A fatal error after some images were saved is a partial run, not a failed one.
  if (fatal && entries.length === 0) throw fatal;
  return { entries, failures };
}

type Ended = { status: 'failed' | 'interrupted'; error: ErrorJson; entryId?: string } | { status: 'dropped'; entryId: string };

/**
 * How an image that did not complete ends: interrupted if the run was being stopped, no entry at
 * all if the request was refused outright (bad key, unknown model), otherwise failed.
 */
function endUnfinished(id: string | undefined, error: ImagegenError, stopping: boolean, job: ImageJob, lifecycle: RunLifecycle): Ended {
  if (id === undefined) return { status: 'failed', error: error.toJSON() }; // its row could not be written
  if (stopping) return { status: 'interrupted', error: lifecycle.interrupt(id, unfinishedMetadata(job)), entryId: id };
  if (NOTHING_MADE_CODES.has(error.code)) return { status: 'dropped', entryId: id };
  // A reply that failed may still have been billed: keep what it reported, and the service's words.
  const { usage: reported, ...facts } = (error.details ?? {}) as { usage?: TokenUsage } & Record<string, unknown>;
  const usage = reported
    ? { inputTokens: reported.inputTokens, outputTokens: reported.outputTokens, costUsd: costOf(job.model, reported, null) }
    : { inputTokens: 0, outputTokens: 0, costUsd: job.model.priced ? 0 : null };
  lifecycle.fail(id, error.toJSON(), { ...unfinishedMetadata(job), ...withoutNulls(facts) }, usage);
  return { status: 'failed', error: error.toJSON(), entryId: id };
}

function withoutNulls(facts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== null && v !== undefined));
}

/** What a pending, failed or interrupted entry keeps, so `retry` can ask again exactly. */
export function unfinishedMetadata(job: ImageJob): Record<string, unknown> {
  return { ...job.metadata, options: job.options };
}

/** The exit code a finished run ends with: 0, 4 when some images failed, 1 when all did, 130 when stopped. */
export function exitCodeFor(result: RunResult): ExitCode {
  if (result.interrupted) return ExitCode.interrupted;
  if (result.failures.length === 0) return ExitCode.ok;
  return result.entries.length > 0 ? ExitCode.partial : ExitCode.failed;
}

export function baseEntry(job: ImageJob, jobRow: NewJob, id: string, createdAt: string): EntryBase {
  return {
    ...entryFacts(job, id, createdAt),
    job: jobRow,
    inputs: job.inputs.map((i): NewInput => ({ role: i.role, blob: i.blob, sourceEntryId: i.sourceEntryId, source: i.source })),
  };
}

/** The entry's own fields that the job decides: the planned ones, and where it sits in its family. */
function entryFacts(job: ImageJob, id: string, createdAt: string): PlannedFields & ProvenanceFields & Pick<Entry, 'rootId'> {
  return {
    ...pickFields(job, PLANNED_FIELDS),
    id,
    provider: job.model.provider,
    model: job.model.id,
    parentId: job.parent?.id ?? null,
    rootId: job.parent?.rootId ?? id,
    createdAt,
  };
}

/** The provenance written into the image file: the entry's facts as text, after the software that wrote them. */
function provenanceOf(facts: ProvenanceFields, placeholder: boolean): Record<string, string> {
  const fields: Record<string, string> = { software: `imagegen ${VERSION}` };
  for (const key of PROVENANCE_FIELDS) fields[key] = facts[key] ?? '';
  return placeholder ? { ...fields, placeholder: 'true' } : fields;
}

/**
 * Turns a model's result into the entry `id` (begun as pending): blob, output file, completed row.
 * Batch results come through here too, with `priceFactor` 0.5 (the Batch API's half price).
 */
export async function saveResult(
  job: ImageJob,
  id: string,
  result: ImageResult,
  durationMs: number | null,
  ports: Pick<GenerationPorts, 'catalog' | 'store' | 'clock' | 'onNotice'>,
  lifecycle: RunLifecycle,
  priceFactor = 1,
): Promise<Entry> {
  const { catalog, store } = ports;
  const createdAt = ports.clock().toISOString();
  // Content Credentials (C2PA) are bound to the model's exact bytes: such an image is saved as it
  // came, its provenance kept in the catalog only. Converting it drops the credentials.
  const credentials = hasContentCredentials(result.data);
  const converted = job.format ? await convertImage(result.data, job.format) : { data: result.data, mimeType: result.mimeType };
  // --format jpeg on a JPEG converts nothing: the credentials survive then.
  const keepBytes = credentials && converted.data === result.data;
  if (credentials && !keepBytes) ports.onNotice?.(`The model's image carries Content Credentials (C2PA); converting it to ${job.format?.toUpperCase()} drops them.`);
  const withProvenance = keepBytes
    ? converted.data
    : await embedProvenance(converted.data, converted.mimeType, provenanceOf(entryFacts(job, id, createdAt), Boolean(result.metadata.placeholder)));
  const dims = await imageDimensions(withProvenance);
  const stem = `${slugify(job.name)}-${id}`;
  const ext = extensionFor(converted.mimeType);
  // Announced before they are written: a kill between the write and the row leaves a note.
  const output = job.outFile ? { path: job.outFile.path, numbered: false } : { path: join(job.outDir, `${stem}.${ext}`), numbered: true };
  lifecycle.placing(id, { sha256: sha256(withProvenance), mimeType: converted.mimeType }, output);
  const blob = await store.putBlob(withProvenance, converted.mimeType);
  let filePath: string | undefined;
  try {
    filePath = job.outFile
      ? await store.writeOutputFile(job.outFile.path, withProvenance, job.outFile.overwrite)
      : await store.placeOutput(blob.path, job.outDir, stem, ext);
    const cost = costOf(job.model, result.usage, { size: job.imageSize });
    const costUsd = cost === null ? null : Math.round(cost * priceFactor * 1e6) / 1e6;
    lifecycle.complete(id, {
      createdAt,
      output: {
        blob: { sha256: blob.sha256, mimeType: converted.mimeType, bytes: withProvenance.length, width: dims.width, height: dims.height },
        filePath,
      },
      usage: { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, costUsd },
      durationMs,
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

/** Writes each input's bytes as a blob, after noting them so an early stop takes them back. */
async function storeInputs(job: ImageJob, ports: GenerationPorts, lifecycle: RunLifecycle): Promise<void> {
  if (job.inputs.length === 0) return;
  lifecycle.placingInputs(job.inputs.map((i) => ({ sha256: i.blob.sha256, mimeType: i.send.mimeType })));
  for (const input of job.inputs) await ports.store.putBlob(input.send.data, input.send.mimeType);
}

async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true });
}
