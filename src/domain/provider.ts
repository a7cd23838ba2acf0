/**
 * The one seam between imagegen and an image model. Each call makes exactly one image; the core
 * runs several calls concurrently for -n. Providers throw ImagegenError for every failure.
 */
/** What a caller is told before each retry. */
export interface RetryInfo {
  attempt: number;
  delayMs: number;
  reason: string;
  /** The server said to slow down (HTTP 429). */
  rateLimited: boolean;
  /** The server's requested wait (Retry-After or RetryInfo), when it gave one. */
  retryAfterMs?: number;
}

export type ProviderName = 'gemini' | 'offline' | 'huggingface';

export interface ProviderInput {
  /** Why this image is in the request: "input", "reference", "parent", a template role, … */
  role: string;
  mimeType: string;
  data: Buffer;
}

export interface ImageRequest {
  model: string;
  /** The prompt as sent to the model (already combined with styles, focus modes, …). */
  prompt: string;
  aspectRatio: string;
  imageSize: string;
  inputs: ProviderInput[];
  /** Free-form hints a provider may use (emotion for guidance scale, seed for offline, …). */
  hints?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  /** Told before each retry of a transient failure. */
  onRetry?: (info: RetryInfo) => void;
  /** Waits before each retry in place of a plain sleep (the adaptive pool's hook; see core/adaptive-gate.ts). */
  waitToRetry?: (info: RetryInfo) => Promise<void>;
}

export interface ImageResult {
  mimeType: string;
  data: Buffer;
  /** outputTokens counts every billed output token; imageTokens is the image's share when reported. */
  usage: { inputTokens: number; outputTokens: number; imageTokens?: number };
  /** Text the model sent alongside the image, if any. */
  text?: string;
  /** Provider facts worth keeping in the entry's metadata (finish reason, placeholder, …). */
  metadata: Record<string, unknown>;
}

export interface ImageProvider {
  readonly name: ProviderName;
  generate(request: ImageRequest): Promise<ImageResult>;
}
