/**
 * Turns `-i` values into images ready to send: each value is a file path or a catalog id (an
 * entry's output). Every input is read, probed and checked before anything is sent; one that the
 * model cannot take as-is is downscaled or converted, with a notice.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { notFoundError, usageError } from '../domain/errors.js';
import { checkInputCount } from './model-options.js';
import { LAST_ALIAS, resolveEntryId } from './resolve-id.js';
import type { Ports } from './ports.js';
import type { PreparedInput } from './run-images.js';
import type { ModelSpec } from '../providers/models.js';
import { sha256 } from '../store/store.js';
import { DEFAULT_INPUT_LIMITS, prepareForModel, probeImage, readImageFile, readImageStream } from '../images/index.js';

export interface InputSpec {
  /** A file path or a catalog id, as the user typed it. */
  value: string;
  /** Why the image is in the request: "input", "reference", "parent", a template role, … */
  role: string;
}

/** An image's bytes with where they came from, before preparation for the model. */
interface LoadedImage {
  data: Buffer;
  label: string;
  sourceEntryId: string | null;
  source: string | null;
}

const ID_LIKE = /^[0-9a-z]{4,32}$/;

/** `-i -`: the image comes from standard input. */
export const STDIN_VALUE = '-';
const STDIN_LABEL = 'standard input';

async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads the image a value names: a path that exists wins over an id that looks the same. */
async function loadImage(value: string, ports: Ports, cwd: string): Promise<LoadedImage> {
  if (value === STDIN_VALUE) return loadStdinImage(ports);
  const path = resolve(cwd, value);
  if (!(await pathExists(path))) {
    const looksLikeEntry = value === LAST_ALIAS || (ID_LIKE.test(value) && ports.catalog.idsWithPrefix(value, 1).length > 0);
    if (looksLikeEntry) return loadEntryImage(resolveEntryId(ports.catalog, value), value, ports);
  }
  return { data: await readImageFile(path), label: value, sourceEntryId: null, source: path };
}

async function loadStdinImage(ports: Ports): Promise<LoadedImage> {
  if (!ports.stdin) throw usageError('STDIN_UNAVAILABLE', 'This command cannot read an image from standard input ("-i -").', 'Save the image to a file and pass its path with -i.');
  return { data: await readImageStream(ports.stdin('an input image'), STDIN_LABEL, ports.signal), label: STDIN_LABEL, sourceEntryId: null, source: null };
}

/** The output image of a catalog entry, from the blob store (so it works after the user deleted their copy). */
export async function loadEntryImage(id: string, label: string, ports: Ports): Promise<LoadedImage> {
  const entry = ports.catalog.getEntry(id);
  if (!entry?.file) {
    throw notFoundError('ENTRY_HAS_NO_IMAGE', `Entry ${id} has no image${entry && entry.status !== 'completed' ? ` (it ${entry.status === 'pending' ? 'is still being made' : entry.status})` : ''}.`, 'Pick an entry that completed; imagegen list shows them.');
  }
  return { data: await ports.store.readBlob(entry.file.sha256, entry.file.mimeType), label: `${label} (entry ${id})`, sourceEntryId: id, source: null };
}

/** Probes and prepares one loaded image, returning what to send and the blob to record. */
export async function prepareLoaded(image: LoadedImage, role: string, ports: Ports): Promise<PreparedInput> {
  const info = await probeImage(image.data, image.label);
  const prepared = await prepareForModel(image.data, info, DEFAULT_INPUT_LIMITS, image.label);
  if (prepared.notice) ports.onNotice?.(prepared.notice);
  const dims = prepared.changed ? undefined : { width: info.width, height: info.height };
  return {
    role,
    send: { role, mimeType: prepared.mimeType, data: prepared.data },
    blob: { sha256: sha256(prepared.data), mimeType: prepared.mimeType, bytes: prepared.data.length, width: dims?.width ?? null, height: dims?.height ?? null },
    sourceEntryId: image.sourceEntryId,
    source: image.source,
  };
}

export async function resolveInputs(specs: InputSpec[], model: ModelSpec, ports: Ports, cwd = ports.cwd ?? process.cwd()): Promise<PreparedInput[]> {
  checkInputCount(model, specs.length);
  const prepared: PreparedInput[] = [];
  for (const spec of specs) prepared.push(await prepareLoaded(await loadImage(spec.value, ports, cwd), spec.role, ports));
  return prepared;
}
