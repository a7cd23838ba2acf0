/** Builds the chosen provider, importing its module only when it is used (start-up stays light). */
import { usageError } from '../domain/errors.js';
import { DEFAULT_TEXT_MODEL, aliasNotice, resolveModelId } from './models.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import type { Env } from '../domain/env.js';
import type { ImageProvider, ProviderName } from '../domain/provider.js';
import type { BatchProvider } from './batch-types.js';
import type { TextModel } from '../domain/text-model.js';

function intFromEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw usageError('INVALID_SETTING', `${name}=${raw} is not a whole number.`, `Unset ${name} or give it a number such as ${fallback}.`);
  }
  return value;
}

/** The retry policy, with IMAGEGEN_RETRIES (total tries) and IMAGEGEN_RETRY_BASE_MS applied. */
function retryFromEnv(env: Env): RetryPolicy {
  return {
    ...DEFAULT_RETRY,
    attempts: Math.max(1, intFromEnv(env, 'IMAGEGEN_RETRIES', DEFAULT_RETRY.attempts)),
    baseDelayMs: intFromEnv(env, 'IMAGEGEN_RETRY_BASE_MS', DEFAULT_RETRY.baseDelayMs),
  };
}

/** How to reach Gemini: the Developer API with a key, or Vertex AI with Google Cloud credentials. */
export interface GeminiAccess {
  /** --vertex, or GOOGLE_GENAI_USE_VERTEXAI=true. */
  vertex?: boolean;
}

/** The Vertex AI project and location from the environment, or a usage error naming what to set. */
export function vertexTarget(env: Env): { project: string; location: string; accessToken?: string } {
  const project = env.GOOGLE_CLOUD_PROJECT?.trim();
  if (!project) {
    throw usageError(
      'MISSING_VERTEX_PROJECT',
      'Vertex AI was chosen (--vertex or GOOGLE_GENAI_USE_VERTEXAI=true) but GOOGLE_CLOUD_PROJECT is not set.',
      'Set GOOGLE_CLOUD_PROJECT to your project id and GOOGLE_CLOUD_LOCATION to a region such as us-central1 (default: global), and sign in with `gcloud auth application-default login`.',
    );
  }
  const token = env.GOOGLE_CLOUD_ACCESS_TOKEN?.trim();
  return { project, location: env.GOOGLE_CLOUD_LOCATION?.trim() || 'global', ...(token ? { accessToken: token } : {}) };
}

/** Whether Vertex AI is asked for: the flag, else GOOGLE_GENAI_USE_VERTEXAI=true. */
export function usesVertex(env: Env, access: GeminiAccess = {}): boolean {
  return access.vertex === true || env.GOOGLE_GENAI_USE_VERTEXAI?.trim().toLowerCase() === 'true';
}

export async function createProvider(name: ProviderName, apiKey: string | undefined, env: Env, access: GeminiAccess = {}): Promise<ImageProvider> {
  switch (name) {
    case 'offline': {
      const { OfflineProvider } = await import('./offline.js');
      return new OfflineProvider();
    }
    case 'gemini': {
      if (usesVertex(env, access)) {
        const vertex = vertexTarget(env);
        const { GeminiProvider } = await import('./gemini.js');
        return new GeminiProvider({ vertex, timeoutMs: intFromEnv(env, 'IMAGEGEN_TIMEOUT_MS', 180_000), retry: retryFromEnv(env) });
      }
      if (!apiKey) {
        throw usageError(
          'MISSING_API_KEY',
          'No Gemini API key: GEMINI_API_KEY (or GOOGLE_API_KEY) is not set.',
          'Set GEMINI_API_KEY in the environment or in a .env file here (get a key at https://aistudio.google.com/apikey), use Vertex AI with --vertex and GOOGLE_CLOUD_PROJECT, or try --provider offline.',
        );
      }
      const { GeminiProvider } = await import('./gemini.js');
      return new GeminiProvider({
        apiKey,
        timeoutMs: intFromEnv(env, 'IMAGEGEN_TIMEOUT_MS', 180_000),
        retry: retryFromEnv(env),
      });
    }
    case 'huggingface': {
      const token = env.HF_TOKEN;
      if (!token) {
        throw usageError(
          'MISSING_HF_TOKEN',
          'No Hugging Face token: HF_TOKEN is not set.',
          'Set HF_TOKEN in the environment or in a .env file here (create one at https://huggingface.co/settings/tokens), or use --provider gemini.',
        );
      }
      const { HuggingFaceProvider, DEFAULT_HF_BASE_URL } = await import('./huggingface.js');
      return new HuggingFaceProvider({
        token,
        baseUrl: env.IMAGEGEN_HF_BASE_URL || DEFAULT_HF_BASE_URL,
        timeoutMs: intFromEnv(env, 'IMAGEGEN_TIMEOUT_MS', 180_000),
        retry: retryFromEnv(env),
      });
    }
  }
}

/**
 * The Gemini text model for --enhance (IMAGEGEN_TEXT_MODEL, default DEFAULT_TEXT_MODEL), or null
 * without a key. At most two tries, and 60 s unless IMAGEGEN_TIMEOUT_MS says otherwise: a failure
 * here only means the offline rules are used instead.
 */
export async function createTextModel(apiKey: string | undefined, env: Env, access: GeminiAccess & { onNotice?: (message: string) => void } = {}): Promise<TextModel | null> {
  const vertex = usesVertex(env, access) ? vertexTarget(env) : undefined;
  if (!apiKey && !vertex) return null;
  const { alias } = resolveModelId(env.IMAGEGEN_TEXT_MODEL || DEFAULT_TEXT_MODEL);
  if (alias) access.onNotice?.(aliasNotice(alias));
  const { GeminiTextModel } = await import('./gemini-text.js');
  const retry = retryFromEnv(env);
  return new GeminiTextModel({
    ...(vertex ? { vertex } : { apiKey }),
    // A retired text model id is sent as its replacement.
    model: resolveModelId(env.IMAGEGEN_TEXT_MODEL || DEFAULT_TEXT_MODEL).id,
    timeoutMs: intFromEnv(env, 'IMAGEGEN_TIMEOUT_MS', 60_000),
    retry: { ...retry, attempts: Math.min(2, retry.attempts) },
  });
}

/** The batch side of a provider: only Gemini has one (its Batch API, at half the price). */
export async function createBatchProvider(name: ProviderName, apiKey: string | undefined, env: Env, access: GeminiAccess = {}): Promise<BatchProvider> {
  if (name !== 'gemini') {
    throw usageError('BATCH_UNSUPPORTED', `The ${name} provider has no batch API.`, 'Use --provider gemini with --batch, or drop --batch.');
  }
  if (usesVertex(env, access)) {
    throw usageError(
      'BATCH_UNSUPPORTED',
      'Batch jobs go through the Gemini Developer API; Vertex AI batch prediction (Cloud Storage or BigQuery in and out) is not supported.',
      'Use a GEMINI_API_KEY without --vertex for --batch, or drop --batch.',
    );
  }
  if (!apiKey) {
    throw usageError('MISSING_API_KEY', 'No Gemini API key: GEMINI_API_KEY (or GOOGLE_API_KEY) is not set.', 'Set GEMINI_API_KEY in the environment or in a .env file here (get a key at https://aistudio.google.com/apikey).');
  }
  const { GeminiBatchProvider, DEFAULT_INLINE_LIMIT_BYTES } = await import('./gemini-batch.js');
  return new GeminiBatchProvider({
    apiKey,
    timeoutMs: intFromEnv(env, 'IMAGEGEN_TIMEOUT_MS', 180_000),
    retry: retryFromEnv(env),
    inlineLimitBytes: intFromEnv(env, 'IMAGEGEN_BATCH_INLINE_LIMIT', DEFAULT_INLINE_LIMIT_BYTES),
  });
}
