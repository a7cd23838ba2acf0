/** What the use cases are given to work with; the CLI builds these, tests can build their own. */
import type { Catalog } from '../catalog/catalog.js';
import type { Store } from '../store/store.js';
import type { ImageProvider, ProviderName } from '../domain/provider.js';
import type { TextModel } from '../domain/text-model.js';
import type { AdaptiveGate } from './adaptive-gate.js';

export type ProgressEvent =
  | { type: 'started'; index: number; total: number }
  | { type: 'completed'; index: number; total: number; entryId: string; path: string }
  | { type: 'failed'; index: number; total: number; message: string }
  | { type: 'retrying'; index: number; total: number; attempt: number; delayMs: number; reason: string };

export interface Ports {
  catalog: Catalog;
  store: Store;
  clock: () => Date;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Warnings and notices for standard error (downscaled inputs, fallbacks, …). */
  onNotice?: (message: string) => void;
  /** The text model for --enhance, built on first use; null when there is no API key for it. */
  textModel?: () => Promise<TextModel | null>;
  /** Standard input for `-i -`, claimed for one purpose (a second claim is a usage error). */
  stdin?: (purpose: string) => NodeJS.ReadableStream;
  /** The folder relative input paths are read from (the process's working directory when absent). */
  cwd?: string;
}

export interface GenerationPorts extends Ports {
  provider: ImageProvider;
  /** The pace shared by every request (a build's targets); a run makes its own when absent. */
  gate?: AdaptiveGate;
}

/** Builds the image provider a job needs (its planned model decides which); a missing key is a usage error. */
export type ProviderFactory = (name: ProviderName) => Promise<ImageProvider>;
