/** The shapes `imagegen build` works with: targets after expansion, the plan, the result. */
import type { OutputFormat, ReferenceType } from '../domain/entry.js';
import type { ProviderName } from '../domain/provider.js';

export type TargetKind = 'generate' | 'modify' | 'reference' | 'template';

export interface TargetInput {
  /** The template role it fills, or null for a plain input list. */
  role: string | null;
  /** As written in the manifest (relative to its folder, `/`-separated). */
  path: string;
  /** Absolute. */
  file: string;
}

/** One output file of the manifest, matrix expanded and defaults applied. */
export interface BuildTarget {
  /** The output path relative to the manifest's folder, normalised (`/`-separated, no `./`). */
  path: string;
  /** The manifest key as written (after matrix expansion), for messages. */
  key: string;
  /** Absolute path of the output file. */
  file: string;
  format: OutputFormat;
  kind: TargetKind;
  /** The user's words ('' for a template run without any). */
  prompt: string;
  inputs: TargetInput[];
  referenceType: ReferenceType | null;
  template: string | null;
  params: Record<string, string>;
  provider: ProviderName;
  model: string | null;
  aspect: string | null;
  size: string | null;
  style: string | null;
  emotion: string | null;
  name: string | null;
  identity: string | null;
  /** Paths of the targets whose outputs are among this one's inputs. */
  dependsOn: string[];
}

export interface Manifest {
  /** Absolute path of the manifest file. */
  file: string;
  /** Its folder: every path in it is relative to this. */
  dir: string;
  /** Absolute path of imagegen.lock beside it. */
  lockFile: string;
  project: string | null;
  /** In dependency order: every target comes after the targets it depends on. */
  targets: BuildTarget[];
}

/** Why a target is stale (or `forced` by --force). */
export type StaleReason = 'new' | 'changed' | 'input changed' | 'missing' | 'modified' | 'forced';
export type TargetAction = 'create' | 'update' | 'keep';

export interface PlannedTarget {
  target: BuildTarget;
  action: TargetAction;
  /** Null when the target is up to date. */
  reason: StaleReason | null;
  /** The fingerprint now, when it could be worked out (not while an input target is stale). */
  fingerprint: string | null;
  /** Estimated dollars for building it (0 when kept; null when the model's price is unknown). */
  estimatedCostUsd: number | null;
}

export interface BuildPlan {
  manifest: Manifest;
  /** Every selected target (and the stale dependencies --only brought along), in dependency order. */
  targets: PlannedTarget[];
  estimatedCostUsd: number;
  /** Targets whose price is unknown, so the estimate leaves them out. */
  unpriced: string[];
}

export interface BuiltTarget {
  path: string;
  entryId: string;
  reason: StaleReason;
  costUsd: number;
}

export interface BuildResult {
  built: BuiltTarget[];
  kept: string[];
  failures: { path: string; error: { code: string; message: string; hint: string } }[];
  skipped: { path: string; reason: string }[];
  costUsd: number;
  /** Files --prune removed. */
  pruned: string[];
}

/** What a build tells its progress display as it goes. */
export type BuildEvent =
  | { type: 'start'; total: number; estimatedCostUsd: number }
  | { type: 'built'; path: string; entryId: string; costUsd: number }
  | { type: 'failed'; path: string; message: string }
  | { type: 'skipped'; path: string; reason: string }
  | { type: 'retrying'; path: string; reason: string; delayMs: number };
