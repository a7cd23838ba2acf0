/** The domain shapes that flow between core, catalog and CLI. The JSON contract lives here. */
import type { ErrorJson } from './errors.js';
import type { ProviderName } from './provider.js';

export type EntryKind = 'generate' | 'modify' | 'reference' | 'regenerate';
/** pending: the request is being sent · interrupted: the run ended before its answer was saved. */
export type EntryStatus = 'completed' | 'failed' | 'pending' | 'interrupted';
export type ReferenceType = 'subject' | 'face' | 'full_image';
export type OutputFormat = 'png' | 'jpeg' | 'webp';

export interface EntryInput {
  role: string;
  sha256: string;
  /** Where the blob lives under the home (always readable while the entry exists). */
  path: string;
  /** The catalog entry this input was taken from, when it was given as an id. */
  entryId: string | null;
  /** What the user typed or the file they named, for display. */
  source?: string | null;
}

export interface EntryFile {
  path: string;
  mimeType: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Dollars at the model's list prices; null when imagegen does not know the model's prices. */
  costUsd: number | null;
}

export interface Entry {
  id: string;
  jobId: string;
  kind: EntryKind;
  status: EntryStatus;
  name: string;
  prompt: string;
  effectivePrompt: string;
  emotion: string | null;
  style: string | null;
  referenceType: ReferenceType | null;
  template: string | null;
  provider: ProviderName;
  model: string;
  aspectRatio: string;
  imageSize: string;
  parentId: string | null;
  rootId: string;
  project: string | null;
  inputs: EntryInput[];
  file: EntryFile | null;
  usage: Usage;
  durationMs: number | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  error: ErrorJson | null;
}

/**
 * The fields a job's plan decides once for every image it makes; a planned job (core's ImageJob)
 * carries them under the same names, and each entry takes them over as they are.
 */
export const PLANNED_FIELDS = ['kind', 'name', 'prompt', 'effectivePrompt', 'emotion', 'style', 'referenceType', 'template', 'aspectRatio', 'imageSize', 'project'] as const satisfies readonly (keyof Entry)[];
export type PlannedFields = Pick<Entry, (typeof PLANNED_FIELDS)[number]>;

/** The fields written into the image file itself (its provenance), in the order they are written. */
export const PROVENANCE_FIELDS = ['id', 'kind', 'prompt', 'effectivePrompt', 'provider', 'model', 'aspectRatio', 'imageSize', 'parentId', 'createdAt'] as const satisfies readonly (keyof Entry)[];
export type ProvenanceFields = Pick<Entry, (typeof PROVENANCE_FIELDS)[number]>;

/** The named fields of an object, and nothing else. */
export function pickFields<T, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const key of keys) picked[key] = from[key];
  return picked;
}

export interface Failure {
  index: number;
  error: ErrorJson;
  /** The failed entry recorded in the catalog, so `retry` can run it again. */
  entryId?: string;
}

export interface RunResult {
  entries: Entry[];
  failures: Failure[];
  /** The run was stopped by a signal: failures include the images it cut short (as interrupted entries). */
  interrupted?: boolean;
}

/** A saved set of reference photos of one person, usable with --identity NAME. */
export interface IdentitySummary {
  name: string;
  photoCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface IdentityPhoto {
  position: number;
  sha256: string;
  /** The catalog's copy, under the home. */
  path: string;
  mimeType: string;
  width: number | null;
  height: number | null;
  bytes: number;
  /** The file it was added from. */
  source: string | null;
  addedAt: string;
}

export interface Identity extends IdentitySummary {
  photos: IdentityPhoto[];
}
